// Routes for case coordination (/api/v1/persons, consents, meetings, referrals, plans,
// checkpoints, supporters, agencies) and the case indicators (/api/v1/indicators). The route
// permission opens the door; CaseService decides, per person, the legal basis of each access.
#pragma once

#include "route/context.hpp"
#include "service/case_admin_service.hpp"
#include "service/case_service.hpp"
#include "service/casework_service.hpp"

namespace tsunagu::api {

void add_case_routes(const route::AddRoute& add, service::CaseService& cases,
                     service::CaseworkService& casework, service::CaseAdminService& admin);

}  // namespace tsunagu::api
