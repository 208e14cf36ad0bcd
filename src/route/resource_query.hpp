// Decoders for the resource directory shared by its JSON routes and its pages.
#pragma once

#include "core/result.hpp"
#include "http/message.hpp"
#include "service/resource_service.hpp"

namespace tsunagu::route {

// The query of a directory request: ?topic=work&kind=salon&q=…
service::ResourceQuery resource_query(const http::Request& request);

// The municipality a public request speaks for (?city=CODE, or the only one).
Result<MunicipalityId> public_municipality(service::ResourceService& resources,
                                           const http::Request& request);

}  // namespace tsunagu::route
