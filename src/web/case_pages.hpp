// The case-coordination pages (/cases…): search, registration, a person's page with its
// timeline and forms, the printable standard forms, the meeting minutes, what is due. One file
// per resource, each listing its pages as a table; every read goes through
// CaseworkService::page, so it is decided and audited like the API's, and every form is read by
// the same decoder as its JSON route (route/case_decode.hpp).
#pragma once

#include "route/context.hpp"
#include "service/case_service.hpp"
#include "service/casework_service.hpp"
#include "service/resource_service.hpp"

namespace tsunagu::web {

struct CasePageServices {
  service::CaseService& cases;
  service::CaseworkService& casework;
  service::ResourceService& resources;  // placement follow-ups on the due list
};

// Every case page, in the order of the files below (literal paths before /cases/{id}).
void add_case_pages(const route::AddRoute& add_page, CasePageServices services);

// case_index_pages.cpp: search, the entry of the 個人情報ファイル簿, what is due.
void add_case_index_pages(const route::AddRoute& add_page, const CasePageServices& s);
// person_pages.cpp: registration with the duplicate warning, a person's page, reading on a
// 第69条 ground.
void add_person_pages(const route::AddRoute& add_page, const CasePageServices& s);
// case_print_pages.cpp: the case in the layout of the national standard forms.
void add_case_print_pages(const route::AddRoute& add_page, const CasePageServices& s);
// consent_pages.cpp: recording and withdrawing consents.
void add_consent_pages(const route::AddRoute& add_page, const CasePageServices& s);
// referral_pages.cpp: sending referrals (つなぎ) and answering them.
void add_referral_pages(const route::AddRoute& add_page, const CasePageServices& s);
// support_plan_pages.cpp: the plan, its closure, reviews and their results.
void add_support_plan_pages(const route::AddRoute& add_page, const CasePageServices& s);
// supporter_pages.cpp: supporters joining.
void add_supporter_pages(const route::AddRoute& add_page, const CasePageServices& s);
// meeting_pages.cpp: the meeting-minutes form.
void add_meeting_pages(const route::AddRoute& add_page, const CasePageServices& s);

}  // namespace tsunagu::web
