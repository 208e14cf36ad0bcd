// The case pages' forms and the JSON routes refuse the same bad input alike, over real HTTP:
// a referral with a bad agency or date, a consent with a bad expiry, a supporter with a bad
// start, meeting minutes with a bad day, a registration with a bad birth date. Each answers 422
// naming the field, the page shows its form again with the message, and nothing is written.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/message.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::web {
namespace case_forms_test {
namespace {

using nlohmann::json;
using tsunagu::testing::HttpResult;
using tsunagu::testing::Login;

constexpr const char* kPassword = "correct horse battery";

class CaseForms : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<tsunagu::testing::TestApp>();
    auto cli = app_->operator_actor;
    probation_ = *app_->cases->add_agency(cli, "東京保護観察所", AgencyKind::kProbationOffice);
    darc_ = *app_->cases->add_agency(cli, "多摩ダルク", AgencyKind::kSelfHelpGroup);
    ASSERT_TRUE(
        app_->accounts->add_user(cli, {"chosei", "", Role::kCaseCoordinator, "", kPassword, ""})
            .ok());
    Person p;
    p.name = "架空 次郎";
    p.kana = "かくう じろう";
    p.birth_date = {1970, 1, 1};
    p.registered_on = {2020, 1, 1};
    p.status = PersonStatus::kReleased;
    person_ = app_->cases->register_person(cli, p, true)->id;
    Consent c;
    c.person = person_;
    c.given_on = {2020, 1, 1};
    c.method = "書面";
    c.scope.agencies = {probation_.id, darc_.id};
    c.scope.categories = {InfoCategory::kBasic, InfoCategory::kSupport};
    ASSERT_TRUE(app_->cases->record_consent(cli, c).ok());
    staff_ = tsunagu::testing::login(app_->port, "chosei", kPassword);
    ASSERT_EQ(staff_.status, 200);
  }

  std::string person_path(const std::string& api_or_page) const {
    return api_or_page + std::to_string(person_.value);
  }
  HttpResult post_json(const std::string& path, const json& body) {
    return tsunagu::testing::http_as(app_->port, staff_, "POST", path, body.dump());
  }
  HttpResult post_form(const std::string& path, const std::string& body) {
    return tsunagu::testing::http_call(app_->port,
                                       {"POST",
                                        path,
                                        {{"Cookie", staff_.cookie},
                                         {"X-CSRF-Token", staff_.csrf},
                                         {"Content-Type", "application/x-www-form-urlencoded"}},
                                        body});
  }
  std::int64_t count(const char* table) {
    auto c = app_->database->db().connection();
    return c->query(std::string("SELECT COUNT(*) FROM ") + table).at(0).integer(0);
  }
  std::string id_of(const Agency& a) const { return std::to_string(a.id.value); }

  // Both answers refuse with 422: the JSON names `field` in its one detail, whose message the
  // page shows in its alert; the message names the field's label.
  void expect_same_refusal(const HttpResult& api, const HttpResult& page, const std::string& field,
                           const std::string& label) {
    ASSERT_EQ(api.status, 422) << api.body;
    EXPECT_EQ(page.status, 422) << page.body;
    auto details = json::parse(api.body)["error"]["details"];
    ASSERT_EQ(details.size(), 1u) << api.body;
    EXPECT_EQ(details[0]["field"], field);
    std::string message = details[0]["message"];
    EXPECT_NE(message.find(label), std::string::npos) << message;
    EXPECT_NE(page.body.find("role=\"alert\""), std::string::npos);
    EXPECT_NE(page.body.find(message), std::string::npos) << "the page shows: " << message;
  }

  std::unique_ptr<tsunagu::testing::TestApp> app_;
  Agency probation_, darc_;
  PersonId person_;
  Login staff_;
};

TEST_F(CaseForms, AReferralWithABadAgencyIsRefusedAlikeAndNotSent) {
  auto api = post_json(person_path("/api/v1/persons/") + "/referrals",
                       {{"from", "abc"}, {"to", darc_.id.value}});
  auto page = post_form(person_path("/cases/") + "/referrals", "from=abc&to=" + id_of(darc_));
  expect_same_refusal(api, page, "from", "つなぐ元の機関");
  EXPECT_NE(page.body.find("架空 次郎さんの支援記録"), std::string::npos);  // the person's page
  EXPECT_EQ(count("referral"), 0);
}

