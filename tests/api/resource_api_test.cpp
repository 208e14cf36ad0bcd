// Local resources over real HTTP: the public pages and open data without login, the directory
// with its import refusing a bad file whole, and 50 simultaneous booking requests for one slot
// of which exactly one wins, answered 201 once and 409 for the rest.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/casework.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::api::resource_api_test {
namespace {

using nlohmann::json;
using tsunagu::testing::http_as;
using tsunagu::testing::http_call;
using tsunagu::testing::Login;

constexpr const char* kPassword = "correct horse battery";

class ResourceApi : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<tsunagu::testing::TestApp>();
    auto cli = app_->operator_actor;
    ASSERT_TRUE(app_->cases->add_agency(cli, "架空保護司会", AgencyKind::kVolunteerProbation).ok());
    ASSERT_TRUE(app_->cases->add_agency(cli, "架空ダルク", AgencyKind::kSelfHelpGroup).ok());
    auto add = [&](const char* name, Role role, const char* agency) {
      auto u = app_->accounts->add_user(cli, {name, name, role, "", kPassword, agency});
      ASSERT_TRUE(u.ok()) << u.error().message;
    };
    add("coordinator", Role::kCaseCoordinator, "");
    add("hogoshi", Role::kPartner, "架空保護司会");
    add("hogoshi2", Role::kPartner, "架空保護司会");
    add("darc", Role::kPartner, "架空ダルク");
    coordinator_ = tsunagu::testing::login(app_->port, "coordinator", kPassword);
    hogoshi_ = tsunagu::testing::login(app_->port, "hogoshi", kPassword);
    hogoshi2_ = tsunagu::testing::login(app_->port, "hogoshi2", kPassword);
    darc_ = tsunagu::testing::login(app_->port, "darc", kPassword);
  }

  tsunagu::testing::HttpResult post(const Login& who, const std::string& target, const json& body) {
    return http_as(app_->port, who, "POST", target, body.dump());
  }

  std::unique_ptr<tsunagu::testing::TestApp> app_;
  Login coordinator_, hogoshi_, hogoshi2_, darc_;
};

