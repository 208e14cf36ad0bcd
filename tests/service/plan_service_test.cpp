#include "service/plan_service.hpp"

#include <gtest/gtest.h>

#include "io/plan_json.hpp"
#include "service/account_service.hpp"
#include "store/account_store.hpp"
#include "store/audit_store.hpp"
#include "support/test_db.hpp"

namespace tsunagu::service {
namespace {

using tsunagu::testing::TestDatabase;

class PlanServiceTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << tsunagu::testing::kNoPostgres;
    plans_ = std::make_unique<PlanService>(test_db_->db(), clock_, audit_);
    AuthOptions options;
    options.hashing = PasswordHashing::fastest_for_tests();
    AccountService accounts(test_db_->db(), clock_, audit_, options);
    auto m = accounts.create_municipality(Actor::operator_at_cli("test", {}), "131001", "テスト市");
    cli_ = Actor::operator_at_cli("test", m->id);
    for (auto [name, role] :
         {std::pair{"keikaku", Role::kPlanAdmin}, std::pair{"tanto", Role::kDepartmentEditor}}) {
      auto u = accounts.add_user(cli_, {name, "", role, "社会福祉課", "correct horse battery"});
      ASSERT_TRUE(u.ok()) << u.error().message;
      (role == Role::kPlanAdmin ? plan_admin_ : editor_) = Actor::of(*u);
    }
    seed_ = tsunagu::testing::read_file(tsunagu::testing::policy_table_seed());
  }

  // Everything a reader could observe: the tree and the audit chain head.
  std::string snapshot() {
    auto tree = plans_->plans(cli_);
    auto c = test_db_->db().connection();
    auto head = store::AuditStore(*c).head();
    return io::plans_to_json_text(*tree) + "|" + std::to_string(head.seq) + head.hash;
  }

  ManualClock clock_{1'730'000'000'000};  // 2024-10
  AuditLog audit_{clock_};
  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<PlanService> plans_;
  Actor cli_, plan_admin_, editor_;
  std::string seed_;
};

TEST_P(PlanServiceTest, ImportsTheSeedAsFiveGoalsAndFifteenPolicies) {
  auto report = plans_->import_policy_table(
      plan_admin_, {"第1次再犯防止推進計画", FiscalYear(2024), FiscalYear(2029), 4}, seed_);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->plan_created);
  EXPECT_EQ(report->goals, 5);
  EXPECT_EQ(report->policies, 15);
  auto tree = plans_->plans(editor_);
  ASSERT_TRUE(tree.ok());
  ASSERT_EQ(tree->size(), 1u);
  std::vector<std::string> priority;
  for (const auto& g : (*tree)[0].goals) {
    for (const auto& p : g.policies) {
      if (p.content.priority) priority.push_back(p.code);
    }
  }
  EXPECT_EQ(priority, (std::vector<std::string>{"4-4-2", "5-4-1", "5-4-4"}));

  auto again =
      plans_->import_policy_table(plan_admin_, {"第1次再犯防止推進計画", {}, {}, {}}, seed_);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->plan_created);
  EXPECT_EQ(again->changes.policies_unchanged, 15);
}

TEST_P(PlanServiceTest, ABrokenFileChangesNothingAtAll) {
  ASSERT_TRUE(plans_->import_policy_table(plan_admin_, {"計画", {}, {}, {}}, seed_).ok());
  const std::string before = snapshot();
  std::string broken = seed_.substr(0, seed_.size() / 2);  // cut mid-row
  auto r = plans_->import_policy_table(plan_admin_, {"計画", {}, {}, {}}, broken);
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().details.empty());
  EXPECT_GT(r.error().details[0].line, 0);
  auto other = plans_->import_policy_table(plan_admin_, {"別の計画", {}, {}, {}},
                                           std::string("\x89PNG\r\n\x1a\n\0\0", 10));
  EXPECT_FALSE(other.ok());
  EXPECT_EQ(snapshot(), before);
}

TEST_P(PlanServiceTest, OnlyPlanAdminImportsAndEdits) {
  auto r = plans_->import_policy_table(editor_, {"計画", {}, {}, {}}, seed_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "auth.forbidden");
  ASSERT_TRUE(plans_->import_policy_table(plan_admin_, {"計画", {}, {}, {}}, seed_).ok());
  auto policy = (*plans_->plans(editor_))[0].goals[0].policies[0];
  auto edit = plans_->update_policy(editor_, policy.id, policy.version, policy.content);
  ASSERT_FALSE(edit.ok());
  EXPECT_EQ(edit.error().code, "auth.forbidden");
}

