// Local resources, rooms, bookings, events and placements as JSON, for the API and the
// disclosure file (a person's placements are part of their record).
#pragma once

#include <nlohmann/json.hpp>

#include "core/resource.hpp"

namespace tsunagu::io {

nlohmann::ordered_json resource_json(const Resource& r);
nlohmann::ordered_json room_json(const Room& r);
// Others' bookings carry no name (the service blanked it): "by" is null.
nlohmann::ordered_json booking_json(const Booking& b);
nlohmann::ordered_json event_json(const Event& e);
nlohmann::ordered_json placement_json(const Placement& p);

}  // namespace tsunagu::io
