// A 基本計画 over HTTP: the 施策体系 page (/plan/system) drawn from the family's goals and member
// plans, the policy table's anchors it links to, the tally by plan, and the 実施計画 across the
// family's plans.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "service/implementation_service.hpp"
#include "service/plan_service.hpp"
#include "service/progress_service.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::web {
namespace {

using tsunagu::testing::http_as;
using tsunagu::testing::login;

constexpr const char* kFamily = "あいとぴあレインボープラン";

// Two plans of Komae's family under three of its goals: 高齢者計画 (R6–R8, one priority policy
// under goal 1) and seed 000's 再犯防止計画 as plan 4 (its goals 4 and 5 are not in this family,
// so the file is cut to goals 1–3).
class PlanFamilyPages : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<tsunagu::testing::TestApp>();
    auto cli = app_->operator_actor;
    ASSERT_TRUE(app_->accounts
                    ->add_user(cli, {"keikaku", "計画担当", Role::kPlanAdmin, "福祉政策課",
                                     "correct horse battery"})
                    .ok());
    FamilyHeader h{kFamily, FiscalYear(2024), FiscalYear(2029), "ともに生きるまち", {}};
    h.goals = {{{}, 1, "一人ひとりの状況に合わせた切れ目がない相談支援", {}},
               {{}, 2, "「つながり」を実感できる地域づくり", {}},
               {{}, 3, "社会参加を進めるシステムづくり", {}}};
    ASSERT_TRUE(app_->plans->create_family(cli, h, EvaluationScale::ena_default()));
    service::PolicyTableImport elderly{"高齢者計画", FiscalYear(2024), FiscalYear(2026), 2};
    elderly.family_name = kFamily;
    elderly.file_name = "elderly.csv";
    auto e = app_->plans->import_policy_table(
        cli, elderly,
        "基本目標,No.,施策,重点施策\n基本目標1 相談支援,1,総合相談支援機能を発揮できるように"
        "します。,重点施策\n");
    ASSERT_TRUE(e.ok()) << e.error().message;
    std::string seed = tsunagu::testing::read_file(tsunagu::testing::policy_table_seed());
    seed = seed.substr(0, seed.find("基本目標4"));  // goals 1–3 only
    service::PolicyTableImport reentry{"再犯防止計画", std::nullopt, std::nullopt, 4};
    reentry.family_name = kFamily;
    auto r = app_->plans->import_policy_table(cli, reentry, seed);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->goals, 3) << "the seed was not cut where expected";
    who_ = login(app_->port, "keikaku", "correct horse battery");
  }

  std::unique_ptr<tsunagu::testing::TestApp> app_;
  tsunagu::testing::Login who_;
};

