// Issue 12, audit review. A read on a ground of 個人情報保護法第69条 gave access once and was
// listed for nobody to sign off; the auditor had only a capped list of rows. Now a ground gives
// the reader that person for 24 hours, after which the reason is asked again; each read whose
// reason was written waits in a queue for the auditor's sign-off (reviewed, commented,
// referred), counted on the auditor's and the coordinator's homes; and the auditor searches the
// whole log by period, user, person, action and basis, with cursor paging and CSV.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/application.hpp"
#include "store/audit_store.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"
#include "support/test_db.hpp"
#include "support/test_support.hpp"

namespace tsunagu::security::audit_review_test {
namespace {

using nlohmann::json;
using tsunagu::testing::http_as;
using tsunagu::testing::Login;

constexpr const char* kPassword = "correct horse battery";
constexpr const char* kReason = "警察からの照会（捜査関係事項照会書）に回答するため";

class AuditReview : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<tsunagu::testing::TestApp>();
    auto cli = app_->operator_actor;
    for (auto [name, role] :
         {std::pair{"chosei", Role::kCaseCoordinator}, std::pair{"tanto", Role::kCaseWorker},
          std::pair{"kansa", Role::kAuditor}, std::pair{"kanri", Role::kAdmin}}) {
      ASSERT_TRUE(app_->accounts->add_user(cli, {name, "", role, "福祉相談課", kPassword}).ok());
    }
    Person p;
    p.name = "架空 次郎";
    p.kana = "かくう じろう";
    p.birth_date = {1975, 4, 1};
    auto made = app_->cases->register_person(cli, p, true);
    ASSERT_TRUE(made.ok()) << made.error().message;
    person_ = std::to_string(made->id.value);
    worker_ = tsunagu::testing::login(app_->port, "tanto", kPassword);
    auditor_ = tsunagu::testing::login(app_->port, "kansa", kPassword);
    coordinator_ = tsunagu::testing::login(app_->port, "chosei", kPassword);
  }

  int read_plain() {
    return http_as(app_->port, worker_, "GET", "/api/v1/persons/" + person_).status;
  }
  tsunagu::testing::HttpResult read_on_ground() {
    return http_as(app_->port, worker_, "POST", "/api/v1/persons/" + person_ + "/read",
                   json{{"ground", "law"}, {"justification", kReason}}.dump());
  }
  json waiting() {
    auto r = http_as(app_->port, auditor_, "GET", "/api/v1/audit/reviews");
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }

  std::unique_ptr<tsunagu::testing::TestApp> app_;
  std::string person_;
  Login worker_, auditor_, coordinator_;
};

TEST_F(AuditReview, AGroundGivesThePersonFor24HoursThenTheReasonIsAskedAgain) {
  EXPECT_EQ(read_plain(), 403);  // not assigned, no ground
  auto first = read_on_ground();
  ASSERT_EQ(first.status, 200) << first.body;
  // Within 24 hours the same reader opens the record again without writing the reason again;
  // the page says on which written reason and until when.
  auto again = http_as(app_->port, worker_, "GET", "/api/v1/persons/" + person_);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body)["basis"]["code"], "law");
  auto page = http_as(app_->port, worker_, "GET", "/cases/" + person_);
  EXPECT_NE(page.body.find("先に記録した理由"), std::string::npos);
  EXPECT_NE(page.body.find("2026-06-02 10:00:00 JST"), std::string::npos) << "the window's end";
  // Another case worker gains nothing from it.
  ASSERT_TRUE(app_->accounts
                  ->add_user(app_->operator_actor,
                             {"tanto2", "", Role::kCaseWorker, "福祉相談課", kPassword})
                  .ok());
  auto other = tsunagu::testing::login(app_->port, "tanto2", kPassword);
  EXPECT_EQ(http_as(app_->port, other, "GET", "/api/v1/persons/" + person_).status, 403);
  // After 24 hours the reason is asked again.
  app_->clock->advance_ms(24LL * 60 * 60 * 1000 + 1000);
  worker_ = tsunagu::testing::login(app_->port, "tanto", kPassword);
  EXPECT_EQ(read_plain(), 403);
  EXPECT_EQ(read_on_ground().status, 200);
  EXPECT_EQ(read_plain(), 200);
}

