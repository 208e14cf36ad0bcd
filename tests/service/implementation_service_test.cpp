#include "service/implementation_service.hpp"

#include <gtest/gtest.h>

#include "io/implementation_export.hpp"
#include "io/table_file.hpp"
#include "service/account_service.hpp"
#include "service/plan_service.hpp"
#include "support/test_db.hpp"

namespace tsunagu::service {
namespace {

using tsunagu::testing::TestDatabase;

class ImplementationServiceTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << tsunagu::testing::kNoPostgres;
    AuthOptions options;
    options.hashing = PasswordHashing::fastest_for_tests();
    AccountService accounts(test_db_->db(), clock_, audit_, options);
    auto m = accounts.create_municipality(Actor::operator_at_cli("test", {}), "132195", "狛江市");
    cli_ = Actor::operator_at_cli("test", m->id);
    plan_admin_ = Actor::of(
        *accounts.add_user(cli_, {"keikaku", "", Role::kPlanAdmin, "", "correct horse battery"}));
    editor_ = Actor::of(*accounts.add_user(
        cli_, {"tanto", "", Role::kDepartmentEditor, "社会福祉課", "correct horse battery"}));
    PlanService plans(test_db_->db(), clock_, audit_);
    ASSERT_TRUE(
        plans
            .import_policy_table(plan_admin_,
                                 {"第1次再犯防止推進計画", FiscalYear(2024), FiscalYear(2029), 4},
                                 tsunagu::testing::read_file(tsunagu::testing::policy_table_seed()))
            .ok());
    implementation_ = std::make_unique<ImplementationService>(test_db_->db(), clock_, audit_);
  }

  ItemPatch results(int year, const std::string& text) {
    ItemPatch p;
    ItemPatch::Year y;
    y.year = FiscalYear(year);
    y.results = text;
    p.years.push_back(y);
    return p;
  }

  ManualClock clock_{1'720'000'000'000};
  AuditLog audit_{clock_};
  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<ImplementationService> implementation_;
  Actor cli_, plan_admin_, editor_;
};

TEST_P(ImplementationServiceTest, FirstRevisionHasOneItemPerPriorityPolicy) {
  auto r6 = implementation_->create_revision(plan_admin_, "", FiscalYear(2024));
  ASSERT_TRUE(r6.ok()) << r6.error().message;
  EXPECT_EQ(r6->revision.label, "令和6年7月策定");
  ASSERT_EQ(r6->revision.items.size(), 3u);
  EXPECT_EQ(r6->revision.items[0].code, "4-4-2");
  EXPECT_EQ(r6->revision.items[0].directions.size(), 3u);  // copied from the policy
  ASSERT_EQ(r6->revision.items[0].years.size(), 3u);
  EXPECT_EQ(r6->revision.items[0].years[2].year.short_name(), "R8");
  EXPECT_EQ(implementation_->create_revision(editor_, "", FiscalYear(2025)).error().code,
            "auth.forbidden");
}

TEST_P(ImplementationServiceTest, JulyRevisionRollsTheWindowAndKeepsTheOldOneReadable) {
  ASSERT_TRUE(implementation_->create_revision(plan_admin_, "", FiscalYear(2024)).ok());
  ItemPatch plan;
  plan.end_target = "出所者等の状況に応じて住居が確保されている。";
  plan.departments = std::vector<std::string>{"福祉政策課", "福祉相談課"};
  plan.budget_projects = std::vector<std::string>{"居住支援事業"};
  ItemPatch::Year r6;
  r6.year = FiscalYear(2024);
  r6.planned_work = "自立準備ホームの紹介";
  r6.cost = std::optional<std::int64_t>(1200);
  plan.years.push_back(r6);
  ASSERT_TRUE(implementation_->update_item(plan_admin_, "", FiscalYear(2024), "4-4-2", plan).ok());

  auto r7 = implementation_->create_revision(plan_admin_, "", FiscalYear(2025));
  ASSERT_TRUE(r7.ok()) << r7.error().message;
  EXPECT_EQ(r7->revision.label, "令和7年7月改定");
  const auto& item = r7->revision.items[0];
  EXPECT_EQ(item.end_target, "出所者等の状況に応じて住居が確保されている。");
  ASSERT_EQ(item.years.size(), 4u);  // R6 (for results) .. R9
  EXPECT_EQ(item.years.back().year.short_name(), "R9");
  EXPECT_EQ(item.years[0].cost, 1200);

  ASSERT_TRUE(
      implementation_
          ->update_item(plan_admin_, "", FiscalYear(2025), "4-4-2", results(2024, "3件つないだ"))
          .ok());
  auto old = implementation_->update_item(plan_admin_, "", FiscalYear(2024), "4-4-2",
                                          results(2024, "上書き"));
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().code, "implementation.read_only");
  EXPECT_EQ(
      implementation_->update_item(plan_admin_, "", FiscalYear(2025), "4-4-2", results(2030, "x"))
          .error()
          .code,
      "implementation.invalid");
  EXPECT_EQ(
      implementation_->update_item(plan_admin_, "", FiscalYear(2025), "9-9-9", results(2025, "x"))
          .error()
          .code,
      "implementation.not_found");
  EXPECT_FALSE(
      implementation_->create_revision(plan_admin_, "", FiscalYear(2025)).ok());  // once a year
  EXPECT_FALSE(implementation_->create_revision(plan_admin_, "", FiscalYear(2035))
                   .ok());  // outside the plan

  auto still = implementation_->revision(plan_admin_, "", FiscalYear(2024));
  ASSERT_TRUE(still.ok());
  EXPECT_FALSE(still->latest);
  EXPECT_TRUE(still->revision.items[0].years[0].results.empty());
  auto cmp = implementation_->compare(editor_, "", FiscalYear(2024), FiscalYear(2025));
  ASSERT_TRUE(cmp.ok());
  EXPECT_EQ((*cmp)[0].difference, ItemDifference::kChanged);
  EXPECT_EQ((*cmp)[0].changes[0].field, "R6.results");
  EXPECT_EQ((*cmp)[1].difference, ItemDifference::kSame);  // an empty new R9 row is no change
}

TEST_P(ImplementationServiceTest, ExportLaysOutEachItem) {
  ASSERT_TRUE(implementation_->create_revision(plan_admin_, "", FiscalYear(2024)).ok());
  auto view = implementation_->revision(plan_admin_, "", FiscalYear(2024));
  tsunagu::testing::TempDir dir;
  ASSERT_TRUE(io::write_implementation_xlsx(view->revision, view->plan_from, view->plan_to,
                                            (dir / "i.xlsx").string())
                  .ok());
  auto records = io::read_xlsx(tsunagu::testing::read_file(dir / "i.xlsx"));
  ASSERT_TRUE(records.ok()) << records.error().message;
  std::string all;
  for (const auto& r : *records) {
    for (const auto& c : r.cells) all += c + "\n";
  }
  EXPECT_NE(all.find("実施計画（令和6年7月策定）"), std::string::npos);
  EXPECT_NE(all.find("4-4-2 住居の確保が困難な"), std::string::npos);
  EXPECT_NE(all.find("計画期間終了時点における到達目標（令和11年度）"), std::string::npos);
  EXPECT_NE(all.find("※令和6年度策定時は未記載"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImplementationServiceTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::service
