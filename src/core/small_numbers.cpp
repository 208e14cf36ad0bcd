#include "core/small_numbers.hpp"

#include <algorithm>

namespace tsunagu {

bool IndicatorMask::any() const {
  auto in = [](const RatioMask& r) { return r.numerator || r.denominator || r.percent; };
  bool outcomes = std::any_of(referrals_by_outcome.begin(), referrals_by_outcome.end(),
                              [](const auto& kv) { return kv.second; });
  return persons_counted || in(supporters_increased) || in(local_supporter_after_two_years) ||
         in(connected_before_release) || outcomes || referrals_total || referrals_with_meeting ||
         days_to_first_meeting;
}

RatioMask ratio_mask(const Ratio& r) {
  RatioMask m;
  m.denominator = is_small_count(r.denominator);
  m.numerator = m.denominator
                    ? r.numerator > 0
                    : is_small_count(r.numerator) || is_small_count(r.denominator - r.numerator);
  m.percent = m.numerator || m.denominator;
  return m;
}

std::pair<std::vector<bool>, bool> table_mask(const std::vector<int>& cells, int total) {
  std::vector<bool> hidden(cells.size(), false);
  const bool total_hidden = is_small_count(total);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    hidden[i] = total_hidden ? cells[i] > 0 : is_small_count(cells[i]);
  }
  if (!total_hidden) {
    auto hidden_nonzero = [&] {
      int n = 0;
      for (std::size_t i = 0; i < cells.size(); ++i) n += hidden[i] && cells[i] > 0;
      return n;
    };
    // One hidden cell is the total minus the others: hide the smallest nonzero one shown.
    while (hidden_nonzero() == 1) {
      std::size_t pick = cells.size();
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (!hidden[i] && cells[i] > 0 && (pick == cells.size() || cells[i] < cells[pick]))
          pick = i;
      }
      if (pick == cells.size()) break;  // nothing left to hide beside it
      hidden[pick] = true;
    }
  }
  return {hidden, total_hidden};
}

IndicatorMask small_number_mask(const CaseIndicators& x, int persons_counted) {
  IndicatorMask m;
  m.persons_counted = is_small_count(persons_counted);
  m.supporters_increased = ratio_mask(x.supporters_increased);
  m.local_supporter_after_two_years = ratio_mask(x.local_supporter_after_two_years);
  m.connected_before_release = ratio_mask(x.connected_before_release);
  std::vector<ReferralState> states;
  std::vector<int> cells;
  int total = 0;
  for (ReferralState s : {ReferralState::kSent, ReferralState::kAccepted, ReferralState::kDeclined,
                          ReferralState::kCompleted, ReferralState::kWithdrawn}) {
    auto it = x.referrals_by_outcome.find(s);
    int n = it == x.referrals_by_outcome.end() ? 0 : it->second;
    states.push_back(s);
    cells.push_back(n);
    total += n;
  }
  auto [hidden, total_hidden] = table_mask(cells, total);
  for (std::size_t i = 0; i < states.size(); ++i) m.referrals_by_outcome[states[i]] = hidden[i];
  m.referrals_total = total_hidden;
  // The referrals with a meeting are a ratio of the total; the days are an average over them.
  RatioMask meeting = ratio_mask(Ratio{x.referrals_with_meeting, total});
  m.referrals_with_meeting = meeting.numerator;
  m.days_to_first_meeting = meeting.numerator;
  return m;
}

}  // namespace tsunagu
