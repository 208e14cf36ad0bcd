// Seed 004's flow on both backends: a referral before release, consent, a case conference with
// the facility and the 帰住先's agencies, the plan with roles, a review, closure with follow-ups,
// and the supporters around the person; and the refusals that flow depends on.
#include "service/casework_service.hpp"

#include <gtest/gtest.h>

#include "support/case_fixture.hpp"

namespace tsunagu::service {
namespace {

using CaseworkTest = tsunagu::testing::CaseFixture;
using tsunagu::testing::kDay;

MeetingMember member(const Agency& a, bool acknowledged = false) {
  return MeetingMember{a.id, std::nullopt, "", acknowledged};
}

TEST_P(CaseworkTest, ReferralBeforeReleaseThroughClosureAndFollowUp) {
  auto p = cases_->register_person(coordinator_, fictional(), false);
  ASSERT_TRUE(p.ok());
  // No consent yet: no referral, no case conference.
  Referral to_probation{{}, p->id, city_.id, probation_.id};
  to_probation.sent_on = {2025, 6, 1};
  EXPECT_EQ(work_->send_referral(coordinator_, to_probation).error().code,
            "referral.consent_required");
  Meeting conference;
  conference.kind = MeetingKind::kCaseConference;
  conference.person = p->id;
  conference.held_on = {2025, 6, 10};
  conference.members = {member(facility_), member(probation_), member(city_)};
  conference.agenda = "釈放前の住まいと就労の調整";
  auto refused = work_->record_meeting(coordinator_, conference);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "meeting.consent_required");
  EXPECT_NE(refused.error().message.find("架空刑務所"), std::string::npos);
  EXPECT_NE(refused.error().message.find("東京保護観察所"), std::string::npos);
  EXPECT_EQ(refused.error().message.find("狛江市福祉相談課"), std::string::npos);  // the city

  // Consent naming the facility and the probation office, all categories.
  Consent consent = sharing_with(p->id, probation_.id,
                                 {InfoCategory::kBasic, InfoCategory::kCriminal,
                                  InfoCategory::kLiving, InfoCategory::kSupport});
  consent.scope.agencies.push_back(facility_.id);
  ASSERT_TRUE(cases_->record_consent(coordinator_, consent).ok());
  auto referral = work_->send_referral(coordinator_, to_probation);
  ASSERT_TRUE(referral.ok()) << referral.error().message;
  EXPECT_EQ(
      work_
          ->act_on_referral(darc_staff_, referral->id, ReferralAction::kAccept, 1, Date{2025, 6, 3})
          .error()
          .code,
      "auth.forbidden");  // not the receiving agency
  auto accepted = work_->act_on_referral(probation_officer_, referral->id, ReferralAction::kAccept,
                                         1, Date{2025, 6, 3});
  ASSERT_TRUE(accepted.ok()) << accepted.error().message;
  EXPECT_EQ(accepted->state, ReferralState::kAccepted);
  EXPECT_EQ(work_
                ->act_on_referral(probation_officer_, referral->id, ReferralAction::kAccept, 1,
                                  Date{2025, 6, 3})
                .error()
                .code,
            "referral.bad_transition");
  auto held = work_->record_meeting(coordinator_, conference);
  ASSERT_TRUE(held.ok()) << held.error().message;
  EXPECT_EQ(held->members[0].name, "架空刑務所");  // unnamed members carry their agency's name

  SupportPlan plan;
  plan.person = p->id;
  plan.goals = {"釈放後1か月以内に住まいを決める", "就労につながる"};
  plan.roles = {{probation_.id, "東京保護観察所", "住居の調整", Date{2025, 8, 31}},
                {std::nullopt, "福祉相談課", "生活保護の申請支援", Date{2025, 9, 5}}};
  plan.started_on = {2025, 6, 10};
  auto saved = work_->save_plan(coordinator_, plan, 0);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(work_->save_plan(coordinator_, plan, 0).error().code, "plan.stale_version");
  auto review = work_->schedule_review(coordinator_, p->id, Date{2025, 6, 20});
  ASSERT_TRUE(review.ok());

