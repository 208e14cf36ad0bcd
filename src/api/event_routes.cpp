// Events and trainings (研修・行事): the list (?from=&to=, YYYY-MM-DD), recording one, its
// attendance once held, and the 進行管理 projects it is evidence for.
#include "api/resource_common.hpp"
#include "io/resource_json.hpp"
#include "route/decode.hpp"
#include "route/resource_decode.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file, so unity batches can join files.
namespace event_routes {
namespace {

using resource_common::answer;
using resource_common::Deps;
using resource_common::list_json;

http::Response list_events(const Deps& d, Context& c) {
  auto from_text = parse_iso_date(query_param(c.request, "from"));
  auto to_text = parse_iso_date(query_param(c.request, "to"));
  Date from = from_text ? *from_text : Date{1900, 1, 1};
  Date to = to_text ? *to_text : Date{2999, 12, 31};
  auto list = d.resources.events(c.actor, from, to);
  if (!list) return error_response(list.error());
  return ok_ordered_json({{"events", list_json(*list, io::event_json)}});
}

http::Response add_event(const Deps& d, Context& c) {
  auto fields = resource_common::json_fields(c.request);
  if (!fields) return error_response(fields.error());
  auto event = event_request(*fields);
  if (!event) return error_response(event.error());
  return answer(d.resources.add_event(c.actor, *event), io::event_json, 201);
}

http::Response record_attendance(const Deps& d, Context& c) {
  auto id = id_param<EventId>(c, "id");
  if (!id) return error_response(resource_common::bad_id());
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  if (!(*b)["attendance"].is_number_integer()) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "attendance（参加者数）を整数で指定してください。"));
  }
  return answer(d.resources.record_attendance(c.actor, *id, (*b)["attendance"].get<int>()),
                io::event_json);
}

http::Response link_project(const Deps& d, Context& c) {
  auto id = id_param<EventId>(c, "id");
  if (!id) return error_response(resource_common::bad_id());
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  if (!(*b)["project"].is_number_integer()) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "project（事業の番号）を整数で指定してください。"));
  }
  return answer(
      d.resources.link_project(c.actor, *id, ProjectId{(*b)["project"].get<std::int64_t>()}),
      io::event_json);
}

http::Response project_events(const Deps& d, Context& c) {
  auto id = id_param<ProjectId>(c, "id");
  if (!id) return error_response(resource_common::bad_id());
  auto list = d.resources.events_for_project(c.actor, *id);
  if (!list) return error_response(list.error());
  return ok_ordered_json({{"events", list_json(*list, io::event_json)}});
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",  "/api/v1/events",                 need(Permission::kResourceRead),   list_events},
    {"POST", "/api/v1/events",                 need(Permission::kResourceManage), add_event},
    {"POST", "/api/v1/events/{id}/attendance", need(Permission::kResourceManage), record_attendance},
    {"POST", "/api/v1/events/{id}/projects",   need(Permission::kResourceManage), link_project},
    {"GET",  "/api/v1/projects/{id}/events",   need(Permission::kProgressRead),   project_events},
};
// clang-format on

}  // namespace

resource_common::Table table() { return kRoutes; }

}  // namespace event_routes
}  // namespace tsunagu::api
