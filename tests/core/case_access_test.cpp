// Who sees a person, on which legal basis: the rules of core/case_access.hpp for every role and
// basis, including consent that has expired or was withdrawn (which must stop sharing at once).
#include "core/case_access.hpp"

#include <gtest/gtest.h>

namespace tsunagu {
namespace {

const Agency kProbation{AgencyId{1}, "東京保護観察所", AgencyKind::kProbationOffice};
const Agency kDarc{AgencyId{2}, "多摩ダルク", AgencyKind::kSelfHelpGroup};
const Agency kCouncil{AgencyId{3}, "狛江市社会福祉協議会", AgencyKind::kSocialWelfareCouncil};

Person person() {
  Person p;
  p.id = PersonId{7};
  p.name = "架空 太郎";
  p.kana = "かくう たろう";
  p.birth_date = {1960, 5, 1};
  p.phone = "03-0000-0000";
  p.status = PersonStatus::kInCustody;
  p.facility = "架空刑務所";
  p.expected_release = Date{2025, 3, 1};
  p.needs = {Need::kHousing, Need::kAddiction};
  p.assigned_worker = UserId{50};
  p.registered_on = {2024, 12, 1};
  return p;
}

Consent sharing(std::int64_t id, std::vector<AgencyId> agencies, std::vector<InfoCategory> cats) {
  Consent c;
  c.id = ConsentId{id};
  c.person = PersonId{7};
  c.given_on = {2025, 1, 10};
  c.method = "書面";
  c.scope.agencies = std::move(agencies);
  c.scope.categories = std::move(cats);
  c.expires = Date{2025, 12, 31};
  return c;
}

const std::vector<InfoCategory> kAll(std::begin(kAllInfoCategories), std::end(kAllInfoCategories));

TEST(ConsentCovers, OnlyWhileGivenNotExpiredNotWithdrawnAndNamingAgencyAndCategory) {
  Consent c = sharing(1, {kProbation.id}, {InfoCategory::kBasic});
  EXPECT_FALSE(consent_covers(c, kProbation, InfoCategory::kBasic, {2025, 1, 9}));  // before
  EXPECT_TRUE(consent_covers(c, kProbation, InfoCategory::kBasic, {2025, 1, 10}));
  EXPECT_TRUE(consent_covers(c, kProbation, InfoCategory::kBasic, {2025, 12, 31}));  // last day
  EXPECT_FALSE(consent_covers(c, kProbation, InfoCategory::kBasic, {2026, 1, 1}));   // expired
  EXPECT_FALSE(consent_covers(c, kDarc, InfoCategory::kBasic, {2025, 6, 1}));        // other agency
  EXPECT_FALSE(consent_covers(c, kProbation, InfoCategory::kHealth, {2025, 6, 1}));  // other info
  c.withdrawn_on = Date{2025, 6, 1};
  EXPECT_TRUE(consent_covers(c, kProbation, InfoCategory::kBasic, {2025, 5, 31}));
  EXPECT_FALSE(consent_covers(c, kProbation, InfoCategory::kBasic, {2025, 6, 1}));  // at once
  Consent by_kind = sharing(2, {}, {InfoCategory::kBasic});
  by_kind.scope.kinds = {AgencyKind::kSelfHelpGroup};
  EXPECT_TRUE(consent_covers(by_kind, kDarc, InfoCategory::kBasic, {2025, 6, 1}));
  EXPECT_FALSE(consent_covers(by_kind, kProbation, InfoCategory::kBasic, {2025, 6, 1}));
  Consent refused = sharing(3, {kProbation.id}, kAll);
  refused.state = ConsentState::kRefused;
  EXPECT_FALSE(consent_covers(refused, kProbation, InfoCategory::kBasic, {2025, 6, 1}));
}

TEST(DecideAccess, EveryRoleAndBasis) {
  const Person p = person();
  const Date today{2025, 6, 1};
  std::vector<Consent> none;
  std::vector<Consent> probation_basic = {sharing(11, {kProbation.id}, {InfoCategory::kBasic})};
  std::vector<Consent> probation_all = {sharing(12, {kProbation.id}, kAll)};
  Consent expired = sharing(13, {kProbation.id}, kAll);
  expired.expires = Date{2025, 5, 31};
  Consent withdrawn = sharing(14, {kProbation.id}, kAll);
  withdrawn.withdrawn_on = Date{2025, 6, 1};
  std::vector<Consent> lapsed = {expired, withdrawn};

  struct Case {
    const char* name;
    Reader reader;
    const std::vector<Consent>* consents;
    std::vector<MeetingShare> meetings;
    std::optional<Ground> ground;
    std::string expect;  // basis code or error code
    std::size_t categories = 0;
  };
  const Reader coordinator{Role::kCaseCoordinator, UserId{40}, std::nullopt};
  const Reader assigned{Role::kCaseWorker, UserId{50}, std::nullopt};
  const Reader other_worker{Role::kCaseWorker, UserId{51}, std::nullopt};
  const Reader probation{Role::kPartner, UserId{60}, kProbation};
  const Reader darc{Role::kPartner, UserId{61}, kDarc};
  const Ground reasoned{BasisKind::kSpecialReason, "本人の生命を守るため緊急に連絡先を確認する"};
  const Ground unreasoned{BasisKind::kLaw, "必要"};
  const std::vector<Case> cases = {
      {"coordinator", coordinator, &none, {}, {}, "within_purpose", 5},
      {"assigned worker", assigned, &none, {}, {}, "within_purpose", 5},
      {"other worker", other_worker, &none, {}, {}, "access.denied"},
      {"other worker with a reason", other_worker, &none, {}, reasoned, "special_reason", 5},
      {"a ground without reason",
       other_worker,
       &none,
       {},
       unreasoned,
       "access.justification_required"},
      {"partner with a basic consent", probation, &probation_basic, {}, {}, "consent:11", 1},
      {"partner with a full consent", probation, &probation_all, {}, {}, "consent:12", 5},
      {"partner with expired and withdrawn consents", probation, &lapsed, {}, {}, "access.denied"},
      {"partner named by no consent", darc, &probation_all, {}, {}, "access.denied"},
      {"partner in a 支援会議",
       darc,
       &none,
       {MeetingShare{MeetingId{5}, Date{2025, 5, 1}, kAll}},
       {},
       "support_meeting:5",
       5},
      {"partial consent, but in a 支援会議",
       probation,
       &probation_basic,
       {MeetingShare{MeetingId{5}, Date{2025, 5, 1}, kAll}},
       {},
       "support_meeting:5",
       5},
      {"partner invoking 第69条", probation, &none, {}, reasoned, "access.ground_not_allowed"},
      {"plan-admin",
       {Role::kPlanAdmin, UserId{1}, std::nullopt},
       &probation_all,
       {},
       {},
       "access.denied"},
      {"auditor", {Role::kAuditor, UserId{2}, std::nullopt}, &none, {}, {}, "access.denied"},
      {"admin", {Role::kAdmin, UserId{3}, std::nullopt}, &none, {}, {}, "access.denied"},
  };
  for (const auto& c : cases) {
    PersonFacts facts{p, *c.consents, c.meetings};
    auto grant = decide_access(c.reader, facts, today, c.ground);
    if (grant) {
      EXPECT_EQ(basis_code(grant->basis), c.expect) << c.name;
      EXPECT_EQ(grant->categories.size(), c.categories) << c.name;
    } else {
      EXPECT_EQ(grant.error().code, c.expect) << c.name;
      EXPECT_FALSE(grant.error().message.empty()) << c.name;
    }
  }
}

TEST(Redact, BlanksWhatTheConsentDoesNotName) {
  Person shown = redact(person(), {InfoCategory::kBasic, InfoCategory::kLiving});
  EXPECT_EQ(shown.name, "架空 太郎");
  EXPECT_EQ(shown.phone, "03-0000-0000");
  EXPECT_EQ(shown.facility, "");  // criminal history not named
  EXPECT_FALSE(shown.expected_release);
  EXPECT_EQ(shown.needs, std::vector<Need>{Need::kHousing});  // 依存症 is health
  Person health = redact(person(), {InfoCategory::kHealth});
  EXPECT_EQ(health.phone, "");
  EXPECT_EQ(health.needs, std::vector<Need>{Need::kAddiction});
}

TEST(ValidatePerson, RefusesWhatCannotBe) {
  Person p = person();
  EXPECT_TRUE(validate_person(p).ok());
  p.kana = "Kaku Taro";
  p.birth_date = {2025, 2, 30};
  p.needs = {Need::kHousing, Need::kHousing};
  auto e = validate_person(p);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "person.invalid");
  EXPECT_EQ(e.error().details.size(), 3u);
  Person released = person();
  released.status = PersonStatus::kReleased;  // the release date stays as 釈放日
  EXPECT_TRUE(validate_person(released).ok());
  released.expected_release = Date{1950, 1, 1};  // before birth
  EXPECT_EQ(validate_person(released).error().details.at(0).field, "expected_release");
  Person born_later = person();
  born_later.birth_date = {2025, 1, 1};
  EXPECT_FALSE(validate_person(born_later).ok());
  Person long_name = person();
  long_name.name = std::string(101 * 3, 'a');
  EXPECT_FALSE(validate_person(long_name).ok());
}

TEST(PersonNames, ParseNamesAndLabels) {
  EXPECT_EQ(parse_need("住居"), Need::kHousing);
  EXPECT_EQ(parse_need("housing"), Need::kHousing);
  EXPECT_FALSE(parse_need("宇宙旅行"));
  EXPECT_EQ(parse_person_status("保護観察中"), PersonStatus::kProbation);
  EXPECT_EQ(parse_agency_kind("保護観察所"), AgencyKind::kProbationOffice);
  for (Need n : kAllNeeds) EXPECT_EQ(parse_need(need_name(n)), n);
  for (AgencyKind k : kAllAgencyKinds) EXPECT_EQ(parse_agency_kind(agency_kind_label(k)), k);
}

TEST(ValidateConsent, SharingNeedsAScopeAndSaneDates) {
  Consent c = sharing(1, {}, {});
  auto e = validate_consent(c);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().details.size(), 2u);
  c = sharing(1, {kProbation.id}, {InfoCategory::kBasic});
  c.expires = Date{2024, 1, 1};
  EXPECT_FALSE(validate_consent(c).ok());
  Consent stats;
  stats.purpose = ConsentPurpose::kStatistics;
  stats.given_on = {2025, 1, 1};
  stats.method = "書面";
  EXPECT_TRUE(validate_consent(stats).ok());
  EXPECT_TRUE(counts_in_statistics({stats}, {2025, 6, 1}));
  stats.withdrawn_on = Date{2025, 3, 1};
  EXPECT_FALSE(counts_in_statistics({stats}, {2025, 6, 1}));
}

}  // namespace
}  // namespace tsunagu
