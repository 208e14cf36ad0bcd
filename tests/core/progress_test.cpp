#include "core/progress.hpp"

#include <gtest/gtest.h>

namespace tsunagu {
namespace {

using Strings = std::vector<std::string>;

TEST(EvaluationScale, ReadsEveryFormStaffWrite) {
  auto scale = EvaluationScale::ena_default();
  EXPECT_EQ(scale.parse("A(予定通り進行)"), "A");
  EXPECT_EQ(scale.parse("A"), "A");
  EXPECT_EQ(scale.parse("Ａ"), "A");
  EXPECT_EQ(scale.parse("ａ"), "A");
  EXPECT_EQ(scale.parse(" D（その他） "), "D");
  EXPECT_EQ(scale.parse("予定を変更、修正して進行"), "B");
  EXPECT_EQ(scale.parse("B(予定を変更、修正して進行)"), "B");
  EXPECT_EQ(scale.parse("E"), std::nullopt);
  EXPECT_EQ(scale.parse("A(その他)"), std::nullopt);  // code and label disagree
  EXPECT_EQ(scale.parse("A(予定通り進行) 追記"), std::nullopt);
  EXPECT_EQ(scale.parse(""), std::nullopt);
  EXPECT_EQ(EvaluationScale::preset("ena"), EvaluationScale::ena_default());
  EXPECT_EQ(EvaluationScale::preset("five"), EvaluationScale::achievement_five());
  EXPECT_EQ(EvaluationScale::preset("abc"), EvaluationScale::three_step());
  EXPECT_EQ(EvaluationScale::preset("A-D"), std::nullopt);
  EXPECT_EQ(scale.display("C"), "C(予定通り進行していない)");
}

TEST(EvaluationScale, OtherCitiesScales) {
  EXPECT_EQ(EvaluationScale::three_step().grades().size(), 3u);
  EXPECT_EQ(EvaluationScale::three_step().parse("D"), std::nullopt);
  auto five = EvaluationScale::achievement_five();
  EXPECT_EQ(five.parse("５"), "5");
  EXPECT_EQ(five.parse("1"), "1");
  EXPECT_EQ(five.parse("3（目標をほぼ達成）"), "3");
  // A number that is no grade, and a cell naming two grades, are refused, not read as the first.
  EXPECT_EQ(five.parse("3.5"), std::nullopt);
  EXPECT_EQ(five.parse("4、5"), std::nullopt);
  auto abc = EvaluationScale::three_step();
  EXPECT_EQ(abc.parse("A 達成した"), "A");
  EXPECT_EQ(abc.parse("B・C"), std::nullopt);
  EXPECT_EQ(abc.parse("B・C 遅れあり"), std::nullopt);
  EXPECT_EQ(abc.parse("B・一部遅れ"), "B");
  EXPECT_TRUE(five.validate().ok());
  EXPECT_FALSE(EvaluationScale({{"A", "x"}, {"A", "y"}}).validate().ok());
  EXPECT_FALSE(EvaluationScale({}).validate().ok());
}

TEST(Workflow, DraftSubmitReturnResubmitApprove) {
  auto s = EntryState::kDraft;
  EXPECT_EQ(next_state(s, EntryAction::kEdit).value(), EntryState::kDraft);
  s = next_state(s, EntryAction::kSubmit).value();
  EXPECT_EQ(s, EntryState::kSubmitted);
  EXPECT_FALSE(next_state(s, EntryAction::kEdit).ok());
  s = next_state(s, EntryAction::kReturn).value();
  EXPECT_EQ(s, EntryState::kReturned);
  EXPECT_EQ(next_state(s, EntryAction::kEdit).value(), EntryState::kReturned);
  s = next_state(s, EntryAction::kSubmit).value();
  s = next_state(s, EntryAction::kApprove).value();
  EXPECT_EQ(s, EntryState::kApproved);
  auto edit = next_state(s, EntryAction::kEdit);
  ASSERT_FALSE(edit.ok());
  EXPECT_EQ(edit.error().code, "progress.bad_transition");
  EXPECT_FALSE(next_state(EntryState::kDraft, EntryAction::kApprove).ok());
  EXPECT_EQ(next_state(EntryState::kApproved, EntryAction::kReopen).value(), EntryState::kDraft);
}

TEST(Departments, SpacesSeparateBracketsStay) {
  EXPECT_EQ(split_departments("総務課 社会福祉課"), (Strings{"総務課", "社会福祉課"}));
  EXPECT_EQ(split_departments("高齢福祉課 (地域包括支援センター)"),
            (Strings{"高齢福祉課 (地域包括支援センター)"}));
  EXPECT_EQ(split_departments("高齢福祉課　（地域包括支援センター） 総務課"),
            (Strings{"高齢福祉課 （地域包括支援センター）", "総務課"}));
  EXPECT_EQ(split_departments("  商工課  "), (Strings{"商工課"}));
  EXPECT_TRUE(split_departments("").empty());
  EXPECT_EQ(split_departments("総務課 総務課 社会福祉課"), (Strings{"総務課", "社会福祉課"}));
}

TEST(Tally, CountsEveryGradeOfTheScale) {
  auto scale = EvaluationScale::ena_default();
  std::vector<ProgressContent> entries(5);
  entries[0].grade = "A";
  entries[1].grade = "A";
  entries[2].grade = "D";
  auto t = tally(scale, entries);
  EXPECT_EQ(t.total, 5);
  EXPECT_EQ(t.ungraded, 2);
  ASSERT_EQ(t.by_grade.size(), 4u);
  EXPECT_EQ(t.by_grade[0], (std::pair<std::string, int>{"A", 2}));
  EXPECT_EQ(t.by_grade[1], (std::pair<std::string, int>{"B", 0}));
  EXPECT_EQ(t.by_grade[3], (std::pair<std::string, int>{"D", 1}));
}

TEST(ProgressValidation, RefusesUnknownGradesAndNegativeBudgets) {
  auto scale = EvaluationScale::ena_default();
  ProgressContent c;
  c.grade = "Z";
  c.budget_planned = -1;
  auto r = validate_progress(scale, c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details.size(), 2u);
  c.grade = "B";
  c.budget_planned = 1200;
  EXPECT_TRUE(validate_progress(scale, c).ok());
}

}  // namespace
}  // namespace tsunagu
