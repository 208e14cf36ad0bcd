// Issue 12, the account lifecycle. A departed 保護司 or a phished partner account must be
// stoppable at once, without editing the database: an admin disables, resets or re-roles it and
// its open sessions end on their next request; a password an admin chose or generated is
// changed by its user before anything else; every user changes their own password (dictionary
// and pattern checks by cracklib); every action is audited.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service/password_policy.hpp"
#include "store/audit_store.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::security::account_lifecycle_test {
namespace {

using nlohmann::json;
using tsunagu::testing::http_as;
using tsunagu::testing::http_call;
using tsunagu::testing::Login;

constexpr const char* kPassword = "correct horse battery";

class AccountLifecycle : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<tsunagu::testing::TestApp>();
    auto& cli = app_->operator_actor;
    ASSERT_TRUE(app_->accounts->add_user(cli, {"kanri", "", Role::kAdmin, "", kPassword}).ok());
    auto worker =
        app_->accounts->add_user(cli, {"hogoshi-tanaka", "", Role::kCaseWorker, "", kPassword});
    ASSERT_TRUE(worker.ok());
    worker_id_ = worker->id.value;
    admin_ = login("kanri", kPassword);
    ASSERT_EQ(admin_.status, 200);
  }

  Login login(const std::string& user, const std::string& password) {
    return tsunagu::testing::login(app_->port, user, password);
  }

  tsunagu::testing::HttpResult admin(const std::string& method, const std::string& path,
                                     const std::string& body = "") {
    return http_as(app_->port, admin_, method, path, body);
  }

  // A form posted from the admin's browser.
  tsunagu::testing::HttpResult admin_form(const std::string& path, const std::string& fields) {
    return http_call(app_->port, {"POST",
                                  path,
                                  {{"Cookie", admin_.cookie},
                                   {"Content-Type", "application/x-www-form-urlencoded"}},
                                  fields + "&_csrf=" + admin_.csrf});
  }

  std::string worker_path(const std::string& action) const {
    return "/api/v1/users/" + std::to_string(worker_id_) + "/" + action;
  }

  // The audit actions written for the worker's account, in order.
  std::vector<std::string> account_actions() {
    auto c = app_->database->db().connection();
    std::vector<std::string> out;
    for (const auto& r : store::AuditStore(*c).rows_after(0, 10000)) {
      if (r.target_type == "user" && r.action.rfind("user.", 0) == 0) out.push_back(r.action);
    }
    return out;
  }

  std::unique_ptr<tsunagu::testing::TestApp> app_;
  Login admin_;
  std::int64_t worker_id_ = 0;
};

TEST_F(AccountLifecycle, DisablingAUserEndsTheirOpenSessionAtOnce) {
  Login worker = login("hogoshi-tanaka", kPassword);
  ASSERT_EQ(worker.status, 200);
  ASSERT_EQ(http_as(app_->port, worker, "GET", "/api/v1/session").status, 200);

  auto disabled = admin("POST", worker_path("disable"));
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(json::parse(disabled.body)["user"]["disabled"]);
  // The open session: the API answers 401, a page sends the browser to the login form.
  EXPECT_EQ(http_as(app_->port, worker, "GET", "/api/v1/session").status, 401);
  auto page = http_as(app_->port, worker, "GET", "/cases");
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.headers["location"].rfind("/login", 0), 0u) << page.headers["location"];
  EXPECT_EQ(login("hogoshi-tanaka", kPassword).status, 401);

  ASSERT_EQ(admin("POST", worker_path("enable")).status, 200);
  EXPECT_EQ(login("hogoshi-tanaka", kPassword).status, 200);
}

