// The case decoders read a JSON object and a posted form alike: the same values decode to the
// same request, and the same bad value gives the same error (kind, code, field, message) from
// either source. Form bodies are built here as a browser sends them.
#include "route/case_decode.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/message.hpp"

namespace tsunagu::route {
namespace case_decode_test {
namespace {

using nlohmann::json;

http::Request form_request(const std::string& body) {
  http::Request r;
  r.method = "POST";
  r.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  r.body = body;
  return r;
}

template <class Decode>
auto from_json(Decode decode, const json& body) {
  return decode(Fields::from_json(body));
}

template <class Decode>
auto from_form(Decode decode, const std::string& body) {
  auto request = form_request(body);
  return decode(Fields::from_form(request));
}

// The error's details as "field: message", in order.
std::vector<std::string> problems(const Error& e) {
  std::vector<std::string> out;
  for (const auto& d : e.details) out.push_back(d.field + ": " + d.message);
  return out;
}

template <class T>
void expect_same_refusal(const Result<T>& a, const Result<T>& b, const std::string& field) {
  ASSERT_FALSE(a.ok());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(a.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(a.error().kind, b.error().kind);
  EXPECT_EQ(a.error().code, b.error().code);
  EXPECT_EQ(a.error().message, b.error().message);
  EXPECT_EQ(problems(a.error()), problems(b.error()));
  ASSERT_EQ(a.error().details.size(), 1u) << ::testing::PrintToString(problems(a.error()));
  EXPECT_EQ(a.error().details[0].field, field);
}

TEST(CaseDecode, AReferralReadsTheSameFromJsonAndFromAForm) {
  auto j = from_json(decode_referral,
                     {{"from", 3}, {"to", 4}, {"sent_on", "2025-06-02"}, {"note", "住まい"}});
  auto f =
      from_form(decode_referral, "from=3&to=4&sent_on=2025-06-02&note=%E4%BD%8F%E3%81%BE%E3%81%84");
  ASSERT_TRUE(j.ok()) << j.error().message;
  ASSERT_TRUE(f.ok()) << f.error().message;
  for (const auto* r : {&*j, &*f}) {
    EXPECT_EQ(r->from, AgencyId{3});
    EXPECT_EQ(r->to, AgencyId{4});
    EXPECT_EQ(r->sent_on, (Date{2025, 6, 2}));
    EXPECT_EQ(r->note, "住まい");
  }
  // Not given, the day stays unset for the service to take today.
  EXPECT_EQ(from_form(decode_referral, "from=3&to=4&sent_on=")->sent_on, Date{});
}

TEST(CaseDecode, ABadAgencyOrDateOfAReferralIsTheSameRefusalFromEitherSource) {
  expect_same_refusal(from_json(decode_referral, {{"from", "abc"}, {"to", 4}}),
                      from_form(decode_referral, "from=abc&to=4"), "from");
  expect_same_refusal(from_json(decode_referral, {{"from", 3}, {"to", -2}}),
                      from_form(decode_referral, "from=3&to=-2"), "to");
  expect_same_refusal(
      from_json(decode_referral, {{"from", 3}, {"to", 4}, {"sent_on", "2025-02-30"}}),
      from_form(decode_referral, "from=3&to=4&sent_on=2025-02-30"), "sent_on");
  auto bad = from_form(decode_referral, "from=3&to=4&sent_on=2025-02-30");
  EXPECT_EQ(bad.error().code, "referral.invalid");
  EXPECT_NE(bad.error().details[0].message.find("依頼日"), std::string::npos);
}

TEST(CaseDecode, EveryBadFieldIsNamedAtOnce) {
  auto r = from_form(decode_referral, "to=x&sent_on=soon");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(problems(r.error()),
            (std::vector<std::string>{
                "from: つなぐ元の機関は必須です。",
                "to: つなぐ先の機関の番号が正しくありません（正の整数で指定してください）。",
                "sent_on: 依頼日は正しい日付を 2025-06-01 の形で指定してください。"}));
}

TEST(CaseDecode, AConsentsScopeReadsFromAnArrayOrFromCheckboxes) {
  auto j = from_json(decode_consent, {{"given_on", "2025-06-01"},
                                      {"method", "書面"},
                                      {"agencies", {1, 2}},
                                      {"categories", {"basic", "support"}}});
  auto f = from_form(decode_consent,
                     "purpose=sharing&state=given&given_on=2025-06-01&method=%E6%9B%B8%E9%9D%A2"
                     "&agencies=1&agencies=2&categories=basic&categories=support&expires=");
  ASSERT_TRUE(j.ok()) << j.error().message;
  ASSERT_TRUE(f.ok()) << f.error().message;
  for (const auto* c : {&*j, &*f}) {
    EXPECT_EQ(c->scope.agencies, (std::vector<AgencyId>{AgencyId{1}, AgencyId{2}}));
    EXPECT_EQ(c->scope.categories,
              (std::vector<InfoCategory>{InfoCategory::kBasic, InfoCategory::kSupport}));
    EXPECT_EQ(c->method, "書面");
    EXPECT_FALSE(c->expires.has_value());
  }
  expect_same_refusal(
      from_json(decode_consent,
                {{"given_on", "2025-06-01"}, {"method", "書面"}, {"categories", {"dreams"}}}),
      from_form(decode_consent, "given_on=2025-06-01&method=x&categories=dreams"), "categories");
  expect_same_refusal(
      from_json(decode_consent,
                {{"given_on", "2025-06-01"}, {"method", "書面"}, {"expires", "2026-13-01"}}),
      from_form(decode_consent, "given_on=2025-06-01&method=x&expires=2026-13-01"), "expires");
}

TEST(CaseDecode, APlansRolesAreObjectsInJsonAndLinesInAForm) {
  auto j = from_json(
      decode_plan,
      {{"version", 0},
       {"goals", {"住まいを決める", "通院を続ける"}},
       {"roles", {{{"who", "保護観察所"}, {"task", "住居の調整"}, {"due", "2025-09-30"}}}},
       {"started_on", "2025-06-10"}});
  auto f =
      from_form(decode_plan,
                "version=0&goals=%E4%BD%8F%E3%81%BE%E3%81%84%E3%82%92%E6%B1%BA%E3%82%81%E3%82%8B"
                "%0D%0A%0D%0A%E9%80%9A%E9%99%A2%E3%82%92%E7%B6%9A%E3%81%91%E3%82%8B"
                "&roles=%E4%BF%9D%E8%AD%B7%E8%A6%B3%E5%AF%9F%E6%89%80%7C%E4%BD%8F%E5%B1%85"
                "%E3%81%AE%E8%AA%BF%E6%95%B4%7C2025-09-30&started_on=2025-06-10");
  ASSERT_TRUE(j.ok()) << j.error().message;
  ASSERT_TRUE(f.ok()) << f.error().message;
  for (const auto* x : {&*j, &*f}) {
    EXPECT_EQ(x->plan.goals, (std::vector<std::string>{"住まいを決める", "通院を続ける"}));
    ASSERT_EQ(x->plan.roles.size(), 1u);
    EXPECT_EQ(x->plan.roles[0].who, "保護観察所");
    EXPECT_EQ(x->plan.roles[0].task, "住居の調整");
    EXPECT_EQ(x->plan.roles[0].due, (Date{2025, 9, 30}));
  }
  expect_same_refusal(
      from_json(decode_plan, {{"version", 0},
                              {"goals", {"a"}},
                              {"started_on", "2025-06-10"},
                              {"roles", {{{"who", "A"}, {"task", "B"}, {"due", "someday"}}}}}),
      from_form(decode_plan, "version=0&goals=a&started_on=2025-06-10&roles=A%7CB%7Csomeday"),
      "roles");
}

TEST(CaseDecode, AMissingVersionIsAMalformedRequestBeforeAnyField) {
  for (const auto& r :
       {from_json(decode_plan, {{"started_on", "bad"}}),
        from_form(decode_plan, "version=&started_on=bad"), from_form(decode_plan, "version=-1")}) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::kMalformed);
    EXPECT_EQ(r.error().code, "request.invalid");
  }
}

TEST(CaseDecode, AFormsMeetingMembersAreTheRowsThePageGives) {
  auto request = form_request("kind=case_conference&held_on=2025-06-05");
  auto form = Fields::from_form(request);
  form.add_row("members", {{"agency", "7"}, {"confidentiality_acknowledged", "1"}});
  form.add_row("members", {{"name", "姉"}, {"confidentiality_acknowledged", "1"}});
  auto f = decode_meeting(form);
  auto j =
      from_json(decode_meeting, {{"kind", "case_conference"},
                                 {"held_on", "2025-06-05"},
                                 {"members",
                                  {{{"agency", 7}, {"confidentiality_acknowledged", true}},
                                   {{"name", "姉"}, {"confidentiality_acknowledged", true}}}}});
  ASSERT_TRUE(f.ok()) << f.error().message;
  ASSERT_TRUE(j.ok()) << j.error().message;
  for (const auto* m : {&*f, &*j}) {
    ASSERT_EQ(m->members.size(), 2u);
    EXPECT_EQ(m->members[0].agency, AgencyId{7});
    EXPECT_EQ(m->members[1].name, "姉");
    EXPECT_TRUE(m->members[1].confidentiality_acknowledged);
  }
  auto bad = Fields::from_form(request);
  bad.add_row("members", {{"agency", "x"}});
  auto refused = decode_meeting(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().details[0].field, "members");
}

TEST(CaseDecode, APersonsFlagsAreBooleansInJsonAndCheckboxesInAForm) {
  auto j = from_json(decode_person_registration, {{"name", "架空 太郎"},
                                                  {"kana", "かくう たろう"},
                                                  {"birth_date", "1958-04-02"},
                                                  {"status", "released"},
                                                  {"needs", {"housing"}},
                                                  {"entrance_support", true},
                                                  {"special_coordination", json::object()},
                                                  {"confirmed_new", true}});
  auto f = from_form(decode_person_registration,
                     "name=x&kana=y&birth_date=1958-04-02&status=released&needs=housing"
                     "&entrance_support=1&special_coordination=1&confirmed_new=1");
  ASSERT_TRUE(j.ok()) << j.error().message;
  ASSERT_TRUE(f.ok()) << f.error().message;
  for (const auto* r : {&*j, &*f}) {
    EXPECT_TRUE(r->confirmed_new);
    EXPECT_TRUE(r->person.entrance_support);
    EXPECT_TRUE(r->person.special_coordination.has_value());
    EXPECT_EQ(r->person.status, PersonStatus::kReleased);
    EXPECT_EQ(r->person.needs, std::vector<Need>{Need::kHousing});
  }
  expect_same_refusal(
      from_json(
          decode_person_registration,
          {{"name", "x"}, {"kana", "y"}, {"birth_date", "1958-02-30"}, {"status", "released"}}),
      from_form(decode_person_registration, "name=x&kana=y&birth_date=1958-02-30&status=released"),
      "birth_date");
}

TEST(CaseDecode, ACheckpointsLocalSupporterIsOnlyReadWhenGivenAsAFlag) {
  EXPECT_EQ(from_form(decode_checkpoint_result, "done_on=2025-07-01&local_supporter_involved=yes")
                ->local_supporter_involved,
            std::optional<bool>(true));
  EXPECT_EQ(from_form(decode_checkpoint_result, "done_on=2025-07-01&local_supporter_involved=")
                ->local_supporter_involved,
            std::nullopt);
  EXPECT_EQ(from_json(decode_checkpoint_result,
                      {{"done_on", "2025-07-01"}, {"local_supporter_involved", false}})
                ->local_supporter_involved,
            std::optional<bool>(false));
  expect_same_refusal(from_json(decode_checkpoint_result, {{"done_on", ""}}),
                      from_form(decode_checkpoint_result, "done_on="), "done_on");
}

}  // namespace
}  // namespace case_decode_test
}  // namespace tsunagu::route