TEST_F(PlanFamilyPages, TheSystemTableHasGoalsAsRowsAndPlansAsColumns) {
  auto page = http_as(app_->port, who_, "GET", "/plan/system");
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string& b = page.body;
  auto elderly = b.find(
      "<th scope=\"col\">2 高齢者計画の施策<br><span class=\"period\">（令和6年度〜令和8年度）");
  auto reentry = b.find("<th scope=\"col\">4 再犯防止計画の施策</th>");
  ASSERT_NE(elderly, std::string::npos) << b;
  ASSERT_NE(reentry, std::string::npos);
  EXPECT_LT(elderly, reentry) << "columns by position";
  EXPECT_NE(b.find("基本理念</strong>　ともに生きるまち"), std::string::npos);

  // Goal 1's row: 高齢者計画's 1-2-1 (priority) in the first cell, 再犯防止計画's 1-4-1 and 1-4-2
  // in the second; goal 3 has no 高齢者計画 policy.
  std::smatch row;
  ASSERT_TRUE(
      std::regex_search(b, row, std::regex(R"re(<th scope="row">1 [^<]*</th>([\s\S]*?)</tr>)re")));
  std::string cells = row[1];
  auto second_cell = cells.find("</td>");
  ASSERT_NE(second_cell, std::string::npos);
  std::string first = cells.substr(0, second_cell), rest = cells.substr(second_cell);
  EXPECT_NE(first.find(">1-2-1</a> 総合相談支援機能を発揮できるようにします。 <strong "
                       "class=\"priority-mark\">★重点施策</strong>"),
            std::string::npos)
      << first;
  EXPECT_NE(rest.find(">1-4-1</a>"), std::string::npos);
  EXPECT_NE(rest.find(">1-4-2</a>"), std::string::npos);
  EXPECT_EQ(rest.find("1-2-1"), std::string::npos);
  ASSERT_TRUE(std::regex_search(
      b, row, std::regex(R"re(<th scope="row">3 [^<]*</th>\s*<td><span class="none">―</span>)re")));
  EXPECT_NE(b.find("★重点施策 1 件"), std::string::npos);

  // Each code links to its row of the policy table.
  std::smatch link;
  ASSERT_TRUE(
      std::regex_search(b, link, std::regex(R"re(<a href="/plan#policy-(\d+)">1-4-2</a>)re")));
  auto table = http_as(app_->port, who_, "GET", "/plan");
  ASSERT_EQ(table.status, 200);
  const std::string anchor = "<tr id=\"policy-" + link[1].str() + "\">";
  auto at = table.body.find(anchor);
  ASSERT_NE(at, std::string::npos);
  EXPECT_TRUE(std::regex_search(
      table.body.substr(at),
      std::regex(
          R"re(^<tr id="policy-\d+">\s*<th scope="row">1-4-2<br><span class="member">再犯防止計画</span>)re")));
}

TEST_F(PlanFamilyPages, PlansJsonCarriesTheFamilyAndTheImplementationPlanSpansItsPlans) {
  auto json = http_as(app_->port, who_, "GET", "/api/v1/plans");
  ASSERT_EQ(json.status, 200);
  auto j = nlohmann::json::parse(json.body);
  ASSERT_EQ(j["families"].size(), 1u);
  const auto& f = j["families"][0];
  EXPECT_EQ(f["name"], kFamily);
  EXPECT_EQ(f["philosophy"], "ともに生きるまち");
  EXPECT_EQ(f["goals"].size(), 3u);
  ASSERT_EQ(f["plans"].size(), 2u);
  EXPECT_EQ(f["plans"][0]["position"], 2);
  EXPECT_EQ(f["plans"][0]["period"]["to"], 2026);
  EXPECT_EQ(f["plans"][0]["policies"][0]["code"], "1-2-1");
  EXPECT_EQ(f["plans"][0]["policies"][0]["goal"], 1);
  EXPECT_EQ(f["plans"][1]["name"], "再犯防止計画");

  // Priority policies of every plan, by goal then plan; a plan ending in R8 plans no R9.
  auto first = app_->implementation->create_revision(app_->operator_actor, "", FiscalYear(2024));
  ASSERT_TRUE(first.ok()) << first.error().message;
  std::vector<std::string> codes;
  for (const auto& item : first->revision.items) codes.push_back(item.code);
  ASSERT_FALSE(codes.empty());
  EXPECT_EQ(codes.front(), "1-2-1");
  service::ItemPatch rename;
  rename.code = "1-1-1";
  ASSERT_TRUE(app_->implementation->update_item(app_->operator_actor, "", FiscalYear(2024), "1-2-1",
                                                rename));
  auto second = app_->implementation->create_revision(app_->operator_actor, "", FiscalYear(2026));
  ASSERT_TRUE(second.ok()) << second.error().message;
  const auto& item = second->revision.items.front();
  EXPECT_EQ(item.code, "1-1-1") << "the July revision keeps the plan office's code";
  for (const auto& y : item.years) EXPECT_LE(y.year.western(), 2026) << "past 高齢者計画's end";
  auto compare =
      app_->implementation->compare(app_->operator_actor, "", FiscalYear(2024), FiscalYear(2026));
  ASSERT_TRUE(compare.ok());
  EXPECT_EQ(compare->front().code, "1-1-1");
  EXPECT_NE(compare->front().difference, ItemDifference::kAdded);
}

TEST_F(PlanFamilyPages, TheFamilyRoutesCreateEditAndRefuseStaleOrTakenPositions) {
  auto created = http_as(app_->port, who_, "POST", "/api/v1/plans/families",
                         R"({"name":"第2期基本計画","period":"R6-R11","philosophy":"理念",)"
                         R"("goals":[{"no":1,"title":"相談"},{"no":2,"title":"地域"}]})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto family = nlohmann::json::parse(created.body);
  const std::string path = "/api/v1/plans/families/" + std::to_string(family["id"].get<int>());
  EXPECT_EQ(family["version"], 1);
  EXPECT_EQ(family["goals"][1]["title"], "地域");

  auto member =
      http_as(app_->port, who_, "PUT", path + "/members",
              R"({"name":"高齢者計画","position":2,"period":"R6-R8",)"
              R"("terms":[{"name":"介護保険事業計画","label":"第9期","period":"R6-R8"}]})");
  ASSERT_EQ(member.status, 200) << member.body;
  EXPECT_EQ(nlohmann::json::parse(member.body)["plans"][0]["terms"][0]["period"]["to"], 2026);
  auto taken = http_as(app_->port, who_, "PUT", path + "/members",
                       R"({"name":"障がい者計画","position":2})");
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_NE(taken.body.find("plan.position_taken"), std::string::npos);

  // Saving the member moved the family's version on (1 → 2).
  auto edited =
      http_as(app_->port, who_, "PATCH", path, R"({"version":2,"philosophy":"新しい理念"})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(nlohmann::json::parse(edited.body)["version"], 3);
  auto stale = http_as(app_->port, who_, "PATCH", path, R"({"version":2,"name":"遅れた編集"})");
  EXPECT_EQ(stale.status, 409);
  auto stale_member = http_as(app_->port, who_, "PUT", path + "/members",
                              R"({"name":"高齢者計画","position":5,"version":2})");
  EXPECT_EQ(stale_member.status, 409) << stale_member.body;
  auto huge = http_as(app_->port, who_, "PUT", path + "/members",
                      R"({"name":"高齢者計画","position":4294967300})");
  EXPECT_EQ(huge.status, 400) << "a position past int is refused, not truncated to 4";
  auto bad_period = http_as(app_->port, who_, "PATCH", path, R"({"version":3,"period":"R6"})");
  EXPECT_NE(bad_period.body.find("fiscal_year.unreadable"), std::string::npos) << bad_period.body;
  auto shown = nlohmann::json::parse(http_as(app_->port, who_, "GET", "/api/v1/plans").body);
  EXPECT_EQ(shown["families"][1]["name"], "第2期基本計画");
  EXPECT_EQ(shown["families"][1]["philosophy"], "新しい理念");

  // A member plan imported through the API: the position query, the family's goals.
  auto imported =
      http_as(app_->port, who_, "POST",
              "/api/v1/plans/import?family=" +
                  std::string("%E7%AC%AC2%E6%9C%9F%E5%9F%BA%E6%9C%AC%E8%A8%88%E7%94%BB") +
                  "&plan=x&position=3&filename=t.csv",
              "基本目標,No.,施策\n基本目標1 相談,1,相談を受けます。\n");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(nlohmann::json::parse(imported.body)["position"], 3);
}

// The 計画書 in §5's order, its period table drawn from the plans' periods, and a chapter of
// free text edited through the form (a stale save keeps what was typed).
TEST_F(PlanFamilyPages, TheDocumentFollowsTheChaptersAndDrawsThePeriodTable) {
  auto put = http_as(
      app_->port, who_, "PUT",
      "/api/v1/plans/" +
          std::to_string(app_->plans->plans(app_->operator_actor)->front().id.value) +
          "/sections/purpose",
      R"({"version":0,"text":"地域共生社会の実現に向けて。\n\n六つの計画を一体的に策定します。"})");
  ASSERT_EQ(put.status, 200) << put.body;
  auto page = http_as(app_->port, who_, "GET", "/plan/document");
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string& b = page.body;
  EXPECT_NE(b.find("document.css\">"), std::string::npos);  // mstch writes / as &#x2F;
  std::size_t at = 0;
  for (const char* heading :
       {"<h2 id=\"toc-title\">目次</h2>", "第1章 はじめに</h2>", "計画策定の趣旨", "計画の位置付け",
        "計画期間の一覧", "第2章 基本理念</h2>", "第3章 基本目標</h2>", "第4章 施策</h2>",
        "第1節 施策体系", "第2節 施策一覧", "第5章 計画の推進に向けて</h2>", "計画の評価方法",
        "資料 現状と課題</h2>"}) {
    auto next = b.find(heading, at);
    ASSERT_NE(next, std::string::npos) << heading << " missing or out of order";
    at = next;
  }
  EXPECT_NE(b.find("<p class=\"doc-text\">地域共生社会の実現に向けて。</p>"), std::string::npos);
  EXPECT_NE(b.find("<p class=\"doc-text\">六つの計画を一体的に策定します。</p>"),
            std::string::npos);
  // §4: six fiscal years; 高齢者計画 runs R6–R8 (three cells on, three off), 再犯防止計画 all six.
  EXPECT_NE(b.find("<th scope=\"col\">令和11年度</th></tr>"), std::string::npos);
  EXPECT_NE(b.find("<th scope=\"row\">高齢者計画</th><td colspan=\"3\" class=\"on\"></td><td "
                   "colspan=\"1\"></td><td colspan=\"1\"></td><td colspan=\"1\"></td></tr>"),
            std::string::npos);
  EXPECT_NE(b.find("<th scope=\"row\">再犯防止計画</th><td colspan=\"6\" class=\"on\"></td></tr>"),
            std::string::npos);
  EXPECT_NE(b.find("【課題】"), std::string::npos) << "資料 lists 現状と課題";

  // The form: a save from an old version is refused, keeps the typed text and shows the stored.
  auto form = http_as(app_->port, who_, "GET", "/plan/document/edit?section=purpose");
  ASSERT_EQ(form.status, 200) << form.body;
  std::smatch token;
  ASSERT_TRUE(
      std::regex_search(form.body, token, std::regex(R"re(name="_csrf" value="([^"]+)")re")));
  auto post = [&](const std::string& body) {
    return tsunagu::testing::http_call(
        app_->port,
        {"POST",
         "/plan/document/sections/purpose",
         {{"Cookie", who_.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
         "_csrf=" + std::string(token[1]) + "&plan=&" + body});
  };
  auto stale = post("version=0&text=%E5%8F%A4%E3%81%84");  // 古い
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_NE(stale.body.find(">古い</textarea>"), std::string::npos);
  EXPECT_NE(stale.body.find("六つの計画を一体的に策定します。"), std::string::npos);
  auto saved = post("version=1&text=%E6%96%B0%E3%81%97%E3%81%84");  // 新しい
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.headers["location"], "/plan/document#section-purpose");
  EXPECT_NE(http_as(app_->port, who_, "GET", "/plan/document")
                .body.find("<p class=\"doc-text\">新しい</p>"),
            std::string::npos);
}

// The forms of /plan/family: create a family, add a plan, and refusals that keep what was typed.
TEST_F(PlanFamilyPages, TheFamilyFormsCreateAddAndKeepWhatWasTyped) {
  auto page =
      http_as(app_->port, who_, "GET", "/plan/family?plan=" + http::percent_encode(kFamily));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<th scope=\"row\">再犯防止計画</th><td>R6-R11</td>"),
            std::string::npos);
  EXPECT_NE(page.body.find("<textarea id=\"goals\" name=\"goals\" rows=\"6\""), std::string::npos);
  std::smatch token;
  ASSERT_TRUE(
      std::regex_search(page.body, token, std::regex(R"re(name="_csrf" value="([^"]+)")re")));
  auto post = [&](const std::string& path, const std::string& body) {
    return tsunagu::testing::http_call(
        app_->port,
        {"POST",
         path,
         {{"Cookie", who_.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
         "_csrf=" + std::string(token[1]) + "&" + body});
  };
  const std::string family = http::percent_encode(kFamily);
  auto version_of = [](const std::string& body) {
    std::smatch v;
    EXPECT_TRUE(std::regex_search(body, v, std::regex(R"re(name="version" value="(\d+)")re")));
    return std::string(v[1]);
  };
  const std::string version = version_of(page.body);
  auto plans_json = [&] { return http_as(app_->port, who_, "GET", "/api/v1/plans").body; };
  // Deleting goal 1, which policies use, is refused and the typed philosophy stays.
  auto in_use =
      post("/plan/family", "current=" + family + "&version=" + version + "&name=" + family +
                               "&period=R6-R11&philosophy=" + http::percent_encode("書きかけ") +
                               "&goals=" + http::percent_encode("2 地域\n3 社会参加"));
  EXPECT_EQ(in_use.status, 409) << in_use.body;
  EXPECT_NE(in_use.body.find("1-4-1"), std::string::npos) << "the codes in the way are listed";
  EXPECT_NE(in_use.body.find(">書きかけ</textarea>"), std::string::npos);
  // A header saved from an old version: 409, what is stored is shown beside the typing.
  auto stale =
      post("/plan/family", "current=" + family + "&version=1&name=" + family +
                               "&period=R6-R11&philosophy=" + http::percent_encode("古い版から") +
                               "&goals=" + http::percent_encode("1 相談\n2 地域\n3 社会参加"));
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_NE(stale.body.find("現在保存されている内容"), std::string::npos);
  EXPECT_NE(stale.body.find(">古い版から</textarea>"), std::string::npos);
  // A member at a taken position: 409, the form keeps its fields, nothing changes.
  const std::string before = plans_json();
  auto taken = post("/plan/family/members", "current=" + family + "&version=" + version +
                                                "&member=" + http::percent_encode("障がい者計画") +
                                                "&position=4");
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_NE(taken.body.find("value=\"障がい者計画\""), std::string::npos);
  EXPECT_EQ(plans_json(), before);
  auto added = post("/plan/family/members", "current=" + family + "&version=" + version +
                                                "&member=" + http::percent_encode("障がい者計画") +
                                                "&position=3&member_period=R6-R8&terms=" +
                                                http::percent_encode("障がい福祉計画 第7期 R6-R8"));
  ASSERT_EQ(added.status, 303) << added.body;
  auto after = http_as(app_->port, who_, "GET", added.headers["location"]);
  const std::string row =
      "<th scope=\"row\">障がい者計画</th><td>R6-R8</td><td>障がい福祉計画 第7期（R6-R8）</td>";
  EXPECT_NE(after.body.find(row), std::string::npos) << after.body;
  // Moving it with the terms box left empty keeps its terms; a form from before is stale.
  const std::string later = version_of(after.body);
  auto moved = post("/plan/family/members", "current=" + family + "&version=" + later +
                                                "&member=" + http::percent_encode("障がい者計画") +
                                                "&position=5&terms=");
  ASSERT_EQ(moved.status, 303) << moved.body;
  auto moved_page = http_as(app_->port, who_, "GET", moved.headers["location"]);
  EXPECT_NE(moved_page.body.find("<td>5</td>" + row), std::string::npos) << moved_page.body;
  auto late = post("/plan/family/members", "current=" + family + "&version=" + later +
                                               "&member=" + http::percent_encode("障がい者計画") +
                                               "&position=6");
  EXPECT_EQ(late.status, 409);
  // A new family from the form, goals one a line (full-width numbers too).
  auto created =
      post("/plan/family",
           "current=&version=&name=" + http::percent_encode("第3期基本計画") +
               "&period=R7-R12&philosophy=&goals=" + http::percent_encode("１ 相談\n2=地域"));
  ASSERT_EQ(created.status, 303) << created.body;
  auto tree = app_->plans->plans(app_->operator_actor);
  ASSERT_EQ(tree->size(), 2u);
  EXPECT_EQ((*tree)[1].goals.size(), 2u);
  EXPECT_EQ((*tree)[1].goals[0].title, "相談");
  EXPECT_EQ((*tree)[1].from, FiscalYear(2025));
}

// 進行管理 across the family: each project counts once, under the plan of the policy it serves,
// in the tally by plan and its chart.
TEST_F(PlanFamilyPages, TheTallyByPlanCountsEachProjectUnderItsPolicysPlan) {
  auto cli = app_->operator_actor;
  auto sheet = app_->progress->import_sheet(
      cli, {kFamily, FiscalYear(2024), "ena.tsv"},
      tsunagu::testing::read_file(std::filesystem::path(TSUNAGU_DEMO_DIR) /
                                  "progress_sheet_ena.tsv"));
  ASSERT_TRUE(sheet.ok()) << sheet.error().message;
  auto projects = app_->progress->projects(cli, kFamily);
  ASSERT_TRUE(projects.ok());
  ASSERT_GE(projects->size(), 3u);
  ASSERT_TRUE(app_->progress->link_policy(cli, (*projects)[0].first.id, "1-2-1").ok());
  ASSERT_TRUE(app_->progress->link_policy(cli, (*projects)[1].first.id, "1-4-1").ok());
  ASSERT_TRUE(app_->progress->link_policy(cli, (*projects)[2].first.id, "2-4-1").ok());
  auto tally = http_as(app_->port, who_, "GET", "/api/v1/progress/tally?year=R6&by=plan");
  ASSERT_EQ(tally.status, 200) << tally.body;
  auto j = nlohmann::json::parse(tally.body);
  ASSERT_EQ(j["groups"].size(), 3u) << j.dump();
  EXPECT_EQ(j["groups"][0]["label"], "計画2 高齢者計画");
  EXPECT_EQ(j["groups"][0]["total"], 1);
  EXPECT_EQ(j["groups"][1]["label"], "計画4 再犯防止計画");
  EXPECT_EQ(j["groups"][1]["total"], 2);
  EXPECT_EQ(j["groups"][2]["label"], "施策未設定");
  EXPECT_EQ(j["groups"][2]["total"].get<int>() + 3, j["total"].get<int>());
  auto page = http_as(app_->port, who_, "GET", "/progress/sheet?year=R6");
  ASSERT_EQ(page.status, 200) << page.body;
  auto chart = page.body.find("id=\"plan-chart-title\"");
  ASSERT_NE(chart, std::string::npos);
  EXPECT_NE(page.body.find("計画4 再犯防止計画", chart), std::string::npos);
  EXPECT_NE(page.body.find("id=\"goal-chart-title\""), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::web
