// Issue 12, 支援会議 access that never ended. Membership of any 支援会議 about a person gave
// every user of the member agency all categories, forever, even after closure. Now it lasts
// while the case is open and until a set period (per municipality, default 365 days) after the
// newest meeting the agency attended; it covers what the meetings share; and it is preferred
// over a consent only where it shares more.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/case_access.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::security::meeting_access_test {
namespace {

using nlohmann::json;

const Agency kDarc{AgencyId{2}, "架空ダルク", AgencyKind::kSelfHelpGroup};
const Reader kPartner{Role::kPartner, UserId{61}, kDarc};
const std::vector<InfoCategory> kAll(std::begin(kAllInfoCategories), std::end(kAllInfoCategories));

Person person() {
  Person p;
  p.id = PersonId{7};
  p.name = "架空 太郎";
  p.kana = "かくう たろう";
  p.birth_date = {1960, 5, 1};
  p.registered_on = {2024, 12, 1};
  return p;
}

Consent consent(std::vector<InfoCategory> categories) {
  Consent c;
  c.id = ConsentId{30};
  c.person = PersonId{7};
  c.given_on = {2025, 1, 10};
  c.method = "書面";
  c.scope.agencies = {kDarc.id};
  c.scope.categories = std::move(categories);
  return c;
}

TEST(MeetingAccess, LastsUntilTheWindowAfterTheNewestMeetingAndNamesItsEnd) {
  const Person p = person();
  std::vector<Consent> none;
  PersonFacts facts{p, none, {{MeetingId{5}, Date{2025, 6, 1}, kAll}}};
  auto in_window = decide_access(kPartner, facts, Date{2026, 6, 1}, std::nullopt);
  ASSERT_TRUE(in_window.ok());
  EXPECT_EQ(basis_code(in_window->basis), "support_meeting:5");
  ASSERT_TRUE(in_window->basis.until.has_value());
  EXPECT_EQ(*in_window->basis.until, (Date{2026, 6, 1}));  // 365 days later, inclusive
  EXPECT_EQ(*in_window->basis.meeting_held_on, (Date{2025, 6, 1}));
  auto after = decide_access(kPartner, facts, Date{2026, 6, 2}, std::nullopt);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, "access.denied");
  EXPECT_NE(after.error().message.find("365日"), std::string::npos);
  // The municipality's own period, and a newer meeting, move the end.
  facts.meeting_access_days = 30;
  EXPECT_FALSE(decide_access(kPartner, facts, Date{2025, 7, 2}, std::nullopt).ok());
  facts.support_meetings.insert(facts.support_meetings.begin(),
                                {MeetingId{9}, Date{2025, 7, 1}, kAll});
  auto renewed = decide_access(kPartner, facts, Date{2025, 7, 2}, std::nullopt);
  ASSERT_TRUE(renewed.ok());
  EXPECT_EQ(basis_code(renewed->basis), "support_meeting:9");
}

TEST(MeetingAccess, EndsWhenTheCaseIsClosed) {
  const Person p = person();
  std::vector<Consent> none;
  PersonFacts facts{p, none, {{MeetingId{5}, Date{2026, 5, 1}, kAll}}};
  facts.case_closed_on = Date{2026, 5, 20};
  EXPECT_TRUE(decide_access(kPartner, facts, Date{2026, 5, 19}, std::nullopt).ok());
  auto closed = decide_access(kPartner, facts, Date{2026, 5, 20}, std::nullopt);
  ASSERT_FALSE(closed.ok());
  EXPECT_NE(closed.error().message.find("終結"), std::string::npos);
}

