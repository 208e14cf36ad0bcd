// Issue 12, reads without an audit row. Every read of a person's data, and every refusal of
// one, writes its audit row: here the placements (受入れ) of a person, over the API and on the
// person's resources page (/cases/{id}/resources), which lists them. And the duplicate warning
// at registration names only a record the registrant may open.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::security::audit_reads_test {
namespace {

using nlohmann::json;
using tsunagu::testing::http_as;
using tsunagu::testing::Login;

constexpr const char* kPassword = "correct horse battery";

class AuditedReads : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<tsunagu::testing::TestApp>();
    auto cli = app_->operator_actor;
    ASSERT_TRUE(app_->cases->add_agency(cli, "架空ダルク", AgencyKind::kSelfHelpGroup).ok());
    ASSERT_TRUE(
        app_->accounts
            ->add_user(cli, {"coordinator", "", Role::kCaseCoordinator, "福祉相談課", kPassword})
            .ok());
    ASSERT_TRUE(
        app_->accounts->add_user(cli, {"darc", "", Role::kPartner, "", kPassword, "架空ダルク"})
            .ok());
    Person p;
    p.name = "架空 一郎";
    p.kana = "かくう いちろう";
    p.birth_date = {1970, 1, 1};
    auto made = app_->cases->register_person(cli, p, true);
    ASSERT_TRUE(made.ok()) << made.error().message;
    person_ = made->id.value;
    coordinator_ = tsunagu::testing::login(app_->port, "coordinator", kPassword);
    darc_ = tsunagu::testing::login(app_->port, "darc", kPassword);
  }

  // The audit rows about the person: action and detail, oldest first.
  std::vector<std::pair<std::string, json>> rows_about_person() {
    auto c = app_->database->db().connection();
    std::vector<std::pair<std::string, json>> out;
    for (const auto& r :
         c->query("SELECT action, detail, actor FROM audit_log WHERE target_type = 'person' AND "
                  "target_id = ? AND action LIKE 'person.read%' ORDER BY seq",
                  {std::to_string(person_)})) {
      auto detail = json::parse(r.text(1));
      detail["actor"] = r.text(2);
      out.emplace_back(r.text(0), detail);
    }
    return out;
  }

  std::unique_ptr<tsunagu::testing::TestApp> app_;
  std::int64_t person_ = 0;
  Login coordinator_, darc_;
};

TEST_F(AuditedReads, ThePlacementsOfAPersonAreAnAuditedReadAndSoIsTheirRefusal) {
  const std::string path = "/api/v1/persons/" + std::to_string(person_) + "/placements";
  ASSERT_EQ(http_as(app_->port, coordinator_, "GET", path).status, 200);
  auto refused = http_as(app_->port, darc_, "GET", path);  // no consent, no meeting: no basis
  EXPECT_EQ(refused.status, 403) << refused.body;

  auto rows = rows_about_person();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].first, "person.read");
  EXPECT_EQ(rows[0].second["what"], "placements");
  EXPECT_EQ(rows[0].second["actor"], "coordinator");
  EXPECT_EQ(rows[1].first, "person.read_refused");
  EXPECT_EQ(rows[1].second["what"], "placements");
  EXPECT_EQ(rows[1].second["reason"], "access.denied");
  EXPECT_EQ(rows[1].second["actor"], "darc");

  // A person that does not exist is not a look at anyone: no row.
  EXPECT_EQ(http_as(app_->port, coordinator_, "GET", "/api/v1/persons/999999/placements").status,
            404);
  EXPECT_EQ(rows_about_person().size(), 2u);
}

TEST_F(AuditedReads, ThePlacementPageWritesItsRowToo) {
  const auto before = rows_about_person().size();
  auto page =
      http_as(app_->port, coordinator_, "GET", "/cases/" + std::to_string(person_) + "/resources");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 200);
  auto rows = rows_about_person();
  ASSERT_GT(rows.size(), before);
  bool placements_row = false;
  for (std::size_t i = before; i < rows.size(); ++i)
    placements_row = placements_row || rows[i].second.value("what", "") == "placements";
  EXPECT_TRUE(placements_row);
}

