// Small-number suppression for figures shown to roles without case access (plan-admin, auditor,
// later the prefecture): a count from 1 to 9 is shown as 「10未満」, and so is the next-smallest
// count where a hidden one could be recovered from a total or a percentage shown beside it
// (complementary suppression). Zero is shown: it identifies no one. docs/INDICATORS.md states
// the rule. Pure.
#pragma once

#include <map>

#include "core/case_indicators.hpp"

namespace tsunagu {

inline constexpr int kSmallNumberLimit = 10;  // counts 1..9 are small

constexpr bool is_small_count(int n) { return n > 0 && n < kSmallNumberLimit; }

// Which parts of a ratio are hidden.
struct RatioMask {
  bool numerator = false;
  bool denominator = false;
  bool percent = false;
};

// Which figures of the case indicators are hidden (true: shown as 「10未満」 or not at all).
struct IndicatorMask {
  bool persons_counted = false;
  RatioMask supporters_increased;
  RatioMask local_supporter_after_two_years;
  RatioMask connected_before_release;
  std::map<ReferralState, bool> referrals_by_outcome;
  bool referrals_total = false;
  bool referrals_with_meeting = false;
  bool days_to_first_meeting = false;  // the median and mean over the referrals with a meeting
  bool any() const;
};

// A ratio: the numerator is hidden when it, or the rest of the denominator, is small (either
// could be recovered from the other and the total); the denominator when it is small; the
// percentage whenever the numerator is.
RatioMask ratio_mask(const Ratio& r);

// The cells of a table with their total: the small cells, then while exactly one nonzero cell
// is hidden and the total is shown, the smallest nonzero cell still shown (the hidden one would
// be the total minus the rest); the total when it is small. Returns one flag per cell and the
// total's flag.
std::pair<std::vector<bool>, bool> table_mask(const std::vector<int>& cells, int total);

IndicatorMask small_number_mask(const CaseIndicators& x, int persons_counted);

}  // namespace tsunagu
