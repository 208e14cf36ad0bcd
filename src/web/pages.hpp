// The Japanese pages: login and logout by form, and each role's home. Pages register through the
// API's route table, so the one access table and the one route × role walk cover them too.
// Without a session a page redirects to /login (never a JSON error); forms carry the session's
// CSRF token in a hidden field.
#pragma once

#include "route/context.hpp"
#include "service/account_service.hpp"
#include "service/plan_service.hpp"
#include "service/progress_service.hpp"
#include "service/resource_service.hpp"

namespace tsunagu::web {

struct PageServices {
  service::AccountService& accounts;
  service::PlanService& plans;
  service::ProgressService& progress;
  service::ResourceService& resources;
  std::string session_cookie;
};

void add_pages(const route::AddRoute& add_page, PageServices services);

}  // namespace tsunagu::web
