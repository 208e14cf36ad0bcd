// The whole application over real HTTP: the route × role walk from the access table, login,
// cookies, CSRF, optimistic concurrency, caching, throttling, error format.
#include "app/application.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "http/server.hpp"
#include "service/audit_service.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"
#include "support/test_db.hpp"

namespace tsunagu::api::api_test {
namespace {

using nlohmann::json;
using route::AccessKind;
using route::RouteInfo;
using tsunagu::testing::http_as;
using tsunagu::testing::http_call;
using tsunagu::testing::Login;

constexpr const char* kPassword = "correct horse battery";

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<tsunagu::testing::TestApp>();
    accounts_ = app_->accounts;
    plans_ = app_->plans;
    progress_ = app_->progress;
    api_ = app_->application.get();
    port_ = app_->port;
    auto cli = app_->operator_actor;
    for (Role role : kAllRoles) {
      auto u = accounts_->add_user(
          cli, {std::string(role_name(role)), "", role, "社会福祉課", kPassword});
      ASSERT_TRUE(u.ok()) << u.error().message;
    }
    ASSERT_TRUE(plans_
                    ->import_policy_table(
                        cli, {"計画", FiscalYear(2024), FiscalYear(2029), 4},
                        tsunagu::testing::read_file(tsunagu::testing::policy_table_seed()))
                    .ok());
    policy_id_ = (*plans_->plans(cli))[0].goals[0].policies[0].id.value;
    ASSERT_TRUE(
        progress_
            ->import_sheet(cli, {"計画", FiscalYear(2024), "ena.tsv"},
                           tsunagu::testing::read_file(std::filesystem::path(TSUNAGU_DEMO_DIR) /
                                                       "progress_sheet_ena.tsv"))
            .ok());
  }

  Login as(Role role) {
    auto l = tsunagu::testing::login(port_, std::string(role_name(role)), kPassword);
    EXPECT_EQ(l.status, 200);
    return l;
  }

  std::string path_of(const RouteInfo& route) {
    std::string p = route.pattern;
    if (auto pos = p.find("{id}"); pos != std::string::npos)
      p.replace(pos, 4, std::to_string(policy_id_));
    return p;
  }

  std::unique_ptr<tsunagu::testing::TestApp> app_;
  service::AccountService* accounts_ = nullptr;
  service::PlanService* plans_ = nullptr;
  service::ProgressService* progress_ = nullptr;
  app::Application* api_ = nullptr;
  unsigned short port_ = 0;
  std::int64_t policy_id_ = 0;
};

