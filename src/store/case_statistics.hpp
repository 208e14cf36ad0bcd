// The facts the case indicators are computed from, gathered with one query each, restricted to
// persons whose statistics consent holds on the period's last day (withdrawn later still counts
// for the period it covered). Read-only; the caller owns the transaction.
#pragma once

#include "core/case_indicators.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

struct CaseStatisticsFacts {
  std::vector<ClosureFacts> closures;
  std::vector<TwoYearFacts> two_years;
  std::map<ReferralState, int> outcomes;
  std::vector<ReferralFacts> referrals;
  Ratio connected_before_release;
  int persons_counted = 0;  // registered by the period's end, consenting
};

CaseStatisticsFacts gather_case_statistics(Connection& c, MunicipalityId m, Date from, Date to);

}  // namespace tsunagu::store
