// What the resource domain's route files share (社会資源, 面接室, 予約, 行事, 受入れ): the service
// their handlers run with, a service result answered as JSON, and each file's route table,
// which add_resource_routes adds in order.
#pragma once

#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "route/fields.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"
#include "service/resource_service.hpp"

namespace tsunagu::api::resource_common {

struct Deps {
  service::ResourceService& resources;
};
using Table = std::span<const route::Row<Deps>>;

// 400 "request.invalid": the URL's number does not read as one.
Error bad_id();

// The JSON body as fields (errors of route::parse_json_body).
Result<route::Fields> json_fields(const http::Request& request);

// The value as JSON with `status`, or the error with its status.
template <class T, class ToJson>
http::Response answer(const Result<T>& r, ToJson to_json, int status = 200) {
  if (!r) return route::error_response(r.error());
  return route::ok_ordered_json(to_json(*r), status);
}

template <class T, class ToJson>
nlohmann::ordered_json list_json(const std::vector<T>& list, ToJson to_json) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& x : list) out.push_back(to_json(x));
  return out;
}

}  // namespace tsunagu::api::resource_common

// The tables, one file each.
namespace tsunagu::api::public_resource_routes {
resource_common::Table table();  // the public directory and open data: no login
}
namespace tsunagu::api::room_routes {
resource_common::Table table();  // interview rooms and a room's bookings
}
namespace tsunagu::api::booking_routes {
resource_common::Table table();  // booking, one's own bookings, cancelling
}
namespace tsunagu::api::event_routes {
resource_common::Table table();  // events, their attendance and projects
}
namespace tsunagu::api::placement_routes {
resource_common::Table table();  // participation support: matches, placements, follow-ups
}
