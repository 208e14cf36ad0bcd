#include "api/api.hpp"

#include "api/audit_routes.hpp"
#include "api/case_routes.hpp"
#include "api/implementation_routes.hpp"
#include "api/indicator_routes.hpp"
#include "api/plan_routes.hpp"
#include "api/progress_routes.hpp"
#include "api/project_routes.hpp"
#include "api/resource_routes.hpp"
#include "api/review_routes.hpp"
#include "api/session_routes.hpp"
#include "api/user_routes.hpp"

namespace tsunagu::api {

struct Api::Impl {
  explicit Impl(ApiOptions o) : options(std::move(o)) {}
  ApiOptions options;
  PlanCache plan_cache;
};

Api::Api(Services services, ApiOptions options)
    : services_(services), impl_(std::make_unique<Impl>(std::move(options))) {}

Api::~Api() = default;

void Api::add_routes(const route::AddRoute& add) {
  add_session_routes(add, services_.accounts, impl_->options.session_cookie);
  add_user_routes(add, services_.accounts);
  add_plan_routes(add, services_.plans, impl_->plan_cache);
  add_plan_family_routes(add, services_.plans);
  add_audit_routes(add, services_.audit);
  add_progress_routes(add, services_.progress, services_.reviews);
  add_implementation_routes(add, services_.implementation);
  add_review_routes(add, services_.reviews);
  add_indicator_routes(add, services_.indicators);
  add_project_routes(add, services_.progress);
  add_case_routes(add, services_.cases, services_.casework, services_.case_admin);
  add_resource_routes(add, services_.resources);
}

}  // namespace tsunagu::api