TEST_F(AccountLifecycle, AResetOrARoleChangeEndsTheUsersSessions) {
  Login worker = login("hogoshi-tanaka", kPassword);
  auto role = admin("PUT", worker_path("role"), R"({"role":"partner"})");
  ASSERT_EQ(role.status, 200) << role.body;
  EXPECT_EQ(json::parse(role.body)["user"]["role"], "partner");
  EXPECT_EQ(http_as(app_->port, worker, "GET", "/api/v1/session").status, 401);

  worker = login("hogoshi-tanaka", kPassword);
  ASSERT_EQ(worker.status, 200);
  auto reset = admin("POST", worker_path("reset-password"));
  ASSERT_EQ(reset.status, 200) << reset.body;
  const std::string generated = json::parse(reset.body)["password"];
  EXPECT_EQ(http_as(app_->port, worker, "GET", "/api/v1/session").status, 401);
  EXPECT_EQ(login("hogoshi-tanaka", kPassword).status, 401);  // the old password is gone
  EXPECT_EQ(login("hogoshi-tanaka", generated).status, 200);
}

TEST_F(AccountLifecycle, AnAddedUserChoosesTheirOwnPasswordBeforeAnythingElse) {
  auto added = admin("POST", "/api/v1/users", R"({"username":"kansatsu","role":"auditor"})");
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string initial = json::parse(added.body)["password"];
  EXPECT_EQ(initial.size(), 19u);  // "xxxx-xxxx-xxxx-xxxx"
  EXPECT_TRUE(json::parse(added.body)["user"]["must_change_password"]);

  Login user = login("kansatsu", initial);
  ASSERT_EQ(user.status, 200);
  auto blocked = http_as(app_->port, user, "GET", "/api/v1/audit/verify");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(json::parse(blocked.body)["error"]["code"], "auth.password_change_required");
  auto page = http_as(app_->port, user, "GET", "/");
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.headers["location"], "/account/password");
  EXPECT_EQ(http_as(app_->port, user, "GET", "/account/password").status, 200);

  // A dictionary word with digits around it is refused, with the reason in Japanese.
  auto weak = http_as(app_->port, user, "POST", "/api/v1/account/password",
                      json{{"current", initial}, {"new", "password1234"}}.dump());
  EXPECT_EQ(weak.status, 422);
  EXPECT_NE(json::parse(weak.body)["error"]["message"].get<std::string>().find("辞書"),
            std::string::npos)
      << weak.body;
  auto wrong =
      http_as(app_->port, user, "POST", "/api/v1/account/password",
              json{{"current", "not-the-password"}, {"new", "river-lantern-orbit"}}.dump());
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(json::parse(wrong.body)["error"]["code"], "user.wrong_password");

  auto changed = http_as(app_->port, user, "POST", "/api/v1/account/password",
                         json{{"current", initial}, {"new", "river-lantern-orbit"}}.dump());
  ASSERT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(http_as(app_->port, user, "GET", "/api/v1/audit/verify").status, 200);
  EXPECT_EQ(login("kansatsu", initial).status, 401);
  EXPECT_EQ(login("kansatsu", "river-lantern-orbit").status, 200);
}

TEST_F(AccountLifecycle, ChangingYourPasswordEndsYourOtherSessionsOnly) {
  Login here = login("hogoshi-tanaka", kPassword);
  Login elsewhere = login("hogoshi-tanaka", kPassword);
  auto changed = http_as(app_->port, here, "POST", "/api/v1/account/password",
                         json{{"current", kPassword}, {"new", "river-lantern-orbit"}}.dump());
  ASSERT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(http_as(app_->port, here, "GET", "/api/v1/session").status, 200);
  EXPECT_EQ(http_as(app_->port, elsewhere, "GET", "/api/v1/session").status, 401);
}

TEST_F(AccountLifecycle, AnAdminCannotLockThemselvesOut) {
  auto users = json::parse(admin("GET", "/api/v1/users").body)["users"];
  std::int64_t own = 0;
  for (const auto& u : users) {
    if (u["username"] == "kanri") own = u["id"];
  }
  ASSERT_GT(own, 0);
  const std::string self = "/api/v1/users/" + std::to_string(own) + "/";
  for (auto [method, path, body] :
       {std::tuple<std::string, std::string, std::string>{"POST", self + "disable", ""},
        {"POST", self + "reset-password", ""},
        {"PUT", self + "role", R"({"role":"auditor"})"}}) {
    auto r = admin(method, path, body);
    EXPECT_EQ(r.status, 422) << path;
    EXPECT_EQ(json::parse(r.body)["error"]["code"], "user.self") << path;
  }
  EXPECT_EQ(admin("GET", "/api/v1/session").status, 200);
}

