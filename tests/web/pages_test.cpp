// The Japanese pages over real HTTP: form login and logout, each role's home, labelled controls.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "app/application.hpp"
#include "http/server.hpp"
#include "service/audit_service.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"
#include "support/test_db.hpp"

namespace tsunagu::web::pages_test {
namespace {

using tsunagu::testing::http_call;
using tsunagu::testing::HttpResult;

constexpr const char* kPassword = "correct horse battery";

// Every visible form control has a <label for> naming it (JIS X 8341-3 / WCAG 1.3.1, 4.1.2).
void expect_labelled(const std::string& html) {
  std::set<std::string> labels;
  std::regex label_for(R"re(<label for="([^"]+)")re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), label_for);
       it != std::sregex_iterator(); ++it) {
    labels.insert((*it)[1]);
  }
  std::regex control(R"re(<(input|select|textarea)\b([^>]*)>)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), control);
       it != std::sregex_iterator(); ++it) {
    std::string attrs = (*it)[2];
    if (attrs.find("type=\"hidden\"") != std::string::npos) continue;
    std::smatch id;
    ASSERT_TRUE(std::regex_search(attrs, id, std::regex(R"re(id="([^"]+)")re")))
        << "control without id: " << (*it)[0];
    EXPECT_TRUE(labels.count(id[1])) << "no label for #" << id[1];
  }
}

class Pages : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<tsunagu::testing::TestApp>();
    accounts_ = app_->accounts;
    plans_ = app_->plans;
    progress_ = app_->progress;
    port_ = app_->port;
    auto cli = app_->operator_actor;
    ASSERT_TRUE(
        accounts_
            ->add_user(cli, {"keikaku", "計画担当 山田", Role::kPlanAdmin, "福祉政策課", kPassword})
            .ok());
    ASSERT_TRUE(
        accounts_
            ->add_user(cli, {"shoko", "商工課 佐藤", Role::kDepartmentEditor, "商工課", kPassword})
            .ok());
    ASSERT_TRUE(
        accounts_->add_user(cli, {"hogoshi", "保護司 高橋", Role::kPartner, "", kPassword}).ok());
    ASSERT_TRUE(plans_
                    ->import_policy_table(
                        cli, {"計画", FiscalYear(2024), FiscalYear(2029), 4},
                        tsunagu::testing::read_file(tsunagu::testing::policy_table_seed()))
                    .ok());
    ASSERT_TRUE(
        progress_
            ->import_sheet(cli, {"計画", FiscalYear(2024), "ena.tsv"},
                           tsunagu::testing::read_file(std::filesystem::path(TSUNAGU_DEMO_DIR) /
                                                       "progress_sheet_ena.tsv"))
            .ok());
    ASSERT_TRUE(progress_->open_year(cli, "計画", FiscalYear(2025), Date{2099, 5, 31}).ok());
  }

  // Logs in through the form; returns the cookie.
  std::string form_login(const std::string& user) {
    auto r = http_call(port_, {"POST",
                               "/login",
                               {{"Content-Type", "application/x-www-form-urlencoded"}},
                               "username=" + user + "&password=correct+horse+battery&next=%2F"});
    EXPECT_EQ(r.status, 303) << r.body;
    auto cookie = r.headers["set-cookie"];
    return cookie.substr(0, cookie.find(';'));
  }
  HttpResult get(const std::string& path, const std::string& cookie) {
    return http_call(port_, {"GET", path, {{"Cookie", cookie}}, ""});
  }

  std::unique_ptr<tsunagu::testing::TestApp> app_;
  service::AccountService* accounts_ = nullptr;
  service::PlanService* plans_ = nullptr;
  service::ProgressService* progress_ = nullptr;
  unsigned short port_ = 0;
};

TEST_F(Pages, LoginFormIsLabelledAndLogsIn) {
  auto form = http_call(port_, {"GET", "/login?next=%2F", {}, ""});
  ASSERT_EQ(form.status, 200);
  expect_labelled(form.body);
  EXPECT_NE(form.body.find("<title>ログイン — つなぐ</title>"), std::string::npos);
  auto bad = http_call(port_, {"POST",
                               "/login",
                               {{"Content-Type", "application/x-www-form-urlencoded"}},
                               "username=keikaku&password=wrong&next=%2F"});
  EXPECT_EQ(bad.status, 401);
  EXPECT_NE(bad.body.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(bad.body.find("ユーザー名またはパスワードが違います。"), std::string::npos);
  EXPECT_NE(bad.body.find("value=\"keikaku\""), std::string::npos);  // what was typed stays
  expect_labelled(bad.body);
  auto cookie = form_login("keikaku");
  EXPECT_EQ(get("/login", cookie).status, 303);  // already logged in
}

TEST_F(Pages, LoginRefusesForeignOriginsAndOffSiteRedirects) {
  auto foreign = http_call(port_, {"POST",
                                   "/login",
                                   {{"Content-Type", "application/x-www-form-urlencoded"},
                                    {"Origin", "https://evil.example"}},
                                   "username=keikaku&password=correct+horse+battery"});
  EXPECT_EQ(foreign.status, 403);
  auto r =
      http_call(port_, {"POST",
                        "/login",
                        {{"Content-Type", "application/x-www-form-urlencoded"}},
                        "username=keikaku&password=correct+horse+battery&next=%2F%2Fevil.example"});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers["location"], "/");
}

TEST_F(Pages, PlanAdminHomeShowsSubmissionsAndTheTallyChart) {
  auto home = get("/", form_login("keikaku"));
  ASSERT_EQ(home.status, 200) << home.body;
  EXPECT_NE(home.body.find("令和7年度（2025年度）の提出状況"), std::string::npos);
  EXPECT_NE(home.body.find("<th scope=\"row\">社会福祉課</th><td>0 / 6</td>"), std::string::npos);
  EXPECT_NE(home.body.find("A(予定通り進行) 9件。B(予定を変更、修正して進行) "
                           "0件。C(予定通り進行していない) 0件。D(その他) 3件。"),
            std::string::npos);  // the R6 chart's description
  EXPECT_NE(home.body.find("計画担当 山田（計画担当・福祉政策課）"), std::string::npos);
  expect_labelled(home.body);
}

TEST_F(Pages, DepartmentHomeListsOnlyItsOwnProjects) {
  auto home = get("/", form_login("shoko"));
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("協力雇用主の支援・拡大及び求人情報の提供"), std::string::npos);
  EXPECT_EQ(home.body.find("生活保護"), std::string::npos);  // 社会福祉課's project
  EXPECT_NE(home.body.find("1 件の事業がまだ提出されていません。"), std::string::npos);
}

TEST_F(Pages, OtherRolesSeeThePlanOutline) {
  auto home = get("/", form_login("hogoshi"));
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("基本目標4 総合的で切れ目のない生活支援システムづくり"),
            std::string::npos);
  EXPECT_NE(home.body.find("4-4-2"), std::string::npos);
  EXPECT_NE(home.body.find("<span class=\"priority\">重点施策</span>"), std::string::npos);
}

TEST_F(Pages, LogoutNeedsTheFormsTokenAndEndsTheSession) {
  auto cookie = form_login("hogoshi");
  auto without =
      http_call(port_, {"POST",
                        "/logout",
                        {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
                        ""});
  EXPECT_EQ(without.status, 403);
  EXPECT_NE(without.body.find("画面の有効期限が切れました"), std::string::npos);
  auto home = get("/", cookie);
  std::smatch token;
  ASSERT_TRUE(
      std::regex_search(home.body, token, std::regex(R"re(name="_csrf" value="([^"]+)")re")));
  auto out =
      http_call(port_, {"POST",
                        "/logout",
                        {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
                        "_csrf=" + std::string(token[1])});
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(out.headers["location"], "/login");
  EXPECT_EQ(get("/", cookie).status, 303);
}

// The flow the issue names: the department fills in and submits, plan-admin returns it with a
// comment, the department fixes and resubmits, plan-admin approves, the home tally changes.
TEST_F(Pages, FillSubmitReturnFixApproveChangesTheTally) {
  std::string editor = form_login("shoko");
  auto home = get("/", editor);
  std::smatch link;
  ASSERT_TRUE(std::regex_search(home.body, link, std::regex(R"re(href="(/progress/\d+/R7)")re")))
      << home.body;
  const std::string page = link[1];
  auto form = get(page, editor);
  ASSERT_EQ(form.status, 200) << form.body;
  expect_labelled(form.body);
  std::smatch token;
  ASSERT_TRUE(
      std::regex_search(form.body, token, std::regex(R"re(name="_csrf" value="([^"]+)")re")));
  const std::string csrf = token[1];
  auto post = [&](const std::string& cookie, const std::string& path, const std::string& body) {
    return http_call(port_,
                     {"POST",
                      path,
                      {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
                      body});
  };
  auto submitted = post(editor, page,
                        "_csrf=" + csrf +
                            "&version=0&grade=B&done=%E6%83%85%E5%A0%B1%E6%8F%90%E4%BE%9B&next_"
                            "plan=&budget_planned=120&budget_actual=&action=submit");
  ASSERT_EQ(submitted.status, 303) << submitted.body;
  EXPECT_NE(get(submitted.headers["location"], editor).body.find("提出しました。"),
            std::string::npos);

  std::string admin = form_login("keikaku");
  auto admin_home = get("/", admin);
  EXPECT_NE(admin_home.body.find("承認待ち"), std::string::npos);
  EXPECT_NE(admin_home.body.find("href=\"" + page + "\""), std::string::npos);
  auto review = get(page, admin);
  std::smatch admin_token, version;
  ASSERT_TRUE(std::regex_search(review.body, admin_token,
                                std::regex(R"re(name="_csrf" value="([^"]+)")re")));
  const std::string admin_csrf = admin_token[1];  // a copy: `review` is reassigned below
  ASSERT_TRUE(
      std::regex_search(review.body, version, std::regex(R"re(name="version" value="(\d+)")re")));
  auto returned =
      post(admin, page + "/review",
           "_csrf=" + admin_csrf + "&version=" + std::string(version[1]) +
               "&action=return&comment=%E4%BA%BA%E6%95%B0%E3%82%92%E6%9B%B8%E3%81%84%E3%81%A6");
  ASSERT_EQ(returned.status, 303) << returned.body;

  auto fix = get(page, editor);
  EXPECT_NE(fix.body.find("差し戻し理由: 人数を書いて"), std::string::npos);
  ASSERT_TRUE(
      std::regex_search(fix.body, version, std::regex(R"re(name="version" value="(\d+)")re")));
  auto resubmitted = post(
      editor, page,
      "_csrf=" + csrf + "&version=" + std::string(version[1]) +
          "&grade=A&done=3%E4%BA%BA&next_plan=&budget_planned=120&budget_actual=100&action=submit");
  ASSERT_EQ(resubmitted.status, 303) << resubmitted.body;

  review = get(page, admin);
  ASSERT_TRUE(
      std::regex_search(review.body, version, std::regex(R"re(name="version" value="(\d+)")re")));
  auto approved = post(
      admin, page + "/review",
      "_csrf=" + admin_csrf + "&version=" + std::string(version[1]) + "&action=approve&comment=");
  ASSERT_EQ(approved.status, 303) << approved.body;
  auto after = get("/", admin);
  EXPECT_NE(after.body.find("令和7年度（2025年度）の評価の内訳"), std::string::npos);
  EXPECT_NE(after.body.find("A(予定通り進行) 1件。"), std::string::npos);
  auto finished = get(page, editor);
  EXPECT_NE(finished.body.find("承認済み"), std::string::npos);
  EXPECT_EQ(finished.body.find("<textarea id=\"done\""), std::string::npos);  // no longer editable
}

TEST_F(Pages, AStaleFormIsRefusedAndKeepsWhatWasTyped) {
  std::string editor = form_login("shoko");
  std::smatch link, token;
  auto home = get("/", editor);
  ASSERT_TRUE(std::regex_search(home.body, link, std::regex(R"re(href="(/progress/\d+/R7)")re")));
  const std::string page = link[1];
  auto form = get(page, editor);
  ASSERT_TRUE(
      std::regex_search(form.body, token, std::regex(R"re(name="_csrf" value="([^"]+)")re")));
  auto post = [&](const std::string& body) {
    return http_call(port_,
                     {"POST",
                      page,
                      {{"Cookie", editor}, {"Content-Type", "application/x-www-form-urlencoded"}},
                      body});
  };
  ASSERT_EQ(
      post("_csrf=" + std::string(token[1]) + "&version=0&grade=A&done=first&action=save").status,
      303);
  auto stale = post("_csrf=" + std::string(token[1]) +
                    "&version=0&grade=C&done=typed+in+an+old+tab&action=save");
  EXPECT_EQ(stale.status, 409);
  EXPECT_NE(stale.body.find("他の人が先に更新しました"), std::string::npos);
  EXPECT_NE(stale.body.find("typed in an old tab"), std::string::npos);
  auto bad_budget = post("_csrf=" + std::string(token[1]) +
                         "&version=1&grade=A&done=x&budget_planned=abc&action=save");
  EXPECT_EQ(bad_budget.status, 422);
  EXPECT_NE(bad_budget.body.find("value=\"abc\""), std::string::npos);
  EXPECT_NE(get(page, editor).body.find(">first</textarea>"),
            std::string::npos);  // stored value unchanged
}

TEST_F(Pages, AnotherDepartmentsEntryIsNotShown) {
  std::string editor = form_login("shoko");
  auto all = progress_->entries(app_->operator_actor, "", FiscalYear(2025));
  std::int64_t welfare = 0;
  for (const auto& v : *all) {
    if (v.project.name == "生活保護") welfare = v.project.id.value;
  }
  ASSERT_NE(welfare, 0);
  EXPECT_EQ(get("/progress/" + std::to_string(welfare) + "/R7", editor).status, 404);
}

TEST_F(Pages, ProgressSheetListsTheYearByCategoryWithChartsAndScopesDepartments) {
  auto sheet = get("/progress/sheet?year=R6", form_login("keikaku"));
  ASSERT_EQ(sheet.status, 200) << sheet.body;
  auto count = [](const std::string& html, const std::string& needle) {
    int n = 0;
    for (auto at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(sheet.body, "<tr class=\"category\">"), 4);  // seed 003's four categories
  EXPECT_EQ(count(sheet.body, "<td class=\"grade\">"), 12);
  EXPECT_EQ(count(sheet.body, "<td class=\"grade\">A</td>"), 9);
  EXPECT_NE(sheet.body.find("(1)住居・就労の確保など: A(予定通り進行) 1件 B(予定を変更、修正して"
                            "進行) 0件 C(予定通り進行していない) 0件 D(その他) 3件（計4件）。"),
            std::string::npos);  // the by-category chart's description
  EXPECT_NE(sheet.body.find("<th scope=\"row\">計</th><td class=\"num\">12</td>"),
            std::string::npos);
  EXPECT_NE(sheet.body.find("format=xlsx"), std::string::npos);
  // One year with approved entries: no year-over-year chart yet.
  EXPECT_EQ(sheet.body.find("id=\"year-chart-desc\""), std::string::npos);
  expect_labelled(sheet.body);

  // Approve one R7 entry: R7 joins R6 in the year-over-year chart.
  auto cli = app_->operator_actor;
  auto views = progress_->entries(cli, "", FiscalYear(2025));
  ProgressContent content;
  content.grade = "B";
  auto saved = progress_->save(cli, views->front().project.id, FiscalYear(2025), content, 0);
  ASSERT_TRUE(saved.ok());
  auto submitted = progress_->act(cli, views->front().project.id, FiscalYear(2025),
                                  EntryAction::kSubmit, saved->version);
  ASSERT_TRUE(submitted.ok());
  ASSERT_TRUE(progress_
                  ->act(cli, views->front().project.id, FiscalYear(2025), EntryAction::kApprove,
                        submitted->version)
                  .ok());
  auto r7 = get("/progress/sheet", form_login("keikaku"));  // the open year by default
  EXPECT_NE(r7.body.find("進行管理シート（令和7年度（2025年度））"), std::string::npos);
  EXPECT_NE(r7.body.find("令和6年度（2024年度）: A(予定通り進行) 9件"), std::string::npos);
  EXPECT_NE(
      r7.body.find("令和7年度（2025年度）: A(予定通り進行) 0件 B(予定を変更、修正して進行) 1件"),
      std::string::npos);

  auto own = get("/progress/sheet?year=R6", form_login("shoko"));
  ASSERT_EQ(own.status, 200);
  EXPECT_NE(own.body.find("協力雇用主"), std::string::npos);     // 商工課's project
  EXPECT_EQ(own.body.find(">生活保護</a>"), std::string::npos);  // 社会福祉課's

  EXPECT_EQ(get("/progress/sheet", form_login("hogoshi")).status, 403);
  auto outside = get("/progress/sheet?year=R3", form_login("keikaku"));
  EXPECT_EQ(outside.status, 404);
  EXPECT_NE(outside.body.find("令和6年度から令和7年度までを選べます"), std::string::npos);
}

TEST_F(Pages, ImplementationRevisionsAndTheirSideBySideComparison) {
  auto cli = app_->operator_actor;
  auto& implementation = *app_->implementation;
  std::string cookie = form_login("hogoshi");  // every role reads the plan
  EXPECT_NE(get("/implementation", cookie).body.find("実施計画はまだ作成されていません"),
            std::string::npos);
  ASSERT_TRUE(implementation.create_revision(cli, "計画", FiscalYear(2024)).ok());
  service::ItemPatch first;
  first.end_target = "延べ300人が受講する。";
  first.years.push_back({FiscalYear(2025), "研修を年2回行う。", 300, std::nullopt});
  ASSERT_TRUE(implementation.update_item(cli, "計画", FiscalYear(2024), "5-4-1", first).ok());
  auto only = get("/implementation/compare", cookie);
  EXPECT_EQ(only.status, 404);
  EXPECT_NE(only.body.find("比べる前の版がありません"), std::string::npos);

  ASSERT_TRUE(implementation.create_revision(cli, "計画", FiscalYear(2025)).ok());
  service::ItemPatch second;
  second.end_target = "延べ400人が受講する。";
  ASSERT_TRUE(implementation.update_item(cli, "計画", FiscalYear(2025), "5-4-1", second).ok());

  auto latest = get("/implementation", cookie);
  ASSERT_EQ(latest.status, 200) << latest.body;
  EXPECT_NE(latest.body.find("<h1>実施計画（令和7年7月改定）</h1>"), std::string::npos);
  EXPECT_NE(latest.body.find("延べ400人が受講する。"), std::string::npos);
  EXPECT_NE(latest.body.find("href=\"/implementation?year=R6\""), std::string::npos);
  EXPECT_NE(latest.body.find("/api/v1/implementation-plans/R7/export"), std::string::npos);
  auto earlier = get("/implementation?year=R6", cookie);
  EXPECT_NE(earlier.body.find("延べ300人が受講する。"), std::string::npos);
  EXPECT_NE(earlier.body.find("<td class=\"num\">300</td>"), std::string::npos);

  auto compare = get("/implementation/compare", cookie);  // the latest against the one before
  ASSERT_EQ(compare.status, 200) << compare.body;
  EXPECT_NE(compare.body.find("令和6年7月策定 → 令和7年7月改定"), std::string::npos);
  EXPECT_NE(compare.body.find("<tr class=\"changed\"><th scope=\"row\">計画期間終了時点の到達目標"
                              "<span class=\"badge changed-badge\">変更</span></th><td "
                              "class=\"text\">延べ300人が受講する。</td><td "
                              "class=\"text\">延べ400人が受講する。</td></tr>"),
            std::string::npos);
  // A row both revisions share is shown side by side, unmarked.
  EXPECT_NE(compare.body.find("<tr><th scope=\"row\">令和7年度 取組内容</th><td "
                              "class=\"text\">研修を年2回行う。</td><td "
                              "class=\"text\">研修を年2回行う。</td></tr>"),
            std::string::npos);
  EXPECT_EQ(get("/implementation/compare?from=R7&to=R7", cookie).status, 400);
  EXPECT_EQ(get("/implementation?year=R9", cookie).status, 404);
}

TEST_F(Pages, PlanPageListsEachPolicysProjectsForThoseWhoFollowProgress) {
  auto cli = app_->operator_actor;
  auto projects = progress_->projects(cli, "");
  ASSERT_TRUE(projects.ok());
  std::int64_t welfare = 0;
  for (const auto& [project, category] : *projects) {
    if (project.name == "生活保護") welfare = project.id.value;
  }
  ASSERT_TRUE(progress_->link_policy(cli, ProjectId{welfare}, "4-4-3").ok());
  auto page = get("/plan?q=4-4-3", form_login("keikaku"));
  ASSERT_EQ(page.status, 200);
  // mstch escapes '/' in attribute values.
  EXPECT_NE(page.body.find("<ul class=\"projects\"><li><a href=\"&#x2F;progress&#x2F;" +
                           std::to_string(welfare) + "&#x2F;R7\">生活保護</a></li></ul>"),
            std::string::npos)
      << page.body;
  // A partner follows the plan, not the departments' projects.
  EXPECT_EQ(get("/plan?q=4-4-3", form_login("hogoshi")).body.find("class=\"projects\""),
            std::string::npos);
}

TEST_F(Pages, PlanPageIsLaidOutLikeTheTableAndSearchesFoldingWidth) {
  std::string cookie = form_login("hogoshi");
  auto page = get("/plan", cookie);
  ASSERT_EQ(page.status, 200);
  expect_labelled(page.body);
  EXPECT_NE(
      page.body.find("<caption>基本目標4 総合的で切れ目のない生活支援システムづくり</caption>"),
      std::string::npos);
  EXPECT_NE(page.body.find("● 重点施策 ●"), std::string::npos);
  EXPECT_NE(page.body.find("<span class=\"source\">（市民一般調査）</span>"), std::string::npos);
  // ｺﾚﾜｰｸ (half-width) finds コレワーク; full-width digits find 55.5%.
  auto kana = get("/plan?q=%EF%BD%BA%EF%BE%9A%EF%BE%9C%EF%BD%B0%EF%BD%B8", cookie);
  EXPECT_NE(kana.body.find("を含む施策は 1 件です。"), std::string::npos)
      << kana.body.substr(0, 2000);
  EXPECT_NE(kana.body.find("3-4-1"), std::string::npos);
  EXPECT_EQ(kana.body.find("4-4-2"), std::string::npos);
  auto digits = get("/plan?q=%EF%BC%95%EF%BC%95.%EF%BC%95", cookie);  // ５５.５
  EXPECT_NE(digits.body.find("2-4-1"), std::string::npos);
  auto none = get("/plan?q=%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84%E8%AA%9E", cookie);
  EXPECT_NE(none.body.find("を含む施策は 0 件です。"), std::string::npos);
}

TEST_F(Pages, PolicyEditSavesAndAStaleEditIsShownNotOverwritten) {
  std::string admin = form_login("keikaku");
  auto plan = get("/plan", admin);
  std::smatch link;
  ASSERT_TRUE(
      std::regex_search(plan.body, link, std::regex(R"re(href="(/plan/policies/(\d+)/edit)")re")));
  const std::string edit = link[1], id = link[2];
  auto form = get(edit, admin);
  ASSERT_EQ(form.status, 200);
  expect_labelled(form.body);
  std::smatch token;
  ASSERT_TRUE(
      std::regex_search(form.body, token, std::regex(R"re(name="_csrf" value="([^"]+)")re")));
  const std::string csrf = token[1];
  auto save = [&](const std::string& version, const std::string& text) {
    return http_call(port_,
                     {"POST",
                      "/plan/policies/" + id,
                      {{"Cookie", admin}, {"Content-Type", "application/x-www-form-urlencoded"}},
                      "_csrf=" + csrf + "&version=" + version + "&text=" + text +
                          "&vision=v&directions=a%0Ab&examples=&notes=&viewpoint=1&viewpoint=4"});
  };
  auto first = save("1", "first+edit");
  ASSERT_EQ(first.status, 303) << first.body;
  auto stored = plans_->policy(app_->operator_actor, PolicyId{std::stoll(id)});
  EXPECT_EQ(stored->content.text, "first edit");
  EXPECT_EQ(stored->content.directions, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(stored->content.viewpoints, (std::vector<int>{1, 4}));
  auto stale = save("1", "typed+in+a+stale+page");
  EXPECT_EQ(stale.status, 409);
  EXPECT_NE(stale.body.find("他の人が先に更新しました"), std::string::npos);
  EXPECT_NE(stale.body.find("typed in a stale page"), std::string::npos);  // kept
  EXPECT_NE(stale.body.find("現在保存されている内容（版 2）"), std::string::npos);
  EXPECT_EQ(plans_->policy(app_->operator_actor, PolicyId{std::stoll(id)})->content.text,
            "first edit");
  EXPECT_EQ(get(edit, form_login("hogoshi")).status, 403);  // a partner may read, not edit
}

}  // namespace
}  // namespace tsunagu::web::pages_test