// The due lists name persons; each one shown writes its row, and a list shows no one it has not
// audited.
TEST_F(AuditedReads, TheDueListsWriteARowForEveryPersonTheyName) {
  auto cli = app_->operator_actor;
  const Date soon = add_days(service::today_in_japan(*app_->clock), 3);
  ASSERT_TRUE(app_->casework->schedule_review(cli, PersonId{person_}, soon).ok());
  const auto before = rows_about_person().size();
  auto page = http_as(app_->port, coordinator_, "GET", "/cases/due");
  ASSERT_EQ(page.status, 200);
  ASSERT_NE(page.body.find("架空 一郎"), std::string::npos);
  auto rows = rows_about_person();
  ASSERT_EQ(rows.size(), before + 1);
  EXPECT_EQ(rows.back().first, "person.read");
  EXPECT_EQ(rows.back().second["what"], "due_list");
  EXPECT_EQ(rows.back().second["actor"], "coordinator");

  // The placements due list: nothing due, nothing named, no row.
  auto placements = http_as(app_->port, coordinator_, "GET", "/api/v1/placements/due");
  ASSERT_EQ(placements.status, 200) << placements.body;
  EXPECT_EQ(rows_about_person().size(), before + 1);
}

// A case worker registering someone already on file under another worker learns that a
// possible duplicate exists and whom to ask, not the other record's id.
TEST(DuplicateWarning, NamesOnlyARecordTheRegistrantMayOpen) {
  tsunagu::testing::TestApp app;
  auto cli = app.operator_actor;
  auto add = [&](const char* name) {
    auto u = app.accounts->add_user(cli, {name, "", Role::kCaseWorker, "福祉相談課", kPassword});
    EXPECT_TRUE(u.ok());
    return service::Actor::of(*u);
  };
  auto tanto = add("tanto");
  auto tanto2 = add("tanto2");
  Person p;
  p.name = "架空 二郎";
  p.kana = "かくう じろう";
  p.birth_date = {1980, 2, 2};
  auto first = app.cases->register_person(tanto, p, false);  // assigned to tanto
  ASSERT_TRUE(first.ok()) << first.error().message;
  const std::string id = std::to_string(first->id.value);

  auto other = app.cases->register_person(tanto2, p, false);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "person.possible_duplicate");
  ASSERT_EQ(other.error().details.size(), 1u);
  EXPECT_EQ(other.error().details[0].message.find(id), std::string::npos);
  EXPECT_NE(other.error().details[0].message.find("多機関調整担当"), std::string::npos);

  auto own = app.cases->register_person(tanto, p, false);
  ASSERT_FALSE(own.ok());
  ASSERT_EQ(own.error().details.size(), 1u);
  EXPECT_NE(own.error().details[0].message.find(id), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::security::audit_reads_test

namespace tsunagu::security::audit_reads_test {
namespace {

// Refused changes are audited too: a case worker not assigned to the person tries to change
// the record and to record a consent; each refusal leaves a "person.change_refused" row with its
// reason, and nothing else changes.
TEST_F(AuditedReads, ARefusedChangeWritesItsRowAndChangesNothing) {
  auto cli = app_->operator_actor;
  auto worker =
      app_->accounts->add_user(cli, {"tanto", "", Role::kCaseWorker, "福祉相談課", kPassword});
  ASSERT_TRUE(worker.ok());
  const auto actor = service::Actor::of(*worker);
  auto before = app_->cases->person(cli, PersonId{person_});
  ASSERT_TRUE(before.ok());
  Person changed = before->person;
  changed.phone = "03-9999-9999";
  auto update = app_->cases->update_person(actor, changed, before->person.version);
  ASSERT_FALSE(update.ok());
  EXPECT_EQ(update.error().code, "access.denied");
  Consent c;
  c.person = PersonId{person_};
  c.given_on = {2026, 5, 1};
  c.method = "書面";
  c.scope.kinds = {AgencyKind::kSelfHelpGroup};
  c.scope.categories = {InfoCategory::kBasic};
  EXPECT_EQ(app_->cases->record_consent(actor, c).error().code, "access.denied");

  auto db = app_->database->db().connection();
  auto rows = db->query(
      "SELECT detail FROM audit_log WHERE action = 'person.change_refused' AND actor = 'tanto' "
      "AND target_id = ? ORDER BY seq",
      {std::to_string(person_)});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(json::parse(rows[0].text(0))["what"], "person");
  EXPECT_EQ(json::parse(rows[0].text(0))["reason"], "access.denied");
  EXPECT_EQ(json::parse(rows[1].text(0))["what"], "consent");
  auto after = app_->cases->person(cli, PersonId{person_});
  EXPECT_EQ(after->person.phone, before->person.phone);
  EXPECT_EQ(after->person.version, before->person.version);
  EXPECT_EQ(db->query("SELECT id FROM consent WHERE person_id = ?", {person_}).size(), 0u);
}

}  // namespace
}  // namespace tsunagu::security::audit_reads_test
