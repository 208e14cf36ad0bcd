// Referrals (つなぎ) from one agency to another, and their answers: accept, decline, complete
// (the receiving agency or municipal staff), withdraw (staff).
#include "api/case_json_support.hpp"
#include "api/case_routes.hpp"
#include "io/case_json.hpp"
#include "route/case_decode.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::referral_routes {
namespace {

using Deps = CaseRouteDeps;

http::Response send_referral(const Deps& d, Context& c) {
  return with_id_and_body<PersonId>(c, decode_referral, [&](PersonId id, Referral& referral) {
    referral.person = id;
    return answer(d.casework.send_referral(c.actor, referral), io::referral_json, 201);
  });
}

http::Response answer_referral(const Deps& d, Context& c) {
  auto id = id_param<ReferralId>(c, "id");
  if (!id) return error_response(bad_id());
  auto action = parse_referral_action(c.request.param("action"));
  if (!action) {
    return error_response(
        make_error(ErrorKind::kNotFound, "referral.not_found",
                   "操作は accept, decline, complete, withdraw のいずれかです。"));
  }
  return with_body(c, decode_referral_answer, [&](const ReferralAnswer& a) {
    return answer(d.casework.act_on_referral(c.actor, *id, *action, a.version, a.on, a.note),
                  io::referral_json);
  });
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"POST", "/api/v1/persons/{id}/referrals",  need(Permission::kCaseWrite), send_referral},
    {"POST", "/api/v1/referrals/{id}/{action}", need(Permission::kCaseRead),  answer_referral},
};
// clang-format on

}  // namespace
}  // namespace cases::referral_routes

void add_referral_routes(const AddRoute& add, const CaseRouteDeps& deps) {
  add_table(add, deps, cases::referral_routes::kRoutes);
}

}  // namespace tsunagu::api