TEST_F(ApiTest, EveryRouteTimesEveryRoleFollowsTheAccessTable) {
  int checked = 0;
  for (const auto& route : api_->routes()) {
    if (route.access == AccessKind::kPublic) continue;
    // Without a session: 401, whatever the route.
    auto anonymous = http_call(
        port_, {route.method, path_of(route), {{"Content-Type", "application/json"}}, "{}"});
    // An API answers 401; a page sends the person to the login form.
    EXPECT_EQ(anonymous.status, route.page ? 303 : 401) << route.method << " " << route.pattern;
    for (Role role : kAllRoles) {
      Login who = as(role);
      std::string body = route.method == "PATCH" ? R"({"version":-1})" : "";
      auto r = http_as(port_, who, route.method, path_of(route), body);
      bool allowed = route.access == AccessKind::kLoggedIn || role_allows(role, route.permission);
      if (allowed) {
        EXPECT_NE(r.status, 403) << route.method << " " << route.pattern << " as "
                                 << role_name(role) << ": " << r.body;
        EXPECT_NE(r.status, 401) << route.method << " " << route.pattern << " as "
                                 << role_name(role);
        EXPECT_LT(r.status, 500) << r.body;
      } else {
        EXPECT_EQ(r.status, 403) << route.method << " " << route.pattern << " as "
                                 << role_name(role);
        if (route.page) {
          EXPECT_NE(r.body.find("この操作を行う権限がありません。"),
                    std::string::npos);  // an HTML page
        } else {
          EXPECT_EQ(json::parse(r.body)["error"]["code"], "auth.forbidden");
        }
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 32 * 6);
}

// The route table as text: one line per route in registration order, with what it needs and
// the roles that hold it, so a route added, dropped or given another permission shows in a diff.
std::string route_table_text(const std::vector<RouteInfo>& routes) {
  std::string out;
  for (const auto& r : routes) {
    std::string access = r.access == AccessKind::kPublic ? "public"
                         : r.access == AccessKind::kLoggedIn
                             ? "signed-in"
                             : std::string(permission_name(r.permission));
    std::string roles;
    for (Role role : kAllRoles) {
      bool may = r.access != AccessKind::kPermission || role_allows(role, r.permission);
      if (r.access == AccessKind::kPermission && may)
        roles += (roles.empty() ? "" : ",") + std::string(role_name(role));
    }
    out += r.method + " " + r.pattern + " " + access + (r.page ? " page" : " json") +
           (roles.empty() ? "" : " " + roles) + "\n";
  }
  return out;
}

TEST_F(ApiTest, TheRouteTableMatchesItsGoldenFile) {
  // tests/golden/routes.txt is the reviewed list of every route and who may call it. After a
  // deliberate change, regenerate it with TSUNAGU_UPDATE_GOLDEN=1 and review the diff.
  const std::string path = std::string(TSUNAGU_SOURCE_DIR) + "/tests/golden/routes.txt";
  const std::string actual = route_table_text(api_->routes());
  if (const char* update = std::getenv("TSUNAGU_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << actual;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " is missing; run the test with TSUNAGU_UPDATE_GOLDEN=1";
  std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (expected == actual) return;
  std::istringstream want(expected), got(actual);
  std::string w, g;
  for (int line = 1;; ++line) {
    bool more_w = static_cast<bool>(std::getline(want, w));
    bool more_g = static_cast<bool>(std::getline(got, g));
    if (!more_w && !more_g) break;
    if (w != g || more_w != more_g) {
      ADD_FAILURE() << "routes.txt line " << line << "\n  golden: " << (more_w ? w : "(end)")
                    << "\n  actual: " << (more_g ? g : "(end)");
      break;
    }
  }
}

TEST_F(ApiTest, LoginSetsAStrictHttpOnlyCookie) {
  Login l = as(Role::kPlanAdmin);
  EXPECT_NE(l.set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(l.set_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(l.set_cookie.find("Secure"), std::string::npos);  // plain HTTP here
  auto me = http_as(port_, l, "GET", "/api/v1/session");
  EXPECT_EQ(json::parse(me.body)["user"]["role"], "plan-admin");

  auto bad = http_call(port_, {"POST",
                               "/api/v1/login",
                               {{"Content-Type", "application/json"}},
                               R"({"username":"plan-admin","password":"wrong password!"})"});
  EXPECT_EQ(bad.status, 401);
  auto error = json::parse(bad.body)["error"];
  EXPECT_EQ(error["code"], "auth.failed");
  EXPECT_EQ(error["message"], "ユーザー名またはパスワードが違います。");
  EXPECT_EQ(bad.headers.count("set-cookie"), 0u);
}

TEST_F(ApiTest, UnderTlsTheCookieIsSecure) {
  http::Request request;
  request.method = "POST";
  request.target = request.path = "/api/v1/login";
  request.headers = {{"content-type", "application/json"}};
  request.body = R"({"username":"auditor","password":"correct horse battery"})";
  request.remote_address = "127.0.0.1";
  request.tls = true;
  auto response = api_->handle(request);
  ASSERT_EQ(response.status, 200) << response.body;
  auto cookie = std::string(response.header("Set-Cookie"));
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
}

TEST_F(ApiTest, LoginNeedsJson) {
  auto form = http_call(port_, {"POST",
                                "/api/v1/login",
                                {{"Content-Type", "application/x-www-form-urlencoded"}},
                                "username=plan-admin&password=x"});
  EXPECT_EQ(form.status, 415);
  auto garbage =
      http_call(port_, {"POST", "/api/v1/login", {{"Content-Type", "application/json"}}, "{nope"});
  EXPECT_EQ(garbage.status, 400);
}

TEST_F(ApiTest, ChangesWithoutTheCsrfTokenAreRefused) {
  Login l = as(Role::kPlanAdmin);
  auto r = http_as(port_, l, "PATCH", "/api/v1/policies/" + std::to_string(policy_id_),
                   R"({"version":1,"vision":"x"})", false);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "auth.csrf");
  EXPECT_EQ(
      plans_->policy(service::Actor::operator_at_cli("t", MunicipalityId{1}), PolicyId{policy_id_})
          ->version,
      1);
}

TEST_F(ApiTest, AStaleEditGets409AndTheStoredPolicy) {
  Login l = as(Role::kPlanAdmin);
  std::string path = "/api/v1/policies/" + std::to_string(policy_id_);
  auto first = http_as(port_, l, "PATCH", path,
                       R"({"version":1,"vision":"最初の編集","directions":["一つ目"]})");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json::parse(first.body)["version"], 2);
  auto stale = http_as(port_, l, "PATCH", path, R"({"version":1,"vision":"古い画面からの編集"})");
  EXPECT_EQ(stale.status, 409);
  auto body = json::parse(stale.body);
  EXPECT_EQ(body["error"]["code"], "policy.stale_version");
  EXPECT_EQ(body["current"]["vision"], "最初の編集");
  auto now = json::parse(http_as(port_, l, "GET", path).body);
  EXPECT_EQ(now["vision"], "最初の編集");
  EXPECT_EQ(now["directions"], json::array({"一つ目"}));
  EXPECT_EQ(now["version"], 2);
}

TEST_F(ApiTest, BadEditsAreRefusedWithTheField) {
  Login l = as(Role::kPlanAdmin);
  std::string path = "/api/v1/policies/" + std::to_string(policy_id_);
  auto no_version = http_as(port_, l, "PATCH", path, R"({"vision":"x"})");
  EXPECT_EQ(no_version.status, 400);
  auto bad_type = http_as(port_, l, "PATCH", path, R"({"version":1,"viewpoints":"①"})");
  EXPECT_EQ(bad_type.status, 400);
  auto bad_value = http_as(port_, l, "PATCH", path, R"({"version":1,"text":"","viewpoints":[7]})");
  EXPECT_EQ(bad_value.status, 422);
  EXPECT_EQ(json::parse(bad_value.body)["error"]["details"].size(), 2u);
  auto missing = http_as(port_, l, "GET", "/api/v1/policies/999999");
  EXPECT_EQ(missing.status, 404);
  auto not_number = http_as(port_, l, "GET", "/api/v1/policies/abc");
  EXPECT_EQ(not_number.status, 404);
}

TEST_F(ApiTest, PlansAreCachedByRevisionAndNeverStale) {
  Login l = as(Role::kPartner);
  auto first = http_as(port_, l, "GET", "/api/v1/plans");
  ASSERT_EQ(first.status, 200);
  auto plans = json::parse(first.body)["plans"];
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans[0]["goals"].size(), 5u);
  EXPECT_EQ(plans[0]["period"]["from"], 2024);
  std::string etag = first.headers["etag"];
  ASSERT_FALSE(etag.empty());
  auto cached = http_call(
      port_, {"GET", "/api/v1/plans", {{"Cookie", l.cookie}, {"If-None-Match", etag}}, ""});
  EXPECT_EQ(cached.status, 304);

  Login editor = as(Role::kPlanAdmin);
  ASSERT_EQ(http_as(port_, editor, "PATCH", "/api/v1/policies/" + std::to_string(policy_id_),
                    R"({"version":1,"text":"改訂した施策"})")
                .status,
            200);
  auto fresh = http_call(
      port_, {"GET", "/api/v1/plans", {{"Cookie", l.cookie}, {"If-None-Match", etag}}, ""});
  EXPECT_EQ(fresh.status, 200);
  EXPECT_NE(fresh.headers["etag"], etag);
  EXPECT_EQ(json::parse(fresh.body)["plans"][0]["goals"][0]["policies"][0]["text"], "改訂した施策");
}

TEST_F(ApiTest, RepeatedFailedLoginsGet429) {
  int last = 0;
  for (int i = 0; i < 6; ++i) {
    last = http_call(port_, {"POST",
                             "/api/v1/login",
                             {{"Content-Type", "application/json"}},
                             R"({"username":"auditor","password":"wrong password!"})"})
               .status;
  }
  EXPECT_EQ(last, 429);
  auto right = http_call(port_, {"POST",
                                 "/api/v1/login",
                                 {{"Content-Type", "application/json"}},
                                 R"({"username":"auditor","password":"correct horse battery"})"});
  EXPECT_EQ(right.status, 429);
}

// The fixture's clock moves only when told: the lock-out ends after its 15 minutes, not before.
TEST_F(ApiTest, TheSignInDelayEndsOnTheFixturesClock) {
  for (int i = 0; i < 7; ++i) {
    if (i > 0) app_->clock->advance_ms(5000);  // past each delay: 1 s after the fifth, then 2 s
    http_call(port_, {"POST",
                      "/api/v1/login",
                      {{"Content-Type", "application/json"}},
                      R"({"username":"auditor","password":"wrong password!"})"});
  }
  // After the seventh failure the next attempt waits 4 s.
  app_->clock->advance_ms(3000);
  EXPECT_EQ(tsunagu::testing::login(port_, "auditor", kPassword).status, 429);
  app_->clock->advance_ms(1000);
  EXPECT_EQ(tsunagu::testing::login(port_, "auditor", kPassword).status, 200);
}

// A session unused for two hours ends; one in use slides on, but never past twelve hours.
TEST_F(ApiTest, SessionsEndWhenIdleAndAfterTwelveHoursOverHttp) {
  Login idle = as(Role::kAuditor);
  Login busy = as(Role::kAuditor);
  for (int hour = 1; hour <= 11; ++hour) {
    app_->clock->advance_ms(60LL * 60 * 1000);
    EXPECT_EQ(http_as(port_, busy, "GET", "/api/v1/plans").status, 200) << "hour " << hour;
    if (hour == 1) EXPECT_EQ(http_as(port_, idle, "GET", "/api/v1/plans").status, 200);
    if (hour == 4) EXPECT_EQ(http_as(port_, idle, "GET", "/api/v1/plans").status, 401);
  }
  app_->clock->advance_ms(60LL * 60 * 1000);  // twelve hours after login
  EXPECT_EQ(http_as(port_, busy, "GET", "/api/v1/plans").status, 401);
}

TEST_F(ApiTest, LogoutEndsTheSession) {
  Login l = as(Role::kAuditor);
  auto out = http_as(port_, l, "POST", "/api/v1/logout");
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(http_as(port_, l, "GET", "/api/v1/plans").status, 401);
}

TEST_F(ApiTest, ImportOverHttpIsAllOrNothing) {
  Login l = as(Role::kPlanAdmin);
  auto seed = tsunagu::testing::read_file(tsunagu::testing::policy_table_seed());
  auto before = http_as(port_, l, "GET", "/api/v1/plans").body;
  auto bad = http_call(port_, {"POST",
                               "/api/v1/plans/import?plan=%E8%A8%88%E7%94%BB",
                               {{"Cookie", l.cookie}, {"X-CSRF-Token", l.csrf}},
                               seed.substr(0, 3000)});
  EXPECT_EQ(bad.status, 422);
  EXPECT_GT(json::parse(bad.body)["error"]["details"][0]["line"].get<int>(), 0);
  EXPECT_EQ(http_as(port_, l, "GET", "/api/v1/plans").body, before);
  auto good = http_call(port_, {"POST",
                                "/api/v1/plans/import?plan=%E8%A8%88%E7%94%BB",
                                {{"Cookie", l.cookie}, {"X-CSRF-Token", l.csrf}},
                                seed});
  EXPECT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(json::parse(good.body)["policies"], 15);
}

TEST_F(ApiTest, AuditorsVerifyTheChainOverHttp) {
  Login l = as(Role::kAuditor);
  auto r = json::parse(http_as(port_, l, "GET", "/api/v1/audit/verify").body);
  EXPECT_EQ(r["intact"], true);
  EXPECT_GT(r["rows"].get<int>(), 6);
  auto rows = json::parse(http_as(port_, l, "GET", "/api/v1/audit?after=0&limit=3").body)["rows"];
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["seq"], 1);
  EXPECT_EQ(http_as(port_, l, "GET", "/api/v1/audit?limit=0").status, 400);
}

TEST_F(ApiTest, ServesPagesAndAssetsWithStrictHeaders) {
  auto root = http_call(port_, {"GET", "/", {}, ""});
  EXPECT_EQ(root.status, 303);
  EXPECT_EQ(root.headers["location"], "/login?next=/");
  auto page = http_call(port_, {"GET", "/login", {}, ""});
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("lang=\"ja\""), std::string::npos);
  EXPECT_NE(page.headers["content-security-policy"].find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(http_call(port_, {"GET", "/app.css", {}, ""}).status, 200);
  auto missing = http_call(port_, {"GET", "/nope", {}, ""});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json::parse(missing.body)["error"]["code"], "http.not_found");
  EXPECT_EQ(http_call(port_, {"DELETE", "/api/v1/plans", {}, ""}).status, 405);
}

TEST_F(ApiTest, ProgressWorkflowOverHttp) {
  Login editor = tsunagu::testing::login(port_, "department-editor", kPassword);  // 社会福祉課
  ASSERT_EQ(editor.status, 200);
  auto list = json::parse(http_as(port_, editor, "GET", "/api/v1/progress?year=R7").body);
  ASSERT_EQ(list["projects"].size(), 6u);
  std::int64_t project = list["projects"][0]["project"]["id"];
  EXPECT_TRUE(list["projects"][0]["entry"].is_null());
  std::string base = "/api/v1/progress/" + std::to_string(project) + "/R7";
  auto saved = http_as(port_, editor, "PUT", base,
                       R"({"version":0,"grade":"A","done":"支援した。","budget_planned":300})");
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(json::parse(saved.body)["state"], "draft");
  auto submitted = http_as(port_, editor, "POST", base + "/submit", R"({"version":1})");
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  Login admin = as(Role::kPlanAdmin);
  auto returned = http_as(port_, admin, "POST", base + "/return",
                          R"({"version":2,"comment":"人数を書いてください。"})");
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(json::parse(returned.body)["state_label"], "差し戻し");
  EXPECT_EQ(http_as(port_, editor, "POST", base + "/approve", R"({"version":3})").status, 403);
  ASSERT_EQ(
      http_as(port_, editor, "PUT", base, R"({"version":3,"grade":"A","done":"3人を支援した。"})")
          .status,
      200);
  ASSERT_EQ(http_as(port_, editor, "POST", base + "/submit", R"({"version":4})").status, 200);
  auto approved = http_as(port_, admin, "POST", base + "/approve", R"({"version":5})");
  ASSERT_EQ(approved.status, 200) << approved.body;
  auto tally = json::parse(http_as(port_, admin, "GET", "/api/v1/progress/tally?year=R7").body);
  EXPECT_EQ(tally["A"], 1);
  EXPECT_EQ(tally["total"], 1);
  auto history = json::parse(http_as(port_, admin, "GET", base + "/history").body)["history"];
  EXPECT_EQ(history.size(), 6u);
  auto stale = http_as(port_, admin, "POST", base + "/reopen", R"({"version":1})");
  EXPECT_EQ(stale.status, 409);
  auto r6 = json::parse(http_as(port_, admin, "GET", "/api/v1/progress/tally?year=R6").body);
  EXPECT_EQ(http_as(port_, admin, "GET", "/api/v1/progress/tally?year=R6").body,
            R"({"year":"R6","A":9,"B":0,"C":0,"D":3,"total":12})");
  EXPECT_EQ(r6["total"], 12);
}

TEST_F(ApiTest, ProgressExportDownloadsAnXlsxThatImportsBack) {
  Login admin = as(Role::kPlanAdmin);
  auto xlsx = http_as(port_, admin, "GET", "/api/v1/progress/export?year=R6&format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_NE(xlsx.headers["content-disposition"].find("attachment"), std::string::npos);
  auto back = http_call(port_, {"POST",
                                "/api/v1/progress/import?year=R6&filename=r6.xlsx",
                                {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}},
                                xlsx.body});
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(json::parse(back.body)["tally"]["total"], 12);
  EXPECT_EQ(json::parse(back.body)["tally"]["A"], 9);
  auto csv =
      http_as(port_, admin, "GET", "/api/v1/progress/export?year=R6&format=csv&encoding=cp932");
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.headers["content-type"].find("Shift_JIS"), std::string::npos);
}

