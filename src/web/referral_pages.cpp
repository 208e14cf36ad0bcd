// The referral forms of a person's page: sending a referral (つなぎ) and answering one (accept,
// decline, complete, withdraw). Read by the decoders of the JSON routes, so a bad agency or
// date is refused here as it is there.
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
namespace cases::referral_pages {
namespace {

using Deps = CasePageServices;

http::Response send_referral(const Deps& s, Context& c) {
  auto id = person_param(c);
  if (!id) return no_such_person();
  return change_from_form(
      c, s.casework, *id, route::decode_referral(route::Fields::from_form(c.request)),
      [&](Referral& r) {
        r.person = *id;
        return s.casework.send_referral(c.actor, r);
      },
      "referral");
}

http::Response answer_referral(const Deps& s, Context& c) {
  auto id = person_param(c);
  auto referral = route::id_param<ReferralId>(c, "referral");
  if (!id || !referral) return error_page(404, "指定されたつなぎは見つかりません。");
  auto form = route::Fields::from_form(c.request);
  auto action = parse_referral_action(form.value("action").text().value_or(""));
  if (!action) return error_page(400, "操作を選んでください。");
  return change_from_form(
      c, s.casework, *id, route::decode_referral_answer(form),
      [&](const route::ReferralAnswer& a) {
        return s.casework.act_on_referral(c.actor, *referral, *action, a.version, a.on, a.note);
      },
      "answered");
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"POST", "/cases/{id}/referrals",            route::need(Permission::kCaseWrite), send_referral},
    {"POST", "/cases/{id}/referrals/{referral}", route::need(Permission::kCaseRead),  answer_referral},
};
// clang-format on

}  // namespace
}  // namespace cases::referral_pages

void add_referral_pages(const route::AddRoute& add_page, const CasePageServices& s) {
  route::add_table(add_page, s, cases::referral_pages::kPages);
}

}  // namespace tsunagu::web
