// Routes for local resources: the directory (/api/v1/resources, import; this file), the public
// directory and open data (no login: /api/v1/public/resources, /opendata/resources.csv),
// interview rooms and bookings, events with their projects, and participation support
// (matches, placements, follow-ups), one file and table each (api/resource_common.hpp).
// ResourceService decides the finer rules (a 保護司's own bookings, a person's legal basis).
#pragma once

#include "route/context.hpp"
#include "service/resource_service.hpp"

namespace tsunagu::api {

void add_resource_routes(const route::AddRoute& add, service::ResourceService& resources);

}  // namespace tsunagu::api
