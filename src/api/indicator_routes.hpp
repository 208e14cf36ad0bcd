// The plan's indicators (成果指標) under /api/v1/plan-indicators: the list with each year's
// actual against the expected path, a new indicator, and a year's actual.
#pragma once

#include "route/context.hpp"
#include "service/indicator_service.hpp"

namespace tsunagu::api {

void add_indicator_routes(const route::AddRoute& add, service::IndicatorService& indicators);

}  // namespace tsunagu::api
