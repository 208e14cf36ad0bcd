// Bookings of interview rooms by 保護司: booking a time, one's own bookings, cancelling. The
// service decides who may book and the database refuses an overlap (409 "booking.conflict").
#include "api/resource_common.hpp"
#include "io/resource_json.hpp"
#include "route/decode.hpp"
#include "route/resource_decode.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file, so unity batches can join files.
namespace booking_routes {
namespace {

using resource_common::answer;
using resource_common::Deps;
using resource_common::list_json;

http::Response book(const Deps& d, Context& c) {
  auto fields = resource_common::json_fields(c.request);
  if (!fields) return error_response(fields.error());
  auto booking = booking_request(*fields);
  if (!booking) return error_response(booking.error());
  return answer(d.resources.book(c.actor, *booking), io::booking_json, 201);
}

http::Response my_bookings(const Deps& d, Context& c) {
  auto list = d.resources.my_bookings(c.actor);
  if (!list) return error_response(list.error());
  return ok_ordered_json({{"bookings", list_json(*list, io::booking_json)}});
}

http::Response cancel(const Deps& d, Context& c) {
  auto id = id_param<BookingId>(c, "id");
  if (!id) return error_response(resource_common::bad_id());
  if (auto done = d.resources.cancel_booking(c.actor, *id); !done)
    return error_response(done.error());
  return ok_ordered_json({{"cancelled", id->value}});
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"POST", "/api/v1/bookings",             need(Permission::kRoomBook), book},
    {"GET",  "/api/v1/bookings/mine",        need(Permission::kRoomBook), my_bookings},
    {"POST", "/api/v1/bookings/{id}/cancel", need(Permission::kRoomBook), cancel},
};
// clang-format on

}  // namespace

resource_common::Table table() { return kRoutes; }

}  // namespace booking_routes
}  // namespace tsunagu::api
