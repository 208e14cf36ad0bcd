// IndicatorStore: plan indicators and their yearly actuals. Numbers are stored as their
// shortest decimal text so that 55.5 stays 55.5 on both backends. A repository over one
// Connection; the caller owns the transaction. Not thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "core/indicator.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

class IndicatorStore {
 public:
  explicit IndicatorStore(Connection& connection) : c_(connection) {}

  std::vector<Indicator> indicators(MunicipalityId municipality, PlanId plan);
  std::optional<Indicator> indicator(MunicipalityId municipality, IndicatorId id);
  std::optional<PlanId> plan_of(MunicipalityId municipality, IndicatorId id);
  IndicatorId insert(MunicipalityId municipality, PlanId plan, const Indicator& indicator,
                     std::int64_t now);
  void set_actual(MunicipalityId municipality, IndicatorId id, FiscalYear year, double value);

 private:
  void attach_actuals(MunicipalityId municipality, std::vector<Indicator>& list);
  Connection& c_;
};

}  // namespace tsunagu::store