TEST_F(AuditReview, EachGroundWithItsReasonWaitsForTheAuditorsSignOff) {
  ASSERT_EQ(read_on_ground().status, 200);
  ASSERT_EQ(read_plain(), 200);  // a read again in the window adds nothing to review
  auto queue = waiting();
  ASSERT_EQ(queue["count"], 1) << queue.dump();
  const auto item = queue["waiting"][0];
  EXPECT_EQ(item["actor"], "tanto");
  EXPECT_EQ(item["person"], person_);
  EXPECT_EQ(item["ground"], "law");
  EXPECT_EQ(item["justification"], kReason);
  const std::string seq = std::to_string(item["seq"].get<std::int64_t>());

  // Both homes show the count.
  auto auditor_home = http_as(app_->port, auditor_, "GET", "/");
  EXPECT_NE(auditor_home.body.find("<strong>1件</strong>"), std::string::npos);
  EXPECT_NE(auditor_home.body.find("/audit/reviews"), std::string::npos);
  auto coordinator_home = http_as(app_->port, coordinator_, "GET", "/");
  EXPECT_NE(coordinator_home.body.find("<strong>1件</strong>"), std::string::npos);

  // Only the auditor signs off; a comment is required unless simply reviewed.
  auto admin = tsunagu::testing::login(app_->port, "kanri", kPassword);
  EXPECT_EQ(http_as(app_->port, admin, "POST", "/api/v1/audit/reviews/" + seq,
                    json{{"outcome", "reviewed"}}.dump())
                .status,
            403);
  auto no_comment = http_as(app_->port, auditor_, "POST", "/api/v1/audit/reviews/" + seq,
                            json{{"outcome", "referred"}}.dump());
  EXPECT_EQ(no_comment.status, 422) << no_comment.body;
  EXPECT_EQ(json::parse(no_comment.body)["error"]["code"], "review.invalid");
  EXPECT_EQ(waiting()["count"], 1);
  auto done =
      http_as(app_->port, auditor_, "POST", "/api/v1/audit/reviews/" + seq,
              json{{"outcome", "commented"}, {"comment", "照会書の写しを保存すること"}}.dump());
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(json::parse(done.body)["reviewer"], "kansa");
  EXPECT_EQ(waiting()["count"], 0);
  auto twice = http_as(app_->port, auditor_, "POST", "/api/v1/audit/reviews/" + seq,
                       json{{"outcome", "reviewed"}}.dump());
  EXPECT_EQ(twice.status, 409);
  // A row that is no read on a ground cannot be signed off.
  EXPECT_EQ(http_as(app_->port, auditor_, "POST", "/api/v1/audit/reviews/1",
                    json{{"outcome", "reviewed"}}.dump())
                .status,
            404);
  // The sign-off is itself in the log.
  auto rows = json::parse(
      http_as(app_->port, auditor_, "GET", "/api/v1/audit?action=audit.ground_review").body);
  ASSERT_EQ(rows["rows"].size(), 1u);
  EXPECT_EQ(rows["rows"][0]["target_id"], seq);
  EXPECT_EQ(rows["rows"][0]["detail"]["outcome"], "commented");
}

TEST_F(AuditReview, TheAuditorSearchesTheLogByUserPersonActionBasisAndPeriodWithACursor) {
  ASSERT_EQ(read_on_ground().status, 200);
  for (int i = 0; i < 4; ++i) ASSERT_EQ(read_plain(), 200);
  auto get = [&](const std::string& query) {
    auto r = http_as(app_->port, auditor_, "GET", "/api/v1/audit?" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return json::parse(r.body);
  };
  auto reads = get("user=tanto&person=" + person_ + "&action=person.read");
  ASSERT_EQ(reads["rows"].size(), 5u);
  for (const auto& row : reads["rows"]) {
    EXPECT_EQ(row["actor"], "tanto");
    EXPECT_EQ(row["target_id"], person_);
  }
  EXPECT_TRUE(reads["next"].is_null());
  EXPECT_EQ(get("basis=law&user=tanto")["rows"].size(), 5u);
  EXPECT_EQ(get("basis=within_purpose&user=tanto")["rows"].size(), 0u);
  // Paging: two at a time, newest first, each page before the last one's cursor, no overlap.
  std::vector<std::int64_t> seen;
  std::string cursor;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = get("user=tanto&action=person.read&limit=2&order=newest" +
                    (cursor.empty() ? "" : "&before=" + cursor));
    for (const auto& row : page["rows"]) seen.push_back(row["seq"]);
    if (page["next"].is_null()) break;
    cursor = std::to_string(page["next"].get<std::int64_t>());
  }
  ASSERT_EQ(seen.size(), 5u);
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_LT(seen[i], seen[i - 1]);
  // The period is days in Japan, both inclusive.
  EXPECT_EQ(get("user=tanto&action=person.read&from=2026-06-01&to=2026-06-01")["rows"].size(), 5u);
  EXPECT_EQ(get("user=tanto&action=person.read&from=2026-06-02")["rows"].size(), 0u);
  EXPECT_EQ(get("user=tanto&action=person.read&to=2026-05-31")["rows"].size(), 0u);
  // Bad filters are refused with what to write.
  auto bad = http_as(app_->port, auditor_, "GET", "/api/v1/audit?from=2026-13-01");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(json::parse(bad.body)["error"]["message"].get<std::string>().find("from"),
            std::string::npos);
  EXPECT_EQ(http_as(app_->port, auditor_, "GET", "/api/v1/audit?person=abc").status, 400);
  // The case worker has no audit access.
  EXPECT_EQ(http_as(app_->port, worker_, "GET", "/api/v1/audit").status, 403);
}