  // The review falls due; it is listed, then recorded.
  clock_.advance_ms(20 * kDay);  // 2025-06-21
  auto due = work_->due(coordinator_);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_TRUE(due->at(0).overdue);
  EXPECT_TRUE(work_->due(other_worker_)->empty());  // not theirs
  ASSERT_TRUE(
      work_->complete_checkpoint(coordinator_, review->id, Date{2025, 6, 21}, "住まいの候補2件", {})
          .ok());

  Supporter hogoshi{{}, p->id, SupporterKind::kVolunteerProbation, false, true, "保護司 架空"};
  hogoshi.from = {2025, 6, 1};
  ASSERT_TRUE(work_->add_supporter(coordinator_, hogoshi).ok());
  Supporter employer{{}, p->id, SupporterKind::kEmployer, false, true, "協力雇用主 架空工務店"};
  employer.from = {2025, 9, 15};
  ASSERT_TRUE(work_->add_supporter(coordinator_, employer).ok());

  EXPECT_EQ(
      work_->close_plan(coordinator_, p->id, Date{2025, 6, 1}, "就労が安定した", 1).error().code,
      "plan.invalid");  // before the plan began
  auto closed = work_->close_plan(coordinator_, p->id, Date{2025, 12, 1}, "就労が安定した", 1);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(work_->save_plan(coordinator_, plan, closed->version).error().code, "plan.closed");

  auto page = work_->page(coordinator_, p->id);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->meetings.size(), 1u);
  EXPECT_EQ(page->referrals.size(), 1u);
  EXPECT_EQ(page->supporters.size(), 2u);
  std::vector<Date> follow_ups;
  for (const auto& c : page->checkpoints) {
    if (c.kind == CheckpointKind::kFollowUp) follow_ups.push_back(c.due_on);
  }
  EXPECT_EQ(follow_ups, (std::vector<Date>{{2026, 6, 1}, {2026, 12, 1}, {2027, 12, 1}}));
  EXPECT_EQ(supporters_on(page->supporters, Date{2025, 6, 10}), 1);
  EXPECT_EQ(supporters_on(page->supporters, Date{2025, 12, 1}), 2);

  // The probation office reads on its consent; the DARC sees nothing.
  auto partner = work_->page(probation_officer_, p->id);
  ASSERT_TRUE(partner.ok());
  EXPECT_EQ(partner->view.basis.kind, BasisKind::kConsent);
  EXPECT_EQ(partner->referrals.size(), 1u);
  EXPECT_EQ(work_->page(darc_staff_, p->id).error().code, "access.denied");
}

TEST_P(CaseworkTest, ASupportMeetingNeedsNoConsentButSecrecyAndOnlyMembersSeeIt) {
  auto p = cases_->register_person(coordinator_, fictional(), false);
  Meeting support;
  support.kind = MeetingKind::kSupportMeeting;
  support.person = p->id;
  support.held_on = {2025, 6, 5};
  support.members = {member(darc_, true), member(city_, false)};
  support.agenda = "同意が得られていない人への関わり方";
  auto refused = work_->record_meeting(coordinator_, support);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "meeting.invalid");
  EXPECT_NE(refused.error().details.at(0).message.find("守秘義務"), std::string::npos);
  support.members[1].confidentiality_acknowledged = true;
  auto held = work_->record_meeting(coordinator_, support);
  ASSERT_TRUE(held.ok()) << held.error().message;

  // The DARC, a member, now reads the person on the meeting's basis; the probation office,
  // with a consent but not a member, does not see the meeting.
  auto darc = work_->page(darc_staff_, p->id);
  ASSERT_TRUE(darc.ok());
  EXPECT_EQ(basis_code(darc->view.basis), "support_meeting:" + std::to_string(held->id.value));
  EXPECT_EQ(darc->meetings.size(), 1u);
  ASSERT_TRUE(cases_
                  ->record_consent(coordinator_,
                                   sharing_with(p->id, probation_.id,
                                                {InfoCategory::kBasic, InfoCategory::kSupport}))
                  .ok());
  auto probation = work_->page(probation_officer_, p->id);
  ASSERT_TRUE(probation.ok());
  EXPECT_TRUE(probation->meetings.empty());

  Meeting regular;
  regular.kind = MeetingKind::kRegular;
  regular.person = p->id;  // a 定例会 is about no one
  regular.held_on = {2025, 6, 5};
  regular.members = {member(city_)};
  EXPECT_EQ(work_->record_meeting(coordinator_, regular).error().code, "meeting.invalid");
  regular.person.reset();
  EXPECT_TRUE(work_->record_meeting(coordinator_, regular).ok());
}

