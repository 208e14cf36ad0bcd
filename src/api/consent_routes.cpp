// Consents (同意) of a person: recorded with their scope, withdrawn from a day on.
#include "api/case_json_support.hpp"
#include "api/case_routes.hpp"
#include "io/case_json.hpp"
#include "route/case_decode.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::consent_routes {
namespace {

using Deps = CaseRouteDeps;

http::Response record_consent(const Deps& d, Context& c) {
  return with_id_and_body<PersonId>(c, decode_consent, [&](PersonId id, Consent& consent) {
    consent.person = id;
    return answer(d.cases.record_consent(c.actor, consent), io::consent_json, 201);
  });
}

http::Response withdraw_consent(const Deps& d, Context& c) {
  return with_id_and_body<ConsentId>(c, decode_consent_withdrawal, [&](ConsentId id, Date on) {
    return answer(d.cases.withdraw_consent(c.actor, id, on), io::consent_json);
  });
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"POST", "/api/v1/persons/{id}/consents", need(Permission::kCaseWrite), record_consent},
    {"POST", "/api/v1/consents/{id}/withdraw", need(Permission::kCaseWrite), withdraw_consent},
};
// clang-format on

}  // namespace
}  // namespace cases::consent_routes

void add_consent_routes(const AddRoute& add, const CaseRouteDeps& deps) {
  add_table(add, deps, cases::consent_routes::kRoutes);
}

}  // namespace tsunagu::api
