// The 進行管理 routes under /api/v1/progress: the year's list, tally, status, opening a year,
// the entry workflow, history, import and export.
#pragma once

#include "api/handler_support.hpp"
#include "service/progress_service.hpp"

namespace tsunagu::api {

void add_progress_routes(const AddRoute& add, service::ProgressService& progress);

}  // namespace tsunagu::api
