// Plan families in the store, on SQLite and PostgreSQL: schema 10 over a database of schema 9
// (the policy table is rebuilt on SQLite: nothing that hangs on a policy may be lost), the
// member-scoped policy numbers, and the family operations.
#include <gtest/gtest.h>

#include "store/account_store.hpp"
#include "store/plan_store.hpp"
#include "support/test_db.hpp"

namespace tsunagu::store {
namespace {

using tsunagu::testing::TestDatabase;

class PlanFamilyStore : public ::testing::TestWithParam<Backend> {
 protected:
  void open(DatabaseOptions options = {}) {
    test_db_ = TestDatabase::create(GetParam(), options);
    if (!test_db_) GTEST_SKIP() << tsunagu::testing::kNoPostgres;
  }
  Database& db() { return test_db_->db(); }

  static PolicyContent content(const std::string& text, bool priority = false) {
    PolicyContent c;
    c.text = text;
    c.priority = priority;
    return c;
  }

  std::unique_ptr<TestDatabase> test_db_;
};

TEST_P(PlanFamilyStore, SchemaTenKeepsEveryPolicyAndWhatHangsOnIt) {
  open({.max_connections = 2, .migrate = false});
  if (!test_db_) return;
  auto c = db().connection();
  migrate(*c, 9);
  std::int64_t m = 0, policy = 0;
  {
    Transaction tx(*c, TxMode::kWrite);
    m = AccountStore(*c).create_municipality("131001", "テスト市", 1).value;
    auto plan = c->query(
        "INSERT INTO plan (municipality_id, name, period_from, period_to, family_position, "
        "created_at) VALUES (?, '計画', 2024, 2029, 4, 1) RETURNING id",
        {m});
    auto goal = c->query(
        "INSERT INTO basic_goal (municipality_id, plan_id, no, title) VALUES (?, ?, 1, '相談') "
        "RETURNING id",
        {m, plan.at(0).integer(0)});
    policy = c->query(
                  "INSERT INTO policy (municipality_id, plan_id, goal_id, no, code, text, "
                  "updated_at) VALUES (?, ?, ?, 1, '1-4-1', '周知します。', 1) RETURNING id",
                  {m, plan.at(0).integer(0), goal.at(0).integer(0)})
                 .at(0)
                 .integer(0);
    c->execute(
        "INSERT INTO policy_viewpoint (municipality_id, policy_id, viewpoint) "
        "VALUES (?, ?, 2)",
        {m, policy});
    c->execute(
        "INSERT INTO policy_item (municipality_id, policy_id, kind, ord, text) "
        "VALUES (?, ?, 'direction', 0, '窓口を知らせます。')",
        {m, policy});
    c->execute(
        "INSERT INTO policy_finding (municipality_id, policy_id, ord, kind, text, source) "
        "VALUES (?, ?, 0, '課題', '窓口が知られていない。', '市民一般調査')",
        {m, policy});
    c->execute(
        "INSERT INTO project (municipality_id, plan_id, policy_id, no, name, created_at) "
        "VALUES (?, ?, ?, 1, '相談窓口の周知', 1)",
        {m, plan.at(0).integer(0), policy});
    auto revision = c->query(
        "INSERT INTO implementation_revision (municipality_id, plan_id, year, label, "
        "created_at) VALUES (?, ?, 2024, 'R6', 1) RETURNING id",
        {m, plan.at(0).integer(0)});
    c->execute(
        "INSERT INTO implementation_item (municipality_id, revision_id, policy_id, ord, code, "
        "title) VALUES (?, ?, ?, 0, '1-4-1', '周知')",
        {m, revision.at(0).integer(0), policy});
    tx.commit();
  }
  migrate(*c);
  EXPECT_EQ(current_schema_version(*c), latest_schema_version());
  auto plans = PlanStore(*c).load_plans(MunicipalityId{m});
  ASSERT_EQ(plans.size(), 1u);
  ASSERT_EQ(plans[0].goals.at(0).policies.size(), 1u);
  const Policy& p = plans[0].goals[0].policies[0];
  EXPECT_EQ(p.id.value, policy);
  EXPECT_EQ(p.member, 0);
  EXPECT_FALSE(plans[0].family);
  EXPECT_EQ(p.content.viewpoints, std::vector<int>{2});
  EXPECT_EQ(p.content.directions, std::vector<std::string>{"窓口を知らせます。"});
  auto linked =
      c->query("SELECT policy_id FROM implementation_item WHERE municipality_id = ?", {m});
  ASSERT_EQ(linked.size(), 1u);
  EXPECT_EQ(linked[0].optional_integer(0), policy) << "the rebuild cascaded or cut the link";
  ASSERT_EQ(p.content.findings.size(), 1u);
  EXPECT_EQ(p.content.findings[0].source, "市民一般調査");
  auto project = c->query("SELECT policy_id FROM project WHERE municipality_id = ?", {m});
  ASSERT_EQ(project.size(), 1u);
  EXPECT_EQ(project[0].optional_integer(0), policy);
  if (GetParam() == Backend::kSqlite) {
    EXPECT_EQ(c->query("PRAGMA foreign_keys").at(0).integer(0), 1) << "foreign keys left off";
  }
  // A plan of its own still numbers its policies uniquely within a goal.
  Transaction tx(*c, TxMode::kWrite);
  try {
    c->execute(
        "INSERT INTO policy (municipality_id, plan_id, goal_id, no, code, text, updated_at) "
        "SELECT municipality_id, plan_id, goal_id, 1, 'x', 'x', 1 FROM policy WHERE id = ?",
        {policy});
    FAIL() << "two policies numbered 1 under one goal of a plan of its own";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::kUniqueViolation) << e.what();
  }
}

TEST_P(PlanFamilyStore, MembersNumberTheirOwnPoliciesUnderSharedGoals) {
  open();
  if (!test_db_) return;
  auto c = db().connection();
  Transaction tx(*c, TxMode::kWrite);
  MunicipalityId m = AccountStore(*c).create_municipality("132195", "狛江市", 1);
  PlanStore plans(*c);
  FamilyHeader header{"基本計画", FiscalYear(2024), FiscalYear(2029), "ともに生きる", {}};
  header.goals = {{{}, 1, "相談支援", {}}, {{}, 2, "地域づくり", {}}};
  PlanId family = plans.create_family(m, header, 1);
  plans.save_member(m, family, std::nullopt,
                    {4, "再犯防止計画", FiscalYear(2024), FiscalYear(2029), {}});
  plans.save_member(m, family, std::nullopt,
                    {2,
                     "高齢者計画",
                     FiscalYear(2024),
                     FiscalYear(2029),
                     {{"介護保険事業計画", "第9期", FiscalYear(2024), FiscalYear(2026)}}});
  auto head = *plans.find_plan(m, family);
  EXPECT_TRUE(head.family);
  std::vector<BasicGoal> reentry = {
      {{}, 1, "相談支援", {Policy{{}, 1, "", 0, content("周知します。", true)}}},
      {{}, 2, "地域づくり", {Policy{{}, 1, "", 0, content("理解を広げます。")}}}};
  std::vector<BasicGoal> elderly = {
      {{}, 1, "相談支援", {Policy{{}, 1, "", 0, content("総合相談を充実します。")}}}};
  EXPECT_EQ(plans.replace_member_policies(m, head, 4, reentry, 2).policies_added, 2);
  EXPECT_EQ(plans.replace_member_policies(m, head, 2, elderly, 2).policies_added, 1);

  auto loaded = plans.load_plans(m);
  ASSERT_EQ(loaded.size(), 1u);
  const Plan& f = loaded[0];
  EXPECT_EQ(f.philosophy, "ともに生きる");
  ASSERT_EQ(f.members.size(), 2u);
  EXPECT_EQ(f.members[0].name, "高齢者計画");  // by position
  EXPECT_EQ(f.members[0].terms.at(0).label, "第9期");
  ASSERT_EQ(f.goals.at(0).policies.size(), 2u);
  EXPECT_EQ(f.goals[0].policies[0].code, "1-2-1");  // by member, then number
  EXPECT_EQ(f.goals[0].policies[1].code, "1-4-1");
  EXPECT_EQ(f.goals[1].policies.at(0).code, "2-4-1");
  const PolicyId kept = f.goals[0].policies[1].id;

  // Moving a member renumbers its codes and keeps its policies.
  plans.save_member(m, family, 4, {3, "再犯防止計画", FiscalYear(2024), FiscalYear(2029), {}});
  // Importing again without goal 2 removes the member's policy there, not the others'.
  reentry.pop_back();
  auto changes = plans.replace_member_policies(m, *plans.find_plan(m, family), 3, reentry, 3);
  EXPECT_EQ(changes.policies_unchanged, 1);
  EXPECT_EQ(changes.policies_removed, 1);
  auto after = plans.load_plans(m);
  EXPECT_EQ(after[0].goals[0].policies[1].code, "1-3-1");
  EXPECT_EQ(after[0].goals[0].policies[1].id, kept);
  EXPECT_TRUE(after[0].goals[1].policies.empty());
  EXPECT_EQ(after[0].goals[0].policies[0].code, "1-2-1");
}

TEST_P(PlanFamilyStore, AStaleFamilySaveChangesNothing) {
  open();
  if (!test_db_) return;
  auto c = db().connection();
  Transaction tx(*c, TxMode::kWrite);
  MunicipalityId m = AccountStore(*c).create_municipality("132195", "狛江市", 1);
  PlanStore plans(*c);
  FamilyHeader header{"基本計画", FiscalYear(2024), FiscalYear(2029), "", {{{}, 1, "相談", {}}}};
  PlanId family = plans.create_family(m, header, 1);
  FamilyHeader changed = header;
  changed.goals = {{{}, 1, "相談支援", {}}, {{}, 2, "地域", {}}};
  EXPECT_EQ(plans.save_family(m, family, 1, changed), FamilySave::kSaved);
  FamilyHeader late = header;
  late.name = "遅れた編集";
  EXPECT_EQ(plans.save_family(m, family, 1, late), FamilySave::kStale);
  auto loaded = plans.load_plans(m);
  EXPECT_EQ(loaded[0].name, "基本計画");
  EXPECT_EQ(loaded[0].version, 2);
  ASSERT_EQ(loaded[0].goals.size(), 2u);
  EXPECT_EQ(loaded[0].goals[0].title, "相談支援");
}

INSTANTIATE_TEST_SUITE_P(Backends, PlanFamilyStore,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::store
