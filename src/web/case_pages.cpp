#include "web/case_pages.hpp"

namespace tsunagu::web {

void add_case_pages(const route::AddRoute& add_page, CasePageServices s) {
  add_case_index_pages(add_page, s);
  add_person_pages(add_page, s);
  add_case_print_pages(add_page, s);
  add_consent_pages(add_page, s);
  add_referral_pages(add_page, s);
  add_support_plan_pages(add_page, s);
  add_supporter_pages(add_page, s);
  add_meeting_pages(add_page, s);
}

}  // namespace tsunagu::web
