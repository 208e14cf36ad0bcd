// GET /plan/system: the 施策体系 (seed 001 §8) — for each 基本計画, its shared goals as rows and
// its member plans as columns, each cell listing that plan's policies under the goal with their
// codes and 重点施策 marked, each linking to its row of the policy table (/plan). A plan of its
// own is drawn as a family of one. Printed on A4 landscape; rendered once per plan revision.
#include <memory>

#include "route/table.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/plan_views.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace plan_system_pages {
namespace {

using route::Context;

struct Deps {
  service::PlanService& plans;
  std::shared_ptr<FragmentCache> cache;
};

http::Response system_page(const Deps& d, Context& c) {
  auto revision = d.plans.plan_revision(c.actor);
  if (!revision) return error_page(revision.error());
  const std::string key =
      std::to_string(c.actor.municipality.value) + "\n" + std::to_string(*revision);
  if (auto hit = d.cache->find(key)) {
    return html_response(200, render_layout("施策体系", *hit, layout_for(c)));
  }
  auto tree = d.plans.plans(c.actor);
  if (!tree) return error_page(tree.error());
  mstch::array families;
  for (const auto& p : *tree) families.push_back(system_view(p));
  std::string content =
      render_content("plan_system", mstch::map{{"families", families}, {"none", tree->empty()}});
  d.cache->store(key, content);
  return html_response(200, render_layout("施策体系", content, layout_for(c)));
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"GET", "/plan/system", route::need(Permission::kPlanRead), system_page},
};
// clang-format on

}  // namespace
}  // namespace plan_system_pages

void add_plan_system_pages(const route::AddRoute& add_page, service::PlanService& plans) {
  using namespace plan_system_pages;
  route::add_table(add_page, Deps{plans, std::make_shared<FragmentCache>()}, kPages);
}

}  // namespace tsunagu::web
