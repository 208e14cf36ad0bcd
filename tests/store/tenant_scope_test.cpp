// Tenant isolation at run time, on both backends: a row id of one municipality, passed with
// another municipality, reaches nothing (the statements sql_scope_test.cpp reads in the source
// bind the municipality), and the lists that used to run one query per row (events with their
// projects, placements with their follow-ups, meetings with their members) come back whole
// from one query each.
#include <gtest/gtest.h>

#include "store/account_store.hpp"
#include "store/case_store.hpp"
#include "store/casework_store.hpp"
#include "store/plan_store.hpp"
#include "store/progress_store.hpp"
#include "store/resource_store.hpp"
#include "support/test_db.hpp"

namespace tsunagu::store {
namespace {

class TenantScope : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    test_db_ = testing::TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << testing::kNoPostgres;
    write([&](Connection& c) {
      AccountStore accounts(c);
      m1_ = accounts.create_municipality("131001", "テスト市", 1);
      m2_ = accounts.create_municipality("131002", "となり町", 1);
      PlanStore plans(c);
      plan1_ = plans.create_plan(m1_, {{}, "計画", FiscalYear(2024), FiscalYear(2029), {}}, 1);
      plan2_ = plans.create_plan(m2_, {{}, "計画", FiscalYear(2024), FiscalYear(2029), {}}, 1);
      ProgressStore progress(c);
      project1_ = progress.create_project(m1_, plan1_, 1, {{}, {}, {}, 1, "就労支援", {}, ""}, 1);
      project2_ = progress.create_project(m1_, plan1_, 1, {{}, {}, {}, 2, "住居支援", {}, ""}, 1);
      other_project_ =
          progress.create_project(m2_, plan2_, 1, {{}, {}, {}, 1, "となりの事業", {}, ""}, 1);
      Person p;
      p.name = "架空太郎";
      p.kana = "かくうたろう";
      p.birth_date = Date{1980, 4, 1};
      p.registered_on = Date{2025, 4, 1};
      p.needs = {Need::kEmployment, Need::kHousing};
      person_ = CaseStore(c).insert_person(m1_, p, "かくうたろう", 1);
    });
  }

  template <class F>
  void write(F&& f) {
    auto c = test_db_->db().connection();
    Transaction tx(*c, TxMode::kWrite);
    f(*c);
    tx.commit();
  }
  template <class F>
  auto read(F&& f) {
    auto c = test_db_->db().connection();
    return f(*c);
  }

  EventId add_event(Date held_on, bool is_public, std::vector<ProjectId> projects) {
    EventId id;
    write([&](Connection& c) {
      Event e;
      e.title = "研修" + format_iso_date(held_on);
      e.held_on = held_on;
      e.is_public = is_public;
      e.projects = std::move(projects);
      id = ResourceStore(c).insert_event(m1_, e, 1);
    });
    return id;
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  MunicipalityId m1_, m2_;
  PlanId plan1_, plan2_;
  ProjectId project1_, project2_, other_project_;
  PersonId person_;
};

std::vector<ProjectId> projects_of(const Event& e) { return e.projects; }

TEST_P(TenantScope, EventsComeWithTheirProjects) {
  // Linked out of order: the lists read them back by project id.
  EventId first = add_event(Date{2025, 5, 1}, true, {project2_, project1_});
  EventId bare = add_event(Date{2025, 5, 2}, false, {});
  EventId last = add_event(Date{2025, 5, 3}, false, {project1_});
  auto all = read([&](Connection& c) {
    return ResourceStore(c).events(m1_, Date{2025, 4, 1}, Date{2026, 3, 31}, false);
  });
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, first);
  EXPECT_EQ(projects_of(all[0]), (std::vector<ProjectId>{project1_, project2_}));
  EXPECT_EQ(all[1].id, bare);
  EXPECT_TRUE(all[1].projects.empty());
  EXPECT_EQ(all[2].id, last);
  EXPECT_EQ(projects_of(all[2]), (std::vector<ProjectId>{project1_}));

  auto public_only = read([&](Connection& c) {
    return ResourceStore(c).events(m1_, Date{2025, 4, 1}, Date{2026, 3, 31}, true);
  });
  ASSERT_EQ(public_only.size(), 1u);
  EXPECT_EQ(projects_of(public_only[0]), (std::vector<ProjectId>{project1_, project2_}));

  // Events that evidence a project carry every project they evidence.
  auto of_project =
      read([&](Connection& c) { return ResourceStore(c).events_for_project(m1_, project1_); });
  ASSERT_EQ(of_project.size(), 2u);
  EXPECT_EQ(of_project[0].id, first);
  EXPECT_EQ(projects_of(of_project[0]), (std::vector<ProjectId>{project1_, project2_}));
  EXPECT_EQ(of_project[1].id, last);

