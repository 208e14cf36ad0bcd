// The 基本計画's pure rules: periods, goal and term lines as staff type them, and the checks a
// family header and a member plan pass before anything is stored.
#include <gtest/gtest.h>

#include "core/plan.hpp"

namespace tsunagu {
namespace {

TEST(PlanFamily, PeriodsReadEveryWayStaffWriteThem) {
  for (const char* text :
       {"R6-R11", "R6〜R11", "令和6年度～令和11年度", "2024~2029", "Ｒ６-Ｒ１１"}) {
    auto p = parse_fiscal_period(text);
    ASSERT_TRUE(p.ok()) << text << ": " << p.error().message;
    EXPECT_EQ(p->from, FiscalYear(2024)) << text;
    EXPECT_EQ(p->to, FiscalYear(2029)) << text;
  }
  EXPECT_EQ(parse_fiscal_period("R6").error().code, "fiscal_year.unreadable");
  EXPECT_EQ(parse_fiscal_period("R11-R6").error().code, "plan.invalid");
  EXPECT_EQ(parse_fiscal_period("R6-R99x").error().code, "fiscal_year.unreadable");
}

TEST(PlanFamily, GoalLinesTakeANumberAndATitle) {
  auto a = parse_goal_line("1=一人ひとりの状況に合わせた切れ目がない相談支援");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->no, 1);
  EXPECT_EQ(a->title, "一人ひとりの状況に合わせた切れ目がない相談支援");
  auto b = parse_goal_line("１２．「つながり」を実感できる地域づくり");
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->no, 12);
  EXPECT_EQ(b->title, "「つながり」を実感できる地域づくり");
  EXPECT_EQ(parse_goal_line("3 社会参加").value().title, "社会参加");
  for (const char* bad : {"社会参加", "100 多すぎる", "1=", "  "}) {
    EXPECT_EQ(parse_goal_line(bad).error().code, "plan.invalid") << bad;
  }
}

TEST(PlanFamily, TermLinesTakeNameLabelAndPeriod) {
  auto t = parse_term_line("介護保険事業計画　第9期  R6-R8");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->name, "介護保険事業計画");
  EXPECT_EQ(t->label, "第9期");
  EXPECT_EQ(t->to, FiscalYear(2026));
  EXPECT_EQ(parse_term_line("介護保険事業計画 R6-R8").error().code, "plan.invalid");
  EXPECT_EQ(parse_term_line("介護保険事業計画 第9期 R6").error().code, "fiscal_year.unreadable");
}

TEST(PlanFamily, HeadersAndMembersAreCheckedBeforeTheyAreStored) {
  FamilyHeader h{"基本計画", FiscalYear(2024), FiscalYear(2029), "", {}};
  h.goals = {{{}, 1, "相談", {}}, {{}, 1, "地域", {}}, {{}, 3, "", {}}};
  auto e = validate_family_header(h);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().details.size(), 2u);  // the repeated number and the empty title
  h.goals = {{{}, 1, "相談", {}}, {{}, 2, "地域", {}}};
  EXPECT_TRUE(validate_family_header(h).ok());

  MemberPlan m{4, "再犯防止計画", FiscalYear(2024), FiscalYear(2029), {}};
  EXPECT_TRUE(validate_member(m, FiscalYear(2024), FiscalYear(2029)).ok());
  m.to = FiscalYear(2030);
  EXPECT_EQ(validate_member(m, FiscalYear(2024), FiscalYear(2029)).error().code, "plan.invalid");
  m.to = FiscalYear(2026);
  m.terms = {{"介護保険事業計画", "第10期", FiscalYear(2027), FiscalYear(2030)}};
  EXPECT_FALSE(validate_member(m, FiscalYear(2024), FiscalYear(2029)).ok());
  m.terms = {{"介護保険事業計画", "第10期", FiscalYear(2027),
              FiscalYear(2029)}};  // in the family, past the plan
  EXPECT_FALSE(validate_member(m, FiscalYear(2024), FiscalYear(2029)).ok());
  m.terms.assign(21, {"介護保険事業計画", "第9期", FiscalYear(2024), FiscalYear(2026)});
  EXPECT_FALSE(validate_member(m, FiscalYear(2024), FiscalYear(2029)).ok());
  m.terms.clear();
  m.position = 100;
  EXPECT_FALSE(validate_member(m, FiscalYear(2024), FiscalYear(2029)).ok());
}

TEST(PlanFamily, CodesAreGoalPositionNumber) {
  EXPECT_EQ(policy_code(4, 1, 2), "1-4-2");
  EXPECT_EQ(policy_code(std::nullopt, 4, 2), "4-2");
  Plan p;
  p.members = {{2, "高齢者計画", FiscalYear(2024), FiscalYear(2026), {}}};
  ASSERT_NE(p.member_at(2), nullptr);
  EXPECT_EQ(p.member_at(2)->name, "高齢者計画");
  EXPECT_EQ(p.member_at(4), nullptr);
}

}  // namespace
}  // namespace tsunagu
