// One decoder per write of the resource domain, shared by the JSON route and the form page: the
// same bad input, sent as JSON and as a form, is refused with 422 naming the field, and nothing
// is written. A bad date or time for a booking, a capacity that is no number, an unknown kind,
// a bad date for an event, a placement and a follow-up, a room's opening time.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/message.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::resource_forms_test {
namespace {

using nlohmann::json;
using testing::HttpResult;
using testing::Login;

constexpr const char* kPassword = "correct horse battery";

class ResourceForms : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<testing::TestApp>();
    auto cli = app_->operator_actor;
    ASSERT_TRUE(app_->cases->add_agency(cli, "架空保護司会", AgencyKind::kVolunteerProbation).ok());
    auto coordinator = app_->accounts->add_user(
        cli, {"coordinator", "調整 花子", Role::kCaseCoordinator, "", kPassword, ""});
    ASSERT_TRUE(coordinator.ok()) << coordinator.error().message;
    coordinator_actor_ = service::Actor::of(*coordinator);
    ASSERT_TRUE(
        app_->accounts
            ->add_user(cli, {"hogoshi", "保護 一郎", Role::kPartner, "", kPassword, "架空保護司会"})
            .ok());
    coordinator_ = testing::login(app_->port, "coordinator", kPassword);
    hogoshi_ = testing::login(app_->port, "hogoshi", kPassword);
  }

  HttpResult post_json(const Login& who, const std::string& target, const json& body) {
    return testing::http_as(app_->port, who, "POST", target, body.dump());
  }

  // A form as the browser posts it, with the CSRF token as the hidden field _csrf.
  HttpResult post_form(const Login& who, const std::string& target, const std::string& fields) {
    return testing::http_call(
        app_->port,
        {"POST",
         target,
         {{"Cookie", who.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
         "_csrf=" + http::percent_encode(who.csrf) + "&" + fields});
  }

  json list(const Login& who, const std::string& target, const char* key) {
    return json::parse(testing::http_as(app_->port, who, "GET", target).body)[key];
  }

  std::int64_t add_room() {
    auto room = post_json(
        coordinator_, "/api/v1/rooms",
        {{"name", "第1相談室"}, {"facility", "架空地域センター"}, {"days", "月火水木金土日"}});
    EXPECT_EQ(room.status, 201) << room.body;
    return json::parse(room.body)["id"].get<std::int64_t>();
  }

  std::unique_ptr<testing::TestApp> app_;
  service::Actor coordinator_actor_;
  Login coordinator_, hogoshi_;
};

// The JSON answer's error: 422, `code`, and a detail naming `field`; returns its message.
std::string expect_refused(const HttpResult& r, const std::string& code, const std::string& field) {
  EXPECT_EQ(r.status, 422) << r.body;
  auto error = json::parse(r.body)["error"];
  EXPECT_EQ(error["code"], code);
  for (const auto& d : error["details"]) {
    if (d["field"] == field) return d["message"].get<std::string>();
  }
  ADD_FAILURE() << "no detail for " << field << ": " << r.body;
  return "";
}

constexpr const char* kFuture = "2099-01-05";  // the room opens every day

TEST_F(ResourceForms, ABadBookingDateOrTimeIsRefusedAlikeAsJsonAndAsAForm) {
  const auto room = add_room();
  const std::string book = "/rooms/" + std::to_string(room) + "/book";
  struct Case {
    const char* field;
    const char* date;
    const char* start;
  };
  for (const Case& bad : {Case{"date", "2025-13-40", "13:00"}, Case{"start", kFuture, "25:00"}}) {
    SCOPED_TRACE(bad.field);
    auto as_json =
        post_json(hogoshi_, "/api/v1/bookings",
                  {{"room", room}, {"date", bad.date}, {"start", bad.start}, {"end", "14:00"}});
    const std::string message = expect_refused(as_json, "booking.invalid", bad.field);
    auto as_form = post_form(hogoshi_, book,
                             std::string("date=") + bad.date +
                                 "&start=" + http::percent_encode(bad.start) + "&end=14%3A00");
    EXPECT_EQ(as_form.status, 422);
    EXPECT_NE(as_form.body.find("「" + std::string(bad.field) + "」: " + message),
              std::string::npos)
        << as_form.body;
  }
  // A room number that is none is the same kind of mistake.
  auto no_room =
      post_json(hogoshi_, "/api/v1/bookings",
                {{"room", "abc"}, {"date", kFuture}, {"start", "13:00"}, {"end", "14:00"}});
  expect_refused(no_room, "booking.invalid", "room");
  auto zero = post_json(hogoshi_, "/api/v1/bookings",
                        {{"room", 0}, {"date", kFuture}, {"start", "13:00"}, {"end", "14:00"}});
  expect_refused(zero, "booking.invalid", "room");
  EXPECT_TRUE(list(hogoshi_, "/api/v1/bookings/mine", "bookings").empty());
}

TEST_F(ResourceForms, ACapacityThatIsNoNumberIsRefusedAlikeAndTheFormKeepsWhatWasTyped) {
  auto as_json = post_json(coordinator_, "/api/v1/resources",
                           {{"kind", "salon"}, {"name", "架空サロン"}, {"capacity", "many"}});
  const std::string message = expect_refused(as_json, "resource.invalid", "capacity");
  auto as_form =
      post_form(coordinator_, "/resources",
                "kind=salon&name=" + http::percent_encode("架空サロン") + "&capacity=many");
  EXPECT_EQ(as_form.status, 422);
  EXPECT_NE(as_form.body.find("「capacity」: " + message), std::string::npos) << as_form.body;
  EXPECT_NE(as_form.body.find("value=\"架空サロン\""), std::string::npos);
  // A kind the form does not offer is refused too (it used to become 相談窓口 silently).
  auto odd_kind = post_form(coordinator_, "/resources",
                            "kind=spaceport&name=" + http::percent_encode("架空サロン"));
  EXPECT_EQ(odd_kind.status, 422);
  EXPECT_NE(odd_kind.body.find("「kind」"), std::string::npos);
  EXPECT_TRUE(list(coordinator_, "/api/v1/resources", "resources").empty());
  // The same digits are accepted from both, full-width ones too.
  EXPECT_EQ(post_json(coordinator_, "/api/v1/resources",
                      {{"kind", "salon"}, {"name", "架空サロンA"}, {"capacity", 12}})
                .status,
            201);
  EXPECT_EQ(post_form(coordinator_, "/resources",
                      "kind=salon&name=" + http::percent_encode("架空サロンB") +
                          "&capacity=" + http::percent_encode("１２"))
                .status,
            303);
  auto stored = list(coordinator_, "/api/v1/resources", "resources");
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0]["capacity"], 12);
  EXPECT_EQ(stored[1]["capacity"], 12);
}