  auto one = read([&](Connection& c) { return ResourceStore(c).event(m1_, first); });
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(projects_of(*one), (std::vector<ProjectId>{project1_, project2_}));
  EXPECT_FALSE(read([&](Connection& c) { return ResourceStore(c).event(m2_, first); }));
  EXPECT_TRUE(read([&](Connection& c) {
                return ResourceStore(c).events(m2_, Date{2025, 4, 1}, Date{2026, 3, 31}, false);
              }).empty());
}

TEST_P(TenantScope, EventsLinkOnlyToProjectsOfTheirMunicipalityAndOnlyOnce) {
  EventId e = add_event(Date{2025, 5, 1}, false, {project1_});
  write([&](Connection& c) {
    ResourceStore store(c);
    store.link_project(m1_, e, project1_);       // already linked
    store.link_project(m1_, e, other_project_);  // the neighbour's project
    store.link_project(m2_, e, project2_);       // the event through the neighbour
  });
  auto stored = read([&](Connection& c) { return ResourceStore(c).event(m1_, e); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(projects_of(*stored), (std::vector<ProjectId>{project1_}));
  write([&](Connection& c) { ResourceStore(c).link_project(m1_, e, project2_); });
  stored = read([&](Connection& c) { return ResourceStore(c).event(m1_, e); });
  EXPECT_EQ(projects_of(*stored), (std::vector<ProjectId>{project1_, project2_}));
}

TEST_P(TenantScope, PlacementsComeWithTheirFollowUps) {
  PlacementId with, without;
  write([&](Connection& c) {
    ResourceStore store(c);
    Resource r;
    r.name = "架空カフェ";
    ResourceId resource = store.insert_resource(m1_, r, "かくうかふぇ", 1);
    Placement p{{}, person_, resource, "", Date{2025, 5, 1}, {}, "", {}};
    p.follow_ups = {{0, FollowUpWith::kHost, Date{2025, 8, 1}, {}, "3か月"},
                    {0, FollowUpWith::kPerson, Date{2025, 5, 15}, {}, "2週間"}};
    with = store.insert_placement(m1_, p, 1);
    p.started_on = Date{2025, 6, 1};
    p.follow_ups.clear();
    without = store.insert_placement(m1_, p, 1);
  });
  auto list = read([&](Connection& c) { return ResourceStore(c).placements(m1_, person_); });
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, with);
  EXPECT_EQ(list[0].resource_name, "架空カフェ");
  ASSERT_EQ(list[0].follow_ups.size(), 2u);
  EXPECT_EQ(list[0].follow_ups[0].due_on, (Date{2025, 5, 15}));
  EXPECT_EQ(list[0].follow_ups[0].with, FollowUpWith::kPerson);
  EXPECT_EQ(list[0].follow_ups[1].note, "3か月");
  EXPECT_EQ(list[1].id, without);
  EXPECT_TRUE(list[1].follow_ups.empty());

  auto one = read([&](Connection& c) { return ResourceStore(c).placement(m1_, with); });
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->follow_ups.size(), 2u);
  EXPECT_FALSE(read([&](Connection& c) { return ResourceStore(c).placement(m2_, with); }));
  EXPECT_TRUE(
      read([&](Connection& c) { return ResourceStore(c).placements(m2_, person_); }).empty());
}

TEST_P(TenantScope, MeetingsComeWithTheirMembers) {
  write([&](Connection& c) {
    CaseworkStore work(c);
    Meeting first{{}, MeetingKind::kCaseConference, person_, Date{2025, 5, 1}, {}, "", "", {}};
    first.members = {{{}, {}, "保護司 架空", true}, {{}, {}, "市 福祉課", false}};
    work.insert_meeting(m1_, first, 1);
    Meeting second = first;
    second.held_on = Date{2025, 6, 1};
    second.members = {{{}, {}, "社協 架空", true}};
    work.insert_meeting(m1_, second, 1);
    Meeting regular{{}, MeetingKind::kRegular, {}, Date{2025, 5, 10}, {}, "", "", {}};
    regular.members = {{{}, {}, "定例 出席者", false}};
    work.insert_meeting(m1_, regular, 1);
  });
  auto of_person = read([&](Connection& c) { return CaseworkStore(c).meetings_of(m1_, person_); });
  ASSERT_EQ(of_person.size(), 2u);
  ASSERT_EQ(of_person[0].members.size(), 2u);
  EXPECT_EQ(of_person[0].members[0].name, "保護司 架空");
  EXPECT_TRUE(of_person[0].members[0].confidentiality_acknowledged);
  EXPECT_EQ(of_person[0].members[1].name, "市 福祉課");
  ASSERT_EQ(of_person[1].members.size(), 1u);
  EXPECT_EQ(of_person[1].members[0].name, "社協 架空");
  auto regular = read([&](Connection& c) { return CaseworkStore(c).regular_meetings(m1_); });
  ASSERT_EQ(regular.size(), 1u);
  ASSERT_EQ(regular[0].members.size(), 1u);
  EXPECT_EQ(regular[0].members[0].name, "定例 出席者");
  EXPECT_TRUE(
      read([&](Connection& c) { return CaseworkStore(c).meetings_of(m2_, person_); }).empty());
  EXPECT_TRUE(read([&](Connection& c) { return CaseworkStore(c).regular_meetings(m2_); }).empty());
}

