// The store contract: one scenario suite, run against SQLite and against a real PostgreSQL.
#include <gtest/gtest.h>

#include <thread>

#include "core/plan.hpp"
#include "service/audit_log.hpp"
#include "service/clock.hpp"
#include "store/account_store.hpp"
#include "store/audit_store.hpp"
#include "store/plan_store.hpp"
#include "support/test_db.hpp"

namespace tsunagu::store {
namespace {

using tsunagu::testing::TestDatabase;

class StoreContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << tsunagu::testing::kNoPostgres;
    auto c = db().connection();
    Transaction tx(*c, TxMode::kWrite);
    AccountStore accounts(*c);
    m1_ = accounts.create_municipality("131001", "テスト市", 1);
    m2_ = accounts.create_municipality("131002", "となり町", 1);
    tx.commit();
  }
  Database& db() { return test_db_->db(); }

  static std::vector<BasicGoal> sample_tree() {
    PolicyContent a;
    a.text = "住居の確保を支援します。";
    a.priority = true;
    a.viewpoints = {1, 3};
    a.findings = {{FindingKind::kCurrent, "協力雇用主は6社です。", ""},
                  {FindingKind::kIssue, "住まいが必要です。", "市民一般調査"}};
    a.vision = "住居が確保されています。";
    a.directions = {"自立準備ホームを紹介します。", "入居を支援します。"};
    a.examples = {"住まい探しの相談窓口"};
    a.notes = {"※関係機関…保護観察所"};
    PolicyContent b;
    b.text = "研修を実施します。";
    return {BasicGoal{{}, 1, "相談支援", {Policy{{}, 1, "", 0, a}, Policy{{}, 2, "", 0, b}}},
            BasicGoal{{}, 2, "地域づくり", {Policy{{}, 1, "", 0, b}}}};
  }

  PlanHeader create_plan(MunicipalityId m, const std::string& name) {
    auto c = db().connection();
    Transaction tx(*c, TxMode::kWrite);
    PlanHeader h{{}, name, FiscalYear(2024), FiscalYear(2029), 4};
    h.id = PlanStore(*c).create_plan(m, h, 1);
    tx.commit();
    return h;
  }

  TreeChanges replace(MunicipalityId m, const PlanHeader& h, const std::vector<BasicGoal>& goals) {
    auto c = db().connection();
    Transaction tx(*c, TxMode::kWrite);
    auto changes = PlanStore(*c).replace_tree(m, h, goals, 2);
    tx.commit();
    return changes;
  }

  std::vector<Plan> load(MunicipalityId m) {
    auto c = db().connection();
    return PlanStore(*c).load_plans(m);
  }

  std::unique_ptr<TestDatabase> test_db_;
  MunicipalityId m1_, m2_;
};

TEST_P(StoreContract, MigrationsAreAppliedOnceAndReopenIsHarmless) {
  EXPECT_EQ(db().schema_version(), latest_schema_version());
  EXPECT_GE(latest_schema_version(), 2);
  auto again = test_db_->open_again();
  EXPECT_EQ(again->schema_version(), latest_schema_version());
}

TEST_P(StoreContract, DuplicateKeysSurfaceAsUniqueViolation) {
  auto c = db().connection();
  Transaction tx(*c, TxMode::kWrite);
  try {
    AccountStore(*c).create_municipality("131001", "重複", 1);
    FAIL() << "a duplicate municipality code was stored";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::kUniqueViolation) << e.what();
  }
}

TEST_P(StoreContract, TreeRoundTripsWithEveryList) {
  auto h = create_plan(m1_, "第1次再犯防止推進計画");
  auto changes = replace(m1_, h, sample_tree());
  EXPECT_EQ(changes.goals_added, 2);
  EXPECT_EQ(changes.policies_added, 3);
  auto plans = load(m1_);
  ASSERT_EQ(plans.size(), 1u);
  ASSERT_EQ(plans[0].goals.size(), 2u);
  const Policy& p = plans[0].goals[0].policies[0];
  EXPECT_EQ(p.code, "1-4-1");
  EXPECT_EQ(p.version, 1);
  EXPECT_EQ(p.content, sample_tree()[0].policies[0].content);
  EXPECT_EQ(plans[0].goals[1].policies[0].code, "2-4-1");
  EXPECT_EQ(plans[0].from.western(), 2024);
  EXPECT_EQ(plans[0].family_position, 4);
}

TEST_P(StoreContract, ReplacingTheTreeKeepsIdsAndVersionsOfUnchangedPolicies) {
  auto h = create_plan(m1_, "計画");
  replace(m1_, h, sample_tree());
  auto before = load(m1_);
  auto tree = sample_tree();
  auto same = replace(m1_, h, tree);
  EXPECT_EQ(same.policies_unchanged, 3);
  EXPECT_EQ(same.policies_changed, 0);

  tree[0].policies[1].content.text = "研修を拡充します。";
  tree.pop_back();  // goal 2 disappears
  auto changed = replace(m1_, h, tree);
  EXPECT_EQ(changed.policies_changed, 1);
  EXPECT_EQ(changed.goals_removed, 1);
  EXPECT_EQ(changed.policies_removed, 1);
  auto after = load(m1_);
  ASSERT_EQ(after[0].goals.size(), 1u);
  EXPECT_EQ(after[0].goals[0].policies[0].id, before[0].goals[0].policies[0].id);
  EXPECT_EQ(after[0].goals[0].policies[0].version, 1);
  EXPECT_EQ(after[0].goals[0].policies[1].version, 2);
  EXPECT_EQ(after[0].goals[0].policies[1].content.text, "研修を拡充します。");
}

