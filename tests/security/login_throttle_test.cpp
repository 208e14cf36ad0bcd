// Issue 12, login throttling. Behind the TLS proxy that docs/OPERATIONS.md recommends every
// client shared one address, so 30 bad passwords locked everyone out; anyone could lock a named
// account with 5 tries; parallel requests got more than 5 guesses because the check and the
// count were separate. Now the client's address comes from X-Forwarded-For of configured
// proxies only, each attempt is checked and counted in one transaction, and failures slow the
// guesser down progressively instead of locking the account.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <thread>

#include "http/server.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::security::login_throttle_test {
namespace {

using nlohmann::json;
using tsunagu::testing::http_as;
using tsunagu::testing::http_call;
using tsunagu::testing::HttpResult;

constexpr const char* kPassword = "correct horse battery";

TEST(TrustedProxies, TheClientIsTheNearestAddressNotAProxy) {
  http::TrustedProxies proxies({"127.0.0.1", "10.0.0.0/8", "fd00::/8"});
  EXPECT_TRUE(proxies.contains("10.1.2.3"));
  EXPECT_TRUE(proxies.contains("::ffff:10.1.2.3"));
  EXPECT_FALSE(proxies.contains("11.0.0.1"));
  // From a proxy: the right-most address that is not a proxy; what the client wrote to the left
  // of it (a forged address) is not believed.
  EXPECT_EQ(proxies.client("127.0.0.1", "203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(proxies.client("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.0.0.2"), "203.0.113.7");
  EXPECT_EQ(proxies.client("127.0.0.1", ""), "127.0.0.1");
  EXPECT_EQ(proxies.client("127.0.0.1", "junk, 203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(proxies.client("127.0.0.1", "203.0.113.7, junk"), "127.0.0.1");
  // From anyone else the header is ignored.
  EXPECT_EQ(proxies.client("192.0.2.9", "203.0.113.7"), "192.0.2.9");
  EXPECT_EQ(http::TrustedProxies({}).client("127.0.0.1", "203.0.113.7"), "127.0.0.1");
  EXPECT_THROW(http::TrustedProxies({"proxy.example"}), std::invalid_argument);
  EXPECT_THROW(http::TrustedProxies({"10.0.0.0/33"}), std::invalid_argument);
}

class LoginThrottle : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<tsunagu::testing::TestApp>();
    for (const char* name : {"kanri", "yamada", "sato"}) {
      ASSERT_TRUE(
          app_->accounts
              ->add_user(app_->operator_actor,
                         {name, "", std::string(name) == "kanri" ? Role::kAdmin : Role::kAuditor,
                          "", kPassword})
              .ok());
    }
    // The deployment OPERATIONS.md recommends: a proxy on this machine, in front.
    http::ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.handler_threads = 8;
    options.trusted_proxies = {"127.0.0.1"};
    proxied_ = std::make_unique<http::Server>(
        options, [this](http::Request& r) { return app_->application->respond(r); });
    proxied_->start();
  }
  void TearDown() override { proxied_->stop(std::chrono::milliseconds(2000)); }

  // A login through the proxy by the client at `client`.
  HttpResult attempt(const std::string& user, const std::string& password,
                     const std::string& client) {
    return http_call(proxied_->port(),
                     {"POST",
                      "/api/v1/login",
                      {{"Content-Type", "application/json"}, {"X-Forwarded-For", client}},
                      json{{"username", user}, {"password", password}}.dump()});
  }

  void advance_s(int seconds) { app_->clock->advance_ms(seconds * 1000LL); }

  std::unique_ptr<tsunagu::testing::TestApp> app_;
  std::unique_ptr<http::Server> proxied_;
};

TEST_F(LoginThrottle, BehindTheProxyOneClientsFailuresDoNotLockOutAnother) {
  // 120 failures from one client on one account, waiting out every delay.
  for (int i = 0; i < 120; ++i) {
    auto r = attempt("yamada", "wrong password " + std::to_string(i), "203.0.113.7");
    if (r.status == 429) {
      advance_s(std::stoi(r.headers["retry-after"]));
      --i;
      continue;
    }
    ASSERT_EQ(r.status, 401) << r.body;
  }
  // Another client behind the same proxy signs in to another account at once…
  EXPECT_EQ(attempt("sato", kPassword, "198.51.100.2").status, 200);
  // … and the account under attack waits a minute at most for its owner.
  auto owner = attempt("yamada", kPassword, "198.51.100.2");
  if (owner.status == 429) {
    EXPECT_LE(std::stoi(owner.headers["retry-after"]), 60);
    advance_s(60);
    owner = attempt("yamada", kPassword, "198.51.100.2");
  }
  EXPECT_EQ(owner.status, 200);
  // The guessing client waits far longer: up to a quarter of an hour.
  auto guesser = attempt("yamada", "wrong again", "203.0.113.7");
  ASSERT_EQ(guesser.status, 429);
  EXPECT_GT(std::stoi(guesser.headers["retry-after"]), 60);
  EXPECT_LE(std::stoi(guesser.headers["retry-after"]), 900);
}

TEST_F(LoginThrottle, ParallelGuessesGetNoMoreThanTheFreeAttempts) {
  constexpr int kParallel = 24;
  std::atomic<int> checked{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kParallel; ++i) {
    threads.emplace_back([&, i] {
      auto r = attempt("yamada", "guess " + std::to_string(i), "203.0.113.7");
      if (r.status == 401) {
        ++checked;
      } else if (r.status == 429) {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  // The clock stands still: after the fifth failure the sixth attempt must wait a second.
  EXPECT_EQ(checked.load(), 5);
  EXPECT_EQ(refused.load(), kParallel - 5);
  EXPECT_EQ(other.load(), 0);
}

TEST_F(LoginThrottle, TheDelayDoublesAndASuccessClearsIt) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(attempt("yamada", "guess", "203.0.113.7").status, 401);
  auto first = attempt("yamada", kPassword, "203.0.113.7");
  ASSERT_EQ(first.status, 429);
  EXPECT_EQ(first.headers["retry-after"], "1");
  EXPECT_NE(json::parse(first.body)["error"]["message"].get<std::string>().find("1秒後"),
            std::string::npos);
  advance_s(1);
  ASSERT_EQ(attempt("yamada", "guess", "203.0.113.7").status, 401);
  EXPECT_EQ(attempt("yamada", kPassword, "203.0.113.7").headers["retry-after"], "2");
  advance_s(2);
  ASSERT_EQ(attempt("yamada", kPassword, "203.0.113.7").status, 200);
  // The success cleared the pair: five free attempts again.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(attempt("yamada", "guess", "203.0.113.7").status, 401);
}

TEST_F(LoginThrottle, AnAdminSeesTheThrottlesAndClearsThem) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(attempt("yamada", "guess", "203.0.113.7").status, 401);
  ASSERT_EQ(attempt("yamada", kPassword, "203.0.113.7").status, 429);
  auto admin = tsunagu::testing::login(app_->port, "kanri", kPassword);
  ASSERT_EQ(admin.status, 200);
  auto listed = http_as(app_->port, admin, "GET", "/api/v1/login-throttles");
  ASSERT_EQ(listed.status, 200) << listed.body;
  bool waiting = false;
  const json throttles = json::parse(listed.body)["throttles"];
  for (const auto& t : throttles) {
    if (t["kind"] == "pair" && t["subject"] == "yamada|203.0.113.7") {
      waiting = t["waiting"].get<bool>();
    }
  }
  EXPECT_TRUE(waiting) << listed.body;
  auto page = http_as(app_->port, admin, "GET", "/admin/users");
  EXPECT_NE(page.body.find("利用者 yamada（アドレス 203.0.113.7）"), std::string::npos);

  auto cleared = http_as(app_->port, admin, "POST", "/api/v1/login-throttles/clear",
                         R"({"kind":"user","subject":"yamada"})");
  ASSERT_EQ(cleared.status, 204) << cleared.body;
  EXPECT_EQ(attempt("yamada", kPassword, "203.0.113.7").status, 200);
  // An admin of the municipality cannot clear a name that is not one of its users.
  auto unknown = http_as(app_->port, admin, "POST", "/api/v1/login-throttles/clear",
                         R"({"kind":"user","subject":"nobody"})");
  EXPECT_EQ(unknown.status, 404);
}

}  // namespace
}  // namespace tsunagu::security::login_throttle_test