TEST_F(ResourceApi, PublicPagesAndOpenDataNeedNoLoginAndShowOnlyPublicResources) {
  ASSERT_EQ(post(coordinator_, "/api/v1/resources",
                 {{"kind", "consultation_window"},
                  {"name", "架空福祉総合相談窓口"},
                  {"kana", "かくうふくし"},
                  {"phone", "03-0000-0001"},
                  {"hours", "9:00〜17:00"},
                  {"topics", {"general", "money"}}})
                .status,
            201);
  ASSERT_EQ(post(coordinator_, "/api/v1/resources",
                 {{"kind", "self_reliance_home"},
                  {"name", "架空自立準備ホーム"},
                  {"topics", {"housing"}},
                  {"public", false}})
                .status,
            201);
  auto bad = post(coordinator_, "/api/v1/resources", {{"kind", "spaceport"}, {"name", "x"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(json::parse(bad.body)["error"]["code"], "resource.invalid");

  auto page = http_call(app_->port, {"GET", "/public/resources", {}, ""});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("架空福祉総合相談窓口"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"tel:0300000001\""), std::string::npos);
  EXPECT_EQ(page.body.find("架空自立準備ホーム"), std::string::npos);  // internal
  auto by_topic = http_call(app_->port, {"GET", "/public/resources?topic=work", {}, ""});
  EXPECT_EQ(by_topic.body.find("架空福祉総合相談窓口"), std::string::npos);
  auto leaflet = http_call(app_->port, {"GET", "/public/leaflet", {}, ""});
  EXPECT_EQ(leaflet.status, 200);
  EXPECT_NE(leaflet.body.find("leaflet.css"), std::string::npos);  // its A4 portrait sheet
  auto about = http_call(app_->port, {"GET", "/public/about", {}, ""});
  EXPECT_NE(about.body.find("BBS会"), std::string::npos);
  EXPECT_NE(about.body.find("再犯防止啓発月間"), std::string::npos);

  auto csv = http_call(app_->port, {"GET", "/opendata/resources.csv", {}, ""});
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBF全国地方公共団体コード,ID,地方公共団体名,名称"));
  EXPECT_NE(csv.body.find("131001,131001R000001,テスト市,架空福祉総合相談窓口,カクウフクシ"),
            std::string::npos);
  EXPECT_EQ(csv.body.find("架空自立準備ホーム"), std::string::npos);
  EXPECT_EQ(http_call(app_->port, {"GET", "/opendata/resources.csv?city=999999", {}, ""}).status,
            404);

  // The internal directory needs a login; the JSON directory shows internal ones to staff.
  EXPECT_EQ(http_call(app_->port, {"GET", "/api/v1/resources", {}, ""}).status, 401);
  auto all = http_as(app_->port, coordinator_, "GET", "/api/v1/resources");
  EXPECT_EQ(json::parse(all.body)["resources"].size(), 2u);
}

TEST_F(ResourceApi, ImportRefusesAWholeFileWithOneBadRow) {
  const std::string file = "種別,名称,分野\nサロン,架空サロン,居場所・仲間\n居酒屋,架空の店,\n";
  auto r =
      http_as(app_->port, coordinator_, "POST", "/api/v1/resources/import?name=list.csv", file);
  ASSERT_EQ(r.status, 422);
  auto error = json::parse(r.body)["error"];
  EXPECT_EQ(error["code"], "import.invalid");
  EXPECT_EQ(error["details"][0]["line"], 3);
  EXPECT_EQ(error["details"][0]["field"], "種別");
  auto all = http_as(app_->port, coordinator_, "GET", "/api/v1/resources");
  EXPECT_EQ(json::parse(all.body)["resources"].size(), 0u);
  auto ok = http_as(app_->port, coordinator_, "POST", "/api/v1/resources/import?name=list.csv",
                    "種別,名称,分野\nサロン,架空サロン,居場所・仲間\n");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(json::parse(ok.body)["added"], 1);
  EXPECT_EQ(http_as(app_->port, darc_, "POST", "/api/v1/resources/import", file).status, 403);
}

TEST_F(ResourceApi, FiftySimultaneousBookingsOfOneSlotOneWins) {
  auto room =
      post(coordinator_, "/api/v1/rooms",
           {{"name", "第1相談室"}, {"facility", "架空地域センター"}, {"days", "月火水木金土日"}});
  ASSERT_EQ(room.status, 201) << room.body;
  const auto room_id = json::parse(room.body)["id"].get<std::int64_t>();
  const std::string date = format_iso_date(add_days(app_->resources->today(), 7));
  std::atomic<int> created{0}, conflict{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      auto r = post(i % 2 ? hogoshi_ : hogoshi2_, "/api/v1/bookings",
                    {{"room", room_id}, {"date", date}, {"start", "13:00"}, {"end", "14:00"}});
      if (r.status == 201) {
        ++created;
      } else if (r.status == 409) {
        ++conflict;
      } else {
        ++other;
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflict.load(), 49);
  EXPECT_EQ(other.load(), 0);

  // Each sees its own booking by name; others' only as taken. Another partner may not book.
  auto day_for = [&](const Login& who) {
    return json::parse(
        http_as(app_->port, who, "GET",
                "/api/v1/rooms/" + std::to_string(room_id) + "/bookings?date=" + date)
            .body);
  };
  auto a = day_for(hogoshi_), b = day_for(hogoshi2_);
  ASSERT_EQ(a["bookings"].size(), 1u);
  EXPECT_TRUE(a["bookings"][0]["by"].is_null() != b["bookings"][0]["by"].is_null());
  // A field of the wrong type is the sender's mistake (400), not the server's (500).
  auto typed = post(hogoshi_, "/api/v1/bookings",
                    {{"room", room_id}, {"date", 20251201}, {"start", 13}, {"end", "14:00"}});
  EXPECT_EQ(typed.status, 400);
  EXPECT_EQ(json::parse(typed.body)["error"]["code"], "request.invalid");
  auto refused = post(darc_, "/api/v1/bookings",
                      {{"room", room_id}, {"date", date}, {"start", "15:00"}, {"end", "16:00"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(json::parse(refused.body)["error"]["code"], "booking.not_volunteer");
}

}  // namespace
}  // namespace tsunagu::api::resource_api_test