TEST_P(PlanServiceTest, AStaleEditIsRefusedAndTheFirstEditStays) {
  ASSERT_TRUE(plans_->import_policy_table(plan_admin_, {"計画", {}, {}, {}}, seed_).ok());
  auto policy = (*plans_->plans(plan_admin_))[0].goals[0].policies[0];
  auto rev0 = *plans_->plan_revision(plan_admin_);
  PolicyContent first = policy.content;
  first.vision = "最初の編集";
  auto ok = plans_->update_policy(plan_admin_, policy.id, policy.version, first);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->version, policy.version + 1);
  EXPECT_GT(*plans_->plan_revision(plan_admin_), rev0);

  const std::string before = snapshot();
  PolicyContent second = policy.content;
  second.vision = "古い画面からの編集";
  auto stale = plans_->update_policy(plan_admin_, policy.id, policy.version, second);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, "policy.stale_version");
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(plans_->policy(plan_admin_, policy.id)->content.vision, "最初の編集");
}

TEST_P(PlanServiceTest, InvalidContentIsRefusedWithReasons) {
  ASSERT_TRUE(plans_->import_policy_table(plan_admin_, {"計画", {}, {}, {}}, seed_).ok());
  auto policy = (*plans_->plans(plan_admin_))[0].goals[0].policies[0];
  PolicyContent bad = policy.content;
  bad.text = "";
  bad.viewpoints = {5};
  auto r = plans_->update_policy(plan_admin_, policy.id, policy.version, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "policy.invalid");
  EXPECT_EQ(r.error().details.size(), 2u);
  EXPECT_EQ(plans_->policy(plan_admin_, policy.id)->version, policy.version);
}

TEST_P(PlanServiceTest, TamperingWithTheAuditLogIsFoundAtTheRightRow) {
  ASSERT_TRUE(plans_->import_policy_table(plan_admin_, {"計画", {}, {}, {}}, seed_).ok());
  auto policy = (*plans_->plans(plan_admin_))[0].goals[0].policies[0];
  ASSERT_TRUE(plans_->update_policy(plan_admin_, policy.id, policy.version, policy.content).ok());
  auto c = test_db_->db().connection();
  auto intact = audit_.verify(*c);
  ASSERT_TRUE(intact.intact) << intact.problem;
  ASSERT_GE(intact.rows, 4);
  // An attacker with the database file: drop the guard, then rewrite who did row 3.
  if (GetParam() == store::Backend::kSqlite) {
    c->execute_script("DROP TRIGGER audit_log_no_update");
  } else {
    c->execute_script("DROP TRIGGER audit_log_no_change ON audit_log");
  }
  c->execute("UPDATE audit_log SET actor = ? WHERE seq = 3", {std::string("someone-else")});
  auto report = audit_.verify(*c);
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_broken_seq, 3);
  EXPECT_FALSE(report.problem.empty());
}

TEST_P(PlanServiceTest, RemovingTheLastAuditRowIsFound) {
  ASSERT_TRUE(plans_->import_policy_table(plan_admin_, {"計画", {}, {}, {}}, seed_).ok());
  auto c = test_db_->db().connection();
  auto rows = audit_.verify(*c).rows;
  if (GetParam() == store::Backend::kSqlite) {
    c->execute_script("DROP TRIGGER audit_log_no_delete");
  } else {
    c->execute_script("DROP TRIGGER audit_log_no_change ON audit_log");
  }
  c->execute("DELETE FROM audit_log WHERE seq = ?", {rows});
  auto report = audit_.verify(*c);
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_broken_seq, rows);
}

// The 基本計画 of seed 001 §8: five shared goals (goal 1 is written 切れ目がない there and
// 切れ目のない in seed 000's tables).
FamilyHeader komae_family() {
  FamilyHeader h{
      "あいとぴあレインボープラン", FiscalYear(2024), FiscalYear(2029), "ともに生きる", {}};
  const char* titles[] = {"一人ひとりの状況に合わせた切れ目がない相談支援",
                          "「つながり」を実感できる地域づくり", "社会参加を進めるシステムづくり",
                          "総合的で切れ目のない生活支援システムづくり",
                          "多機関で協働して支援に当たる体制の構築"};
  for (int i = 0; i < 5; ++i) h.goals.push_back({{}, i + 1, titles[i], {}});
  return h;
}

PolicyTableImport member_import(const std::string& plan, std::optional<int> position) {
  PolicyTableImport r{plan, std::nullopt, std::nullopt, position};
  r.family_name = "あいとぴあレインボープラン";
  return r;
}

