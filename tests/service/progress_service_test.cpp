#include "service/progress_service.hpp"

#include <gtest/gtest.h>

#include "service/account_service.hpp"
#include "service/plan_service.hpp"
#include "store/audit_store.hpp"
#include "support/test_db.hpp"

namespace tsunagu::service {
namespace {

using tsunagu::testing::TestDatabase;

class ProgressServiceTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << tsunagu::testing::kNoPostgres;
    progress_ = std::make_unique<ProgressService>(test_db_->db(), clock_, audit_);
    AuthOptions options;
    options.hashing = PasswordHashing::fastest_for_tests();
    AccountService accounts(test_db_->db(), clock_, audit_, options);
    auto m = accounts.create_municipality(Actor::operator_at_cli("test", {}), "212105", "恵那市");
    cli_ = Actor::operator_at_cli("test", m->id);
    auto add = [&](const char* name, Role role, const char* department) {
      auto u = accounts.add_user(cli_, {name, "", role, department, "correct horse battery"});
      EXPECT_TRUE(u.ok()) << u.error().message;
      return Actor::of(*u);
    };
    plan_admin_ = add("keikaku", Role::kPlanAdmin, "福祉政策課");
    welfare_ = add("fukushi", Role::kDepartmentEditor, "社会福祉課");
    commerce_ = add("shoko", Role::kDepartmentEditor, "商工課");
    partner_ = add("hogoshi", Role::kPartner, "");
    seed_ = tsunagu::testing::read_file(std::filesystem::path(TSUNAGU_DEMO_DIR) /
                                        "progress_sheet_ena.tsv");
    auto report = progress_->import_sheet(
        plan_admin_, {"恵那市再犯防止推進計画", FiscalYear(2024), "ena.tsv"}, seed_);
    ASSERT_TRUE(report.ok()) << report.error().message;
  }

  // The project named `name` as `actor` sees it in `year`.
  EntryView view(const Actor& actor, const std::string& name, int year = 2025) {
    for (auto& v : *progress_->entries(actor, "", FiscalYear(year))) {
      if (v.project.name == name) return v;
    }
    throw std::runtime_error("not visible: " + name);
  }

  std::string snapshot() {
    auto tally = progress_->tally(plan_admin_, "", FiscalYear(2024), TallyBy::kDepartment);
    auto c = test_db_->db().connection();
    auto head = store::AuditStore(*c).head();
    std::string s = std::to_string(head.seq);
    for (const auto& v : *progress_->entries(plan_admin_, "", FiscalYear(2024))) {
      s += "|" + v.project.name + ":" +
           (v.entry ? v.entry->content.grade.value_or("-") + v.entry->content.done : "");
    }
    return s + std::to_string(tally->overall.total);
  }

  ManualClock clock_{1'764'000'000'000};  // 2025-11
  AuditLog audit_{clock_};
  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<ProgressService> progress_;
  Actor cli_, plan_admin_, welfare_, commerce_, partner_;
  std::string seed_;
};

TEST_P(ProgressServiceTest, SeedImportGivesTheIssuesTally) {
  auto t = progress_->tally(plan_admin_, "", FiscalYear(2024), TallyBy::kNone);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->overall.total, 12);
  EXPECT_EQ(t->overall.by_grade,
            (std::vector<std::pair<std::string, int>>{{"A", 9}, {"B", 0}, {"C", 0}, {"D", 3}}));
  auto by_category = progress_->tally(plan_admin_, "", FiscalYear(2024), TallyBy::kCategory);
  ASSERT_EQ(by_category->groups.size(), 4u);
  EXPECT_EQ(by_category->groups[0].label, "(1)住居・就労の確保など");
  EXPECT_EQ(by_category->groups[0].tally.total, 4);
  auto by_department = progress_->tally(plan_admin_, "", FiscalYear(2024), TallyBy::kDepartment);
  bool found = false;
  for (const auto& g : by_department->groups) {
    if (g.label == "社会福祉課") {
      found = true;
      EXPECT_EQ(g.tally.total, 6);  // 4 of its own + 2 shared with 総務課
    }
  }
  EXPECT_TRUE(found);
  auto next_plan = view(plan_admin_, "生活保護", 2024).entry->content.next_plan;
  EXPECT_EQ(next_plan, "生活困窮の状況に応じて、生活保護を実施する。");
  // Importing the same sheet again changes nothing but the import's own audit row.
  auto again = progress_->import_sheet(
      plan_admin_, {"恵那市再犯防止推進計画", FiscalYear(2024), "ena.tsv"}, seed_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->projects_created, 0);
  EXPECT_EQ(again->entries_updated, 12);
}

