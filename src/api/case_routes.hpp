// Routes for case coordination (/api/v1/persons, consents, meetings, referrals, plans,
// checkpoints, supporters, agencies, retention, incidents) and the case indicators
// (/api/v1/indicators). The route permission opens the door; CaseService decides, per person,
// the legal basis of each access. One file per resource, each listing its routes as a table.
#pragma once

#include "route/context.hpp"
#include "service/case_admin_service.hpp"
#include "service/case_service.hpp"
#include "service/casework_service.hpp"

namespace tsunagu::api {

// Every case route, in the order of the files below.
void add_case_routes(const route::AddRoute& add, service::CaseService& cases,
                     service::CaseworkService& casework, service::CaseAdminService& admin);

// The services the case route files run with; they must outlive the routes.
struct CaseRouteDeps {
  service::CaseService& cases;
  service::CaseworkService& casework;
  service::CaseAdminService& admin;
};

// case_admin_routes.cpp: retention and erasure, disclosure to the person, incidents.
void add_case_admin_routes(const route::AddRoute& add, const CaseRouteDeps& deps);
// case_indicator_routes.cpp: the Ministry's indicators over a period.
void add_case_indicator_routes(const route::AddRoute& add, const CaseRouteDeps& deps);
// agency_routes.cpp: the partner agencies.
void add_agency_routes(const route::AddRoute& add, const CaseRouteDeps& deps);
// person_routes.cpp: search, registration, a person's page (also on a 第69条 ground), update.
void add_person_routes(const route::AddRoute& add, const CaseRouteDeps& deps);
// consent_routes.cpp: recording and withdrawing consents.
void add_consent_routes(const route::AddRoute& add, const CaseRouteDeps& deps);
// meeting_routes.cpp: meeting minutes.
void add_meeting_routes(const route::AddRoute& add, const CaseRouteDeps& deps);
// referral_routes.cpp: sending referrals (つなぎ) and answering them.
void add_referral_routes(const route::AddRoute& add, const CaseRouteDeps& deps);
// support_plan_routes.cpp: the support plan, its closure, reviews and follow-ups, what is due.
void add_support_plan_routes(const route::AddRoute& add, const CaseRouteDeps& deps);
// supporter_routes.cpp: supporters joining and leaving.
void add_supporter_routes(const route::AddRoute& add, const CaseRouteDeps& deps);

}  // namespace tsunagu::api
