// Supporters (支援者) around a person over time: who joined, and when they stopped.
#include "api/case_json_support.hpp"
#include "api/case_routes.hpp"
#include "io/case_json.hpp"
#include "route/case_decode.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::supporter_routes {
namespace {

using Deps = CaseRouteDeps;

http::Response add_supporter(const Deps& d, Context& c) {
  return with_id_and_body<PersonId>(c, decode_supporter, [&](PersonId id, Supporter& s) {
    s.person = id;
    return answer(d.casework.add_supporter(c.actor, s), io::supporter_json, 201);
  });
}

http::Response end_supporter(const Deps& d, Context& c) {
  return with_id_and_body<SupporterId>(c, decode_supporter_end, [&](SupporterId id, Date until) {
    return answer(d.casework.end_supporter(c.actor, id, until), io::supporter_json);
  });
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"POST", "/api/v1/persons/{id}/supporters", need(Permission::kCaseWrite), add_supporter},
    {"POST", "/api/v1/supporters/{id}/end",     need(Permission::kCaseWrite), end_supporter},
};
// clang-format on

}  // namespace
}  // namespace cases::supporter_routes

void add_supporter_routes(const AddRoute& add, const CaseRouteDeps& deps) {
  add_table(add, deps, cases::supporter_routes::kRoutes);
}

}  // namespace tsunagu::api
