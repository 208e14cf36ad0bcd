#include <gtest/gtest.h>

#include "service/account_service.hpp"
#include "service/indicator_service.hpp"
#include "service/plan_service.hpp"
#include "service/review_service.hpp"
#include "support/test_db.hpp"

namespace tsunagu::service {
namespace {

using tsunagu::testing::TestDatabase;

class ReviewAndIndicators : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << tsunagu::testing::kNoPostgres;
    AuthOptions options;
    options.hashing = PasswordHashing::fastest_for_tests();
    AccountService accounts(test_db_->db(), clock_, audit_, options);
    auto m = accounts.create_municipality(Actor::operator_at_cli("test", {}), "132195", "狛江市");
    auto cli = Actor::operator_at_cli("test", m->id);
    plan_admin_ = Actor::of(
        *accounts.add_user(cli, {"keikaku", "", Role::kPlanAdmin, "", "correct horse battery"}));
    partner_ = Actor::of(
        *accounts.add_user(cli, {"hogoshi", "", Role::kPartner, "", "correct horse battery"}));
    PlanService plans(test_db_->db(), clock_, audit_);
    ASSERT_TRUE(
        plans
            .import_policy_table(plan_admin_, {"計画", FiscalYear(2024), FiscalYear(2029), 4},
                                 tsunagu::testing::read_file(tsunagu::testing::policy_table_seed()))
            .ok());
    reviews_ = std::make_unique<ReviewService>(test_db_->db(), clock_, audit_);
    indicators_ = std::make_unique<IndicatorService>(test_db_->db(), clock_, audit_);
  }
  ManualClock clock_{1'730'000'000'000};
  AuditLog audit_{clock_};
  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<ReviewService> reviews_;
  std::unique_ptr<IndicatorService> indicators_;
  Actor plan_admin_, partner_;
};

TEST_P(ReviewAndIndicators, OpinionsAreAnsweredOnceWithoutOverwriting) {
  auto o = reviews_->add_opinion(plan_admin_, "", FiscalYear(2024), "4-4-2",
                                 "住まいの確保が遅れている。");
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->policy_code, "4-4-2");
  EXPECT_EQ(reviews_->add_opinion(plan_admin_, "", FiscalYear(2024), "9-9-9", "x").error().code,
            "policy.not_found");
  EXPECT_EQ(reviews_->add_opinion(plan_admin_, "", FiscalYear(2024), "", " ").error().code,
            "review.invalid");
  EXPECT_EQ(reviews_->add_opinion(partner_, "", FiscalYear(2024), "", "意見").error().code,
            "auth.forbidden");
  auto answered =
      reviews_->respond(plan_admin_, o->id, o->version, "令和8年度から入居支援を拡充します。");
  ASSERT_TRUE(answered.ok());
  auto stale = reviews_->respond(plan_admin_, o->id, o->version, "古い画面からの回答");
  EXPECT_EQ(stale.error().code, "review.stale_version");
  auto list = reviews_->opinions(partner_, "", FiscalYear(2024));
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].response, "令和8年度から入居支援を拡充します。");
  EXPECT_TRUE(reviews_->opinions(partner_, "", FiscalYear(2025))->empty());
}

TEST_P(ReviewAndIndicators, AFindingsSurveyFigureBecomesTheBaseline) {
  NewIndicator request;
  request.indicator.name = "保護司の市民への周知度";
  request.indicator.baseline_year = FiscalYear(2023);
  request.indicator.target = 70;
  request.policy_code = "2-4-1";
  request.baseline_finding = 1;
  request.baseline_figure = 1;
  auto added = indicators_->add(plan_admin_, "", request);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_DOUBLE_EQ(added->baseline, 55.5);
  EXPECT_EQ(added->unit, "%");
  EXPECT_EQ(added->source, "市民一般調査");
  EXPECT_EQ(added->target_year, FiscalYear(2029));
  request.baseline_figure = 9;
  request.indicator.name = "別の指標";
  EXPECT_EQ(indicators_->add(plan_admin_, "", request).error().code, "indicator.no_figure");
  request.baseline_figure = 1;
  request.indicator.name = "保護司の市民への周知度";
  EXPECT_EQ(indicators_->add(plan_admin_, "", request).error().code, "indicator.exists");

  ASSERT_TRUE(indicators_->record_actual(plan_admin_, added->id, FiscalYear(2024), 58).ok());
  ASSERT_TRUE(indicators_->record_actual(plan_admin_, added->id, FiscalYear(2025), 56).ok());
  EXPECT_EQ(indicators_->record_actual(plan_admin_, added->id, FiscalYear(2023), 1).error().code,
            "indicator.invalid");
  auto list = indicators_->indicators(partner_, "");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  ASSERT_EQ((*list)[0].years.size(), 2u);
  EXPECT_EQ((*list)[0].years[0].second, true);
  EXPECT_EQ((*list)[0].years[1].second, false);
  EXPECT_DOUBLE_EQ((*list)[0].indicator.actuals[0].value, 58);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReviewAndIndicators,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::service
