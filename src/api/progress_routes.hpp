// The 進行管理 routes under /api/v1/progress: the year's list, tally, status, opening a year,
// the entry workflow, history, import and export.
#pragma once

#include "route/context.hpp"
#include "service/progress_service.hpp"
#include "service/review_service.hpp"

namespace tsunagu::api {

// GET /api/v1/progress?year=R7 also carries the committee's opinions on R6 with the city's
// responses, so that they stand beside the year they should shape.
void add_progress_routes(const route::AddRoute& add, service::ProgressService& progress,
                         service::ReviewService& reviews);

// POST /api/v1/progress/import and /api/v1/progress/import/preview (progress_import_routes.cpp);
// add_progress_routes adds them.
void add_progress_import_routes(const route::AddRoute& add, service::ProgressService& progress);

}  // namespace tsunagu::api
