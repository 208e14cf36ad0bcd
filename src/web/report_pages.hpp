// Pages for reading, printing and filing: the year's 進行管理シート (with grades by category and
// year over year as charts), the 実施計画 of each revision, and two revisions side by side.
#pragma once

#include "route/context.hpp"
#include "service/implementation_service.hpp"
#include "service/plan_service.hpp"
#include "service/progress_service.hpp"

namespace tsunagu::web {

struct ReportServices {
  service::PlanService& plans;
  service::ProgressService& progress;
  service::ImplementationService& implementation;
};

void add_report_pages(const route::AddRoute& add_page, ReportServices services);

}  // namespace tsunagu::web
