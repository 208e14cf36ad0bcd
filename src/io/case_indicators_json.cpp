#include "io/case_indicators_json.hpp"

namespace tsunagu::io {
namespace {

nlohmann::ordered_json ratio(const Ratio& r) {
  nlohmann::ordered_json out{{"numerator", r.numerator}, {"denominator", r.denominator}};
  if (auto p = r.percent())
    out["percent"] = *p;
  else
    out["percent"] = nullptr;
  return out;
}

nlohmann::ordered_json optional_number(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

nlohmann::ordered_json case_indicators_json(const CaseIndicators& x, int persons_counted) {
  nlohmann::ordered_json outcomes;
  int total = 0;
  for (ReferralState s : {ReferralState::kSent, ReferralState::kAccepted, ReferralState::kDeclined,
                          ReferralState::kCompleted, ReferralState::kWithdrawn}) {
    auto it = x.referrals_by_outcome.find(s);
    int n = it == x.referrals_by_outcome.end() ? 0 : it->second;
    outcomes[std::string(referral_state_name(s))] = n;
    total += n;
  }
  outcomes["total"] = total;
  return {
      {"period", {{"from", format_iso_date(x.from)}, {"to", format_iso_date(x.to)}}},
      {"persons_counted", persons_counted},
      {"supporters_increased", ratio(x.supporters_increased)},
      {"local_supporter_after_two_years", ratio(x.local_supporter_after_two_years)},
      {"referrals_by_outcome", outcomes},
      {"days_from_referral_to_first_meeting",
       {{"referrals", total},
        {"with_meeting", x.referrals_with_meeting},
        {"median", optional_number(x.median_days_to_first_meeting)},
        {"mean", optional_number(x.mean_days_to_first_meeting)}}},
      {"connected_before_release", ratio(x.connected_before_release)},
  };
}

}  // namespace tsunagu::io