// The web import's two steps over HTTP: the preview answers how a foreign layout is read,
// problems with row and column included, and writes nothing; the import takes the columns the
// user chose and the plan keeps them for next year's file.
TEST_F(ApiTest, ASheetPreviewWritesNothingAndTheImportKeepsTheChosenColumns) {
  Login admin = as(Role::kPlanAdmin);
  const std::string file = tsunagu::testing::read_file(
      tsunagu::testing::test_data("progress_sheet/explicit_columns/input.tsv"));
  auto post = [&](const std::string& target) {
    return http_call(
        port_, {"POST", target, {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}}, file});
  };
  const std::string plan = "?plan=%E5%9C%B0%E5%9F%9F%E8%A8%88%E7%94%BB&year=R6&filename=a.tsv";
  auto bare = post("/api/v1/progress/import/preview" + plan);
  ASSERT_EQ(bare.status, 200) << bare.body;
  auto b = json::parse(bare.body);
  EXPECT_EQ(b["header_found"], false);
  EXPECT_EQ(b["problems"].size(), 1u);
  EXPECT_EQ(b["roles"].size(), 10u);
  const std::string columns =
      "&preset=abc&column=name%3D%E5%8F%96%E7%B5%84%E3%81%AE%E5%90%8D%E7%A7%B0"  // 取組の名称
      "&column=departments%3D%E6%8B%85%E5%BD%93%E3%82%BB%E3%82%AF%E3%82%B7%E3%83%A7%E3%83%"
      "B3"                                                     // 担当セクション
      "&column=grade%3D%E8%87%AA%E5%B7%B1%E6%8E%A1%E7%82%B9";  // 自己採点
  auto mapped = post("/api/v1/progress/import/preview" + plan + columns);
  ASSERT_EQ(mapped.status, 200) << mapped.body;
  auto m = json::parse(mapped.body);
  EXPECT_EQ(m["header_found"], true);
  EXPECT_EQ(m["problems"].size(), 0u);
  EXPECT_EQ(m["columns"][2]["role"], "grade");
  EXPECT_EQ(m["columns"][2]["chosen"], true);
  EXPECT_EQ(m["columns"][3]["role"], nullptr);  // やったこと: kept as an extra field
  EXPECT_EQ(m["tally"]["total"], 2);
  EXPECT_EQ(m["changes"]["added"].size(), 2u);
  EXPECT_EQ(m["plan_exists"], false);
  EXPECT_EQ(http_as(port_, admin, "GET",
                    "/api/v1/progress/tally?plan=%E5%9C%B0%E5%9F%9F%E8%A8%88%E7%94%BB&year=R6")
                .status,
            404);
  auto imported = post("/api/v1/progress/import" + plan + columns);
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(json::parse(imported.body)["extra_fields"], json::array({"やったこと"}));
  // The entry page shows the extra field, though the city now holds two plans.
  auto list =
      json::parse(http_as(port_, admin, "GET",
                          "/api/v1/progress?plan=%E5%9C%B0%E5%9F%9F%E8%A8%88%E7%94%BB&year=R6")
                      .body);
  ASSERT_EQ(list["projects"].size(), 2u) << list.dump();
  EXPECT_EQ(list["projects"][0]["extras"][0]["name"], "やったこと");
  auto page = http_as(
      port_, admin, "GET",
      "/progress/" + std::to_string(list["projects"][0]["project"]["id"].get<int>()) + "/R6");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<th scope=\"row\">やったこと</th><td>見守り員を増やした。</td>"),
            std::string::npos);
  // Next year: no columns given, the plan's saved mapping reads the file.
  auto next = post(
      "/api/v1/progress/import?plan=%E5%9C%B0%E5%9F%9F%E8%A8%88%E7%94%BB&year=R7&filename=a.tsv");
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_EQ(json::parse(next.body)["used_saved_mapping"], true);
  EXPECT_EQ(json::parse(next.body)["projects_updated"], 2);
  auto bad = post("/api/v1/progress/import/preview" + plan + "&column=title%3Dx");
  EXPECT_EQ(bad.status, 422);
}