TEST_P(ProgressServiceTest, ABadSheetChangesNothing) {
  const std::string before = snapshot();
  std::string bad = seed_;
  bad.replace(bad.find("A(予定通り進行)"), std::string("A(予定通り進行)").size(), "S(すばらしい)");
  auto r = progress_->import_sheet(plan_admin_,
                                   {"恵那市再犯防止推進計画", FiscalYear(2024), "ena.tsv"}, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "import.bad_row");
  auto outside = progress_->import_sheet(
      plan_admin_, {"恵那市再犯防止推進計画", FiscalYear(2040), "ena.tsv"}, seed_);
  ASSERT_FALSE(outside.ok());
  auto not_sheet =
      progress_->import_sheet(plan_admin_, {"恵那市再犯防止推進計画", FiscalYear(2024), "x.xlsx"},
                              std::string("PK\x03\x04garbage", 11));
  ASSERT_FALSE(not_sheet.ok());
  EXPECT_EQ(snapshot(), before);
  auto forbidden = progress_->import_sheet(
      welfare_, {"恵那市再犯防止推進計画", FiscalYear(2024), "ena.tsv"}, seed_);
  EXPECT_EQ(forbidden.error().code, "auth.forbidden");
}

TEST_P(ProgressServiceTest, EditorFillsSubmitsIsReturnedFixesAndIsApproved) {
  auto project = view(welfare_, "生活保護").project.id;
  ProgressContent draft;
  draft.grade = "B";
  draft.done = "扶助費を支給した。";
  draft.next_plan = "継続する。";
  draft.budget_planned = 1200;
  auto saved = progress_->save(welfare_, project, FiscalYear(2025), draft, 0);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(saved->state, EntryState::kDraft);
  auto submitted =
      progress_->act(welfare_, project, FiscalYear(2025), EntryAction::kSubmit, saved->version);
  ASSERT_TRUE(submitted.ok()) << submitted.error().message;
  EXPECT_EQ(submitted->state, EntryState::kSubmitted);
  EXPECT_FALSE(progress_->save(welfare_, project, FiscalYear(2025), draft, submitted->version)
                   .ok());  // locked

  auto no_comment = progress_->act(plan_admin_, project, FiscalYear(2025), EntryAction::kReturn,
                                   submitted->version);
  EXPECT_EQ(no_comment.error().code, "progress.invalid");
  auto returned = progress_->act(plan_admin_, project, FiscalYear(2025), EntryAction::kReturn,
                                 submitted->version, "実績の人数を書いてください。");
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->state, EntryState::kReturned);
  EXPECT_EQ(returned->return_comment, "実績の人数を書いてください。");

  draft.done = "95世帯111人へ扶助費を支給した。";
  auto fixed = progress_->save(welfare_, project, FiscalYear(2025), draft, returned->version);
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->state, EntryState::kReturned);
  auto again =
      progress_->act(welfare_, project, FiscalYear(2025), EntryAction::kSubmit, fixed->version);
  ASSERT_TRUE(again.ok());
  auto before = progress_->tally(plan_admin_, "", FiscalYear(2025), TallyBy::kNone);
  auto approved =
      progress_->act(plan_admin_, project, FiscalYear(2025), EntryAction::kApprove, again->version);
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->state, EntryState::kApproved);
  EXPECT_TRUE(approved->return_comment.empty());
  EXPECT_EQ(before->overall.total, 0);  // waiting for review: not yet counted
  auto after = progress_->tally(plan_admin_, "", FiscalYear(2025), TallyBy::kNone);
  EXPECT_EQ(after->overall.by_grade[1].second, 1);  // B, once approved

  auto history = progress_->history(plan_admin_, project, FiscalYear(2025));
  ASSERT_TRUE(history.ok());
  std::vector<std::string> actions;
  for (const auto& h : *history) actions.push_back(h.action);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"edit", "submit", "return", "edit", "submit", "approve"}));
  EXPECT_EQ((*history)[2].comment, "実績の人数を書いてください。");
  EXPECT_EQ((*history)[0].content.done, "扶助費を支給した。");
}

