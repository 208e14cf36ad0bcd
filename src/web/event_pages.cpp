// Events and trainings (研修・行事, seed 000 goals 4-4 and 5-1): the list with the 進行管理
// projects each is evidence for, and the form to record one (/events).
#include "route/decode.hpp"
#include "route/resource_decode.hpp"
#include "route/respond.hpp"
#include "web/page_support.hpp"
#include "web/render.hpp"
#include "web/resource_page_common.hpp"

namespace tsunagu::web {
// File-local names live in a namespace named after the file, so unity batches can join files.
namespace event_pages {
namespace {

using Services = ResourcePageServices;
using ProjectLabels = std::vector<std::pair<ProjectId, std::string>>;

mstch::map event_row(const Event& e, const ProjectLabels& labels) {
  std::string linked;
  for (ProjectId p : e.projects) {
    for (const auto& [id, label] : labels) {
      if (id == p) linked += (linked.empty() ? "" : "／") + label;
    }
  }
  return mstch::map{
      {"date", resource_page_common::day(e.held_on)},
      {"kind", std::string(event_kind_label(e.kind))},
      {"title", e.title},
      {"organiser", e.organiser},
      {"audience", e.audience},
      {"attendance", e.attendance ? std::to_string(*e.attendance) + " 人" : std::string()},
      {"projects", linked},
      {"visibility", std::string(e.is_public ? "公開" : "内部")}};
}

http::Response events_page(const route::Context& c, service::ResourceService& rs,
                           const std::string& notice, const Error* error) {
  auto events = rs.events(c.actor, Date{1900, 1, 1}, Date{2999, 12, 31});
  if (!events) return error_page(events.error());
  auto projects = rs.project_labels(c.actor);
  const ProjectLabels labels = projects ? *projects : ProjectLabels{};
  mstch::array rows, kinds, options;
  for (const auto& e : *events) rows.push_back(event_row(e, labels));
  for (EventKind k : all_event_kinds()) {
    kinds.push_back(mstch::map{{"name", std::string(event_kind_name(k))},
                               {"label", std::string(event_kind_label(k))}});
  }
  for (const auto& [id, label] : labels) {
    options.push_back(mstch::map{{"id", std::to_string(id.value)}, {"label", label}});
  }
  mstch::map context{{"csrf", resource_page_common::csrf(c)},
                     {"events", rows},
                     {"kinds", kinds},
                     {"projects", options},
                     {"manage", c.actor.may(Permission::kResourceManage)}};
  if (!notice.empty()) context["notice"] = notice;
  if (error) context["error"] = resource_page_common::error_of(*error);
  return html_response(error ? route::status_for(*error) : 200,
                       render_page("events", "研修・行事", context, layout_for(c)));
}

http::Response list_events(const Services& s, route::Context& c) {
  return events_page(c, s.resources,
                     route::query_param(c.request, "done") == "1" ? "記録しました。" : "", nullptr);
}

http::Response add_event(const Services& s, route::Context& c) {
  auto added = route::event_request(route::Fields::from_form(c.request));
  if (added) added = s.resources.add_event(c.actor, *added);
  if (!added) return events_page(c, s.resources, "", &added.error());
  return redirect("/events?done=1");
}

// clang-format off
constexpr route::Row<Services> kPages[] = {
    {"GET",  "/events", route::need(Permission::kResourceRead),   list_events},
    {"POST", "/events", route::need(Permission::kResourceManage), add_event},
};
// clang-format on

}  // namespace

resource_page_common::Table table() { return kPages; }

}  // namespace event_pages
}  // namespace tsunagu::web
