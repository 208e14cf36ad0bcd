// Case coordination over real HTTP: every role × every legal basis on a person's page (no basis,
// valid consent, expired consent, withdrawn consent, 支援会議 membership, assignment, a 第69条
// ground with and without a reason), search without a list, the audit trail of each read, and
// the indicators endpoint.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/message.hpp"
#include "store/audit_store.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::api::case_api_test {
namespace {

using nlohmann::json;
using tsunagu::testing::http_as;
using tsunagu::testing::Login;

constexpr const char* kPassword = "correct horse battery";

class CaseApi : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<tsunagu::testing::TestApp>();
    auto cli = app_->operator_actor;
    auto& cases = *app_->cases;
    probation_ = *cases.add_agency(cli, "東京保護観察所", AgencyKind::kProbationOffice);
    darc_ = *cases.add_agency(cli, "多摩ダルク", AgencyKind::kSelfHelpGroup);
    for (Role role : kAllRoles) {
      auto u = app_->accounts->add_user(
          cli, {std::string(role_name(role)), "", role,
                role == Role::kDepartmentEditor ? "社会福祉課" : "", kPassword,
                role == Role::kPartner ? "東京保護観察所" : ""});
      ASSERT_TRUE(u.ok()) << u.error().message;
      if (role == Role::kCaseWorker) worker_ = u->id;
    }
    ASSERT_TRUE(
        app_->accounts->add_user(cli, {"darc", "", Role::kPartner, "", kPassword, "多摩ダルク"})
            .ok());
    auto person = [&](const char* kana, bool assigned) {
      Person p;
      p.name = "架空 " + std::string(kana);
      p.kana = kana;
      p.birth_date = {1970, 1, 1};
      p.registered_on = {2020, 1, 1};
      p.status = PersonStatus::kReleased;
      p.facility = "架空刑務所";
      if (assigned) p.assigned_worker = worker_;
      auto r = cases.register_person(cli, p, true);
      EXPECT_TRUE(r.ok()) << r.error().message;
      return r->id;
    };
    auto consent = [&](PersonId p, std::optional<Date> expires, std::optional<Date> withdrawn) {
      Consent c;
      c.person = p;
      c.given_on = {2020, 1, 1};
      c.method = "書面";
      c.scope.agencies = {probation_.id};
      c.scope.categories = {InfoCategory::kBasic, InfoCategory::kSupport};
      c.expires = expires;
      auto r = cases.record_consent(cli, c);
      EXPECT_TRUE(r.ok()) << r.error().message;
      if (withdrawn) EXPECT_TRUE(cases.withdraw_consent(cli, r->id, *withdrawn).ok());
      return r->id;
    };
    none_ = person("なし", false);
    consented_ = person("どうい", false);
    consent_id_ = consent(consented_, std::nullopt, std::nullopt);
    expired_ = person("きげんぎれ", false);
    consent(expired_, Date{2021, 1, 1}, std::nullopt);
    withdrawn_ = person("てっかい", false);
    consent(withdrawn_, std::nullopt, Date{2021, 1, 1});
    meeting_ = person("しえんかいぎ", false);
    Meeting m;
    m.kind = MeetingKind::kSupportMeeting;
    m.person = meeting_;
    m.held_on = {2026, 5, 20};
    m.members = {MeetingMember{darc_.id, std::nullopt, "", true}};
    auto held = app_->casework->record_meeting(cli, m);
    ASSERT_TRUE(held.ok()) << held.error().message;
    meeting_id_ = held->id;
    assigned_ = person("たんとう", true);
  }

  Login as(const std::string& username) {
    return tsunagu::testing::login(app_->port, username, kPassword);
  }

  std::unique_ptr<tsunagu::testing::TestApp> app_;
  Agency probation_, darc_;
  UserId worker_;
  PersonId none_, consented_, expired_, withdrawn_, meeting_, assigned_;
  ConsentId consent_id_;
  MeetingId meeting_id_;
};