TEST_P(StoreContract, StaleUpdateChangesNothing) {
  auto h = create_plan(m1_, "計画");
  replace(m1_, h, sample_tree());
  PolicyId id = load(m1_)[0].goals[0].policies[0].id;
  PolicyContent edit = sample_tree()[0].policies[0].content;
  edit.text = "一人目の編集";
  {
    auto c = db().connection();
    Transaction tx(*c, TxMode::kWrite);
    EXPECT_TRUE(PlanStore(*c).update_policy(m1_, id, 1, edit, 3));
    tx.commit();
  }
  edit.text = "古い版からの編集";
  {
    auto c = db().connection();
    Transaction tx(*c, TxMode::kWrite);
    EXPECT_FALSE(PlanStore(*c).update_policy(m1_, id, 1, edit, 4));
    tx.commit();
  }
  auto c = db().connection();
  auto stored = PlanStore(*c).load_policy(m1_, id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->content.text, "一人目の編集");
  EXPECT_EQ(stored->version, 2);
  EXPECT_EQ(stored->content.directions.size(), 2u);
}

TEST_P(StoreContract, RolledBackTransactionLeavesNoTrace) {
  auto h = create_plan(m1_, "計画");
  try {
    auto c = db().connection();
    Transaction tx(*c, TxMode::kWrite);
    PlanStore(*c).replace_tree(m1_, h, sample_tree(), 2);
    throw std::runtime_error("disk full half-way");
  } catch (const std::runtime_error&) {
  }
  EXPECT_TRUE(load(m1_)[0].goals.empty());
}

TEST_P(StoreContract, MunicipalitiesNeverSeeEachOthersRows) {
  auto h = create_plan(m1_, "計画");
  replace(m1_, h, sample_tree());
  EXPECT_TRUE(load(m2_).empty());
  PolicyId id = load(m1_)[0].goals[0].policies[0].id;
  auto c = db().connection();
  EXPECT_FALSE(PlanStore(*c).load_policy(m2_, id).has_value());
  Transaction tx(*c, TxMode::kWrite);
  EXPECT_FALSE(PlanStore(*c).update_policy(
      m2_, id, 1, PolicyContent{"乗っ取り", false, {}, {}, "", {}, {}, {}}, 5));
}

TEST_P(StoreContract, TextKeepsGaijiAndVariationSequences) {
  // 𠮷 (outside the BMP), 葛 with an ideographic variation selector, and a combining mark.
  const std::string text = "\xF0\xA0\xAE\xB7野家 葛\xF3\xA0\x84\x80飾区 か\xE3\x82\x99";
  auto h = create_plan(m1_, text);
  auto tree = sample_tree();
  tree[0].policies[0].content.text = text;
  replace(m1_, h, tree);
  auto plans = load(m1_);
  EXPECT_EQ(plans[0].name, text);
  EXPECT_EQ(plans[0].goals[0].policies[0].content.text, text);
}

TEST_P(StoreContract, SessionsExpireAndFollowTheirUser) {
  auto c = db().connection();
  Transaction tx(*c, TxMode::kWrite);
  AccountStore accounts(*c);
  User u;
  u.municipality = m1_;
  u.username = "yamada";
  u.display_name = "山田";
  u.role = Role::kPlanAdmin;
  u.department = accounts.ensure_department(m1_, "福祉政策課");
  u.id = accounts.add_user(u, "hash", 1);
  accounts.create_session({"h1", u, "csrf", 100, 100, 200});
  auto s = accounts.find_session("h1");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->user.username, "yamada");
  EXPECT_EQ(s->user.department_name, "福祉政策課");
  EXPECT_EQ(s->user.role, Role::kPlanAdmin);
  accounts.touch_session(m1_, "h1", 150, 300);
  EXPECT_EQ(accounts.find_session("h1")->expires_at, 300);
  EXPECT_EQ(accounts.delete_expired_sessions(299), 0);
  EXPECT_EQ(accounts.delete_expired_sessions(300), 1);
  EXPECT_FALSE(accounts.find_session("h1").has_value());
  EXPECT_EQ(accounts.ensure_department(m1_, "福祉政策課"), u.department);
}

TEST_P(StoreContract, AuditLogIsAppendOnly) {
  service::ManualClock clock(1'700'000'000'000);
  service::AuditLog log(clock);
  {
    auto c = db().connection();
    Transaction tx(*c, TxMode::kWrite);
    log.append(*c,
               {m1_, "yamada", "policy.update", "policy", "1", "a", "b", "official_duty", "{}"});
    tx.commit();
  }
  auto c = db().connection();
  EXPECT_THROW(c->execute("UPDATE audit_log SET actor = 'someone else'"), StoreError);
  c->rollback();
  EXPECT_THROW(c->execute("DELETE FROM audit_log"), StoreError);
  c->rollback();
  auto report = log.verify(*c);
  EXPECT_TRUE(report.intact);
  EXPECT_EQ(report.rows, 1);
}

TEST_P(StoreContract, ConcurrentAppendersKeepOneUnbrokenChain) {
  service::ManualClock clock(1'700'000'000'000);
  service::AuditLog log(clock);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto c = db().connection();
        Transaction tx(*c, TxMode::kWrite);
        log.append(*c, {m1_, "worker" + std::to_string(t), "test.append", "test", std::to_string(i),
                        "", "", "official_duty", "{}"});
        tx.commit();
      }
    });
  }
  for (auto& t : threads) t.join();
  auto c = db().connection();
  auto report = log.verify(*c);
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.rows, 100);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::store