TEST_F(ResourceForms, ABadEventDateOrAttendanceIsRefusedAlike) {
  for (auto [field, held_on, attendance] : {std::tuple{"held_on", "2025-02-30", "10"},
                                            std::tuple{"attendance", "2025-07-01", "many"}}) {
    SCOPED_TRACE(field);
    auto as_json = post_json(coordinator_, "/api/v1/events",
                             {{"kind", "training"},
                              {"title", "架空研修"},
                              {"held_on", held_on},
                              {"attendance", attendance}});
    const std::string message = expect_refused(as_json, "event.invalid", field);
    auto as_form = post_form(coordinator_, "/events",
                             "kind=training&title=" + http::percent_encode("架空研修") +
                                 "&held_on=" + held_on + "&attendance=" + attendance);
    EXPECT_EQ(as_form.status, 422);
    EXPECT_NE(as_form.body.find("「" + std::string(field) + "」: " + message), std::string::npos)
        << as_form.body;
  }
  EXPECT_TRUE(list(coordinator_, "/api/v1/events", "events").empty());
}

TEST_F(ResourceForms, ABadPlacementOrFollowUpDateIsRefusedAlike) {
  Person p;
  p.name = "架空 次郎";
  p.kana = "かくう じろう";
  p.birth_date = {1960, 5, 1};
  p.status = PersonStatus::kReleased;
  p.needs = {Need::kHousing};
  auto person = app_->cases->register_person(coordinator_actor_, p, true);
  ASSERT_TRUE(person.ok()) << person.error().message;
  Resource home;
  home.kind = ResourceKind::kSalon;
  home.name = "架空サロン";
  home.topics = {Topic::kHousing};
  auto resource = app_->resources->add_resource(coordinator_actor_, home);
  ASSERT_TRUE(resource.ok()) << resource.error().message;
  const std::string id = std::to_string(person->id.value);
  const std::string rid = std::to_string(resource->id.value);

  auto as_json = post_json(coordinator_, "/api/v1/persons/" + id + "/placements",
                           {{"resource", resource->id.value}, {"started_on", "2025-02-30"}});
  const std::string message = expect_refused(as_json, "placement.invalid", "started_on");
  auto as_form = post_form(coordinator_, "/cases/" + id + "/placements",
                           "resource=" + rid + "&started_on=2025-02-30");
  EXPECT_EQ(as_form.status, 422);
  EXPECT_NE(as_form.body.find(message), std::string::npos) << as_form.body;
  EXPECT_TRUE(list(coordinator_, "/api/v1/persons/" + id + "/placements", "placements").empty());

  auto placed = app_->resources->place(coordinator_actor_, person->id, resource->id,
                                       app_->resources->today(), "");
  ASSERT_TRUE(placed.ok()) << placed.error().message;
  const std::string pid = std::to_string(placed->id.value);
  const auto fid = placed->follow_ups.at(0).id;
  auto follow_json = post_json(coordinator_, "/api/v1/placements/" + pid + "/follow-up",
                               {{"follow_up", fid}, {"done_on", "yesterday"}});
  const std::string follow_message = expect_refused(follow_json, "placement.invalid", "done_on");
  auto follow_form = post_form(
      coordinator_, "/cases/" + id + "/follow-ups",
      "placement=" + pid + "&follow_up=" + std::to_string(fid) + "&done_on=yesterday&note=x");
  EXPECT_EQ(follow_form.status, 422);
  EXPECT_NE(follow_form.body.find(follow_message), std::string::npos) << follow_form.body;
  auto stored = list(coordinator_, "/api/v1/persons/" + id + "/placements", "placements");
  ASSERT_EQ(stored.size(), 1u);
  for (const auto& f : stored[0]["follow_ups"]) EXPECT_TRUE(f["done_on"].is_null()) << f.dump();
}

TEST_F(ResourceForms, ARoomOpeningTimeOffTheClockIsRefusedAlike) {
  auto as_json =
      post_json(coordinator_, "/api/v1/rooms",
                {{"name", "第2相談室"}, {"facility", "架空地域センター"}, {"opens", "9時"}});
  const std::string message = expect_refused(as_json, "room.invalid", "opens");
  auto as_form = post_form(coordinator_, "/rooms",
                           "name=" + http::percent_encode("第2相談室") +
                               "&facility=" + http::percent_encode("架空地域センター") +
                               "&days=" + http::percent_encode("月火水木金") +
                               "&opens=" + http::percent_encode("9時") + "&closes=21%3A00");
  EXPECT_EQ(as_form.status, 422);
  EXPECT_NE(as_form.body.find(message), std::string::npos) << as_form.body;
  EXPECT_TRUE(list(coordinator_, "/api/v1/rooms", "rooms").empty());
}

}  // namespace
}  // namespace tsunagu::resource_forms_test
