// Participation support (参加支援): a person's matches among the local resources, their
// placements (受入れ), the follow-ups done and due, and ending a placement. Reads of the person
// go through the service, which decides and audits the legal basis.
#include "api/resource_common.hpp"
#include "io/resource_json.hpp"
#include "route/decode.hpp"
#include "route/resource_decode.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file, so unity batches can join files.
namespace placement_routes {
namespace {

using nlohmann::ordered_json;
using resource_common::answer;
using resource_common::bad_id;
using resource_common::Deps;
using resource_common::list_json;

http::Response matches(const Deps& d, Context& c) {
  auto id = id_param<PersonId>(c, "id");
  if (!id) return error_response(bad_id());
  auto list = d.resources.matches(c.actor, *id);
  if (!list) return error_response(list.error());
  ordered_json out = ordered_json::array();
  for (const auto& m : *list) {
    out.push_back({{"resource", io::resource_json(m.resource)},
                   {"score", m.score},
                   {"placed", m.placed},
                   {"reason", m.reason}});
  }
  return ok_ordered_json({{"matches", out}});
}

http::Response list_placements(const Deps& d, Context& c) {
  auto id = id_param<PersonId>(c, "id");
  if (!id) return error_response(bad_id());
  auto list = d.resources.placements(c.actor, *id);
  if (!list) return error_response(list.error());
  return ok_ordered_json({{"placements", list_json(*list, io::placement_json)}});
}

http::Response place(const Deps& d, Context& c) {
  auto id = id_param<PersonId>(c, "id");
  if (!id) return error_response(bad_id());
  auto fields = resource_common::json_fields(c.request);
  if (!fields) return error_response(fields.error());
  auto p = placement_request(*fields);
  if (!p) return error_response(p.error());
  return answer(d.resources.place(c.actor, *id, p->resource, p->started_on, p->note),
                io::placement_json, 201);
}

http::Response follow_up(const Deps& d, Context& c) {
  auto id = id_param<PlacementId>(c, "id");
  if (!id) return error_response(bad_id());
  auto fields = resource_common::json_fields(c.request);
  if (!fields) return error_response(fields.error());
  auto f = placement_follow_up_request(*fields, *id);
  if (!f) return error_response(f.error());
  return answer(
      d.resources.complete_follow_up(c.actor, f->placement, f->follow_up, f->done_on, f->note),
      io::placement_json);
}

http::Response end_placement(const Deps& d, Context& c) {
  auto id = id_param<PlacementId>(c, "id");
  if (!id) return error_response(bad_id());
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  auto on = parse_iso_date(b->value("ended_on", ""));
  if (!on) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "ended_on を YYYY-MM-DD の日付で指定してください。"));
  }
  return answer(d.resources.end_placement(c.actor, *id, *on), io::placement_json);
}

http::Response due(const Deps& d, Context& c) {
  auto days = parse_id(query_param(c.request, "days"));
  auto list = d.resources.due_follow_ups(c.actor, static_cast<int>(days.value_or(30)));
  if (!list) return error_response(list.error());
  ordered_json out = ordered_json::array();
  for (const auto& f : *list) {
    out.push_back({{"follow_up", f.follow_up},
                   {"placement", f.placement.value},
                   {"person", f.person.value},
                   {"resource_name", f.resource_name},
                   {"with", f.with == FollowUpWith::kPerson ? "person" : "host"},
                   {"due_on", format_iso_date(f.due_on)}});
  }
  return ok_ordered_json({{"due", out}});
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",  "/api/v1/persons/{id}/matches",      need(Permission::kCaseRead),  matches},
    {"GET",  "/api/v1/persons/{id}/placements",   need(Permission::kCaseRead),  list_placements},
    {"POST", "/api/v1/persons/{id}/placements",   need(Permission::kCaseWrite), place},
    {"POST", "/api/v1/placements/{id}/follow-up", need(Permission::kCaseWrite), follow_up},
    {"POST", "/api/v1/placements/{id}/end",       need(Permission::kCaseWrite), end_placement},
    {"GET",  "/api/v1/placements/due",            need(Permission::kCaseWrite), due},
};
// clang-format on

}  // namespace

resource_common::Table table() { return kRoutes; }

}  // namespace placement_routes
}  // namespace tsunagu::api