// A policy table of another layout (an .xlsx with its 基本目標 merged down its policies): the
// preview says how it is read and writes nothing; the import files it as the plan's goals.
TEST_F(ApiTest, APolicyTableOfAnyLayoutPreviewsThenImports) {
  Login admin = as(Role::kPlanAdmin);
  const std::string file = tsunagu::testing::read_file(
      tsunagu::testing::test_data("policy_sheet/merged_goal_column/input.xlsx"));
  auto post = [&](const std::string& target) {
    return http_call(
        port_, {"POST", target, {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}}, file});
  };
  const std::string query =
      "?plan=%E6%9E%B6%E7%A9%BA%E8%A8%88%E7%94%BB&filename=a.xlsx";  // 架空計画
  auto preview = post("/api/v1/plans/import/preview" + query);
  ASSERT_EQ(preview.status, 200) << preview.body;
  auto p = json::parse(preview.body);
  EXPECT_EQ(p["sheet"], "施策一覧");
  EXPECT_EQ(p["header_line"], 3);
  EXPECT_EQ(p["plan_exists"], false);
  EXPECT_EQ(p["policy_count"], 3);
  ASSERT_EQ(p["goals"].size(), 2u);
  EXPECT_EQ(p["goals"][0]["title"], "就労・住居の確保");
  EXPECT_EQ(p["goals"][0]["policies"][0]["priority"], true);
  EXPECT_EQ(p["columns"][5]["role"], "directions");  // 取組の方向
  EXPECT_EQ(p["problems"].size(), 0u);
  EXPECT_EQ(http_as(port_, admin, "GET", "/api/v1/plans").body.find("架空計画"), std::string::npos)
      << "the preview wrote nothing";
  auto imported = post("/api/v1/plans/import" + query);
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(json::parse(imported.body)["goals"], 2);
  EXPECT_EQ(json::parse(imported.body)["policies"], 3);
  EXPECT_NE(http_as(port_, admin, "GET", "/api/v1/plans").body.find("協力雇用主の拡大"),
            std::string::npos);
  EXPECT_EQ(post("/api/v1/plans/import/preview" + query + "&column=grade%3Dx").status, 422);
  EXPECT_EQ(http_as(port_, as(Role::kDepartmentEditor), "POST",
                    "/api/v1/plans/import/preview" + query, file)
                .status,
            403);
}

