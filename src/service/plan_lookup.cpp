#include "service/plan_lookup.hpp"

namespace tsunagu::service {

Result<store::PlanHeader> resolve_plan(store::Connection& c, MunicipalityId municipality,
                                       const std::string& name) {
  store::PlanStore plans(c);
  if (!name.empty()) {
    if (auto h = plans.find_plan(municipality, name)) return *h;
    return make_error(ErrorKind::kNotFound, "plan.not_found", "計画「" + name + "」はありません。");
  }
  auto all = plans.plan_headers(municipality);
  if (all.empty())
    return make_error(ErrorKind::kNotFound, "plan.not_found", "計画がまだ登録されていません。");
  if (all.size() > 1) {
    return make_error(ErrorKind::kInvalid, "plan.ambiguous",
                      "計画が複数あります。--plan（API では plan=）で計画名を指定してください。");
  }
  return all.front();
}

Result<Plan> find_family(store::PlanStore& plans, MunicipalityId municipality,
                         const std::string& name) {
  for (auto& p : plans.load_plans(municipality)) {
    if (p.name != name) continue;
    if (!p.family) {
      return make_error(ErrorKind::kInvalid, "plan.not_family",
                        "「" + name +
                            "」は基本計画ではなく単独の計画です。基本計画は tsunagu plan family "
                            "create で作れます。");
    }
    return std::move(p);
  }
  return make_error(
      ErrorKind::kNotFound, "plan.not_found",
      "基本計画「" + name + "」はありません。tsunagu plan family create で作れます。");
}

Result<Policy> find_policy_by_code(store::Connection& c, MunicipalityId municipality, PlanId plan,
                                   const std::string& code) {
  for (const auto& p : store::PlanStore(c).load_plans(municipality)) {
    if (p.id != plan) continue;
    for (const auto& g : p.goals) {
      for (const auto& policy : g.policies) {
        if (policy.code == code) return policy;
      }
    }
  }
  return make_error(ErrorKind::kNotFound, "policy.not_found",
                    "施策「" + code + "」はこの計画にありません。");
}

}  // namespace tsunagu::service
