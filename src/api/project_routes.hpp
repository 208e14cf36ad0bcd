// The 進行管理 projects (事業) under /api/v1/projects: the list, and linking a project to the
// plan's policy it carries out.
#pragma once

#include "route/context.hpp"
#include "service/progress_service.hpp"

namespace tsunagu::api {

void add_project_routes(const route::AddRoute& add, service::ProgressService& progress);

}  // namespace tsunagu::api
