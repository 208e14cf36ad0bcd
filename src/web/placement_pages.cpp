// A person's participation support (参加支援, seed 004): the resources that meet their needs,
// ranked, with a form to record a placement (受入れ) for each, and the placements with their
// follow-ups and a form to record each one done (/cases/{id}/resources). The person is read
// through CaseService, audited with its basis, which decides what is shown.
#include "route/decode.hpp"
#include "route/resource_decode.hpp"
#include "route/respond.hpp"
#include "web/page_support.hpp"
#include "web/render.hpp"
#include "web/resource_page_common.hpp"

namespace tsunagu::web {
// File-local names live in a namespace named after the file, so unity batches can join files.
namespace placement_pages {
namespace {

using Services = ResourcePageServices;
using resource_page_common::day;

mstch::array match_rows(const std::vector<Match>& matches) {
  mstch::array rows;
  int rank = 0;
  for (const auto& m : matches) {
    rows.push_back(mstch::map{{"rank", std::to_string(++rank)},
                              {"resource", std::to_string(m.resource.id.value)},
                              {"name", m.resource.name},
                              {"kind", std::string(resource_kind_label(m.resource.kind))},
                              {"reason", m.reason}});
  }
  return rows;
}

mstch::array placement_blocks(const std::vector<Placement>& placements, PersonId person,
                              Date today) {
  mstch::array placed;
  for (const auto& p : placements) {
    mstch::array follow_ups;
    for (const auto& f : p.follow_ups) {
      follow_ups.push_back(
          mstch::map{{"fid", std::to_string(f.id)},
                     {"placement", std::to_string(p.id.value)},
                     {"person", std::to_string(person.value)},
                     {"due", day(f.due_on)},
                     {"with", std::string(follow_up_with_label(f.with))},
                     {"done", f.done_on ? mstch::node(day(*f.done_on)) : mstch::node(false)},
                     {"note", f.note},
                     {"overdue", !f.done_on && f.due_on < today}});
    }
    placed.push_back(
        mstch::map{{"resource_name", p.resource_name},
                   {"started", day(p.started_on)},
                   {"ended", p.ended_on ? mstch::node(day(*p.ended_on)) : mstch::node(false)},
                   {"follow_ups", follow_ups}});
  }
  return placed;
}

http::Response case_resources_page(const route::Context& c, const Services& s, PersonId id,
                                   const std::string& notice, const std::string& error,
                                   int status = 200) {
  auto view = s.cases.person(c.actor, id);  // audited read; the basis decides what is shown
  if (!view) return error_page(view.error());
  auto matches = s.resources.matches(c.actor, id);
  if (!matches) return error_page(matches.error());
  auto placements = s.resources.placements(c.actor, id);
  const Date today = s.resources.today();
  std::string needs;
  for (Need n : view->person.needs)
    needs += (needs.empty() ? "" : "・") + std::string(need_label(n));
  mstch::map context{
      {"id", std::to_string(id.value)},
      {"name", view->person.name},
      {"needs", needs.empty() ? std::string("記録なし") : needs},
      {"csrf", resource_page_common::csrf(c)},
      {"staff", c.actor.may(Permission::kCaseWrite)},
      {"today", format_iso_date(today)},
      {"matches", match_rows(*matches)},
      {"placements", placements ? placement_blocks(*placements, id, today) : mstch::array{}}};
  if (!notice.empty()) context["notice"] = notice;
  if (!error.empty()) context["error"] = error;
  return html_response(status, render_page("case_resources", "参加支援（社会資源へのつなぎ）",
                                           context, layout_for(c)));
}

// The page again with the error, or on to the page with `done` as its notice.
http::Response after(const route::Context& c, const Services& s, PersonId id, const Status& done,
                     const char* notice) {
  if (!done) {
    return case_resources_page(c, s, id, "", resource_page_common::error_text(done.error()),
                               route::status_for(done.error()));
  }
  return redirect("/cases/" + std::to_string(id.value) + "/resources?done=" + notice);
}

http::Response show(const Services& s, route::Context& c) {
  auto id = route::id_param<PersonId>(c);
  if (!id) return error_page(404, "指定された対象者は見つかりません。");
  auto done = route::query_param(c.request, "done");
  return case_resources_page(c, s, *id,
                             done == "placed"     ? "受入れを記録しました。"
                             : done == "followup" ? "フォローアップを記録しました。"
                                                  : "",
                             "");
}

http::Response place(const Services& s, route::Context& c) {
  auto id = route::id_param<PersonId>(c);
  if (!id) return error_page(404, "指定された対象者は見つかりません。");
  auto p = route::placement_request(route::Fields::from_form(c.request));
  if (!p) return after(c, s, *id, p.error(), "placed");
  auto placed = s.resources.place(c.actor, *id, p->resource, p->started_on, p->note);
  return after(c, s, *id, placed ? Status(Ok{}) : Status(placed.error()), "placed");
}

http::Response follow_up(const Services& s, route::Context& c) {
  auto id = route::id_param<PersonId>(c);
  if (!id) return error_page(404, "指定された対象者は見つかりません。");
  auto f = route::placement_follow_up_request(route::Fields::from_form(c.request));
  if (!f) return after(c, s, *id, f.error(), "followup");
  auto done =
      s.resources.complete_follow_up(c.actor, f->placement, f->follow_up, f->done_on, f->note);
  return after(c, s, *id, done ? Status(Ok{}) : Status(done.error()), "followup");
}

// clang-format off
constexpr route::Row<Services> kPages[] = {
    {"GET",  "/cases/{id}/resources",  route::need(Permission::kCaseRead),  show},
    {"POST", "/cases/{id}/placements", route::need(Permission::kCaseWrite), place},
    {"POST", "/cases/{id}/follow-ups", route::need(Permission::kCaseWrite), follow_up},
};
// clang-format on

}  // namespace

resource_page_common::Table table() { return kPages; }

}  // namespace placement_pages
}  // namespace tsunagu::web
