// The consent forms of a person's page: recording a consent with its scope, withdrawing one.
// Read by the decoders of the JSON routes.
#include "route/case_decode.hpp"
#include "route/decode.hpp"
#include "route/table.hpp"
#include "web/case_pages.hpp"
#include "web/person_view.hpp"
#include "web/render.hpp"

namespace tsunagu::web {

using route::Context;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::consent_pages {
namespace {

using Deps = CasePageServices;

http::Response record_consent(const Deps& s, Context& c) {
  auto id = person_param(c);
  if (!id) return no_such_person();
  return change_from_form(
      c, s.casework, *id, route::decode_consent(route::Fields::from_form(c.request)),
      [&](Consent& x) {
        x.person = *id;
        return s.cases.record_consent(c.actor, x);
      },
      "consent");
}

http::Response withdraw_consent(const Deps& s, Context& c) {
  auto id = person_param(c);
  auto consent = route::id_param<ConsentId>(c, "consent");
  if (!id || !consent) return error_page(404, "指定された同意は見つかりません。");
  return change_from_form(
      c, s.casework, *id, route::decode_consent_withdrawal(route::Fields::from_form(c.request)),
      [&](Date on) { return s.cases.withdraw_consent(c.actor, *consent, on); }, "withdrawn");
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"POST", "/cases/{id}/consents",                    route::need(Permission::kCaseWrite), record_consent},
    {"POST", "/cases/{id}/consents/{consent}/withdraw", route::need(Permission::kCaseWrite), withdraw_consent},
};
// clang-format on

}  // namespace
}  // namespace cases::consent_pages

void add_consent_pages(const route::AddRoute& add_page, const CasePageServices& s) {
  route::add_table(add_page, s, cases::consent_pages::kPages);
}

}  // namespace tsunagu::web
