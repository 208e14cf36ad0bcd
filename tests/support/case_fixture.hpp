// A municipality with two partner agencies and one user per case role, on either backend, for
// the case-coordination service tests. Persons are fictional.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "service/account_service.hpp"
#include "service/case_service.hpp"
#include "service/casework_service.hpp"
#include "store/audit_store.hpp"
#include "support/test_db.hpp"

namespace tsunagu::testing {

using namespace tsunagu::service;

// 2025-06-01 09:00 JST.
constexpr std::int64_t kStart = 1748736000000;
constexpr std::int64_t kDay = 24LL * 60 * 60 * 1000;

class CaseFixture : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(GetParam());
    if (!test_db_) GTEST_SKIP() << tsunagu::testing::kNoPostgres;
    writer_ = std::make_unique<AuditWriter>(test_db_->db(), audit_);
    cases_ = std::make_unique<CaseService>(test_db_->db(), clock_, audit_, *writer_);
    work_ = std::make_unique<CaseworkService>(test_db_->db(), clock_, audit_, *writer_, *cases_);
    AuthOptions options;
    options.hashing = PasswordHashing::fastest_for_tests();
    AccountService accounts(test_db_->db(), clock_, audit_, options);
    auto m = accounts.create_municipality(Actor::operator_at_cli("test", {}), "132195", "狛江市");
    cli_ = Actor::operator_at_cli("test", m->id);
    probation_ = *cases_->add_agency(cli_, "東京保護観察所", AgencyKind::kProbationOffice);
    darc_ = *cases_->add_agency(cli_, "多摩ダルク", AgencyKind::kSelfHelpGroup);
    facility_ = *cases_->add_agency(cli_, "架空刑務所", AgencyKind::kCorrectionalFacility);
    city_ = *cases_->add_agency(cli_, "狛江市福祉相談課", AgencyKind::kMunicipality);
    auto add = [&](const char* name, Role role, const char* agency) {
      auto u = accounts.add_user(cli_, {name, "", role, "", "correct horse battery", agency});
      EXPECT_TRUE(u.ok()) << u.error().message;
      return Actor::of(*u);
    };
    coordinator_ = add("chosei", Role::kCaseCoordinator, "");
    worker_ = add("tanto", Role::kCaseWorker, "");
    other_worker_ = add("tanto2", Role::kCaseWorker, "");
    probation_officer_ = add("kansatsu", Role::kPartner, "東京保護観察所");
    darc_staff_ = add("darc", Role::kPartner, "多摩ダルク");
    plan_admin_ = add("keikaku", Role::kPlanAdmin, "");
  }

  Person fictional(const char* kana = "かくう たろう") {
    Person p;
    p.name = "架空 太郎";
    p.kana = kana;
    p.birth_date = {1958, 4, 2};
    p.phone = "090-0000-0000";
    p.status = PersonStatus::kInCustody;
    p.facility = "架空刑務所";
    p.expected_release = Date{2025, 9, 1};
    p.destination = "狛江市";
    p.needs = {Need::kHousing, Need::kAddiction, Need::kElderly};
    return p;
  }

  Consent sharing_with(PersonId person, AgencyId agency, std::vector<InfoCategory> categories,
                       std::optional<Date> expires = std::nullopt) {
    Consent c;
    c.person = person;
    c.given_on = {2025, 6, 1};
    c.method = "書面";
    c.scope.agencies = {agency};
    c.scope.categories = std::move(categories);
    c.expires = expires;
    return c;
  }

  std::vector<store::AuditRow> audit_rows() {
    auto c = test_db_->db().connection();
    return store::AuditStore(*c).rows_after(0, 100000);
  }
  std::int64_t count(const char* table) {
    auto c = test_db_->db().connection();
    return c->query(std::string("SELECT COUNT(*) FROM ") + table).at(0).integer(0);
  }

  ManualClock clock_{kStart};
  AuditLog audit_{clock_};
  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<AuditWriter> writer_;
  std::unique_ptr<CaseService> cases_;
  std::unique_ptr<CaseworkService> work_;
  Actor cli_, coordinator_, worker_, other_worker_, probation_officer_, darc_staff_, plan_admin_;
  Agency probation_, darc_, facility_, city_;
};

}  // namespace tsunagu::testing
