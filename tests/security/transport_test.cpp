// Issue 12, cookie and transport. Behind the TLS proxy that docs/OPERATIONS.md recommends, the
// session cookie must still be Secure; over HTTPS it carries the __Host- prefix (so a plain-HTTP
// page or a sibling subdomain cannot plant a session cookie the server would read) and every
// response carries HSTS.
#include <gtest/gtest.h>

#include "cli/serve_config.hpp"
#include "http/server.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::security::transport_test {
namespace {

using tsunagu::testing::http_call;
using tsunagu::testing::HttpResult;

constexpr const char* kLogin = R"({"username":"auditor","password":"correct horse battery"})";

class Transport : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<tsunagu::testing::TestApp>();
    ASSERT_TRUE(app_->accounts
                    ->add_user(app_->operator_actor,
                               {"auditor", "", Role::kAuditor, "監査課", "correct horse battery"})
                    .ok());
    http::ServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.handler_threads = 2;
    options.behind_tls_proxy = true;
    proxied_ = std::make_unique<http::Server>(
        options, [this](http::Request& r) { return app_->application->respond(r); });
    proxied_->start();
  }
  void TearDown() override { proxied_->stop(std::chrono::milliseconds(2000)); }

  static HttpResult login(unsigned short port) {
    return http_call(port,
                     {"POST", "/api/v1/login", {{"Content-Type", "application/json"}}, kLogin});
  }

  // "name=value" of the Set-Cookie header.
  static std::string cookie_pair(const HttpResult& r) {
    const std::string& c = r.headers.at("set-cookie");
    return c.substr(0, c.find(';'));
  }

  std::unique_ptr<tsunagu::testing::TestApp> app_;
  std::unique_ptr<http::Server> proxied_;
};

TEST_F(Transport, BehindATlsProxyTheCookieIsSecureWithTheHostPrefixAndHstsIsSent) {
  auto r = login(proxied_->port());
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string& cookie = r.headers["set-cookie"];
  EXPECT_EQ(cookie.rfind("__Host-tsunagu_session=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/;"), std::string::npos);
  EXPECT_EQ(cookie.find("Domain"), std::string::npos);
  EXPECT_EQ(r.headers["strict-transport-security"], "max-age=31536000");

  // The session is read under the prefixed name only: the same token under the plain name (a
  // cookie a plain-HTTP page could have planted) is not a session.
  const std::string pair = cookie_pair(r);
  const std::string token = pair.substr(pair.find('=') + 1);
  auto with = http_call(proxied_->port(), {"GET", "/api/v1/plans", {{"Cookie", pair}}, ""});
  EXPECT_EQ(with.status, 200);
  auto plain = http_call(proxied_->port(),
                         {"GET", "/api/v1/plans", {{"Cookie", "tsunagu_session=" + token}}, ""});
  EXPECT_EQ(plain.status, 401);
  // Refusals and public pages carry HSTS too.
  EXPECT_EQ(plain.headers["strict-transport-security"], "max-age=31536000");
}

TEST_F(Transport, OverPlainHttpNothingClaimsHttps) {
  auto r = login(app_->port);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["set-cookie"].rfind("tsunagu_session=", 0), 0u);
  EXPECT_EQ(r.headers["set-cookie"].find("Secure"), std::string::npos);
  EXPECT_EQ(r.headers.count("strict-transport-security"), 0u);
}

TEST(TransportConfig, TheProxySettingIsAConfigKeyAndServerOption) {
  auto read = cli::parse_serve_config("behind_tls_proxy = true\n", "tsunagu.toml", {});
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_TRUE(read->behind_tls_proxy);
  auto options = cli::server_options(*read);
  ASSERT_TRUE(options.ok());
  EXPECT_TRUE(options->behind_tls_proxy);
  EXPECT_FALSE(cli::parse_serve_config("", "tsunagu.toml", {})->behind_tls_proxy);

  auto bad =
      cli::parse_serve_config("threads = 2\nbehind_tls_proxy = \"yes\"\n", "tsunagu.toml", {});
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().details.size(), 1u);
  EXPECT_EQ(bad.error().details[0].line, 2);
  EXPECT_EQ(bad.error().details[0].field, "behind_tls_proxy");
}

}  // namespace
}  // namespace tsunagu::security::transport_test
