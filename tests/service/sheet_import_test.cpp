// Importing a city's own sheets (issue 13) through ProgressService, on both backends: the
// scale given at import or by `plan create`, next year's file updating the same projects,
// the saved mapping, extra fields kept and exported, the preview writing nothing.
#include <gtest/gtest.h>

#include <map>

#include "io/progress_export.hpp"
#include "service/account_service.hpp"
#include "service/plan_service.hpp"
#include "service/progress_service.hpp"
#include "store/audit_store.hpp"
#include "support/test_db.hpp"

namespace tsunagu::service {
namespace {

using tsunagu::testing::TestDatabase;

std::string case_input(const std::string& name, const std::string& file) {
  return tsunagu::testing::read_file(
      tsunagu::testing::test_data("progress_sheet/" + name + "/" + file));
}

EvaluationScale abc_achieved() {
  return EvaluationScale(
      {{"A", "目標を達成した"}, {"B", "目標をおおむね達成した"}, {"C", "目標を達成できなかった"}});
}

class SheetImportTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << tsunagu::testing::kNoPostgres;
    progress_ = std::make_unique<ProgressService>(test_db_->db(), clock_, audit_);
    plans_ = std::make_unique<PlanService>(test_db_->db(), clock_, audit_);
    AuthOptions options;
    options.hashing = PasswordHashing::fastest_for_tests();
    AccountService accounts(test_db_->db(), clock_, audit_, options);
    auto m = accounts.create_municipality(Actor::operator_at_cli("test", {}), "999991", "架空市");
    cli_ = Actor::operator_at_cli("test", m->id);
    auto u = accounts.add_user(cli_, {"keikaku", "", Role::kPlanAdmin, "企画課", "correct horse"});
    ASSERT_TRUE(u.ok()) << u.error().message;
    plan_admin_ = Actor::of(*u);
  }

  std::int64_t audit_head() {
    auto c = test_db_->db().connection();
    return store::AuditStore(*c).head().seq;
  }

  ProgressSheetImport request(const std::string& plan, int year, const std::string& file) {
    ProgressSheetImport r;
    r.plan_name = plan;
    r.year = FiscalYear(year);
    r.file_name = file;
    return r;
  }

  ManualClock clock_{1'764'000'000'000};
  AuditLog audit_{clock_};
  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<ProgressService> progress_;
  std::unique_ptr<PlanService> plans_;
  Actor cli_, plan_admin_;
};

TEST_P(SheetImportTest, AFiveStepSheetCreatesItsPlanWithThatScale) {
  auto r = request("評価計画", 2024, "input.csv");
  r.scale = EvaluationScale::achievement_five();
  auto report =
      progress_->import_sheet(plan_admin_, r, case_input("cp932_csv_grades_1_to_5", "input.csv"));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->plan_created);
  EXPECT_EQ(report->header_line, 4);
  ASSERT_EQ(report->tally.by_grade.size(), 5u);
  for (const auto& [code, n] : report->tally.by_grade) EXPECT_EQ(n, 1) << code;
  auto scale = progress_->scale(plan_admin_, "評価計画");
  ASSERT_TRUE(scale.ok());
  EXPECT_EQ(*scale, EvaluationScale::achievement_five());
  // A scale that differs from the existing plan's is refused, not applied behind the user.
  r.scale = EvaluationScale::three_step();
  const auto head = audit_head();
  auto refused =
      progress_->import_sheet(plan_admin_, r, case_input("cp932_csv_grades_1_to_5", "input.csv"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "import.scale_differs");
  EXPECT_EQ(audit_head(), head);
}

TEST_P(SheetImportTest, APlanCreatedFirstGivesItsScaleToTheImport) {
  auto id = plans_->create_plan(plan_admin_, "評価計画", FiscalYear(2023), FiscalYear(2027),
                                abc_achieved());
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto again = plans_->create_plan(plan_admin_, "評価計画", FiscalYear(2023), FiscalYear(2027),
                                   abc_achieved());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "plan.exists");
  auto report =
      progress_->import_sheet(plan_admin_, request("評価計画", 2023, "input.xlsx"),
                              case_input("legend_sheet_first_merged_policy", "input.xlsx"));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_FALSE(report->plan_created);
  EXPECT_EQ(report->sheet_name, "R5評価");
  EXPECT_EQ(report->projects_created, 5);
  EXPECT_EQ(report->categories, 2);
  auto tally = progress_->tally(plan_admin_, "評価計画", FiscalYear(2023), TallyBy::kCategory);
  ASSERT_TRUE(tally.ok());
  ASSERT_EQ(tally->groups.size(), 2u);
  EXPECT_EQ(tally->groups[0].label, "(1)就労・住居の確保");
  EXPECT_EQ(tally->groups[0].tally.total, 3);
}

