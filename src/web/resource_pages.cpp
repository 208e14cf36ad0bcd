#include "web/resource_pages.hpp"

#include <algorithm>

#include "route/decode.hpp"
#include "route/resource_decode.hpp"
#include "route/resource_query.hpp"
#include "route/respond.hpp"
#include "web/page_support.hpp"
#include "web/render.hpp"
#include "web/resource_page_common.hpp"

namespace tsunagu::web {
// File-local names live in a namespace named after the file, so unity batches can join files.
namespace resource_pages {
namespace {

using Services = ResourcePageServices;
using resource_page_common::csrf;
using resource_page_common::error_of;

std::string topic_labels(const std::vector<Topic>& topics) {
  std::string out;
  for (Topic t : topics) out += (out.empty() ? "" : "、") + std::string(topic_label(t));
  return out;
}

// The fields of the resource form, from a stored resource or from what was typed.
mstch::map resource_form(const Resource& r) {
  mstch::array kinds, topics;
  for (ResourceKind k : all_resource_kinds()) {
    kinds.push_back(mstch::map{{"name", std::string(resource_kind_name(k))},
                               {"label", std::string(resource_kind_label(k))},
                               {"current", k == r.kind}});
  }
  for (Topic t : kAllTopics) {
    topics.push_back(
        mstch::map{{"name", std::string(topic_name(t))},
                   {"label", std::string(topic_label(t))},
                   {"checked", std::find(r.topics.begin(), r.topics.end(), t) != r.topics.end()}});
  }
  return mstch::map{{"kinds", kinds},
                    {"topic_boxes", topics},
                    {"r_name", r.name},
                    {"r_kana", r.kana},
                    {"r_services", r.services},
                    {"r_eligibility", r.eligibility},
                    {"r_phone", r.phone},
                    {"r_address", r.address},
                    {"r_days", r.days},
                    {"r_hours", r.hours},
                    {"r_capacity", r.capacity ? std::to_string(*r.capacity) : std::string()},
                    {"r_url", r.url},
                    {"r_public", r.is_public},
                    {"kind_label", std::string(resource_kind_label(r.kind))}};
}

mstch::array directory_rows(const std::vector<Resource>& list) {
  mstch::array items;
  for (const auto& r : list) {
    items.push_back(mstch::map{{"id", std::to_string(r.id.value)},
                               {"name", r.name},
                               {"kind", std::string(resource_kind_label(r.kind))},
                               {"topics", topic_labels(r.topics)},
                               {"phone", r.phone},
                               {"capacity", r.capacity ? std::to_string(*r.capacity) : ""},
                               {"visibility", std::string(r.is_public ? "公開" : "内部のみ")}});
  }
  return items;
}

// The directory with the form to add one, showing `typed` (and `error`) again after a refusal.
http::Response directory_page(const route::Context& c, service::ResourceService& rs,
                              const std::string& notice, const Error* error,
                              const Resource& typed) {
  auto q = route::resource_query(c.request);
  auto list = rs.resources(c.actor, q);
  if (!list) return error_page(list.error());
  mstch::map context = resource_form(typed);
  context["csrf"] = csrf(c);
  context["q"] = q.text;
  context["topics"] = resource_page_common::topic_options(q.topic);
  context["items"] = directory_rows(*list);
  context["count"] = std::to_string(list->size());
  context["manage"] = c.actor.may(Permission::kResourceManage);
  if (!notice.empty()) context["notice"] = notice;
  if (error) context["error"] = error_of(*error);
  return html_response(error ? route::status_for(*error) : 200,
                       render_page("resources", "社会資源", context, layout_for(c)));
}

http::Response edit_page(const route::Context& c, const Resource& r, const std::string& notice,
                         const Error* error) {
  mstch::map context = resource_form(r);
  context["id"] = std::to_string(r.id.value);
  context["version"] = std::to_string(r.version);
  context["csrf"] = csrf(c);
  context["manage"] = c.actor.may(Permission::kResourceManage);
  if (!notice.empty()) context["notice"] = notice;
  if (error) context["error"] = error_of(*error);
  return html_response(
      error ? route::status_for(*error) : 200,
      render_page("resource_edit", r.name.empty() ? "社会資源" : r.name, context, layout_for(c)));
}

http::Response directory(const Services& s, route::Context& c) {
  Resource blank;
  blank.is_public = true;
  return directory_page(c, s.resources,
                        route::query_param(c.request, "done") == "1" ? "登録しました。" : "",
                        nullptr, blank);
}

http::Response add_resource(const Services& s, route::Context& c) {
  auto draft = route::resource_draft(route::Fields::from_form(c.request));
  if (draft.error) return directory_page(c, s.resources, "", &*draft.error, draft.resource);
  auto added = s.resources.add_resource(c.actor, draft.resource);
  if (!added) return directory_page(c, s.resources, "", &added.error(), draft.resource);
  return redirect("/resources/" + std::to_string(added->id.value) + "?done=1");
}

http::Response show_resource(const Services& s, route::Context& c) {
  auto id = route::id_param<ResourceId>(c);
  if (!id) return error_page(404, "指定された社会資源は見つかりません。");
  auto r = s.resources.resource(c.actor, *id);
  if (!r) return error_page(r.error());
  return edit_page(c, *r, route::query_param(c.request, "done") == "1" ? "保存しました。" : "",
                   nullptr);
}

http::Response update_resource(const Services& s, route::Context& c) {
  auto id = route::id_param<ResourceId>(c);
  if (!id) return error_page(404, "指定された社会資源は見つかりません。");
  const auto fields = route::Fields::from_form(c.request);
  auto draft = route::resource_draft(fields);
  Resource& r = draft.resource;
  r.id = *id;
  auto version = route::resource_version(fields);
  r.version = version ? *version : 0;
  if (!version) return edit_page(c, r, "", &version.error());
  if (draft.error) return edit_page(c, r, "", &*draft.error);
  auto saved = s.resources.update_resource(c.actor, r, r.version);
  if (!saved) return edit_page(c, r, "", &saved.error());
  return redirect("/resources/" + std::to_string(id->value) + "?done=1");
}

// clang-format off
constexpr route::Row<Services> kPages[] = {
    {"GET",  "/resources",      route::need(Permission::kResourceRead),   directory},
    {"POST", "/resources",      route::need(Permission::kResourceManage), add_resource},
    {"GET",  "/resources/{id}", route::need(Permission::kResourceRead),   show_resource},
    {"POST", "/resources/{id}", route::need(Permission::kResourceManage), update_resource},
};
// clang-format on

}  // namespace
}  // namespace resource_pages

void add_resource_pages(const route::AddRoute& add_page, ResourcePageServices services) {
  using resource_page_common::Table;
  for (Table table : {public_pages::table(), Table(resource_pages::kPages), room_pages::table(),
                      event_pages::table(), placement_pages::table()}) {
    route::add_table(add_page, services, table);
  }
}

}  // namespace tsunagu::web
