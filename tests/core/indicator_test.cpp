#include "core/indicator.hpp"

#include <gtest/gtest.h>

namespace tsunagu {
namespace {

Indicator make(double baseline, TargetKind kind, double target) {
  Indicator i;
  i.name = "指標";
  i.unit = "%";
  i.baseline = baseline;
  i.baseline_year = FiscalYear(2023);
  i.target_kind = kind;
  i.target = target;
  i.target_year = FiscalYear(2029);
  return i;
}

TEST(Indicator, RelativeTargetsResolveAgainstTheBaseline) {
  EXPECT_DOUBLE_EQ(target_value(make(40, TargetKind::kRelativePercent, -20)), 32);
  EXPECT_DOUBLE_EQ(target_value(make(55.5, TargetKind::kAbsolute, 70)), 70);
}

TEST(Indicator, OnTrackFollowsAStraightLineInTheTargetsDirection) {
  auto up = make(55.5, TargetKind::kAbsolute, 70);  // +14.5 over 6 years
  EXPECT_NEAR(expected_value(up, FiscalYear(2024)), 55.5 + 14.5 / 6, 1e-9);
  up.actuals = {{FiscalYear(2024), 58}, {FiscalYear(2025), 56}};
  EXPECT_EQ(on_track(up, FiscalYear(2024)), true);
  EXPECT_EQ(on_track(up, FiscalYear(2025)), false);
  EXPECT_EQ(on_track(up, FiscalYear(2026)), std::nullopt);
  auto down = make(40, TargetKind::kRelativePercent, -20);
  down.actuals = {{FiscalYear(2024), 39.5}, {FiscalYear(2025), 37}};
  EXPECT_EQ(on_track(down, FiscalYear(2024)), false);  // expected 38.67
  EXPECT_EQ(on_track(down, FiscalYear(2025)), true);   // expected 37.33
}

TEST(Indicator, ValidationNamesProblems) {
  auto bad = make(10, TargetKind::kRelativePercent, -150);
  bad.name = "";
  bad.target_year = FiscalYear(2020);
  auto r = validate_indicator(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details.size(), 3u);
}

TEST(Indicator, PercentagesAreFoundWithTheirSubjects) {
  auto figures = extract_percentages(
      "更生保護団体の市民への周知度は保護司が55.5%、更生保護女性会が6.6%、協力雇用主が12.4%"
      "、BBS会が1.6%となっております。");
  ASSERT_EQ(figures.size(), 4u);
  EXPECT_DOUBLE_EQ(figures[0].value, 55.5);
  EXPECT_NE(figures[0].context.find("保護司が"), std::string::npos);
  EXPECT_EQ(figures[1].context, "更生保護女性会が");
  EXPECT_DOUBLE_EQ(figures[3].value, 1.6);
  EXPECT_DOUBLE_EQ(extract_percentages("充足率は９０％")[0].value, 90);
  EXPECT_TRUE(extract_percentages("割合は高い%").empty());
}

}  // namespace
}  // namespace tsunagu
