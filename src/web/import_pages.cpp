// /progress/import and /plan/import. /progress/import: the plan office uploads a progress sheet of
// its own layout, sees how it is read (the sheet, the header row, each column's role, the first
// rows, the tally, the problems with their row and column), changes any column's role from a list,
// and confirms. The page's script sends the file to POST /api/v1/progress/import/preview and then
// to /api/v1/progress/import (app.js, form[data-sheet-import]); nothing is written before the
// confirmation, and the columns chosen are saved with the plan for next year's file.
#include "route/respond.hpp"
#include "route/table.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace import_pages {
namespace {

using route::Context;

struct Deps {
  service::PlanService& plans;
};

http::Response import_page(const Deps& d, Context& c) {
  mstch::array plans;
  if (auto all = d.plans.plans(c.actor)) {
    for (const auto& p : *all) plans.push_back(mstch::map{{"name", p.name}});
  }
  mstch::map context{{"plans", plans}, {"csrf", c.session ? c.session->csrf_token : std::string()}};
  return html_response(
      200, render_page("progress_import", "進行管理シートの取り込み", context, layout_for(c)));
}

// /plan/import: a policy table (施策一覧) of any layout, as a plan of its own or as one plan of a
// 基本計画 (its goals matched to the family's by number); app.js (form[data-policy-import])
// previews through POST /api/v1/plans/import/preview and confirms through /api/v1/plans/import.
http::Response policy_import_page(const Deps& d, Context& c) {
  mstch::array plans, families;
  if (auto all = d.plans.plans(c.actor)) {
    for (const auto& p : *all) {
      if (p.family) {
        families.push_back(mstch::map{{"name", p.name}});
        for (const auto& m : p.members) plans.push_back(mstch::map{{"name", m.name}});
      } else {
        plans.push_back(mstch::map{{"name", p.name}});
      }
    }
  }
  mstch::map context{{"plans", plans},
                     {"families", families},
                     {"csrf", c.session ? c.session->csrf_token : std::string()}};
  return html_response(200,
                       render_page("plan_import", "施策一覧の取り込み", context, layout_for(c)));
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"GET", "/progress/import", route::need(Permission::kProgressImport), import_page},
    {"GET", "/plan/import",     route::need(Permission::kPlanImport),     policy_import_page},
};
// clang-format on

}  // namespace
}  // namespace import_pages

void add_import_pages(const route::AddRoute& add_page, service::PlanService& plans) {
  using namespace import_pages;
  route::add_table(add_page, Deps{plans}, kPages);
}

}  // namespace tsunagu::web
