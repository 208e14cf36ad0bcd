// Issue 12, small numbers. Indicators shown to roles without case access (plan-admin, auditor)
// showed exact counts, so a figure of 1 or 2 over a short period pointed at a person. Now counts
// from 1 to 9 read 「10未満」, with the next-smallest cell hidden too where a total or a
// percentage would give the hidden one back; a period shorter than a month is refused for them;
// the coordinator sees exact figures.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/small_numbers.hpp"
#include "io/case_indicators_json.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::security::small_numbers_test {
namespace {

using nlohmann::json;

TEST(SmallNumbers, ARatioHidesASmallPartAndThePercentThatWouldGiveItBack) {
  auto m = ratio_mask({3, 40});
  EXPECT_TRUE(m.numerator);
  EXPECT_FALSE(m.denominator);
  EXPECT_TRUE(m.percent);
  m = ratio_mask({36, 40});  // the 4 others are small: 36 of 40 would give them back
  EXPECT_TRUE(m.numerator);
  EXPECT_TRUE(m.percent);
  m = ratio_mask({20, 40});
  EXPECT_FALSE(m.numerator || m.denominator || m.percent);
  m = ratio_mask({0, 40});  // zero identifies no one
  EXPECT_FALSE(m.numerator || m.percent);
  m = ratio_mask({2, 7});
  EXPECT_TRUE(m.numerator && m.denominator && m.percent);
}

TEST(SmallNumbers, ATableHidesASecondCellWhereTheTotalWouldGiveTheFirstBack) {
  // 3 is small; with the total shown it is 50 − the rest, so the smallest other (12) goes too.
  auto [cells, total] = table_mask({20, 15, 3, 12, 0}, 50);
  EXPECT_EQ(cells, (std::vector<bool>{false, false, true, true, false}));
  EXPECT_FALSE(total);
  // Two small cells already protect each other.
  std::tie(cells, total) = table_mask({20, 15, 3, 4, 0}, 42);
  EXPECT_EQ(cells, (std::vector<bool>{false, false, true, true, false}));
  // A small total hides every nonzero cell.
  std::tie(cells, total) = table_mask({2, 0, 1, 0, 0}, 3);
  EXPECT_TRUE(total);
  EXPECT_EQ(cells, (std::vector<bool>{true, false, true, false, false}));
}

TEST(SmallNumbers, TheJsonSaysWhatWasHidden) {
  CaseIndicators x;
  x.from = {2025, 4, 1};
  x.to = {2026, 3, 31};
  x.supporters_increased = {4, 30};
  x.connected_before_release = {15, 25};
  x.referrals_by_outcome = {{ReferralState::kAccepted, 30}, {ReferralState::kDeclined, 2}};
  x.referrals_with_meeting = 5;
  x.median_days_to_first_meeting = 12;
  auto mask = small_number_mask(x, 40);
  auto j = io::case_indicators_json(x, 40, &mask);
  EXPECT_EQ(j["supporters_increased"]["numerator"], "10未満");
  EXPECT_EQ(j["supporters_increased"]["denominator"], 30);
  EXPECT_TRUE(j["supporters_increased"]["percent"].is_null());
  EXPECT_EQ(j["connected_before_release"]["numerator"], 15);
  EXPECT_EQ(j["referrals_by_outcome"]["declined"], "10未満");
  EXPECT_EQ(j["referrals_by_outcome"]["accepted"], "10未満") << "complementary to declined";
  EXPECT_EQ(j["referrals_by_outcome"]["total"], 32);
  EXPECT_EQ(j["days_from_referral_to_first_meeting"]["with_meeting"], "10未満");
  EXPECT_TRUE(j["days_from_referral_to_first_meeting"]["median"].is_null());
  EXPECT_EQ(j["small_numbers"]["suppressed"], true);
  auto exact = io::case_indicators_json(x, 40);
  EXPECT_EQ(exact["supporters_increased"]["numerator"], 4);
  EXPECT_EQ(exact["small_numbers"]["applied"], false);
}

TEST(SmallNumbersApi, RolesWithoutCaseAccessGetTheRuleAndNoShortPeriod) {
  tsunagu::testing::TestApp app;
  for (auto [name, role] :
       {std::pair{"keikaku", Role::kPlanAdmin}, std::pair{"chosei", Role::kCaseCoordinator},
        std::pair{"kansa", Role::kAuditor}}) {
    ASSERT_TRUE(
        app.accounts
            ->add_user(app.operator_actor, {name, "", role, "福祉政策課", "correct horse battery"})
            .ok());
  }
  auto get = [&](const char* user, const std::string& query) {
    auto who = tsunagu::testing::login(app.port, user, "correct horse battery");
    return tsunagu::testing::http_as(app.port, who, "GET", "/api/v1/indicators?" + query);
  };
  const std::string week = "from=2026-05-01&to=2026-05-07";
  auto refused = get("keikaku", week);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(json::parse(refused.body)["error"]["code"], "indicators.period_too_short");
  EXPECT_EQ(get("kansa", week).status, 422);
  EXPECT_EQ(get("chosei", week).status, 200) << "the coordinator sees any period";
  EXPECT_EQ(get("keikaku", "from=2026-05-01&to=2026-05-31").status, 200);  // a whole month
  auto published = json::parse(get("keikaku", "from=2025-04-01&to=2026-03-31").body);
  EXPECT_EQ(published["small_numbers"]["applied"], true);
  auto exact = json::parse(get("chosei", "from=2025-04-01&to=2026-03-31").body);
  EXPECT_EQ(exact["small_numbers"]["applied"], false);
}

}  // namespace
}  // namespace tsunagu::security::small_numbers_test
