#include "service/plan_lookup.hpp"

namespace tsunagu::service {

Result<store::PlanHeader> resolve_plan(store::Connection& c, MunicipalityId municipality,
                                       const std::string& name) {
  store::PlanStore plans(c);
  if (!name.empty()) {
    if (auto h = plans.find_plan(municipality, name)) return *h;
    return make_error("plan.not_found", "計画「" + name + "」はありません。");
  }
  auto all = plans.plan_headers(municipality);
  if (all.empty()) return make_error("plan.not_found", "計画がまだ登録されていません。");
  if (all.size() > 1) {
    return make_error("plan.ambiguous",
                      "計画が複数あります。--plan（API では plan=）で計画名を指定してください。");
  }
  return all.front();
}

}  // namespace tsunagu::service