TEST_F(AccountLifecycle, TheListShowsStateAndLastLoginAndEveryActionIsAudited) {
  ASSERT_EQ(login("hogoshi-tanaka", kPassword).status, 200);
  auto users = json::parse(admin("GET", "/api/v1/users").body)["users"];
  bool seen = false;
  for (const auto& u : users) {
    if (u["username"] != "hogoshi-tanaka") continue;
    seen = true;
    EXPECT_EQ(u["role"], "case-worker");
    EXPECT_FALSE(u["disabled"]);
    EXPECT_EQ(u["last_login_at"], "2026-06-01 10:00:00 JST");  // the fixture's clock
  }
  EXPECT_TRUE(seen);
  ASSERT_EQ(admin("POST", worker_path("disable")).status, 200);
  ASSERT_EQ(admin("POST", worker_path("enable")).status, 200);
  ASSERT_EQ(admin("POST", worker_path("reset-password")).status, 200);
  ASSERT_EQ(admin("PUT", worker_path("role"), R"({"role":"partner"})").status, 200);
  EXPECT_EQ(account_actions(),
            (std::vector<std::string>{"user.add", "user.add", "user.disable", "user.enable",
                                      "user.reset_password", "user.set_role"}));
  // The admin pages list the same users, and a partner may not open them.
  auto page = admin("GET", "/admin/users");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("hogoshi-tanaka"), std::string::npos);
  EXPECT_NE(page.body.find("2026-06-01 10:00:00 JST"), std::string::npos);
}

TEST_F(AccountLifecycle, TheAdminPagesAddAUserAndShowTheGeneratedPasswordOnce) {
  auto form =
      admin_form("/admin/users", "username=sato&display_name=%E4%BD%90%E8%97%A4&role=partner");
  ASSERT_EQ(form.status, 201) << form.body;
  auto start = form.body.find("<code>");
  ASSERT_NE(start, std::string::npos);
  const std::string shown = form.body.substr(start + 6, 19);
  EXPECT_TRUE(service::password_weakness(shown, "sato").empty()) << shown;
  EXPECT_EQ(login("sato", shown).status, 200);
  // The list afterwards does not show it again.
  EXPECT_EQ(admin("GET", "/admin/users").body.find(shown), std::string::npos);
  // A form without a role is refused on the page, and nothing is added.
  auto bad = admin_form("/admin/users", "username=suzuki&role=root");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("役割を選んでください"), std::string::npos);
  EXPECT_EQ(admin("GET", "/admin/users").body.find("suzuki"), std::string::npos);
}

TEST(PasswordPolicy, RefusesDictionaryWordsSimplePatternsAndTheUserName) {
  EXPECT_NE(service::password_weakness("short", "sato").find("10 文字以上"), std::string::npos);
  EXPECT_NE(service::password_weakness("abcdefghijkl", "sato").find("規則的"), std::string::npos);
  EXPECT_NE(service::password_weakness("aaaaaaaaaaaa", "sato").find("文字の種類"),
            std::string::npos);
  EXPECT_NE(service::password_weakness("password1234", "sato").find("辞書"), std::string::npos);
  EXPECT_NE(service::password_weakness("yamada-2026", "yamada").find("ユーザー名"),
            std::string::npos);
  EXPECT_NE(service::password_weakness("tsunagu2026!", "sato").find("tsunagu"), std::string::npos);
  // Passphrases pass, the demo's fictional passwords too.
  EXPECT_EQ(service::password_weakness("correct horse battery", "sato"), "");
  EXPECT_EQ(service::password_weakness("demo-admin-pass", "admin"), "");
  for (int i = 0; i < 20; ++i) {
    auto generated = service::generate_password();
    EXPECT_EQ(generated.size(), 19u);
    EXPECT_EQ(generated.find_first_of("01lio"), std::string::npos) << generated;
    EXPECT_EQ(service::password_weakness(generated, "sato"), "") << generated;
  }
}

}  // namespace
}  // namespace tsunagu::security::account_lifecycle_test
