#include "core/implementation.hpp"

#include <gtest/gtest.h>

namespace tsunagu {
namespace {

TEST(Implementation, LabelsAndWindows) {
  EXPECT_EQ(revision_label(FiscalYear(2024), true), "令和6年7月策定");
  EXPECT_EQ(revision_label(FiscalYear(2025), false), "令和7年7月改定");
  EXPECT_EQ(revision_label(FiscalYear(2019), false), "令和元年7月改定");
  auto plans = planning_window(FiscalYear(2025));
  ASSERT_EQ(plans.size(), 3u);
  EXPECT_EQ(plans[0].short_name(), "R7");
  EXPECT_EQ(plans[2].short_name(), "R9");
  EXPECT_TRUE(results_window(FiscalYear(2024), FiscalYear(2024)).empty());  // 策定時は未記載
  auto results = results_window(FiscalYear(2026), FiscalYear(2024));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].short_name(), "R6");
  EXPECT_EQ(results_window(FiscalYear(2029), FiscalYear(2024)).size(), 3u);
}

TEST(Implementation, ComparesItemByItemAndFieldByField) {
  Revision r6;
  r6.year = FiscalYear(2024);
  ImplementationItem a;
  a.code = "4-4-2";
  a.title = "住居";
  a.end_target = "確保されている";
  a.years = {{FiscalYear(2024), "紹介", 1200, ""}};
  ImplementationItem gone;
  gone.code = "5-4-1";
  r6.items = {a, gone};
  Revision r7 = r6;
  r7.year = FiscalYear(2025);
  r7.items.pop_back();
  r7.items[0].years[0].results = "3件つないだ";
  r7.items[0].years.push_back({FiscalYear(2025), "継続", std::nullopt, ""});
  ImplementationItem added;
  added.code = "5-4-4";
  r7.items.push_back(added);
  auto cmp = compare_revisions(r6, r7);
  ASSERT_EQ(cmp.size(), 3u);
  EXPECT_EQ(cmp[0].code, "4-4-2");
  EXPECT_EQ(cmp[0].difference, ItemDifference::kChanged);
  ASSERT_EQ(cmp[0].changes.size(), 2u);
  EXPECT_EQ(cmp[0].changes[0].field, "R6.results");
  EXPECT_EQ(cmp[0].changes[0].after, "3件つないだ");
  EXPECT_EQ(cmp[0].changes[1].field, "R7.planned_work");
  EXPECT_EQ(cmp[1].difference, ItemDifference::kAdded);
  EXPECT_EQ(cmp[2].code, "5-4-1");
  EXPECT_EQ(cmp[2].difference, ItemDifference::kRemoved);
  EXPECT_EQ(compare_revisions(r6, r6)[0].difference, ItemDifference::kSame);
}

TEST(Implementation, ValidationRefusesNegativeCost) {
  ImplementationItem i;
  i.years = {{FiscalYear(2024), "", -5, ""}};
  EXPECT_FALSE(validate_item(i).ok());
}

TEST(ComparisonFieldLabel, NamesFieldsAndYearsInJapanese) {
  EXPECT_EQ(comparison_field_label("end_target"), "計画期間終了時点の到達目標");
  EXPECT_EQ(comparison_field_label("R7.planned_work"), "令和7年度 取組内容");
  EXPECT_EQ(comparison_field_label("R1.cost"), "令和元年度 事業費（千円）");
  EXPECT_EQ(comparison_field_label("R6.results"), "令和6年度 取組状況（成果）");
  EXPECT_EQ(comparison_field_label("unknown"), "unknown");
}

}  // namespace
}  // namespace tsunagu