TEST(MeetingAccess, CoversWhatTheMeetingsShareAndYieldsToAWiderConsent) {
  const Person p = person();
  std::vector<Consent> none;
  PersonFacts narrow{
      p, none, {{MeetingId{5}, Date{2026, 5, 1}, {InfoCategory::kBasic, InfoCategory::kSupport}}}};
  auto shared = decide_access(kPartner, narrow, Date{2026, 6, 1}, std::nullopt);
  ASSERT_TRUE(shared.ok());
  EXPECT_EQ(shared->categories,
            (std::vector<InfoCategory>{InfoCategory::kBasic, InfoCategory::kSupport}));
  EXPECT_EQ(redact(p, shared->categories).birth_date, p.birth_date);

  // A consent covering more than the meeting shares is the basis; one covering less is not.
  std::vector<Consent> wide = {
      consent({InfoCategory::kBasic, InfoCategory::kHealth, InfoCategory::kLiving})};
  PersonFacts with_wide{p, wide, narrow.support_meetings};
  auto by_consent = decide_access(kPartner, with_wide, Date{2026, 6, 1}, std::nullopt);
  ASSERT_TRUE(by_consent.ok());
  EXPECT_EQ(basis_code(by_consent->basis), "consent:30");
  std::vector<Consent> small = {consent({InfoCategory::kBasic})};
  PersonFacts with_small{p, small, narrow.support_meetings};
  EXPECT_EQ(basis_code(decide_access(kPartner, with_small, Date{2026, 6, 1}, std::nullopt)->basis),
            "support_meeting:5");
  // Past the window the narrower consent is what is left.
  auto later = decide_access(kPartner, with_small, Date{2027, 6, 1}, std::nullopt);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(basis_code(later->basis), "consent:30");
  EXPECT_EQ(later->categories.size(), 1u);
}

// Over HTTP: a meeting recorded with what it shares, seen through the partner's eyes.
TEST(MeetingAccessApi, APartnerSeesWhatTheMeetingSharesAndThePageSaysUntilWhen) {
  tsunagu::testing::TestApp app;
  auto cli = app.operator_actor;
  auto darc = app.cases->add_agency(cli, "架空ダルク", AgencyKind::kSelfHelpGroup);
  ASSERT_TRUE(darc.ok());
  ASSERT_TRUE(app.accounts
                  ->add_user(cli, {"chosei", "", Role::kCaseCoordinator, "福祉相談課",
                                   "correct horse battery"})
                  .ok());
  ASSERT_TRUE(
      app.accounts
          ->add_user(cli, {"darc", "", Role::kPartner, "", "correct horse battery", "架空ダルク"})
          .ok());
  Person p = person();
  p.phone = "03-0000-0001";
  p.needs = {Need::kAddiction};
  auto made = app.cases->register_person(cli, p, true);
  ASSERT_TRUE(made.ok());
  const std::string id = std::to_string(made->id.value);
  auto coordinator = tsunagu::testing::login(app.port, "chosei", "correct horse battery");
  auto meeting = tsunagu::testing::http_as(
      app.port, coordinator, "POST", "/api/v1/meetings",
      json{{"kind", "support_meeting"},
           {"person", made->id.value},
           {"held_on", "2026-05-25"},
           {"categories", {"basic", "support"}},
           {"members", {{{"agency", darc->id.value}, {"confidentiality_acknowledged", true}}}}}
          .dump());
  ASSERT_EQ(meeting.status, 201) << meeting.body;
  EXPECT_EQ(json::parse(meeting.body)["categories"], (json{"basic", "support"}));

  auto partner = tsunagu::testing::login(app.port, "darc", "correct horse battery");
  auto read = tsunagu::testing::http_as(app.port, partner, "GET", "/api/v1/persons/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  auto j = json::parse(read.body);
  EXPECT_EQ(j["basis"]["code"],
            "support_meeting:" + std::to_string(json::parse(meeting.body)["id"].get<int>()));
  EXPECT_EQ(j["person"]["categories"], (json{"basic", "support"}));
  EXPECT_EQ(j["basis"]["until"], "2027-05-25");
  EXPECT_TRUE(j["person"]["needs"].empty()) << "health is not shared by this meeting";
  auto page = tsunagu::testing::http_as(app.port, partner, "GET", "/cases/" + id);
  EXPECT_NE(page.body.find("2027年5月25日"), std::string::npos) << page.body.substr(0, 3000);
}

}  // namespace
}  // namespace tsunagu::security::meeting_access_test