// Next year's sheet of the same layout: matched by code within the 施策, a renamed project
// reported as renamed, a project left out reported as gone (and kept), a new one added.
TEST_P(SheetImportTest, NextYearsSheetUpdatesTheSameProjectsAndSaysWhatChanged) {
  auto r = request("評価計画", 2023, "input.xlsx");
  r.scale = abc_achieved();
  ASSERT_TRUE(progress_
                  ->import_sheet(plan_admin_, r,
                                 case_input("legend_sheet_first_merged_policy", "input.xlsx"))
                  .ok());
  const std::string next =
      "施策\tNo.\t事業名\t所管課\tR6実績\t評価\n"
      "(1)就労・住居の確保\t0704-01\t就労相談会の開催\t産業政策課\t年6回開催した。\tA\n"
      "\t0704-02\t市営住宅の入居支援\t住宅課\t入居を支援した。\tA\n"
      "(2)保健医療・福祉サービスの利用促進\t0705-01\t高齢者の相談支援\t高齢者支援課\t相談に応じた。"
      "\tB\n"
      "\t0705-02\t障がい福祉サービスの案内\t障がい福祉課\t案内を行った。\tB\n"
      "\t0705-03\t依存症の相談窓口\t保健所\t窓口を開いた。\tA\n";
  auto preview = progress_->preview_sheet(plan_admin_, request("評価計画", 2024, "r6.tsv"), next);
  ASSERT_TRUE(preview.ok()) << preview.error().message;
  auto report = progress_->import_sheet(plan_admin_, request("評価計画", 2024, "r6.tsv"), next);
  ASSERT_TRUE(report.ok()) << report.error().message;
  for (const auto* changes : {&preview->changes, &report->changes}) {
    ASSERT_EQ(changes->renamed.size(), 1u);
    EXPECT_EQ(changes->renamed[0].number, "(1)-0704-02");
    EXPECT_EQ(changes->renamed[0].from, "市営住宅の情報提供");
    EXPECT_EQ(changes->renamed[0].to, "市営住宅の入居支援");
    ASSERT_EQ(changes->gone.size(), 1u);
    EXPECT_EQ(changes->gone[0], "(1)-0704-03 職業訓練の案内");
    ASSERT_EQ(changes->added.size(), 1u);
    EXPECT_EQ(changes->added[0], "(2)-0705-03 依存症の相談窓口");
  }
  EXPECT_EQ(report->projects_created, 1);
  EXPECT_EQ(report->projects_updated, 4);
  auto projects = progress_->projects(plan_admin_, "評価計画");
  ASSERT_TRUE(projects.ok());
  EXPECT_EQ(projects->size(), 6u);  // the project gone from the file is kept
  // The R5 entries stay as they were.
  auto r5 = progress_->tally(plan_admin_, "評価計画", FiscalYear(2023), TallyBy::kNone);
  EXPECT_EQ(r5->overall.total, 5);
}

TEST_P(SheetImportTest, TheColumnsGivenOnceAreSavedAndNextYearsFileNeedsNone) {
  auto r = request("評価計画", 2024, "input.tsv");
  r.scale = EvaluationScale::three_step();
  for (const char* c : {"name=取組の名称", "departments=担当セクション", "grade=自己採点"})
    r.columns.push_back(*io::parse_column_choice(c));
  const std::string file = case_input("explicit_columns", "input.tsv");
  auto first = progress_->import_sheet(plan_admin_, r, file);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->used_saved_mapping);
  // Without the mapping the file has no header row the vocabulary knows...
  auto other_plan = progress_->preview_sheet(plan_admin_, request("別の計画", 2024, "x.tsv"), file);
  ASSERT_TRUE(other_plan.ok());
  EXPECT_FALSE(other_plan->reading.header_found);
  // ...but the plan remembers it.
  auto second = progress_->import_sheet(plan_admin_, request("評価計画", 2025, "x.tsv"), file);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_TRUE(second->used_saved_mapping);
  EXPECT_EQ(second->projects_updated, 2);
  EXPECT_EQ(second->projects_created, 0);
}