TEST_P(CaseworkTest, ImpossibleDatesAndOutsideConsentChangeNothing) {
  auto p = cases_->register_person(coordinator_, fictional(), false);
  ASSERT_TRUE(
      cases_
          ->record_consent(coordinator_, sharing_with(p->id, probation_.id, {InfoCategory::kBasic}))
          .ok());
  Referral outside{{}, p->id, city_.id, darc_.id};
  outside.sent_on = {2025, 6, 2};
  EXPECT_EQ(work_->send_referral(coordinator_, outside).error().code, "referral.consent_required");
  Referral before{{}, p->id, city_.id, probation_.id};
  before.sent_on = {2025, 5, 1};  // before registration
  EXPECT_EQ(work_->send_referral(coordinator_, before).error().code, "referral.invalid");
  Supporter backwards{{}, p->id, SupporterKind::kFamily, false, true, "姉"};
  backwards.from = {2025, 6, 10};
  backwards.until = Date{2025, 6, 1};
  EXPECT_EQ(work_->add_supporter(coordinator_, backwards).error().code, "supporter.invalid");
  SupportPlan early;
  early.person = p->id;
  early.goals = {"目標"};
  early.started_on = {2025, 1, 1};
  EXPECT_EQ(work_->save_plan(coordinator_, early, 0).error().code, "plan.invalid");
  auto c = test_db_->db().connection();
  for (const char* table : {"referral", "supporter", "support_plan", "meeting"}) {
    EXPECT_EQ(c->query(std::string("SELECT COUNT(*) FROM ") + table).at(0).integer(0), 0) << table;
  }
}