TEST_F(CaseForms, AReferralWithABadDateIsRefusedAlikeAndNotSent) {
  auto api =
      post_json(person_path("/api/v1/persons/") + "/referrals",
                {{"from", probation_.id.value}, {"to", darc_.id.value}, {"sent_on", "2025-02-30"}});
  auto page =
      post_form(person_path("/cases/") + "/referrals",
                "from=" + id_of(probation_) + "&to=" + id_of(darc_) + "&sent_on=2025-02-30");
  expect_same_refusal(api, page, "sent_on", "依頼日");
  EXPECT_EQ(count("referral"), 0);
  // The same form with a real day is sent.
  auto sent =
      post_form(person_path("/cases/") + "/referrals",
                "from=" + id_of(probation_) + "&to=" + id_of(darc_) + "&sent_on=2025-02-28");
  EXPECT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(count("referral"), 1);
}

TEST_F(CaseForms, AConsentWithABadExpiryIsRefusedAlikeAndNotRecorded) {
  const auto before = count("consent");
  auto api =
      post_json(person_path("/api/v1/persons/") + "/consents", {{"given_on", "2025-06-01"},
                                                                {"method", "書面"},
                                                                {"agencies", {probation_.id.value}},
                                                                {"categories", {"basic"}},
                                                                {"expires", "2026-13-01"}});
  auto page = post_form(person_path("/cases/") + "/consents",
                        "purpose=sharing&state=given&given_on=2025-06-01&method=%E6%9B%B8%E9%9D%A2"
                        "&agencies=" +
                            id_of(probation_) + "&categories=basic&expires=2026-13-01");
  expect_same_refusal(api, page, "expires", "有効期限");
  EXPECT_EQ(count("consent"), before);
}

TEST_F(CaseForms, ASupporterWithABadStartIsRefusedAlikeAndNotRecorded) {
  auto api = post_json(person_path("/api/v1/persons/") + "/supporters",
                       {{"kind", "family"}, {"name", "姉"}, {"from", "2025-13-01"}});
  auto page = post_form(person_path("/cases/") + "/supporters",
                        "name=%E5%A7%89&kind=family&from=2025-13-01");
  expect_same_refusal(api, page, "from", "関わり始めた日");
  EXPECT_EQ(count("supporter"), 0);
}

TEST_F(CaseForms, MinutesWithABadDayStayOnTheFormAndAreNotRecorded) {
  auto api = post_json("/api/v1/meetings", {{"kind", "case_conference"},
                                            {"person", person_.value},
                                            {"held_on", "2025-04-31"},
                                            {"members", {{{"agency", darc_.id.value}}}}});
  auto page = post_form(person_path("/cases/") + "/meetings",
                        "kind=case_conference&held_on=2025-04-31&agencies=" + id_of(darc_) +
                            "&agenda=%E5%B8%B0%E4%BD%8F%E5%85%88");
  expect_same_refusal(api, page, "held_on", "開催日");
  EXPECT_NE(page.body.find("帰住先"), std::string::npos);  // what was typed stays on the form
  EXPECT_EQ(count("meeting"), 0);
}

TEST_F(CaseForms, ARegistrationWithABadBirthDateIsRefusedAlikeAndNotRegistered) {
  auto api = post_json("/api/v1/persons", {{"name", "架空 三郎"},
                                           {"kana", "かくう さぶろう"},
                                           {"birth_date", "1962-02-30"},
                                           {"status", "released"}});
  auto page = post_form("/cases/new",
                        "name=%E6%9E%B6%E7%A9%BA&kana=%E3%81%8B%E3%81%8F%E3%81%86"
                        "&birth_date=1962-02-30&status=released");
  expect_same_refusal(api, page, "birth_date", "生年月日");
  EXPECT_NE(page.body.find("value=\"架空\""), std::string::npos);  // the typed name stays
  EXPECT_EQ(count("person"), 1);
}

}  // namespace
}  // namespace case_forms_test
}  // namespace tsunagu::web