TEST_F(CaseApi, EveryRoleTimesEveryBasisOnAPersonsPage) {
  const std::vector<std::pair<const char*, PersonId>> persons = {
      {"none", none_},           {"consent", consented_}, {"expired", expired_},
      {"withdrawn", withdrawn_}, {"meeting", meeting_},   {"assigned", assigned_}};
  // Expected basis code, or the HTTP status when refused.
  std::map<std::string, std::map<std::string, std::string>> expected;
  for (const auto& [name, id] : persons) {
    expected["admin"][name] = "403";
    expected["plan-admin"][name] = "403";
    expected["department-editor"][name] = "403";
    expected["auditor"][name] = "403";
    expected["case-coordinator"][name] = "within_purpose";
    expected["case-worker"][name] = name == std::string("assigned") ? "within_purpose" : "403";
    expected["partner"][name] = "403";
    expected["darc"][name] = "403";
  }
  expected["partner"]["consent"] = "consent:" + std::to_string(consent_id_.value);
  expected["darc"]["meeting"] = "support_meeting:" + std::to_string(meeting_id_.value);

  int refused = 0, read = 0;
  for (const auto& [user, rows] : expected) {
    Login who = as(user);
    ASSERT_EQ(who.status, 200) << user;
    for (const auto& [name, id] : persons) {
      auto r = http_as(app_->port, who, "GET", "/api/v1/persons/" + std::to_string(id.value));
      const std::string& want = rows.at(name);
      if (want == "403") {
        EXPECT_EQ(r.status, 403) << user << " × " << name << ": " << r.body;
        ++refused;
      } else {
        ASSERT_EQ(r.status, 200) << user << " × " << name << ": " << r.body;
        EXPECT_EQ(json::parse(r.body)["basis"]["code"], want) << user << " × " << name;
        ++read;
      }
    }
  }
  EXPECT_EQ(read, 6 + 1 + 1 + 1);
  // Every look at a person, allowed or refused by its basis, is in the audit log; refusals by
  // permission never reach a person.
  auto c = app_->database->db().connection();
  int reads = 0, refusals = 0;
  for (const auto& row : store::AuditStore(*c).rows_after(0, 100000)) {
    reads += row.action == "person.read";
    refusals += row.action == "person.read_refused";
  }
  EXPECT_EQ(reads, read);
  EXPECT_EQ(refusals, 5 /* case-worker */ + 5 /* partner */ + 5 /* darc */);
  (void)refused;
}

TEST_F(CaseApi, AGroundNeedsAWrittenReasonAndOnlyStaffMayUseIt) {
  const std::string path = "/api/v1/persons/" + std::to_string(none_.value) + "/read";
  Login worker = as("case-worker");
  auto unreasoned = http_as(app_->port, worker, "POST", path, R"({"ground":"law"})");
  EXPECT_EQ(unreasoned.status, 422);
  EXPECT_EQ(json::parse(unreasoned.body)["error"]["code"], "access.justification_required");
  auto reasoned =
      http_as(app_->port, worker, "POST", path,
              R"({"ground":"law","justification":"裁判所からの調査嘱託に回答するため"})");
  ASSERT_EQ(reasoned.status, 200) << reasoned.body;
  EXPECT_EQ(json::parse(reasoned.body)["basis"]["code"], "law");
  auto listed = http_as(app_->port, as("auditor"), "GET", "/api/v1/audit/grounds");
  ASSERT_EQ(listed.status, 200);
  auto reads = json::parse(listed.body)["reads"];
  ASSERT_EQ(reads.size(), 1u);  // the refused attempt without a reason is not a ground read
  EXPECT_EQ(reads[0]["ground"], "law");
  EXPECT_EQ(reads[0]["actor"], "case-worker");
  EXPECT_EQ(reads[0]["justification"], "裁判所からの調査嘱託に回答するため");
  EXPECT_EQ(http_as(app_->port, as("case-coordinator"), "GET", "/api/v1/audit/grounds").status,
            403);
  auto partner =
      http_as(app_->port, as("partner"), "POST", path,
              R"({"ground":"special_reason","justification":"どうしても必要なため確認する"})");
  EXPECT_EQ(partner.status, 403);
  auto unknown = http_as(app_->port, worker, "POST", path, R"({"ground":"curiosity"})");
  EXPECT_EQ(unknown.status, 400);
}

TEST_F(CaseApi, SearchShowsNoListAndOnlyWhomTheReaderMaySee) {
  Login coordinator = as("case-coordinator");
  EXPECT_EQ(http_as(app_->port, coordinator, "GET", "/api/v1/persons").status, 400);
  auto all = http_as(app_->port, coordinator, "GET", "/api/v1/persons?q=%E3%81%8B");  // か
  ASSERT_EQ(all.status, 200);
  auto partner = http_as(app_->port, as("partner"), "GET",
                         "/api/v1/persons?q=%E3%81%A9%E3%81%86%E3%81%84");  // どうい
  ASSERT_EQ(partner.status, 200);
  auto hits = json::parse(partner.body)["persons"];
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["id"], consented_.value);
  auto none = http_as(app_->port, as("partner"), "GET", "/api/v1/persons?q=%E3%81%AA%E3%81%97");
  EXPECT_TRUE(json::parse(none.body)["persons"].empty());
}

