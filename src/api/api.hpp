// The JSON API under /api/v1 and the application's front door. Every route names what it
// needs in one table (public, any logged-in user, or a Permission from the access table in
// core/access.hpp); everything else is denied. State-changing requests carry the session's
// CSRF token in X-CSRF-Token. Error codes map to HTTP statuses in exactly one place
// (status_for_code).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/access.hpp"
#include "http/message.hpp"
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

enum class AccessKind { kPublic, kLoggedIn, kPermission };

struct RouteInfo {
  std::string method;
  std::string pattern;  // "/api/v1/policies/{id}"
  AccessKind access = AccessKind::kPermission;
  Permission permission = Permission::kPlanRead;  // when access == kPermission
  bool page = false;  // an HTML page: no session redirects to /login, refusals are pages
};

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

class Api {
 public:
  explicit Api(Services services, ApiOptions options = {});
  ~Api();

  // The server's handler. Thread-safe.
  http::Response handle(http::Request& request);

  // The route table, for documentation and the route × role test.
  std::vector<RouteInfo> routes() const;

  // Path prefixes whose bodies may exceed the normal limit (file uploads).
  static std::vector<std::string> upload_prefixes();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The HTTP status for a Result error code ("policy.stale_version" → 409, …).
int status_for_code(std::string_view code);

}  // namespace tsunagu::api
