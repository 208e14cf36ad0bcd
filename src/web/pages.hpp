// The plan side's pages: login and logout by form (session_pages.cpp), each role's home
// (home_pages.cpp), the plan and the policy editor (plan_pages.cpp), a project's 進行管理 entry
// (entry_pages.cpp). Pages register in the same route table as the API, so the one access
// table and the one route × role walk cover them too. Without a session a page redirects to
// /login (never a JSON error); forms carry the session's CSRF token in a hidden field.
#pragma once

#include <string>

#include "route/context.hpp"
#include "service/account_service.hpp"
#include "service/audit_service.hpp"
#include "service/plan_service.hpp"
#include "service/progress_service.hpp"
#include "service/resource_service.hpp"

namespace tsunagu::web {

struct PageServices {
  service::AccountService& accounts;
  service::AuditService& audit;
  service::PlanService& plans;
  service::ProgressService& progress;
  service::ResourceService& resources;
  std::string session_cookie;
};

void add_session_pages(const route::AddRoute& add_page, service::AccountService& accounts,
                       const std::string& session_cookie);
// /admin/users (the admin's account lifecycle) and /account/password (account_pages.cpp).
void add_account_pages(const route::AddRoute& add_page, service::AccountService& accounts);
void add_home_pages(const route::AddRoute& add_page, service::PlanService& plans,
                    service::ProgressService& progress, service::AuditService& audit);
// /audit, /audit.csv (the log with filters) and /audit/reviews (第69条 sign-off;
// audit_pages.cpp).
void add_audit_pages(const route::AddRoute& add_page, service::AuditService& audit);
void add_plan_pages(const route::AddRoute& add_page, service::PlanService& plans,
                    service::ProgressService& progress);
// GET /plan/system: the 施策体系 of each 基本計画 (plan_system_pages.cpp).
void add_plan_system_pages(const route::AddRoute& add_page, service::PlanService& plans);
// GET /plan/document and its section editor: the 計画書 (plan_document_pages.cpp).
void add_plan_document_pages(const route::AddRoute& add_page, service::PlanService& plans);
// /plan/family: a 基本計画's header and member plans in forms (plan_family_pages.cpp).
void add_plan_family_pages(const route::AddRoute& add_page, service::PlanService& plans);
void add_entry_pages(const route::AddRoute& add_page, service::ProgressService& progress,
                     service::ResourceService& resources);

// /progress/import: a progress sheet of any layout, previewed and confirmed (import_pages.cpp).
void add_import_pages(const route::AddRoute& add_page, service::PlanService& plans);

// All of the above.
void add_pages(const route::AddRoute& add_page, const PageServices& services);

}  // namespace tsunagu::web
