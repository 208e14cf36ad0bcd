#include "store/indicator_store.hpp"

#include <charconv>
#include <map>

namespace tsunagu::store {
namespace indicator_sql {

constexpr const char* kColumns =
    "SELECT id, policy_id, name, definition, unit, source, kind, baseline, baseline_year, "
    "target_kind, target, "
    "target_year FROM indicator ";
const std::string kOfPlan =
    std::string(kColumns) + "WHERE municipality_id = ? AND plan_id = ? ORDER BY id";
const std::string kOne = std::string(kColumns) + "WHERE municipality_id = ? AND id = ?";
constexpr const char* kPlanOf =
    "SELECT plan_id FROM indicator WHERE municipality_id = ? AND id = ?";
constexpr const char* kActuals =
    "SELECT indicator_id, year, value FROM indicator_actual WHERE municipality_id = ? ORDER BY "
    "indicator_id, year";
constexpr const char* kInsert =
    "INSERT INTO indicator (municipality_id, plan_id, policy_id, name, definition, unit, source, "
    "kind, baseline, "
    "baseline_year, target_kind, target, target_year, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?) "
    "RETURNING id";
constexpr const char* kDeleteActual =
    "DELETE FROM indicator_actual WHERE municipality_id = ? AND indicator_id = ? AND year = ?";
constexpr const char* kInsertActual =
    "INSERT INTO indicator_actual (municipality_id, indicator_id, year, value) VALUES (?, ?, ?, ?)";

}  // namespace indicator_sql

namespace {

std::string number_text(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

double number_of(const std::string& s) {
  double v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

Indicator read_indicator(const Row& r) {
  Indicator i;
  i.id = IndicatorId{r.integer(0)};
  if (auto p = r.optional_integer(1)) i.policy = PolicyId{*p};
  i.name = r.text(2);
  i.definition = r.text(3);
  i.unit = r.text(4);
  i.source = r.text(5);
  i.kind = r.text(6) == "computed" ? IndicatorKind::kComputed : IndicatorKind::kEntered;
  i.baseline = number_of(r.text(7));
  i.baseline_year = FiscalYear(static_cast<int>(r.integer(8)));
  i.target_kind = r.text(9) == "relative" ? TargetKind::kRelativePercent : TargetKind::kAbsolute;
  i.target = number_of(r.text(10));
  i.target_year = FiscalYear(static_cast<int>(r.integer(11)));
  return i;
}

}  // namespace

void IndicatorStore::attach_actuals(MunicipalityId m, std::vector<Indicator>& list) {
  std::map<std::int64_t, Indicator*> by_id;
  for (auto& i : list) by_id[i.id.value] = &i;
  for (const auto& r : c_.query(indicator_sql::kActuals, {m.value})) {
    if (auto it = by_id.find(r.integer(0)); it != by_id.end()) {
      it->second->actuals.push_back(
          {FiscalYear(static_cast<int>(r.integer(1))), number_of(r.text(2))});
    }
  }
}

std::vector<Indicator> IndicatorStore::indicators(MunicipalityId m, PlanId plan) {
  std::vector<Indicator> out;
  for (const auto& r : c_.query(indicator_sql::kOfPlan, {m.value, plan.value}))
    out.push_back(read_indicator(r));
  attach_actuals(m, out);
  return out;
}

std::optional<Indicator> IndicatorStore::indicator(MunicipalityId m, IndicatorId id) {
  auto rows = c_.query(indicator_sql::kOne, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  std::vector<Indicator> one{read_indicator(rows[0])};
  attach_actuals(m, one);
  return one[0];
}

std::optional<PlanId> IndicatorStore::plan_of(MunicipalityId m, IndicatorId id) {
  auto rows = c_.query(indicator_sql::kPlanOf, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  return PlanId{rows[0].integer(0)};
}

IndicatorId IndicatorStore::insert(MunicipalityId m, PlanId plan, const Indicator& i,
                                   std::int64_t now) {
  Value policy = i.policy ? Value(i.policy->value) : Value(nullptr);
  return IndicatorId{
      c_.query(
            indicator_sql::kInsert,
            {m.value, plan.value, policy, i.name, i.definition, i.unit, i.source,
             std::string(i.kind == IndicatorKind::kComputed ? "computed" : "entered"),
             number_text(i.baseline), std::int64_t{i.baseline_year.western()},
             std::string(i.target_kind == TargetKind::kRelativePercent ? "relative" : "absolute"),
             number_text(i.target), std::int64_t{i.target_year.western()}, now})
          .at(0)
          .integer(0)};
}

void IndicatorStore::set_actual(MunicipalityId m, IndicatorId id, FiscalYear year, double value) {
  c_.execute(indicator_sql::kDeleteActual, {m.value, id.value, std::int64_t{year.western()}});
  c_.execute(indicator_sql::kInsertActual,
             {m.value, id.value, std::int64_t{year.western()}, number_text(value)});
}

}  // namespace tsunagu::store
