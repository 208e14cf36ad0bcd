// Persons, consents and the legal basis of every read, on both backends: duplicates found across
// scripts, consent that lapses by itself, partners limited to what the consent names, 第69条
// grounds with a written reason, every read in the audit log (group-committed).
#include "service/case_service.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "store/audit_store.hpp"
#include "support/case_fixture.hpp"

namespace tsunagu::service {
namespace {

using CaseServiceTest = tsunagu::testing::CaseFixture;
using tsunagu::testing::kDay;

TEST_P(CaseServiceTest, APossibleDuplicateIsFoundAcrossScriptsAndWidths) {
  auto first = cases_->register_person(coordinator_, fictional("かくう たろう"), false);
  ASSERT_TRUE(first.ok()) << first.error().message;
  // The same person typed in half-width katakana without the space.
  auto again = cases_->register_person(coordinator_, fictional("ｶｸｳﾀﾛｳ"), false);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "person.possible_duplicate");
  ASSERT_EQ(again.error().details.size(), 1u);
  EXPECT_NE(again.error().details[0].message.find(std::to_string(first->id.value)),
            std::string::npos);
  EXPECT_EQ(count("person"), 1);  // nothing written
  // Confirmed as someone else: registered.
  EXPECT_TRUE(cases_->register_person(coordinator_, fictional("ｶｸｳﾀﾛｳ"), true).ok());
  Person other_birthday = fictional("カクウ タロウ");
  other_birthday.birth_date = {1970, 1, 1};
  EXPECT_TRUE(cases_->register_person(coordinator_, other_birthday, false).ok());
  EXPECT_EQ(count("person"), 3);
}

TEST_P(CaseServiceTest, BadInputIsRefusedAndNothingIsWritten) {
  Person bad = fictional();
  bad.kana = "Kakuu";
  bad.birth_date = {2030, 1, 1};  // after registration
  auto refused = cases_->register_person(coordinator_, bad, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "person.invalid");
  EXPECT_EQ(refused.error().details.size(),
            3u);  // kana; birth after registration; release before birth
  Person huge = fictional();
  huge.address = std::string(401 * 3, 'x');
  EXPECT_EQ(cases_->register_person(coordinator_, huge, false).error().code, "person.invalid");
  EXPECT_EQ(count("person"), 0);

  auto p = cases_->register_person(coordinator_, fictional(), false);
  Consent unknown_agency = sharing_with(p->id, AgencyId{9999}, {InfoCategory::kBasic});
  EXPECT_EQ(cases_->record_consent(coordinator_, unknown_agency).error().code, "consent.invalid");
  Consent no_scope = sharing_with(p->id, probation_.id, {});
  EXPECT_EQ(cases_->record_consent(coordinator_, no_scope).error().code, "consent.invalid");
  EXPECT_EQ(count("consent"), 0);
  EXPECT_EQ(cases_->register_person(plan_admin_, fictional(), true).error().code, "auth.forbidden");
}

TEST_P(CaseServiceTest, EachRoleSeesOnlyOnItsBasisAndEveryReadIsAudited) {
  auto p = cases_->register_person(coordinator_, fictional(), false);
  ASSERT_TRUE(p.ok());
  Person assigned = *p;
  assigned.assigned_worker = worker_.user->id;
  ASSERT_TRUE(cases_->update_person(coordinator_, assigned, p->version).ok());

  auto by_coordinator = cases_->person(coordinator_, p->id);
  ASSERT_TRUE(by_coordinator.ok());
  EXPECT_EQ(basis_code(by_coordinator->basis), "within_purpose");
  EXPECT_EQ(by_coordinator->person.facility, "架空刑務所");
  EXPECT_TRUE(cases_->person(worker_, p->id).ok());
  EXPECT_EQ(cases_->person(other_worker_, p->id).error().code, "access.denied");
  EXPECT_EQ(
      cases_->person(other_worker_, p->id, Ground{BasisKind::kSpecialReason, "急ぎ"}).error().code,
      "access.justification_required");
  auto reasoned = cases_->person(
      other_worker_, p->id,
      Ground{BasisKind::kSpecialReason, "担当者不在の夜間に本人から緊急の連絡があったため"});
  ASSERT_TRUE(reasoned.ok());
  EXPECT_EQ(cases_->person(probation_officer_, p->id).error().code, "access.denied");
  EXPECT_EQ(cases_->person(plan_admin_, p->id).error().code, "auth.forbidden");

  auto rows = audit_rows();
  std::vector<std::pair<std::string, std::string>> reads;  // action, basis
  std::string justification;
  for (const auto& r : rows) {
    if (r.action.rfind("person.read", 0) != 0) continue;
    reads.emplace_back(r.action, r.legal_basis);
    if (r.legal_basis == "special_reason")
      justification = nlohmann::json::parse(r.detail).value("justification", "");
  }
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"person.read", "within_purpose"}, {"person.read", "within_purpose"},
      {"person.read_refused", "none"},   {"person.read_refused", "none"},
      {"person.read", "special_reason"}, {"person.read_refused", "none"}};
  EXPECT_EQ(reads, expected);
  EXPECT_EQ(justification, "担当者不在の夜間に本人から緊急の連絡があったため");
  for (const auto& r : rows) {  // no personal data in the log
    EXPECT_EQ(r.detail.find("架空"), std::string::npos) << r.detail;
  }
}

