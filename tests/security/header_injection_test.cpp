// Issue 12, first hole: header injection through the login redirect. A `next` that carries CR LF
// must not add a header of the attacker's (a Set-Cookie would make a colleague work under
// another session), a tab or backslash must not turn a path into another site, and no route can
// put a control character into any response header: the server refuses to send it.
#include <gtest/gtest.h>

#include "http/router.hpp"
#include "http/server.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::security::header_injection_test {
namespace {

using tsunagu::testing::http_call;
using tsunagu::testing::HttpResult;

constexpr const char* kPassword = "correct horse battery";

class LoginRedirect : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<tsunagu::testing::TestApp>();
    auto u = app_->accounts->add_user(app_->operator_actor,
                                      {"worker", "", Role::kCaseWorker, "福祉相談課", kPassword});
    ASSERT_TRUE(u.ok()) << u.error().message;
  }

  // POST /login from the form with `next` as the browser would send it (already %-encoded).
  HttpResult login_with_next(const std::string& encoded_next) {
    return http_call(app_->port,
                     {"POST",
                      "/login",
                      {{"Content-Type", "application/x-www-form-urlencoded"}},
                      "username=worker&password=correct+horse+battery&next=" + encoded_next});
  }

  std::unique_ptr<tsunagu::testing::TestApp> app_;
};

TEST_F(LoginRedirect, CrLfInNextAddsNoHeaderAndSendsTheUserHome) {
  auto r = login_with_next("/%0d%0aSet-Cookie:%20x=1;%20Path=/cases");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.headers["location"], "/");
  // The session cookie is the only cookie set, and nothing named x.
  EXPECT_EQ(r.headers["set-cookie"].find('\n'), std::string::npos) << r.headers["set-cookie"];
  EXPECT_EQ(r.headers["set-cookie"].find("x=1"), std::string::npos);
  EXPECT_EQ(r.headers["set-cookie"].rfind("tsunagu_session=", 0), 0u);
}

TEST_F(LoginRedirect, OnlyAPlainPathOfThisSiteIsFollowed) {
  for (const char* other_site :
       {"//evil.example", "/%09/evil.example", "/%5cevil.example", "/%5c%5cevil.example",
        "https://evil.example", "evil.example", "/%00x", "/a%0bb", "/a%7fb", ""}) {
    auto r = login_with_next(other_site);
    ASSERT_EQ(r.status, 303) << other_site;
    EXPECT_EQ(r.headers["location"], "/") << other_site;
  }
  EXPECT_EQ(login_with_next("/cases%3Fq%3Dyamada").headers["location"], "/cases?q=yamada");
  // Japanese in a query goes back percent-encoded, never as raw bytes in a header.
  EXPECT_EQ(login_with_next("/cases%3Fq%3D%E5%B1%B1%20a").headers["location"],
            "/cases?q=%E5%B1%B1%20a");
}

TEST_F(LoginRedirect, TheLoginFormDoesNotCarryABadNextEither) {
  auto r = http_call(app_->port, {"GET", "/login?next=/%0d%0aX:%201", {}, ""});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("X: 1"), std::string::npos);
  EXPECT_NE(r.body.find(R"(name="next" value="&#x2F;")"), std::string::npos);  // "/", escaped
}

// Whatever a route does, a header value with a control character never reaches the wire.
TEST(ResponseHeaders, AControlCharacterInAnyHeaderIsRefusedByTheServer) {
  http::ServerOptions options;
  options.port = 0;
  options.threads = 1;
  options.handler_threads = 1;
  http::Router router;
  router.add("GET", "/split", [](http::Request&) {
    http::Response r = http::Response::json(200, "{}");
    r.set("Location", "/\r\nSet-Cookie: x=1");
    return r;
  });
  router.add("GET", "/tab",
             [](http::Request&) { return http::Response::json(200, "{}").set("X-Note", "a\tb"); });
  router.add("GET", "/name",
             [](http::Request&) { return http::Response::json(200, "{}").set("X Bad", "v"); });
  router.add("GET", "/fine", [](http::Request&) {
    return http::Response::json(200, "{}").set("Content-Disposition", "attachment; x=\"y\"");
  });
  http::Server server(options, [&](http::Request& r) { return router.dispatch(r); });
  server.start();
  for (const char* path : {"/split", "/tab", "/name"}) {
    auto r = http_call(server.port(), {"GET", path, {}, ""});
    EXPECT_EQ(r.status, 500) << path;
    EXPECT_EQ(r.headers.count("set-cookie"), 0u) << path;
    EXPECT_EQ(r.headers.count("x-note"), 0u) << path;
  }
  auto fine = http_call(server.port(), {"GET", "/fine", {}, ""});
  EXPECT_EQ(fine.status, 200);
  EXPECT_EQ(fine.headers["content-disposition"], "attachment; x=\"y\"");
  server.stop(std::chrono::milliseconds(2000));
}

TEST(ResponseHeaders, TheCheckAllowsTokensAndVisibleText) {
  EXPECT_TRUE(http::header_is_safe("Set-Cookie", "a=b; Path=/; HttpOnly"));
  EXPECT_TRUE(http::header_is_safe("X-Title", "支援計画"));  // UTF-8 bytes are not controls
  EXPECT_FALSE(http::header_is_safe("Location", "/\n"));
  EXPECT_FALSE(http::header_is_safe("Location", std::string("/\0x", 3)));
  EXPECT_FALSE(http::header_is_safe("", "v"));
  EXPECT_FALSE(http::header_is_safe("Bad:Name", "v"));
}

}  // namespace
}  // namespace tsunagu::security::header_injection_test
