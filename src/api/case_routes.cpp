#include "api/case_routes.hpp"

namespace tsunagu::api {

void add_case_routes(const route::AddRoute& add, service::CaseService& cases,
                     service::CaseworkService& casework, service::CaseAdminService& admin) {
  const CaseRouteDeps deps{cases, casework, admin};
  add_case_admin_routes(add, deps);
  add_case_indicator_routes(add, deps);
  add_agency_routes(add, deps);
  add_person_routes(add, deps);
  add_consent_routes(add, deps);
  add_meeting_routes(add, deps);
  add_referral_routes(add, deps);
  add_support_plan_routes(add, deps);
  add_supporter_routes(add, deps);
}

}  // namespace tsunagu::api
