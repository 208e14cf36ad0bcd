#include "io/case_indicators_json.hpp"

namespace tsunagu::io {
namespace {

constexpr const char* kHidden = "10未満";

nlohmann::ordered_json count(int n, bool hidden) {
  return hidden ? nlohmann::ordered_json(kHidden) : nlohmann::ordered_json(n);
}

nlohmann::ordered_json ratio(const Ratio& r, const RatioMask& m) {
  nlohmann::ordered_json out{{"numerator", count(r.numerator, m.numerator)},
                             {"denominator", count(r.denominator, m.denominator)}};
  auto p = r.percent();
  if (p && !m.percent)
    out["percent"] = *p;
  else
    out["percent"] = nullptr;
  return out;
}

nlohmann::ordered_json optional_number(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

nlohmann::ordered_json case_indicators_json(const CaseIndicators& x, int persons_counted,
                                            const IndicatorMask* mask) {
  const IndicatorMask none;
  const IndicatorMask& m = mask ? *mask : none;
  auto hidden_state = [&](ReferralState s) {
    auto it = m.referrals_by_outcome.find(s);
    return it != m.referrals_by_outcome.end() && it->second;
  };
  nlohmann::ordered_json outcomes;
  int total = 0;
  for (ReferralState s : {ReferralState::kSent, ReferralState::kAccepted, ReferralState::kDeclined,
                          ReferralState::kCompleted, ReferralState::kWithdrawn}) {
    auto it = x.referrals_by_outcome.find(s);
    int n = it == x.referrals_by_outcome.end() ? 0 : it->second;
    outcomes[std::string(referral_state_name(s))] = count(n, hidden_state(s));
    total += n;
  }
  outcomes["total"] = count(total, m.referrals_total);
  auto days = [&](const std::optional<double>& v) {
    return m.days_to_first_meeting ? nlohmann::ordered_json(nullptr) : optional_number(v);
  };
  nlohmann::ordered_json small_numbers = {
      {"applied", mask != nullptr},
      {"suppressed", m.any()},
      {"rule",
       "1〜9 の件数は「10未満」と表示し、合計や割合から逆算できる件数もあわせて伏せます"
       "（docs/INDICATORS.md）。"}};
  return {
      {"period", {{"from", format_iso_date(x.from)}, {"to", format_iso_date(x.to)}}},
      {"persons_counted", count(persons_counted, m.persons_counted)},
      {"supporters_increased", ratio(x.supporters_increased, m.supporters_increased)},
      {"local_supporter_after_two_years",
       ratio(x.local_supporter_after_two_years, m.local_supporter_after_two_years)},
      {"referrals_by_outcome", outcomes},
      {"days_from_referral_to_first_meeting",
       {{"referrals", count(total, m.referrals_total)},
        {"with_meeting", count(x.referrals_with_meeting, m.referrals_with_meeting)},
        {"median", days(x.median_days_to_first_meeting)},
        {"mean", days(x.mean_days_to_first_meeting)}}},
      {"connected_before_release", ratio(x.connected_before_release, m.connected_before_release)},
      {"small_numbers", small_numbers},
  };
}

}  // namespace tsunagu::io
