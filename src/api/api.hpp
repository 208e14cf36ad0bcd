// The JSON API under /api/v1: every route names what it needs (public, any logged-in user, or a
// Permission from the access table in core/access.hpp) in the table it adds to; everything else
// is denied by the guard (route/guard.hpp). State-changing requests carry the session's CSRF
// token in X-CSRF-Token. One file per area adds that area's routes.
#pragma once

#include <memory>
#include <string>

#include "route/context.hpp"
#include "service/account_service.hpp"
#include "service/audit_service.hpp"
#include "service/case_admin_service.hpp"
#include "service/case_service.hpp"
#include "service/casework_service.hpp"
#include "service/implementation_service.hpp"
#include "service/indicator_service.hpp"
#include "service/plan_service.hpp"
#include "service/progress_service.hpp"
#include "service/resource_service.hpp"
#include "service/review_service.hpp"

namespace tsunagu::api {

// The use cases the API exposes. The references must outlive the Api.
struct Services {
  service::AccountService& accounts;
  service::PlanService& plans;
  service::AuditService& audit;
  service::ProgressService& progress;
  service::ImplementationService& implementation;
  service::ReviewService& reviews;
  service::IndicatorService& indicators;
  service::CaseService& cases;
  service::CaseworkService& casework;
  service::CaseAdminService& case_admin;
  service::ResourceService& resources;
};

struct ApiOptions {
  std::string session_cookie = "tsunagu_session";
};

// The JSON routes and the state they share (the rendered plan tree per revision).
class Api {
 public:
  explicit Api(Services services, ApiOptions options = {});
  ~Api();

  // Adds every JSON route to `add`. The handlers refer to this Api, which must outlive them.
  void add_routes(const route::AddRoute& add);

 private:
  struct Impl;
  Services services_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tsunagu::api
