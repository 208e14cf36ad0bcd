#include "service/indicator_service.hpp"

#include <cmath>

#include "service/plan_lookup.hpp"
#include "store/indicator_store.hpp"

namespace tsunagu::service {

IndicatorService::IndicatorService(store::Database& db, const Clock& clock, const AuditLog& audit)
    : db_(db), clock_(clock), audit_(audit) {}

Result<Indicator> IndicatorService::add(const Actor& actor, const std::string& plan_name,
                                        const NewIndicator& request) {
  if (auto allowed = require(actor, Permission::kPlanEdit); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto plan = resolve_plan(*c, actor.municipality, plan_name);
  if (!plan) return plan.error();
  Indicator i = request.indicator;
  i.actuals.clear();
  if (!request.policy_code.empty() || request.baseline_finding > 0) {
    auto policy = find_policy_by_code(*c, actor.municipality, plan->id, request.policy_code);
    if (!policy) return policy.error();
    i.policy = policy->id;
    if (request.baseline_finding > 0) {
      const auto& findings = policy->content.findings;
      if (static_cast<std::size_t>(request.baseline_finding) > findings.size()) {
        return make_error(ErrorKind::kInvalid, "indicator.no_figure",
                          "施策「" + request.policy_code + "」の現状と課題は " +
                              std::to_string(findings.size()) + " 件です。");
      }
      const Finding& f = findings[static_cast<std::size_t>(request.baseline_finding - 1)];
      auto figures = extract_percentages(f.text);
      int index = std::max(1, request.baseline_figure);
      if (static_cast<std::size_t>(index) > figures.size()) {
        return make_error(
            ErrorKind::kInvalid, "indicator.no_figure",
            "その現状と課題に " + std::to_string(index) + " 番目の割合（%）はありません。");
      }
      i.baseline = figures[static_cast<std::size_t>(index - 1)].value;
      if (i.source.empty()) i.source = f.source;
      if (i.unit.empty()) i.unit = "%";
    }
  }
  if (request.indicator.target_year == FiscalYear(2029) && plan->to != FiscalYear(2029))
    i.target_year = plan->to;
  if (auto ok = validate_indicator(i); !ok) return ok.error();
  store::IndicatorStore store(*c);
  auto id = store::insert_unless_duplicate(
      [&] { return store.insert(actor.municipality, plan->id, i, clock_.now_ms()); });
  if (!id) {
    return make_error(ErrorKind::kConflict, "indicator.exists",
                      "指標「" + i.name + "」は登録済みです。");
  }
  i.id = *id;
  audit_.append(*c, {actor.municipality, actor.name, "indicator.add", "indicator",
                     std::to_string(i.id.value), "", "", kBasisOfficialDuty, ""});
  tx.commit();
  return i;
}

Result<Indicator> IndicatorService::record_actual(const Actor& actor, IndicatorId id,
                                                  FiscalYear year, double value) {
  if (auto allowed = require(actor, Permission::kPlanEdit); !allowed) return allowed.error();
  if (!std::isfinite(value))
    return make_error(ErrorKind::kInvalid, "indicator.invalid", "実績値が正しくありません。");
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::IndicatorStore store(*c);
  auto indicator = store.indicator(actor.municipality, id);
  if (!indicator)
    return make_error(ErrorKind::kNotFound, "indicator.not_found", "指定された指標はありません。");
  if (year <= indicator->baseline_year || year > indicator->target_year) {
    return make_error(ErrorKind::kInvalid, "indicator.invalid",
                      "実績の年度は基準年度（" + indicator->baseline_year.japanese() +
                          "）より後、目標年度（" + indicator->target_year.japanese() +
                          "）までにしてください。");
  }
  store.set_actual(actor.municipality, id, year, value);
  audit_.append(*c, {actor.municipality, actor.name, "indicator.actual", "indicator",
                     std::to_string(id.value), "", "", kBasisOfficialDuty,
                     R"({"year":)" + std::to_string(year.western()) + "}"});
  auto after = store.indicator(actor.municipality, id);
  tx.commit();
  return *after;
}

Result<std::vector<IndicatorStatus>> IndicatorService::indicators(const Actor& actor,
                                                                  const std::string& plan_name) {
  if (auto allowed = require(actor, Permission::kPlanRead); !allowed) return allowed.error();
  auto c = db_.connection();
  auto plan = resolve_plan(*c, actor.municipality, plan_name);
  if (!plan) return plan.error();
  std::vector<IndicatorStatus> out;
  for (auto& i : store::IndicatorStore(*c).indicators(actor.municipality, plan->id)) {
    IndicatorStatus s;
    s.target_value = target_value(i);
    for (const auto& a : i.actuals) s.years.emplace_back(a.year, on_track(i, a.year));
    s.indicator = std::move(i);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace tsunagu::service
