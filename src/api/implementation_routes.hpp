// The 実施計画 routes under /api/v1/implementation-plans: list, read, create or revise, edit an
// item of the latest revision, compare two revisions, download as .xlsx.
#pragma once

#include "route/context.hpp"
#include "service/implementation_service.hpp"

namespace tsunagu::api {

void add_implementation_routes(const route::AddRoute& add,
                               service::ImplementationService& implementation);

}  // namespace tsunagu::api
