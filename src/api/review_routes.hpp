// Routes for the review cycle (/api/v1/reviews), plan indicators (/api/v1/plan-indicators) and
// projects (/api/v1/projects: list, link to a policy).
#pragma once

#include "route/context.hpp"
#include "service/indicator_service.hpp"
#include "service/progress_service.hpp"
#include "service/review_service.hpp"

namespace tsunagu::api {

void add_review_routes(const route::AddRoute& add, service::ReviewService& reviews,
                       service::IndicatorService& indicators, service::ProgressService& progress);

}  // namespace tsunagu::api