TEST_P(ProgressServiceTest, DepartmentsSeeAndEditOnlyTheirOwnProjects) {
  auto mine = progress_->entries(commerce_, "", FiscalYear(2025));
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].project.name, "協力雇用主の支援・拡大及び求人情報の提供");
  EXPECT_EQ(progress_->entries(welfare_, "", FiscalYear(2025))->size(), 6u);
  EXPECT_EQ(progress_->entries(plan_admin_, "", FiscalYear(2025))->size(), 12u);
  auto others = view(welfare_, "生活保護").project.id;
  ProgressContent c;
  c.grade = "A";
  auto r = progress_->save(commerce_, others, FiscalYear(2025), c, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "auth.forbidden");
  EXPECT_EQ(progress_->entries(partner_, "", FiscalYear(2025)).error().code, "auth.forbidden");
  auto approve = progress_->act(welfare_, others, FiscalYear(2025), EntryAction::kApprove, 0);
  EXPECT_EQ(approve.error().code, "auth.forbidden");
}

TEST_P(ProgressServiceTest, AStaleSaveIsRefusedAndNothingIsLost) {
  auto project = view(welfare_, "生活保護").project.id;
  ProgressContent first;
  first.grade = "A";
  first.done = "一人目";
  auto saved = progress_->save(welfare_, project, FiscalYear(2025), first, 0);
  ASSERT_TRUE(saved.ok());
  ProgressContent second = first;
  second.done = "二人目（古い画面から）";
  auto stale = progress_->save(plan_admin_, project, FiscalYear(2025), second, 0);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, "progress.stale_version");
  EXPECT_EQ(view(welfare_, "生活保護").entry->content.done, "一人目");
  ProgressContent unknown = first;
  unknown.grade = "Z";
  EXPECT_EQ(
      progress_->save(welfare_, project, FiscalYear(2025), unknown, saved->version).error().code,
      "progress.invalid");
  auto ungraded = ProgressContent{};
  auto draft = progress_->save(welfare_, view(welfare_, "障がい者支援の実施").project.id,
                               FiscalYear(2025), ungraded, 0);
  ASSERT_TRUE(draft.ok());
  EXPECT_EQ(
      progress_
          ->act(welfare_, draft->project, FiscalYear(2025), EntryAction::kSubmit, draft->version)
          .error()
          .code,
      "progress.invalid");  // a grade is needed to submit
}

TEST_P(ProgressServiceTest, AScaleThatWouldOrphanGradesInUseIsRefused) {
  auto r = progress_->set_scale(plan_admin_, "",
                                EvaluationScale::three_step());  // no D, but R6 has 3 Ds
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "scale.in_use");
  EXPECT_EQ(
      progress_->tally(plan_admin_, "", FiscalYear(2024), TallyBy::kNone)->overall.by_grade.size(),
      4u);
  EvaluationScale wider({{"A", "予定通り進行"},
                         {"B", "予定を変更、修正して進行"},
                         {"C", "予定通り進行していない"},
                         {"D", "その他"},
                         {"E", "未着手"}});
  ASSERT_TRUE(progress_->set_scale(plan_admin_, "", wider).ok());
  EXPECT_EQ(
      progress_->tally(plan_admin_, "", FiscalYear(2024), TallyBy::kNone)->overall.by_grade.size(),
      5u);
  EXPECT_EQ(progress_->set_scale(welfare_, "", wider).error().code, "auth.forbidden");
}