// A sheet without a number column: projects are its rows in order. A row inserted next year
// takes no other project's place (rows meet their projects by name first), and gets a number
// of its own instead of colliding with the project it pushed down.
TEST_P(SheetImportTest, ARowInsertedIntoASheetWithoutNumbersIsAddedAndMovesNoOne) {
  auto r = request("評価計画", 2024, "r6.tsv");
  r.scale = EvaluationScale::three_step();
  const std::string r6 =
      "事業名\t担当課\t評価\n就労相談\t産業振興課\tA\n住まいの相談\t住宅課\tB\n"
      "見守り訪問\t福祉課\tC\n";
  ASSERT_TRUE(progress_->import_sheet(plan_admin_, r, r6).ok());
  const std::string r7 =
      "事業名\t担当課\t評価\n就労相談\t産業振興課\tA\n職場体験\t産業振興課\tA\n"
      "住まいの相談\t住宅課\tA\n見守り訪問\t福祉課\tB\n";
  auto report = progress_->import_sheet(plan_admin_, request("評価計画", 2025, "r7.tsv"), r7);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->changes.renamed.empty());
  EXPECT_TRUE(report->changes.gone.empty());
  ASSERT_EQ(report->changes.added.size(), 1u);
  EXPECT_NE(report->changes.added[0].find("職場体験"), std::string::npos);
  EXPECT_EQ(report->changes.updated, 3);
  auto projects = progress_->projects(plan_admin_, "評価計画");
  ASSERT_TRUE(projects.ok());
  ASSERT_EQ(projects->size(), 4u);
  std::map<std::string, int> numbers;
  for (const auto& p : *projects) numbers[p.first.name] = p.first.no;
  EXPECT_EQ(numbers["住まいの相談"], 2);
  EXPECT_EQ(numbers["見守り訪問"], 3);
  EXPECT_EQ(numbers["職場体験"], 4);
  // A project renamed in its place is still met by its position.
  const std::string r8 =
      "事業名\t担当課\t評価\n就労相談\t産業振興課\tA\n職場体験\t産業振興課\tA\n"
      "住まい探しの同行\t住宅課\tA\n見守り訪問\t福祉課\tB\n";
  auto renamed = progress_->import_sheet(plan_admin_, request("評価計画", 2026, "r8.tsv"), r8);
  ASSERT_TRUE(renamed.ok()) << renamed.error().message;
  EXPECT_TRUE(renamed->changes.added.empty());
  ASSERT_EQ(renamed->changes.renamed.size(), 1u);
  EXPECT_EQ(renamed->changes.renamed[0].from, "住まいの相談");
  // Two rows left over against two projects: nothing says which is which, so nothing is
  // guessed (A, B, C → A, B′, D must not give D the history of C).
  const std::string r9 =
      "事業名\t担当課\t評価\n就労相談\t産業振興課\tA\n職場体験の受入れ\t産業振興課\tA\n"
      "就労準備の講座\t産業振興課\tB\n見守り訪問\t福祉課\tB\n";
  auto unsure = progress_->import_sheet(plan_admin_, request("評価計画", 2027, "r9.tsv"), r9);
  ASSERT_TRUE(unsure.ok()) << unsure.error().message;
  EXPECT_TRUE(unsure->changes.renamed.empty());
  EXPECT_EQ(unsure->changes.added.size(), 2u);
  EXPECT_EQ(unsure->changes.gone.size(), 2u);
}

