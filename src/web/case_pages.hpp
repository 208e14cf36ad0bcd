// The case-coordination pages (/cases…): search, registration, a person's page with its
// timeline and forms, the meeting minutes, what is due. See case_pages.cpp.
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

void add_case_pages(const route::AddRoute& add_page, CasePageServices services);

}  // namespace tsunagu::web