TEST_P(TenantScope, ChildRowsWithoutTheirOwnColumnFollowTheirParent) {
  auto needs = read([&](Connection& c) { return CaseStore(c).person(m1_, person_)->needs; });
  EXPECT_EQ(needs, (std::vector<Need>{Need::kEmployment, Need::kHousing}));
  write([&](Connection& c) {
    CaseworkStore work(c);
    SupportPlan plan{person_, {"就労の定着"}, {}, Date{2025, 5, 1}, {}, "", 0};
    plan.roles = {{{}, "保護観察所", "生活の見守り", {}},
                  {{}, "市", "就労の相談", Date{2025, 9, 1}}};
    ASSERT_TRUE(work.save_support_plan(m1_, plan, 0));
    plan.roles.pop_back();
    ASSERT_TRUE(work.save_support_plan(m1_, plan, 1));
    // Through the neighbour: neither the plan nor its roles change.
    plan.roles.clear();
    EXPECT_FALSE(work.save_support_plan(m2_, plan, 2));
  });
  auto plan = read([&](Connection& c) { return CaseworkStore(c).support_plan(m1_, person_); });
  ASSERT_TRUE(plan.has_value());
  ASSERT_EQ(plan->roles.size(), 1u);
  EXPECT_EQ(plan->roles[0].task, "生活の見守り");
  EXPECT_FALSE(read([&](Connection& c) { return CaseworkStore(c).support_plan(m2_, person_); }));
}

TEST_P(TenantScope, AnotherMunicipalitysIdsReachNothing) {
  write([&](Connection& c) {
    ProgressStore progress(c);
    progress.set_scale(m1_, plan1_, EvaluationScale::three_step());
    progress.open_year(m1_, plan1_, FiscalYear(2025), Date{2026, 5, 31}, 1);
    // Each of these names a row of municipality 1 through municipality 2.
    progress.update_project(m2_, project1_, "乗っ取り", "乗っ取り");
  });
  read([&](Connection& c) {
    ProgressStore progress(c);
    EXPECT_EQ(progress.project(m1_, project1_)->name, "就労支援");
    EXPECT_EQ(progress.find_project(m1_, plan1_, 1, 1).value_or(ProjectId{}), project1_);
    EXPECT_FALSE(progress.find_project(m2_, plan1_, 1, 1).has_value());
    EXPECT_EQ(progress.scale(m1_, plan1_).grades(), EvaluationScale::three_step().grades());
    EXPECT_EQ(progress.scale(m2_, plan1_).grades(), EvaluationScale::ena_default().grades());
    EXPECT_TRUE(progress.year(m1_, plan1_, FiscalYear(2025)).has_value());
    EXPECT_FALSE(progress.year(m2_, plan1_, FiscalYear(2025)).has_value());
    EXPECT_FALSE(progress.latest_open_year(m2_, plan1_).has_value());
  });

  User u;
  u.municipality = m1_;
  u.username = "yamada";
  u.display_name = "山田";
  u.role = Role::kPlanAdmin;
  write([&](Connection& c) {
    AccountStore accounts(c);
    u.id = accounts.add_user(u, "hash", 1);
    accounts.create_session({"h1", u, "csrf", 100, 100, 200});
    accounts.set_disabled(m2_, u.id, true);
    accounts.set_password_hash(m2_, u.id, "other", false);
    accounts.touch_session(m2_, "h1", 150, 300);
    accounts.delete_session(m2_, "h1");
    accounts.delete_sessions_of(m2_, u.id);
    accounts.delete_other_sessions_of(m2_, u.id, "none");
    User elsewhere = u;
    elsewhere.municipality = m2_;
    elsewhere.role = Role::kAdmin;
    accounts.set_role(elsewhere);
    accounts.set_last_login(m2_, u.id, 999);
  });
  read([&](Connection& c) {
    AccountStore accounts(c);
    EXPECT_FALSE(accounts.find_user(m2_, u.id).has_value());
    ASSERT_TRUE(accounts.find_user(m1_, u.id).has_value());
    EXPECT_FALSE(accounts.find_user(m1_, u.id)->disabled);
    EXPECT_EQ(accounts.find_user(m1_, u.id)->role, Role::kPlanAdmin);
    EXPECT_FALSE(accounts.find_user(m1_, u.id)->last_login_at.has_value());
    EXPECT_EQ(accounts.find_user_by_name("yamada")->password_hash, "hash");
    auto session = accounts.find_session("h1");
    EXPECT_TRUE(session.has_value());
    EXPECT_EQ(session->expires_at, 200);
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, TenantScope,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::backend_name(info.param); });

}  // namespace
}  // namespace tsunagu::store
