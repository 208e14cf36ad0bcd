// The support-plan forms of a person's page: the plan with its goals (one a line) and roles
// (one a line, "担い手|役割|期限"), its closure (終結), scheduling a review (進捗確認) and
// recording the result of a review or follow-up. Read by the decoders of the JSON routes.
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
namespace cases::support_plan_pages {
namespace {

using Deps = CasePageServices;

http::Response save_plan(const Deps& s, Context& c) {
  auto id = person_param(c);
  if (!id) return no_such_person();
  return change_from_form(
      c, s.casework, *id, route::decode_plan(route::Fields::from_form(c.request)),
      [&](route::PlanChange& x) {
        x.plan.person = *id;
        return s.casework.save_plan(c.actor, x.plan, x.version);
      },
      "plan");
}

http::Response close_plan(const Deps& s, Context& c) {
  auto id = person_param(c);
  if (!id) return no_such_person();
  return change_from_form(
      c, s.casework, *id, route::decode_plan_closure(route::Fields::from_form(c.request)),
      [&](const route::PlanClosure& x) {
        return s.casework.close_plan(c.actor, *id, x.closed_on, x.reason, x.version);
      },
      "closed");
}

http::Response schedule_review(const Deps& s, Context& c) {
  auto id = person_param(c);
  if (!id) return no_such_person();
  return change_from_form(
      c, s.casework, *id, route::decode_review(route::Fields::from_form(c.request)),
      [&](Date due) { return s.casework.schedule_review(c.actor, *id, due); }, "review");
}

// The form's select "local" (yes / no / 未確認) is the use case's local_supporter_involved.
http::Response record_checkpoint(const Deps& s, Context& c) {
  auto id = person_param(c);
  auto checkpoint = route::id_param<CheckpointId>(c, "checkpoint");
  if (!id || !checkpoint) return error_page(404, "指定された予定は見つかりません。");
  auto form = route::Fields::from_form(c.request);
  form.set("local_supporter_involved", form.value("local").text().value_or(""));
  return change_from_form(
      c, s.casework, *id, route::decode_checkpoint_result(form),
      [&](const route::CheckpointResult& x) {
        return s.casework.complete_checkpoint(c.actor, *checkpoint, x.done_on, x.note,
                                              x.local_supporter_involved);
      },
      "checkpoint");
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"POST", "/cases/{id}/plan",                    route::need(Permission::kCaseWrite), save_plan},
    {"POST", "/cases/{id}/plan/close",              route::need(Permission::kCaseWrite), close_plan},
    {"POST", "/cases/{id}/reviews",                 route::need(Permission::kCaseWrite), schedule_review},
    {"POST", "/cases/{id}/checkpoints/{checkpoint}", route::need(Permission::kCaseWrite), record_checkpoint},
};
// clang-format on

}  // namespace
}  // namespace cases::support_plan_pages

void add_support_plan_pages(const route::AddRoute& add_page, const CasePageServices& s) {
  route::add_table(add_page, s, cases::support_plan_pages::kPages);
}

}  // namespace tsunagu::web