TEST_P(PlanServiceTest, AFamilyFilesTheSeedAsPlanFourUnderItsOwnGoals) {
  ASSERT_TRUE(plans_->create_family(plan_admin_, komae_family(), EvaluationScale::ena_default()));
  auto report = plans_->import_policy_table(plan_admin_, member_import("再犯防止計画", 4), seed_);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->member_created);
  EXPECT_EQ(report->position, 4);
  EXPECT_EQ(report->changes.policies_added, 15);
  ASSERT_EQ(report->warnings.size(), 1u) << "goal 1's title differs from the family's";
  EXPECT_NE(report->warnings[0].find("基本目標1"), std::string::npos);

  auto tree = plans_->plans(editor_);
  ASSERT_EQ(tree->size(), 1u);
  const Plan& family = (*tree)[0];
  EXPECT_TRUE(family.family);
  EXPECT_EQ(family.goals[0].title, komae_family().goals[0].title) << "replaced silently";
  ASSERT_EQ(family.members.size(), 1u);
  EXPECT_EQ(family.members[0].from, FiscalYear(2024));
  EXPECT_EQ(family.goals[0].policies.at(0).code, "1-4-1");
  EXPECT_EQ(family.goals[4].policies.at(3).code, "5-4-4");

  // A second plan under the same goal numbers its policies from 1 again.
  auto other = plans_->import_policy_table(plan_admin_, member_import("地域福祉計画", 1), seed_);
  ASSERT_TRUE(other.ok()) << other.error().message;
  tree = plans_->plans(editor_);
  EXPECT_EQ((*tree)[0].goals[0].policies.at(0).code, "1-1-1");
  EXPECT_EQ((*tree)[0].goals[0].policies.size(), 4u);
  auto again = plans_->import_policy_table(plan_admin_, member_import("再犯防止計画", {}), seed_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->changes.policies_unchanged, 15);
}

TEST_P(PlanServiceTest, APositionTakenOrAGoalTheFamilyLacksChangesNothing) {
  ASSERT_TRUE(plans_->create_family(plan_admin_, komae_family(), EvaluationScale::ena_default()));
  ASSERT_TRUE(plans_->import_policy_table(plan_admin_, member_import("再犯防止計画", 4), seed_));
  const std::string before = snapshot();
  auto taken = plans_->import_policy_table(plan_admin_, member_import("地域福祉計画", 4), seed_);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, "plan.position_taken");
  EXPECT_NE(taken.error().message.find("再犯防止計画"), std::string::npos);
  EXPECT_NE(taken.error().message.find("地域福祉計画"), std::string::npos);
  auto no_position =
      plans_->import_policy_table(plan_admin_, member_import("高齢者計画", {}), seed_);
  ASSERT_FALSE(no_position.ok());
  EXPECT_EQ(no_position.error().code, "plan.invalid");
  auto standalone = plans_->import_policy_table(
      plan_admin_, {"あいとぴあレインボープラン", std::nullopt, std::nullopt, std::nullopt}, seed_);
  ASSERT_FALSE(standalone.ok());
  EXPECT_EQ(standalone.error().code, "plan.is_family");
  EXPECT_EQ(snapshot(), before) << "a refused import changed the tree or the audit log";

  FamilyHeader three = komae_family();
  three.name = "小さな基本計画";
  three.goals.resize(3);
  ASSERT_TRUE(plans_->create_family(plan_admin_, three, EvaluationScale::ena_default()));
  const std::string with_small = snapshot();
  PolicyTableImport into_small = member_import("再犯防止計画", 4);
  into_small.family_name = "小さな基本計画";
  auto unknown = plans_->import_policy_table(plan_admin_, into_small, seed_);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "import.unknown_goal");
  EXPECT_EQ(unknown.error().details.size(), 2u);  // goals 4 and 5
  EXPECT_EQ(snapshot(), with_small);
}

TEST_P(PlanServiceTest, ThePreviewInAFamilySaysWhatTheImportWouldRefuseAndWritesNothing) {
  FamilyHeader three = komae_family();
  three.goals.resize(3);
  ASSERT_TRUE(plans_->create_family(plan_admin_, three, EvaluationScale::ena_default()));
  ASSERT_TRUE(plans_->import_policy_table(plan_admin_, member_import("再犯防止計画", 4),
                                          seed_.substr(0, seed_.find("基本目標4"))));
  const std::string before = snapshot();
  auto taken = plans_->preview_policy_table(plan_admin_, member_import("地域福祉計画", 4), seed_);
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_FALSE(taken->plan_exists);
  EXPECT_EQ(taken->position, 4);
  ASSERT_EQ(taken->family_problems.size(), 3u);  // position 4 is taken; goals 4 and 5 are unknown
  EXPECT_NE(taken->family_problems[0].find("再犯防止計画"), std::string::npos);
  EXPECT_EQ(taken->family_warnings.size(), 1u);  // goal 1's title
  auto own = plans_->preview_policy_table(plan_admin_, member_import("再犯防止計画", {}),
                                          seed_.substr(0, seed_.find("基本目標4")));
  ASSERT_TRUE(own.ok());
  EXPECT_TRUE(own->plan_exists);
  EXPECT_EQ(own->position, 4) << "a member's own position when none is given";
  EXPECT_TRUE(own->family_problems.empty());
  EXPECT_EQ(snapshot(), before);
}