TEST_P(ProgressServiceTest, YearStatusListsWhoHasNotSubmitted) {
  ASSERT_TRUE(progress_->open_year(plan_admin_, "", FiscalYear(2025), Date{2025, 10, 31}).ok());
  EXPECT_FALSE(progress_->open_year(welfare_, "", FiscalYear(2025), Date{2025, 10, 31}).ok());
  EXPECT_FALSE(progress_->open_year(plan_admin_, "", FiscalYear(2050), Date{2050, 10, 31}).ok());
  auto project = view(commerce_, "協力雇用主の支援・拡大及び求人情報の提供").project.id;
  ProgressContent c;
  c.grade = "C";
  auto saved = progress_->save(commerce_, project, FiscalYear(2025), c, 0);
  ASSERT_TRUE(
      progress_->act(commerce_, project, FiscalYear(2025), EntryAction::kSubmit, saved->version)
          .ok());
  auto status = progress_->year_status(plan_admin_, "", FiscalYear(2025));
  ASSERT_TRUE(status.ok());
  EXPECT_TRUE(status->past_deadline);  // the clock is in November 2025
  for (const auto& d : status->departments) {
    if (d.department == "商工課") {
      EXPECT_EQ(d.submitted, 1);
      EXPECT_TRUE(d.missing.empty());
    }
    if (d.department == "社会福祉課") {
      EXPECT_EQ(d.submitted, 0);
      EXPECT_EQ(d.missing.size(), 6u);
    }
  }
}

TEST_P(ProgressServiceTest, ExportThenImportGivesBackTheSameEntries) {
  auto data = progress_->sheet(plan_admin_, "", FiscalYear(2024));
  ASSERT_TRUE(data.ok());
  tsunagu::testing::TempDir dir;
  ASSERT_TRUE(io::write_progress_xlsx(*data, (dir / "r6.xlsx").string()).ok());
  const std::string before = snapshot();
  auto report =
      progress_->import_sheet(plan_admin_, {"恵那市再犯防止推進計画", FiscalYear(2024), "r6.xlsx"},
                              tsunagu::testing::read_file(dir / "r6.xlsx"));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->projects_created, 0);
  EXPECT_TRUE(report->warnings.empty());
  // Same entries; only the audit log has one more row.
  std::string after = snapshot();
  EXPECT_EQ(after.substr(after.find('|')), before.substr(before.find('|')));
  auto csv = io::progress_csv(*data, io::CsvEncoding::kCp932);
  auto from_csv = progress_->import_sheet(
      plan_admin_, {"恵那市再犯防止推進計画", FiscalYear(2024), "r6.csv"}, csv.bytes);
  ASSERT_TRUE(from_csv.ok()) << from_csv.error().message;
  after = snapshot();
  EXPECT_EQ(after.substr(after.find('|')), before.substr(before.find('|')));
}

TEST_P(ProgressServiceTest, TallyByGoalFollowsTheLinkedPoliciesInGoalOrder) {
  PlanService plans(test_db_->db(), clock_, audit_);
  ASSERT_TRUE(
      plans
          .import_policy_table(plan_admin_,
                               {"恵那市再犯防止推進計画", FiscalYear(2024), FiscalYear(2029), 4},
                               tsunagu::testing::read_file(tsunagu::testing::policy_table_seed()))
          .ok());
  // Linked in the opposite order to the goals: goal 4 first, then goal 2.
  ASSERT_TRUE(
      progress_->link_policy(plan_admin_, view(plan_admin_, "生活保護").project.id, "4-4-3").ok());
  ASSERT_TRUE(progress_
                  ->link_policy(
                      plan_admin_,
                      view(plan_admin_, "「社会を明るくする運動」の広報・周知").project.id, "2-4-1")
                  .ok());
  EXPECT_EQ(progress_->link_policy(plan_admin_, view(plan_admin_, "生活保護").project.id, "9-9-9")
                .error()
                .code,
            "policy.not_found");
  auto report = progress_->tally(plan_admin_, "", FiscalYear(2024), TallyBy::kGoal);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->groups.size(), 3u);
  EXPECT_EQ(report->groups[0].label.rfind("基本目標2", 0), 0u);
  EXPECT_EQ(report->groups[0].tally.total, 1);
  EXPECT_EQ(report->groups[1].label.rfind("基本目標4", 0), 0u);
  EXPECT_EQ(report->groups[1].tally.total, 1);
  EXPECT_EQ(report->groups[2].label, "施策未設定");
  EXPECT_EQ(report->groups[2].tally.total, 10);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProgressServiceTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::service
