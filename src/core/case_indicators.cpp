#include "core/case_indicators.hpp"

#include <algorithm>
#include <cmath>

namespace tsunagu {

std::optional<double> Ratio::percent() const {
  if (denominator == 0) return std::nullopt;
  return std::round(1000.0 * numerator / denominator) / 10.0;
}

std::pair<Date, Date> two_years_before(Date from, Date to) {
  return {add_months(from, -24), add_months(to, -24)};
}

CaseIndicators compute_case_indicators(Date from, Date to,
                                       const std::vector<ClosureFacts>& closures,
                                       const std::vector<TwoYearFacts>& two_years,
                                       const std::map<ReferralState, int>& outcomes,
                                       const std::vector<ReferralFacts>& referrals,
                                       Ratio connected_before_release) {
  CaseIndicators out;
  out.from = from;
  out.to = to;
  for (const auto& c : closures) {
    ++out.supporters_increased.denominator;
    if (c.supporters_at_end > c.supporters_at_start) ++out.supporters_increased.numerator;
  }
  for (const auto& t : two_years) {
    ++out.local_supporter_after_two_years.denominator;
    const Date anniversary = add_months(t.closed_on, 24);
    bool involved = std::any_of(t.local_spans.begin(), t.local_spans.end(), [&](const auto& s) {
      return s.first <= anniversary && (!s.second || anniversary <= *s.second);
    });
    if (involved) ++out.local_supporter_after_two_years.numerator;
  }
  out.referrals_by_outcome = outcomes;
  std::vector<int> days;
  for (const auto& r : referrals) {
    if (r.first_meeting) days.push_back(days_between(r.sent_on, *r.first_meeting));
  }
  out.referrals_with_meeting = static_cast<int>(days.size());
  if (!days.empty()) {
    std::sort(days.begin(), days.end());
    std::size_t n = days.size();
    out.median_days_to_first_meeting =
        n % 2 == 1 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
    double sum = 0;
    for (int d : days) sum += d;
    out.mean_days_to_first_meeting = std::round(10.0 * sum / static_cast<double>(n)) / 10.0;
  }
  out.connected_before_release = connected_before_release;
  return out;
}

}  // namespace tsunagu