TEST_F(AuditReview, TheAuditPageShowsTheChainFiltersAndACsvOfTheSameRows) {
  ASSERT_EQ(read_on_ground().status, 200);
  auto anchor = app_->audit_service->anchor(app_->operator_actor);
  ASSERT_TRUE(anchor.ok());
  auto page = http_as(app_->port, auditor_, "GET", "/audit?user=tanto");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("改ざんは見つかりません"), std::string::npos);
  EXPECT_NE(page.body.find("最新のアンカー: " + std::to_string(anchor->anchor.seq) + " 番"),
            std::string::npos);
  EXPECT_NE(page.body.find("person.read"), std::string::npos);
  EXPECT_EQ(page.body.find("audit.anchor"), std::string::npos) << "filtered to the user";
  EXPECT_NE(page.body.find("/audit.csv?user=tanto"), std::string::npos);
  auto csv = http_as(app_->port, auditor_, "GET", "/audit.csv?user=tanto");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF番号,日時,利用者", 0), 0u);
  EXPECT_NE(csv.body.find(",tanto,person.read,"), std::string::npos);
  EXPECT_EQ(csv.body.find("audit.anchor"), std::string::npos);
  // The queue page offers the sign-off to the auditor; a signed-off read leaves it.
  auto queue = http_as(app_->port, auditor_, "GET", "/audit/reviews");
  EXPECT_NE(queue.body.find(kReason), std::string::npos);
  EXPECT_NE(queue.body.find("確認を記録する"), std::string::npos);
  EXPECT_EQ(http_as(app_->port, worker_, "GET", "/audit/reviews").status, 403);
}

// The search, the queue and the sign-off run the same statements on both backends.
class AuditReviewStore : public ::testing::TestWithParam<store::Backend> {};

TEST_P(AuditReviewStore, SearchQueueAndSignOffOnEachBackend) {
  auto database = tsunagu::testing::TestDatabase::create(GetParam());
  if (!database) GTEST_SKIP() << tsunagu::testing::kNoPostgres;
  service::ManualClock clock(tsunagu::testing::TestApp::kStartMs);
  app::Config config;
  config.clock = &clock;
  config.auth.hashing = service::PasswordHashing::fastest_for_tests();
  tsunagu::testing::TempDir dir;
  config.audit_key_file = (dir / "audit.key").string();
  auto app = app::Application::over(database->db(), config);
  auto m = app->accounts.create_municipality(service::Actor::operator_at_cli("test", {}), "131002",
                                             "架空市");
  ASSERT_TRUE(m.ok());
  auto cli = service::Actor::operator_at_cli("test", m->id);
  ASSERT_TRUE(
      app->accounts.add_user(cli, {"tanto", "", Role::kCaseWorker, "福祉課", kPassword}).ok());
  auto auditor = app->accounts.add_user(cli, {"kansa", "", Role::kAuditor, "監査課", kPassword});
  ASSERT_TRUE(auditor.ok());
  auto worker = app->accounts.find_user(cli, "tanto");
  ASSERT_TRUE(worker.ok());
  Person p;
  p.name = "架空 三郎";
  p.kana = "かくう さぶろう";
  p.birth_date = {1980, 1, 1};
  auto person = app->cases.register_person(cli, p, true);
  ASSERT_TRUE(person.ok());
  const auto as_worker = service::Actor::of(*worker);
  const auto as_auditor = service::Actor::of(*auditor);
  EXPECT_FALSE(app->cases.person(as_worker, person->id).ok());
  ASSERT_TRUE(app->cases.person(as_worker, person->id, Ground{BasisKind::kLaw, kReason}).ok());
  auto again = app->cases.person(as_worker, person->id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->basis.kind, BasisKind::kLaw);

  service::AuditSearch s;
  s.user = "tanto";
  s.person = std::to_string(person->id.value);
  s.basis = "law";
  auto found = app->audit_service.search(as_auditor, s);
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(found->rows.size(), 2u);
  auto queue = app->audit_service.unreviewed_grounds(as_auditor);
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ((*queue)[0].justification, kReason);
  ASSERT_TRUE(
      app->audit_service.review_ground(as_auditor, (*queue)[0].row.seq, "reviewed", "").ok());
  EXPECT_EQ(*app->audit_service.count_unreviewed_grounds(as_auditor), 0);
  EXPECT_EQ(app->audit_service.review_ground(as_auditor, (*queue)[0].row.seq, "reviewed", "")
                .error()
                .code,
            "review.done");
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditReviewStore,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::security::audit_review_test