TEST_P(CaseServiceTest, APartnerSeesWhatTheConsentNamesUntilItLapsesOrIsWithdrawn) {
  auto p = cases_->register_person(coordinator_, fictional(), false);
  auto basic = cases_->record_consent(
      coordinator_, sharing_with(p->id, probation_.id,
                                 {InfoCategory::kBasic, InfoCategory::kLiving}, Date{2025, 6, 30}));
  ASSERT_TRUE(basic.ok()) << basic.error().message;
  auto seen = cases_->person(probation_officer_, p->id);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(basis_code(seen->basis), "consent:" + std::to_string(basic->id.value));
  EXPECT_EQ(seen->person.phone, "090-0000-0000");
  EXPECT_EQ(seen->person.facility, "");  // criminal history was not consented
  EXPECT_EQ(seen->person.needs, (std::vector<Need>{Need::kHousing, Need::kElderly}));
  EXPECT_TRUE(seen->consents.empty());  // partners do not see the consent records
  EXPECT_EQ(cases_->person(darc_staff_, p->id).error().code, "access.denied");

  clock_.advance_ms(30 * kDay);  // 2025-07-01: the consent expired on 6-30, nobody acted
  EXPECT_EQ(cases_->person(probation_officer_, p->id).error().code, "access.denied");

  auto renewed = cases_->record_consent(coordinator_,
                                        sharing_with(p->id, probation_.id, {InfoCategory::kBasic}));
  ASSERT_TRUE(renewed.ok());
  EXPECT_TRUE(cases_->person(probation_officer_, p->id).ok());
  ASSERT_TRUE(cases_->withdraw_consent(coordinator_, renewed->id, Date{2025, 7, 1}).ok());
  EXPECT_EQ(cases_->person(probation_officer_, p->id).error().code, "access.denied");
  EXPECT_EQ(cases_->withdraw_consent(coordinator_, renewed->id, Date{2025, 7, 1}).error().code,
            "consent.invalid");  // already withdrawn
}

TEST_P(CaseServiceTest, SearchNeedsAQueryFoldsKanaAndShowsOnlyWhoTheActorMaySee) {
  auto taro = cases_->register_person(coordinator_, fictional("かくう たろう"), false);
  Person hanako = fictional("かくう はなこ");
  hanako.name = "架空 花子";
  hanako.birth_date = {1990, 2, 3};
  auto h = cases_->register_person(coordinator_, hanako, false);
  EXPECT_EQ(cases_->search(coordinator_, "  ").error().code, "person.query_required");
  auto all = cases_->search(coordinator_, "ｶｸｳ");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  auto by_name = cases_->search(coordinator_, "花子");
  ASSERT_EQ(by_name->size(), 1u);
  EXPECT_EQ(by_name->at(0).id, h->id);
  EXPECT_TRUE(cases_->search(probation_officer_, "かくう")->empty());
  ASSERT_TRUE(cases_
                  ->record_consent(coordinator_,
                                   sharing_with(taro->id, probation_.id, {InfoCategory::kBasic}))
                  .ok());
  auto partner = cases_->search(probation_officer_, "カクウ");
  ASSERT_EQ(partner->size(), 1u);
  EXPECT_EQ(partner->at(0).id, taro->id);
  EXPECT_TRUE(cases_->search(other_worker_, "かくう")->empty());  // none assigned
  EXPECT_TRUE(cases_->search(worker_, "100%_!")->empty());        // wildcards are literal
}

TEST_P(CaseServiceTest, ConcurrentReadsAreGroupCommittedAndTheChainHolds) {
  auto p = cases_->register_person(coordinator_, fictional(), false);
  constexpr int kThreads = 8, kReads = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kReads; ++i) {
        if (!cases_->person(coordinator_, p->id).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto stats = writer_->stats();
  EXPECT_EQ(stats.rows, kThreads * kReads);
  EXPECT_LE(stats.batches, stats.rows);
  int reads = 0;
  for (const auto& r : audit_rows()) reads += r.action == "person.read";
  EXPECT_EQ(reads, kThreads * kReads);  // every read durable before it was answered
  auto c = test_db_->db().connection();
  EXPECT_TRUE(audit_.verify(*c).intact);
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseServiceTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::service