TEST_F(CaseApi, BadInputOverHttpNamesTheFieldAndWritesNothing) {
  Login coordinator = as("case-coordinator");
  auto bad = http_as(app_->port, coordinator, "POST", "/api/v1/persons",
                     R"({"name":"架空 次郎","kana":"かくう じろう","birth_date":"1980-02-30",)"
                     R"("status":"宇宙","needs":["housing","flying"]})");
  ASSERT_EQ(bad.status, 422) << bad.body;
  auto details = json::parse(bad.body)["error"]["details"];
  std::set<std::string> fields;
  for (const auto& d : details) fields.insert(d["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"birth_date", "status", "needs"}));
  auto outside = http_as(app_->port, coordinator, "POST",
                         "/api/v1/persons/" + std::to_string(none_.value) + "/referrals",
                         "{\"from\":" + std::to_string(probation_.id.value) +
                             ",\"to\":" + std::to_string(darc_.id.value) + "}");
  EXPECT_EQ(outside.status, 422);
  EXPECT_EQ(json::parse(outside.body)["error"]["code"], "referral.consent_required");
  auto c = app_->database->db().connection();
  EXPECT_EQ(c->query("SELECT COUNT(*) FROM person").at(0).integer(0), 6);
  EXPECT_EQ(c->query("SELECT COUNT(*) FROM referral").at(0).integer(0), 0);
}

TEST_F(CaseApi, PagesRefuseWithoutNamingThePersonAndOfferStaffAGround) {
  const std::string page = "/cases/" + std::to_string(none_.value);
  auto partner = http_as(app_->port, as("partner"), "GET", page);
  EXPECT_EQ(partner.status, 403);
  EXPECT_EQ(partner.body.find("架空 なし"), std::string::npos);  // not even the name
  EXPECT_EQ(partner.body.find("根拠を記録して閲覧する"), std::string::npos);
  Login worker = as("case-worker");
  auto refused = http_as(app_->port, worker, "GET", page);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("根拠を記録して閲覧する"), std::string::npos);
  auto read = tsunagu::testing::http_call(
      app_->port, {"POST",
                   page + "/read",
                   {{"Cookie", worker.cookie},
                    {"X-CSRF-Token", worker.csrf},
                    {"Content-Type", "application/x-www-form-urlencoded"}},
                   "ground=special_reason&justification=" +
                       http::percent_encode("夜間に本人から緊急の連絡があった")});
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_NE(read.body.find("特別の理由"), std::string::npos);
  EXPECT_NE(read.body.find("夜間に本人から緊急の連絡があった"), std::string::npos);
  auto coordinator = http_as(app_->port, as("case-coordinator"), "GET",
                             "/cases/" + std::to_string(consented_.value));
  ASSERT_EQ(coordinator.status, 200);
  EXPECT_NE(coordinator.body.find("同意を記録する"), std::string::npos);
  EXPECT_NE(coordinator.body.find("東京保護観察所"), std::string::npos);  // the consent's scope
}

TEST_F(CaseApi, TheRegisterEntryOfTheFileCountsWhatItHolds) {
  auto page = http_as(app_->port, as("case-coordinator"), "GET", "/cases/register");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("個人情報ファイル簿（テスト市）"), std::string::npos);
  EXPECT_NE(page.body.find("現在 6 人"), std::string::npos);
  EXPECT_NE(page.body.find("要配慮個人情報"), std::string::npos);
  EXPECT_EQ(http_as(app_->port, as("case-worker"), "GET", "/cases/register").status, 403);
}

TEST_F(CaseApi, TheCasePrintsInTheStandardFormsAsTheReaderMaySeeIt) {
  const std::string path = "/cases/" + std::to_string(consented_.value) + "/print";
  auto staff = http_as(app_->port, as("case-coordinator"), "GET", path);
  ASSERT_EQ(staff.status, 200) << staff.body;
  for (const char* part :
       {"インテークシート", "アセスメントシート", "プラン兼利用申込書", "本人署名", "架空刑務所"}) {
    EXPECT_NE(staff.body.find(part), std::string::npos) << part;
  }
  // The probation office's consent names basic information and support, not the criminal
  // history: the facility is not printed for it.
  auto partner = http_as(app_->port, as("partner"), "GET", path);
  ASSERT_EQ(partner.status, 200);
  EXPECT_EQ(partner.body.find("架空刑務所"), std::string::npos);
  EXPECT_EQ(http_as(app_->port, as("darc"), "GET", path).status, 403);
}

