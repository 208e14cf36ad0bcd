#include "web/pages.hpp"

namespace tsunagu::web {

void add_pages(const route::AddRoute& add_page, const PageServices& s) {
  add_session_pages(add_page, s.accounts, s.session_cookie);
  add_account_pages(add_page, s.accounts);
  add_home_pages(add_page, s.plans, s.progress, s.audit);
  add_audit_pages(add_page, s.audit);
  add_entry_pages(add_page, s.progress, s.resources);
  add_plan_pages(add_page, s.plans, s.progress);
  add_plan_system_pages(add_page, s.plans);
  add_plan_document_pages(add_page, s.plans);
  add_plan_family_pages(add_page, s.plans);
  add_import_pages(add_page, s.plans);
}

}  // namespace tsunagu::web