TEST_P(PlanServiceTest, AGoalInUseStaysAndAStaleHeaderEditIsRefused) {
  ASSERT_TRUE(plans_->create_family(plan_admin_, komae_family(), EvaluationScale::ena_default()));
  ASSERT_TRUE(plans_->import_policy_table(plan_admin_, member_import("再犯防止計画", 4), seed_));
  FamilyHeader fewer = komae_family();
  fewer.goals.pop_back();
  // The import moved the family's version on (1 → 2): an edit made before it is stale.
  EXPECT_EQ(plans_->update_family(plan_admin_, "あいとぴあレインボープラン", 1, fewer).error().code,
            "plan.stale_version");
  auto in_use = plans_->update_family(plan_admin_, "あいとぴあレインボープラン", 2, fewer);
  ASSERT_FALSE(in_use.ok());
  EXPECT_EQ(in_use.error().code, "plan.goal_in_use");
  ASSERT_EQ(in_use.error().details.size(), 4u);
  EXPECT_EQ(in_use.error().details[0].message, "5-4-1");

  FamilyHeader more = komae_family();
  more.goals.push_back({{}, 6, "新しい目標", {}});
  more.philosophy = "新しい理念";
  auto saved = plans_->update_family(plan_admin_, "あいとぴあレインボープラン", 2, more);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(saved->version, 3);
  EXPECT_EQ(saved->goals.size(), 6u);
  const std::string after = snapshot();
  auto stale = plans_->update_family(plan_admin_, "あいとぴあレインボープラン", 2, komae_family());
  EXPECT_EQ(stale.error().code, "plan.stale_version");
  EXPECT_EQ(snapshot(), after);
  // A member saved from an old version is refused too.
  MemberEdit late{"あいとぴあレインボープラン",
                  "再犯防止計画",
                  "",
                  5,
                  std::nullopt,
                  std::nullopt,
                  std::nullopt,
                  2};
  EXPECT_EQ(plans_->save_member(plan_admin_, late).error().code, "plan.stale_version");
  EXPECT_EQ(snapshot(), after);
  // An empty goal can go.
  auto removed =
      plans_->update_family(plan_admin_, "あいとぴあレインボープラン", 3, komae_family());
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_EQ(removed->goals.size(), 5u);
}

TEST_P(PlanServiceTest, MembersKeepPeriodsInsideTheFamilyAndMoveTheirCodes) {
  EXPECT_EQ(
      plans_->create_family(editor_, komae_family(), EvaluationScale::ena_default()).error().code,
      "auth.forbidden");
  ASSERT_TRUE(plans_->create_family(plan_admin_, komae_family(), EvaluationScale::ena_default()));
  MemberEdit elderly{
      "あいとぴあレインボープラン",
      "高齢者計画",
      "",
      2,
      std::nullopt,
      std::nullopt,
      std::vector<PlanTerm>{{"介護保険事業計画", "第9期", FiscalYear(2024), FiscalYear(2026)}}};
  auto saved = plans_->save_member(plan_admin_, elderly);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(saved->members.at(0).terms.at(0).to, FiscalYear(2026));
  MemberEdit outside{"あいとぴあレインボープラン",
                     "障がい者計画",
                     "",
                     3,
                     FiscalYear(2023),
                     FiscalYear(2026),
                     std::nullopt};
  EXPECT_EQ(plans_->save_member(plan_admin_, outside).error().code, "plan.invalid");
  MemberEdit clash{"あいとぴあレインボープラン",
                   "障がい者計画",
                   "",
                   2,
                   std::nullopt,
                   std::nullopt,
                   std::nullopt};
  EXPECT_EQ(plans_->save_member(plan_admin_, clash).error().code, "plan.position_taken");

  ASSERT_TRUE(plans_->import_policy_table(plan_admin_, member_import("再犯防止計画", 4), seed_));
  MemberEdit move{"あいとぴあレインボープラン",
                  "再犯防止計画",
                  "",
                  5,
                  std::nullopt,
                  std::nullopt,
                  std::nullopt};
  auto moved = plans_->save_member(plan_admin_, move);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->goals[0].policies.at(0).code, "1-5-1");
}

INSTANTIATE_TEST_SUITE_P(Backends, PlanServiceTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::service
