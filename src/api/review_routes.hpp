// The review cycle's routes: the committee's opinions on a year (GET/POST /api/v1/reviews) and
// the city's response to one (PUT /api/v1/reviews/{id}/response).
#pragma once

#include "route/context.hpp"
#include "service/review_service.hpp"

namespace tsunagu::api {

void add_review_routes(const route::AddRoute& add, service::ReviewService& reviews);

}  // namespace tsunagu::api
