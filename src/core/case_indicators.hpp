// The Ministry's example indicators for a municipality's own evaluation (seed 002: 支援開始前と
// 終了時で支援者が増加した対象者の割合, 2年後も地域の支援者が関与している割合, …), computed from
// the case records of a period, over persons who consented to be counted in statistics.
// Definitions, word for word, are in docs/INDICATORS.md. Pure: the store gathers the facts.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/casework.hpp"

namespace tsunagu {

struct Ratio {
  int numerator = 0;
  int denominator = 0;
  std::optional<double> percent() const;  // one decimal; nullopt when the denominator is 0
};

// Facts about one person whose support closed in the period.
struct ClosureFacts {
  int supporters_at_start = 0;
  int supporters_at_end = 0;
};

// One person whose closure's second anniversary falls in the period, with their local
// supporters' spans.
struct TwoYearFacts {
  Date closed_on;
  std::vector<std::pair<Date, std::optional<Date>>> local_spans;  // from, until
};

// One referral sent in the period and the first meeting about the person on or after it.
struct ReferralFacts {
  Date sent_on;
  std::optional<Date> first_meeting;
};

struct CaseIndicators {
  Date from;
  Date to;
  Ratio supporters_increased;             // closures in the period
  Ratio local_supporter_after_two_years;  // closures whose 2nd anniversary is in the period
  std::map<ReferralState, int> referrals_by_outcome;  // referrals sent in the period, by state now
  int referrals_with_meeting = 0;
  std::optional<double> median_days_to_first_meeting;
  std::optional<double> mean_days_to_first_meeting;
  Ratio connected_before_release;  // persons released in the period
};

CaseIndicators compute_case_indicators(Date from, Date to,
                                       const std::vector<ClosureFacts>& closures,
                                       const std::vector<TwoYearFacts>& two_years,
                                       const std::map<ReferralState, int>& outcomes,
                                       const std::vector<ReferralFacts>& referrals,
                                       Ratio connected_before_release);

// The closure window whose second anniversary falls in [from, to].
std::pair<Date, Date> two_years_before(Date from, Date to);

}  // namespace tsunagu
