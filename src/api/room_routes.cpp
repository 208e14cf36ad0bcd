// Interview rooms (面接室): the list, adding one, and a room's bookings over some days
// (GET /api/v1/rooms/{id}/bookings?date=YYYY-MM-DD&days=N).
#include "api/resource_common.hpp"
#include "io/resource_json.hpp"
#include "route/decode.hpp"
#include "route/resource_decode.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file, so unity batches can join files.
namespace room_routes {
namespace {

using resource_common::answer;
using resource_common::Deps;
using resource_common::list_json;

http::Response list_rooms(const Deps& d, Context& c) {
  auto list = d.resources.rooms(c.actor);
  if (!list) return error_response(list.error());
  return ok_ordered_json({{"rooms", list_json(*list, io::room_json)}});
}

http::Response add_room(const Deps& d, Context& c) {
  auto fields = resource_common::json_fields(c.request);
  if (!fields) return error_response(fields.error());
  auto room = room_request(*fields);
  if (!room) return error_response(room.error());
  return answer(d.resources.add_room(c.actor, *room), io::room_json, 201);
}

http::Response room_bookings(const Deps& d, Context& c) {
  auto id = id_param<RoomId>(c, "id");
  if (!id) return error_response(resource_common::bad_id());
  auto date = parse_iso_date(query_param(c.request, "date"));
  if (!date) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "date を YYYY-MM-DD の日付で指定してください。"));
  }
  auto days = parse_id(query_param(c.request, "days"));
  auto day = d.resources.room_day(c.actor, *id, *date, static_cast<int>(days.value_or(1)));
  if (!day) return error_response(day.error());
  return ok_ordered_json({{"room", io::room_json(day->room)},
                          {"date", format_iso_date(day->date)},
                          {"bookings", list_json(day->bookings, io::booking_json)}});
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",  "/api/v1/rooms",               need(Permission::kResourceRead),   list_rooms},
    {"POST", "/api/v1/rooms",               need(Permission::kResourceManage), add_room},
    {"GET",  "/api/v1/rooms/{id}/bookings", need(Permission::kResourceRead),   room_bookings},
};
// clang-format on

}  // namespace

resource_common::Table table() { return kRoutes; }

}  // namespace room_routes
}  // namespace tsunagu::api
