// Decoders of the resource domain's writes (社会資源, 面接室, 予約, 行事, 受入れ), one per use
// case, shared by its JSON route and its form page: the fields (route/fields.hpp) become one
// request value, and the same bad input is refused the same way from both, as kInvalid (HTTP 422)
// with the domain's code ("booking.invalid", …) and a detail naming each field, or, for a JSON
// value of the wrong type, kMalformed "request.invalid" (400). The services check the rules of the
// values themselves (a booking within opening hours, a capacity up to 10,000). Stateless.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/resource.hpp"
#include "core/result.hpp"
#include "route/fields.hpp"

namespace tsunagu::route {

// A resource as sent, as far as it reads, and what is wrong with it, so a form can be shown
// again with what was typed.
struct ResourceDraft {
  Resource resource;
  std::optional<Error> error;  // "resource.invalid" with a detail per field
};
// kind, name, kana, services, eligibility, phone, address, days, hours, url, capacity,
// topics (a list) and public (from JSON true when absent; a form's unchecked box is false).
ResourceDraft resource_draft(const Fields& f);
Result<Resource> resource_request(const Fields& f);
// The version the editor opened (field "version"); kMalformed "request.invalid" when it is
// absent or not a whole number: it comes from the form or client, never from the person.
Result<std::int64_t> resource_version(const Fields& f);

// A new room: name, facility, address, days (月火水木金 when absent), opens and closes (9:00 and
// 21:00 when absent). Error code "room.invalid".
Result<Room> room_request(const Fields& f);

// A booking: date, start, end, and room (the field "room", or the room of the page's URL when
// given). Error code "booking.invalid".
Result<Booking> booking_request(const Fields& f, std::optional<RoomId> room = std::nullopt);

// A new event: kind, title, held_on, organiser, audience, attendance, public (false when
// absent), and the projects to link: the list "projects" and/or one "project" (the form's
// select). Error code "event.invalid".
Result<Event> event_request(const Fields& f);

// A placement of a person with a resource: resource, started_on, note. Error code
// "placement.invalid".
struct PlacementRequest {
  ResourceId resource;
  Date started_on;
  std::string note;
};
Result<PlacementRequest> placement_request(const Fields& f);

// A follow-up done: follow_up (its number), done_on, note, and the placement (the field
// "placement", or the placement of the route's URL when given). Error code "placement.invalid".
struct PlacementFollowUpRequest {
  PlacementId placement;
  std::int64_t follow_up = 0;
  Date done_on;
  std::string note;
};
Result<PlacementFollowUpRequest> placement_follow_up_request(
    const Fields& f, std::optional<PlacementId> placement = std::nullopt);

}  // namespace tsunagu::route
