// Routes for local resources: the directory (/api/v1/resources, import), the public directory
// and open data (no login: /api/v1/public/resources, /opendata/resources.csv), interview rooms
// and bookings, events with their projects, and participation support (matches, placements,
// follow-ups). ResourceService decides the finer rules (a 保護司's own bookings, a person's
// legal basis).
#pragma once

#include "api/handler_support.hpp"
#include "service/resource_service.hpp"

namespace tsunagu::api {

void add_resource_routes(const AddRoute& add, service::ResourceService& resources);

// The query of a directory request: ?topic=work&kind=salon&q=…
service::ResourceQuery resource_query(const http::Request& request);

// The municipality a public request speaks for (?city=CODE, or the only one).
Result<MunicipalityId> public_municipality(service::ResourceService& resources,
                                           const http::Request& request);

}  // namespace tsunagu::api
