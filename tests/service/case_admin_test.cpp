// The holder's duties on both backends: erasure after retention keeps the indicators' anonymised
// facts and nothing else; a disclosure holds the whole record and who read it; a leak incident
// is recorded with the persons affected, and bad ones are refused.
#include "service/case_admin_service.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/case_fixture.hpp"

namespace tsunagu::service {
namespace {

using CaseAdminTest = tsunagu::testing::CaseFixture;

TEST_P(CaseAdminTest, ErasureAfterRetentionKeepsOnlyAnonymisedFactsForTheIndicators) {
  CaseAdminService admin(test_db_->db(), clock_, audit_);
  Person p = fictional();
  p.registered_on = {2018, 4, 1};
  p.expected_release.reset();
  auto person = cases_->register_person(coordinator_, p, true);
  ASSERT_TRUE(person.ok()) << person.error().message;
  Consent stats;
  stats.person = person->id;
  stats.purpose = ConsentPurpose::kStatistics;
  stats.given_on = {2018, 4, 1};
  stats.method = "書面";
  ASSERT_TRUE(cases_->record_consent(coordinator_, stats).ok());
  Supporter family{{}, person->id, SupporterKind::kFamily, false, true, "姉"};
  family.from = {2018, 4, 1};
  ASSERT_TRUE(work_->add_supporter(coordinator_, family).ok());
  Supporter employer{{}, person->id, SupporterKind::kEmployer, false, true, "雇用主"};
  employer.from = {2019, 1, 1};
  ASSERT_TRUE(work_->add_supporter(coordinator_, employer).ok());
  SupportPlan plan;
  plan.person = person->id;
  plan.goals = {"働き続ける"};
  plan.started_on = {2018, 5, 1};
  auto saved = work_->save_plan(coordinator_, plan, 0);
  ASSERT_TRUE(saved.ok());
  ASSERT_TRUE(work_->close_plan(coordinator_, person->id, {2019, 6, 1}, "安定", 1).ok());
  const auto before = work_->indicators(coordinator_, {2019, 4, 1}, {2020, 3, 31});
  ASSERT_EQ(before->first.supporters_increased.numerator, 1);

  EXPECT_EQ(admin.retention_candidates(coordinator_, 2).error().code, "retention.invalid");
  auto listed = admin.retention_candidates(coordinator_, 5);  // closed 2019-06 ≤ 2020-06
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->at(0).name, "架空 太郎");
  EXPECT_EQ(*admin.erase(coordinator_, 5, {}), 0);  // nothing confirmed, nothing erased
  EXPECT_EQ(admin.erase(probation_officer_, 5, {person->id}).error().code, "auth.forbidden");
  ASSERT_EQ(*admin.erase(coordinator_, 5, {person->id}), 1);

  auto c = test_db_->db().connection();
  for (const char* table : {"person", "consent", "supporter", "support_plan", "checkpoint"}) {
    EXPECT_EQ(c->query(std::string("SELECT COUNT(*) FROM ") + table).at(0).integer(0), 0) << table;
  }
  if (GetParam() == store::Backend::kSqlite) {
    // The search index keeps its own copy of the text: erased with the person.
    EXPECT_EQ(c->query("SELECT COUNT(*) FROM person_fts").at(0).integer(0), 0);
  }
  // The indicators of 2019 still count the erased case; the 2-year one (2021) too.
  const auto after = work_->indicators(coordinator_, {2019, 4, 1}, {2020, 3, 31});
  EXPECT_EQ(after->first.supporters_increased.numerator, 1);
  EXPECT_EQ(after->first.supporters_increased.denominator, 1);
  const auto two_years = work_->indicators(coordinator_, {2021, 4, 1}, {2022, 3, 31});
  EXPECT_EQ(two_years->first.local_supporter_after_two_years.numerator, 1);
  EXPECT_EQ(cases_->person(coordinator_, person->id).error().code, "person.not_found");
  bool erased_audited = false;
  for (const auto& r : store::AuditStore(*c).rows_after(0, 100000))
    erased_audited |= r.action == "person.erase";
  EXPECT_TRUE(erased_audited);
}

TEST_P(CaseAdminTest, ADisclosureHoldsTheRecordAndWhoReadIt) {
  CaseAdminService admin(test_db_->db(), clock_, audit_);
  auto person = cases_->register_person(coordinator_, fictional(), false);
  ASSERT_TRUE(cases_
                  ->record_consent(coordinator_,
                                   sharing_with(person->id, probation_.id, {InfoCategory::kBasic}))
                  .ok());
  ASSERT_TRUE(cases_->person(probation_officer_, person->id).ok());
  auto text = admin.disclosure(coordinator_, person->id, "令和8年度開示第3号");
  ASSERT_TRUE(text.ok());
  auto j = nlohmann::json::parse(*text);
  EXPECT_EQ(j["person"]["name"], "架空 太郎");
  EXPECT_EQ(j["person"]["facility"], "架空刑務所");
  EXPECT_EQ(j["consents"].size(), 1u);
  bool read_by_partner = false;
  for (const auto& a : j["accesses"]) {
    read_by_partner |= a["who"] == "kansatsu" && a["action"] == "person.read" &&
                       a["basis"].get<std::string>().rfind("consent:", 0) == 0;
  }
  EXPECT_TRUE(read_by_partner);
  // The request it answers is in the export and in its audit row (issue 12), and one is needed.
  EXPECT_EQ(j["request_reference"], "令和8年度開示第3号");
  auto c = test_db_->db().connection();
  auto rows = c->query("SELECT detail FROM audit_log WHERE action = 'person.disclose'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(rows[0].text(0))["request"], "令和8年度開示第3号");
  EXPECT_EQ(admin.disclosure(coordinator_, person->id, "  ").error().code,
            "disclosure.request_required");
  EXPECT_EQ(c->query("SELECT detail FROM audit_log WHERE action = 'person.disclose'").size(), 1u);
  EXPECT_EQ(admin.disclosure(worker_, person->id, "令和8年度開示第3号").error().code,
            "auth.forbidden");
  EXPECT_EQ(admin.disclosure(coordinator_, PersonId{9999}, "令和8年度開示第3号").error().code,
            "person.not_found");
}

TEST_P(CaseAdminTest, LeakIncidentsAreRecordedWithThePersonsAffected) {
  CaseAdminService admin(test_db_->db(), clock_, audit_);
  auto person = cases_->register_person(coordinator_, fictional(), false);
  Incident bad;
  bad.occurred_on = {2025, 6, 3};
  bad.discovered_on = {2025, 6, 1};  // before it happened
  EXPECT_EQ(admin.record_incident(coordinator_, bad).error().code, "incident.invalid");
  Incident x;
  x.occurred_on = {2025, 6, 1};
  x.discovered_on = {2025, 6, 2};
  x.description = "会議資料を誤って別の機関へ送信した";
  x.categories = {InfoCategory::kBasic, InfoCategory::kCriminal};
  x.persons = {person->id};
  x.measures = "送信先に削除を依頼し、削除を確認した";
  ASSERT_TRUE(admin.record_incident(coordinator_, x).ok());
  auto list = admin.incidents(coordinator_);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->at(0).persons, std::vector<PersonId>{person->id});
  EXPECT_EQ(list->at(0).categories.size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseAdminTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::service
