// A person's page as a view model, without HTTP: only the categories the reader may see, the
// timeline in date order (one day's entries in the order of the record), and the referral
// buttons of the receiving agency versus staff.
#include "web/person_view.hpp"

#include <gtest/gtest.h>

#include "web/render.hpp"

namespace tsunagu::web::cases {
namespace person_view_test {
namespace {

const std::string& text(const mstch::map& m, const std::string& key) {
  return boost::get<std::string>(m.at(key));
}
bool flag(const mstch::map& m, const std::string& key) { return boost::get<bool>(m.at(key)); }
const mstch::array& list(const mstch::map& m, const std::string& key) {
  return boost::get<mstch::array>(m.at(key));
}
const mstch::map& item(const mstch::array& a, std::size_t i) {
  return boost::get<mstch::map>(a.at(i));
}

// 架空 太郎, seen on a consent naming basic information and support (not the criminal history),
// with a referral from 多摩ダルク to 東京保護観察所, a supporter and a plan from the same day.
service::PersonPage fictional_page() {
  service::PersonPage page;
  Person& p = page.view.person;
  p.id = PersonId{5};
  p.name = "架空 太郎";
  p.kana = "かくう たろう";
  p.birth_date = {1958, 4, 2};
  p.registered_on = {2025, 6, 1};
  p.facility = "架空刑務所";
  page.view.categories = {InfoCategory::kBasic, InfoCategory::kSupport};
  page.view.basis = {BasisKind::kConsent, 3, ""};
  page.agencies = {{AgencyId{1}, "東京保護観察所", AgencyKind::kProbationOffice},
                   {AgencyId{2}, "多摩ダルク", AgencyKind::kSelfHelpGroup}};
  Referral r;
  r.id = ReferralId{9};
  r.person = p.id;
  r.from = AgencyId{2};
  r.to = AgencyId{1};
  r.sent_on = {2025, 6, 3};
  page.referrals = {r};
  Supporter s;
  s.kind = SupporterKind::kFamily;
  s.name = "姉";
  s.from = {2025, 6, 2};
  page.supporters = {s};
  SupportPlan plan;
  plan.person = p.id;
  plan.goals = {"住まいを決める"};
  plan.started_on = {2025, 6, 2};
  page.plan = plan;
  return page;
}

TEST(PersonView, ShowsOnlyTheCategoriesTheReaderMaySee) {
  auto view = person_view(fictional_page(), Viewer{});
  std::vector<std::string> labels;
  for (const auto& f : list(view, "fields"))
    labels.push_back(text(boost::get<mstch::map>(f), "label"));
  EXPECT_EQ(labels, (std::vector<std::string>{"ふりがな", "生年月日", "登録日"}));
  EXPECT_TRUE(flag(view, "support_visible"));
  EXPECT_TRUE(flag(view, "has_plan"));
  EXPECT_EQ(text(view, "basis"), std::string(basis_label(BasisKind::kConsent)));
}

TEST(PersonView, TheTimelineIsInDateOrderAndKeepsOneDaysOrder) {
  auto view = person_view(fictional_page(), Viewer{});
  const auto& timeline = list(view, "timeline");
  std::vector<std::string> kinds;
  for (const auto& t : timeline) kinds.push_back(text(boost::get<mstch::map>(t), "kind"));
  EXPECT_EQ(kinds, (std::vector<std::string>{"登録", "支援者", "支援プラン", "つなぎ"}));
  EXPECT_EQ(text(item(timeline, 3), "text"), "多摩ダルク → 東京保護観察所（依頼中）");
}

TEST(PersonView, TheReceivingAgencyMayAnswerAndOnlyStaffMayWithdraw) {
  auto page = fictional_page();
  auto receiver = item(list(person_view(page, Viewer{false, "t", AgencyId{1}}), "referrals"), 0);
  EXPECT_TRUE(flag(receiver, "may_answer"));
  EXPECT_FALSE(flag(receiver, "may_withdraw"));
  auto sender = item(list(person_view(page, Viewer{false, "t", AgencyId{2}}), "referrals"), 0);
  EXPECT_FALSE(flag(sender, "may_answer"));
  auto staff = person_view(page, Viewer{true, "token", std::nullopt});
  EXPECT_TRUE(flag(item(list(staff, "referrals"), 0), "may_withdraw"));
  EXPECT_EQ(text(staff, "csrf"), "token");
}

TEST(PersonView, RendersIntoThePersonTemplate) {
  auto html = render_content("case_person", person_view(fictional_page(), Viewer{true, "t", {}}));
  EXPECT_NE(html.find("住まいを決める"), std::string::npos);
  EXPECT_NE(html.find("action=\"/cases/5/referrals\""), std::string::npos);
  EXPECT_EQ(html.find("架空刑務所"), std::string::npos);  // criminal history not consented
}

}  // namespace
}  // namespace person_view_test
}  // namespace tsunagu::web::cases