TEST_F(ApiTest, ImplementationPlansReviewsAndIndicatorsOverHttp) {
  Login admin = as(Role::kPlanAdmin);
  auto created = http_as(port_, admin, "POST", "/api/v1/implementation-plans", R"({"year":"R6"})");
  ASSERT_EQ(created.status, 201) << created.body << created.status;
  EXPECT_EQ(json::parse(created.body)["label"], "令和6年7月策定");
  ASSERT_EQ(
      http_as(port_, admin, "POST", "/api/v1/implementation-plans", R"({"year":"R7"})").status,
      201);
  auto patched =
      http_as(port_, admin, "PATCH", "/api/v1/implementation-plans/R7/items/4-4-2",
              R"({"end_target":"住居が確保されている。","years":[{"year":"R6","results":"3件"}]})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(http_as(port_, admin, "PATCH", "/api/v1/implementation-plans/R6/items/4-4-2",
                    R"({"end_target":"x"})")
                .status,
            409);
  auto cmp = json::parse(
      http_as(port_, admin, "GET", "/api/v1/implementation-plans/compare?from=R6&to=R7").body);
  EXPECT_EQ(cmp["items"][0]["difference"], "changed");
  auto xlsx = http_as(port_, admin, "GET", "/api/v1/implementation-plans/R7/export");
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");

  auto opinion = http_as(port_, admin, "POST", "/api/v1/reviews",
                         R"({"year":"R6","policy_code":"4-4-2","opinion":"住まいが足りない。"})");
  ASSERT_EQ(opinion.status, 201) << opinion.body;
  std::int64_t id = json::parse(opinion.body)["id"];
  auto answer = http_as(port_, admin, "PUT", "/api/v1/reviews/" + std::to_string(id) + "/response",
                        R"({"version":1,"response":"拡充します。"})");
  ASSERT_EQ(answer.status, 200) << answer.body;
  Login partner = as(Role::kPartner);
  auto listed = json::parse(http_as(port_, partner, "GET", "/api/v1/reviews?year=R6").body);
  EXPECT_EQ(listed["opinions"][0]["response"], "拡充します。");
  // Beside the next year's plan.
  auto r7 = json::parse(http_as(port_, admin, "GET", "/api/v1/progress?year=R7").body);
  ASSERT_EQ(r7["committee_opinions"].size(), 1u);
  EXPECT_EQ(r7["committee_opinions"][0]["response"], "拡充します。");

  auto indicator = http_as(
      port_, admin, "POST", "/api/v1/plan-indicators",
      R"({"name":"保護司の周知度","baseline_year":"R5","target":70,"policy_code":"2-4-1","baseline_finding":1})");
  ASSERT_EQ(indicator.status, 201) << indicator.body;
  EXPECT_EQ(json::parse(indicator.body)["baseline"], 55.5);
  std::int64_t ind = json::parse(indicator.body)["id"];
  auto actual =
      http_as(port_, admin, "PUT", "/api/v1/plan-indicators/" + std::to_string(ind) + "/actuals/R6",
              R"({"value":58})");
  EXPECT_EQ(json::parse(actual.body)["on_track"], true);
  auto projects = json::parse(http_as(port_, admin, "GET", "/api/v1/projects").body)["projects"];
  ASSERT_EQ(projects.size(), 12u);
  auto linked = http_as(port_, admin, "PATCH",
                        "/api/v1/projects/" + std::to_string(projects[3]["id"].get<int>()),
                        R"({"policy_code":"4-4-2"})");
  EXPECT_EQ(linked.status, 200) << linked.body;
  auto by_goal =
      json::parse(http_as(port_, admin, "GET", "/api/v1/progress/tally?year=R6&by=goal").body);
  EXPECT_EQ(by_goal["groups"].size(), 2u);
}

}  // namespace
}  // namespace tsunagu::api::api_test