TEST_P(CaseworkTest, IndicatorsCountOnlyConsentingPersonsOverThePeriod) {
  // Persons registered in the past; support in fiscal 2024 (2024-04-01 – 2025-03-31).
  auto person = [&](const char* kana, bool statistics) {
    Person p = fictional(kana);
    p.registered_on = {2022, 1, 1};
    p.birth_date = {1960, 1, 1};
    auto r = cases_->register_person(coordinator_, p, true);
    EXPECT_TRUE(r.ok()) << r.error().message;
    Consent c;
    c.person = r->id;
    c.given_on = {2022, 1, 1};
    c.method = "書面";
    if (statistics) {
      c.purpose = ConsentPurpose::kStatistics;
      EXPECT_TRUE(cases_->record_consent(coordinator_, c).ok());
    }
    Consent sharing = sharing_with(r->id, probation_.id, {InfoCategory::kBasic});
    sharing.given_on = {2022, 1, 1};
    EXPECT_TRUE(cases_->record_consent(coordinator_, sharing).ok());
    return *r;
  };
  auto supporter = [&](PersonId p, bool local, bool formal, Date from, std::optional<Date> until) {
    Supporter s{{}, p, SupporterKind::kVolunteer, formal, local, "架空の支援者"};
    s.from = from;
    s.until = until;
    ASSERT_TRUE(work_->add_supporter(coordinator_, s).ok());
  };
  auto plan = [&](PersonId p, Date start, Date closed) {
    SupportPlan sp;
    sp.person = p;
    sp.goals = {"暮らしを立て直す"};
    sp.started_on = start;
    auto saved = work_->save_plan(coordinator_, sp, 0);
    ASSERT_TRUE(saved.ok()) << saved.error().message;
    ASSERT_TRUE(work_->close_plan(coordinator_, p, closed, "目標を達成した", saved->version).ok());
  };
  auto meeting = [&](PersonId p, Date on) {
    Meeting m;
    m.kind = MeetingKind::kSupportMeeting;
    m.person = p;
    m.held_on = on;
    m.members = {MeetingMember{city_.id, std::nullopt, "", true}};
    ASSERT_TRUE(work_->record_meeting(coordinator_, m).ok());
  };
  auto referral = [&](PersonId p, Date sent, ReferralAction action, Date answered) {
    Referral r{{}, p, city_.id, probation_.id};
    r.sent_on = sent;
    auto sentr = work_->send_referral(coordinator_, r);
    ASSERT_TRUE(sentr.ok()) << sentr.error().message;
    ASSERT_TRUE(work_->act_on_referral(coordinator_, sentr->id, action, 1, answered).ok());
  };

  Person a = person("えー", true);  // more supporters at the end; connected before release
  supporter(a.id, true, false, {2024, 4, 1}, std::nullopt);
  supporter(a.id, false, true, {2024, 10, 1}, std::nullopt);
  plan(a.id, {2024, 5, 1}, {2025, 2, 1});
  referral(a.id, {2024, 5, 1}, ReferralAction::kAccept, {2024, 5, 3});
  meeting(a.id, {2024, 5, 11});     // 10 days after the referral
  Person b = person("びー", true);  // fewer supporters; declined; not connected
  supporter(b.id, true, false, {2024, 4, 1}, Date{2024, 6, 30});
  plan(b.id, {2024, 5, 1}, {2024, 12, 1});
  referral(b.id, {2024, 6, 1}, ReferralAction::kDecline, {2024, 6, 2});
  meeting(b.id, {2024, 6, 5});       // 4 days
  Person c = person("しー", false);  // no statistics consent: counted nowhere
  supporter(c.id, true, false, {2024, 10, 1}, std::nullopt);
  plan(c.id, {2024, 5, 1}, {2025, 1, 1});
  referral(c.id, {2024, 6, 1}, ReferralAction::kAccept, {2024, 6, 2});
  Person d = person("でぃー", true);  // closed 2022-06: a local supporter two years on
  plan(d.id, {2022, 1, 1}, {2022, 6, 1});
  supporter(d.id, true, false, {2022, 3, 1}, std::nullopt);
  Person e = person("いー", true);  // closed 2022-10: the local supporter left in 2023
  plan(e.id, {2022, 1, 1}, {2022, 10, 1});
  supporter(e.id, true, false, {2022, 3, 1}, Date{2023, 12, 31});
  // Releases in the period: a (connected by the accepted referral) and b (not).
  for (auto [p, release] : {std::pair{a, Date{2024, 6, 1}}, std::pair{b, Date{2024, 7, 1}}}) {
    p = cases_->person(coordinator_, p.id)->person;
    p.expected_release = release;
    ASSERT_TRUE(cases_->update_person(coordinator_, p, p.version).ok());
  }

  auto result = work_->indicators(coordinator_, {2024, 4, 1}, {2025, 3, 31});
  ASSERT_TRUE(result.ok()) << result.error().message;
  const auto& [x, counted] = *result;
  EXPECT_EQ(counted, 4);
  EXPECT_EQ(x.supporters_increased.numerator, 1);
  EXPECT_EQ(x.supporters_increased.denominator, 2);
  EXPECT_EQ(x.local_supporter_after_two_years.numerator, 1);
  EXPECT_EQ(x.local_supporter_after_two_years.denominator, 2);
  EXPECT_EQ(x.referrals_by_outcome.at(ReferralState::kAccepted), 1);
  EXPECT_EQ(x.referrals_by_outcome.at(ReferralState::kDeclined), 1);
  EXPECT_EQ(x.referrals_with_meeting, 2);
  EXPECT_EQ(x.median_days_to_first_meeting, 7.0);
  EXPECT_EQ(x.mean_days_to_first_meeting, 7.0);
  EXPECT_EQ(x.connected_before_release.numerator, 1);
  EXPECT_EQ(x.connected_before_release.denominator, 2);

  EXPECT_EQ(work_->indicators(probation_officer_, {2024, 4, 1}, {2025, 3, 31}).error().code,
            "auth.forbidden");
  EXPECT_EQ(work_->indicators(plan_admin_, {2025, 4, 1}, {2024, 3, 31}).error().code,
            "indicators.invalid_period");
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseworkTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::service