TEST_F(CaseApi, TheCaseFlowOverJson) {
  Login staff = as("case-coordinator");
  const std::string person = "/api/v1/persons/" + std::to_string(none_.value);
  auto post = [&](const Login& who, const std::string& path, const json& body) {
    auto r = http_as(app_->port, who, "POST", path, body.dump());
    EXPECT_LT(r.status, 300) << path << ": " << r.body;
    return json::parse(r.body);
  };
  auto consent = post(staff, person + "/consents",
                      {{"given_on", "2020-03-01"},
                       {"method", "書面"},
                       {"agencies", {probation_.id.value}},
                       {"categories", {"basic", "support"}}});
  EXPECT_EQ(consent["state"], "given");
  auto referral =
      post(staff, person + "/referrals",
           {{"from", darc_.id.value}, {"to", probation_.id.value}, {"sent_on", "2020-03-02"}});
  auto accepted = post(as("partner"),
                       "/api/v1/referrals/" + std::to_string(referral["id"].get<int>()) + "/accept",
                       {{"version", 1}, {"on", "2020-03-05"}});
  EXPECT_EQ(accepted["state"], "accepted");
  auto plan = http_as(app_->port, staff, "PUT", person + "/plan",
                      json{{"version", 0},
                           {"goals", {"住まいを決める"}},
                           {"roles", {{{"who", "保護観察所"}, {"task", "住居の調整"}}}},
                           {"started_on", "2020-03-10"}}
                          .dump());
  ASSERT_EQ(plan.status, 200) << plan.body;
  auto review = post(staff, person + "/reviews", {{"due_on", "2020-04-10"}});
  post(staff, "/api/v1/checkpoints/" + std::to_string(review["id"].get<int>()) + "/done",
       {{"done_on", "2020-04-10"}, {"note", "順調"}});
  auto supporter =
      post(staff, person + "/supporters",
           {{"kind", "family"}, {"local", true}, {"name", "姉"}, {"from", "2020-03-10"}});
  post(staff, "/api/v1/supporters/" + std::to_string(supporter["id"].get<int>()) + "/end",
       {{"until", "2020-12-31"}});
  auto closed = post(staff, person + "/plan/close",
                     {{"version", json::parse(plan.body)["version"]},
                      {"closed_on", "2021-03-31"},
                      {"reason", "安定した"}});
  EXPECT_EQ(closed["closed_on"], "2021-03-31");
  auto page = json::parse(http_as(app_->port, staff, "GET", person).body);
  int follow_ups = 0;
  for (const auto& c : page["checkpoints"]) follow_ups += c["kind"] == "follow_up";
  EXPECT_EQ(follow_ups, 3);
  EXPECT_EQ(page["referrals"][0]["state"], "accepted");
  EXPECT_EQ(page["supporters"][0]["until"], "2020-12-31");
  // The partner named by the consent reads the page on it, with the support history.
  auto partner = json::parse(http_as(app_->port, as("partner"), "GET", person).body);
  EXPECT_EQ(partner["basis"]["code"], "consent:" + std::to_string(consent["id"].get<int>()));
  EXPECT_FALSE(partner["person"].contains("facility"));  // criminal history not consented
  EXPECT_EQ(partner["referrals"].size(), 1u);
}

TEST_F(CaseApi, IndicatorsEndpointMatchesTheDocumentedShape) {
  auto r = http_as(app_->port, as("plan-admin"), "GET",
                   "/api/v1/indicators?from=2024-04-01&to=2025-03-31");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = json::parse(r.body);
  EXPECT_EQ(j["period"]["from"], "2024-04-01");
  EXPECT_EQ(j["persons_counted"], 0);  // nobody consented to statistics
  EXPECT_TRUE(j["supporters_increased"]["percent"].is_null());
  EXPECT_EQ(j["referrals_by_outcome"]["total"], 0);
  EXPECT_EQ(
      http_as(app_->port, as("partner"), "GET", "/api/v1/indicators?from=2024-04-01&to=2025-03-31")
          .status,
      403);
  EXPECT_EQ(http_as(app_->port, as("plan-admin"), "GET",
                    "/api/v1/indicators?from=2025-04-01&to=2024-03-31")
                .status,
            422);
}

}  // namespace
}  // namespace tsunagu::api::case_api_test