// The saved mapping names last year's grade column (R6自己採点); next year's file keeps it
// beside R7自己採点, and the year imported is read. A column given now joins the saved ones
// instead of replacing them all.
TEST_P(SheetImportTest, ASavedMappingReadsThisYearsColumnAndJoinsTheColumnsGivenNow) {
  auto r = request("評価計画", 2024, "r6.tsv");
  r.scale = EvaluationScale::three_step();
  r.columns.push_back(*io::parse_column_choice("grade=R6自己採点"));
  const std::string r6 = "事業名\t担当課\tR6自己採点\n就労相談\t産業振興課\tA\n";
  ASSERT_TRUE(progress_->import_sheet(plan_admin_, r, r6).ok());
  auto r7 = request("評価計画", 2025, "r7.tsv");
  r7.columns.push_back(*io::parse_column_choice("done=取組の記録"));
  const std::string file =
      "事業名\t担当課\tR6自己採点\tR7自己採点\t取組の記録\n就労相談\t産業振興課\tA\tC\t"
      "相談会を2回開いた。\n";
  auto report = progress_->import_sheet(plan_admin_, r7, file);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->used_saved_mapping);
  ASSERT_EQ(report->tally.by_grade.size(), 3u);
  for (const auto& [code, n] : report->tally.by_grade) EXPECT_EQ(n, code == "C" ? 1 : 0) << code;
  auto view = progress_->entries(plan_admin_, "評価計画", FiscalYear(2025));
  ASSERT_TRUE(view.ok()) << view.error().message;
  bool found = false;
  for (const auto& e : *view) found |= e.entry && e.entry->content.done == "相談会を2回開いた。";
  EXPECT_TRUE(found) << "the column given now was read";
  // Both choices are the plan's now: the year after needs neither.
  auto r8 = progress_->import_sheet(
      plan_admin_, request("評価計画", 2026, "r8.tsv"),
      "事業名\t担当課\tR8自己採点\t取組の記録\n就労相談\t産業振興課\tB\t続けた。\n");
  ASSERT_TRUE(r8.ok()) << r8.error().message;
  EXPECT_EQ(r8->tally.by_grade[1].second, 1);
}

TEST_P(SheetImportTest, ExtraColumnsAreKeptOnTheEntryAndExportedInTheirOwnColumns) {
  auto r = request("評価計画", 2022, "input.xlsx");
  r.scale =
      EvaluationScale({{"A", "達成した"}, {"B", "おおむね達成した"}, {"C", "達成できなかった"}});
  auto report = progress_->import_sheet(plan_admin_, r,
                                        case_input("label_forms_merged_department", "input.xlsx"));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->extra_fields, (std::vector<std::string>{"妥当性", "有効性"}));
  auto entries = progress_->entries(plan_admin_, "評価計画", FiscalYear(2022));
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 4u);
  EXPECT_EQ((*entries)[2].project.name, "薬物相談");
  EXPECT_EQ((*entries)[2].extras, (std::vector<std::pair<std::string, std::string>>{
                                      {"妥当性", "中"}, {"有効性", "低い"}}));
  // The 所管課 merged over two projects names both.
  EXPECT_EQ((*entries)[1].project.departments, std::vector<std::string>{"福祉総務課"});
  auto sheet = progress_->sheet(plan_admin_, "評価計画", FiscalYear(2022));
  ASSERT_TRUE(sheet.ok());
  EXPECT_EQ(sheet->extra_names, (std::vector<std::string>{"妥当性", "有効性"}));
  auto csv = io::progress_csv(*sheet, io::CsvEncoding::kUtf8Bom).bytes;
  EXPECT_NE(csv.find("R5実施予定,妥当性,有効性"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",中,低い"), std::string::npos) << csv;
}

TEST_P(SheetImportTest, APreviewReadsProblemsTooAndWritesNothing) {
  const auto head = audit_head();
  auto broken = progress_->preview_sheet(plan_admin_, request("評価計画", 2024, "input.tsv"),
                                         case_input("broken_grade_off_scale", "input.tsv"));
  ASSERT_TRUE(broken.ok()) << broken.error().message;
  EXPECT_TRUE(broken->reading.header_found);
  ASSERT_EQ(broken->reading.problems.size(), 1u);
  EXPECT_EQ(broken->reading.problems[0].line, 3);
  EXPECT_EQ(broken->reading.problems[0].field, "C列");
  EXPECT_EQ(broken->reading.sheet.projects.size(), 2u);
  EXPECT_FALSE(broken->plan_exists);
  auto good = progress_->preview_sheet(plan_admin_, request("評価計画", 2024, "input.tsv"),
                                       case_input("repeated_header_pages", "input.tsv"));
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->changes.added.size(), 3u);
  EXPECT_EQ(audit_head(), head);
  auto plans = plans_->plans(plan_admin_);
  ASSERT_TRUE(plans.ok());
  EXPECT_TRUE(plans->empty());
  // Importing the broken file is refused the same way, and also writes nothing.
  auto refused = progress_->import_sheet(plan_admin_, request("評価計画", 2024, "input.tsv"),
                                         case_input("broken_grade_off_scale", "input.tsv"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().details.at(0).field, "C列");
  EXPECT_EQ(audit_head(), head);
  EXPECT_TRUE(plans_->plans(plan_admin_)->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, SheetImportTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::service
