// IndicatorService: plan indicators 指標 with baselines, targets and yearly actuals, and whether
// each year is on track. A finding's survey figure (e.g. 保護司 55.5 % in seed 000) can be taken
// as the baseline. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/indicator.hpp"
#include "service/actor.hpp"
#include "service/audit_log.hpp"
#include "service/clock.hpp"
#include "store/db.hpp"

namespace tsunagu::service {

struct NewIndicator {
  Indicator indicator;      // id and actuals ignored; target_year defaults to the plan's end
  std::string policy_code;  // optional: the policy it measures
  // Take the baseline from the policy's findings: the `figure`-th percentage (1-based) of its
  // `finding`-th finding (1-based). 0 means: use indicator.baseline as given.
  int baseline_finding = 0;
  int baseline_figure = 0;
};

struct IndicatorStatus {
  Indicator indicator;
  double target_value = 0;
  std::vector<std::pair<FiscalYear, std::optional<bool>>> years;  // each actual's year: on track?
};

class IndicatorService {
 public:
  IndicatorService(store::Database& db, const Clock& clock, const AuditLog& audit);

  // Errors "auth.forbidden", "indicator.invalid", "indicator.exists", "policy.not_found",
  // "indicator.no_figure" (the finding has no such percentage).
  Result<Indicator> add(const Actor& actor, const std::string& plan_name,
                        const NewIndicator& request);
  // Errors "indicator.not_found", "indicator.invalid" (a year outside the plan).
  Result<Indicator> record_actual(const Actor& actor, IndicatorId id, FiscalYear year,
                                  double value);
  Result<std::vector<IndicatorStatus>> indicators(const Actor& actor, const std::string& plan_name);

 private:
  store::Database& db_;
  const Clock& clock_;
  const AuditLog& audit_;
};

}  // namespace tsunagu::service
