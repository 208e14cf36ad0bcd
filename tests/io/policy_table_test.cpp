#include "io/policy_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace tsunagu::io {
namespace {

using tsunagu::testing::read_file;

const PolicyDraft& policy(const PolicyTable& t, int goal, int no) {
  for (const auto& g : t.goals) {
    if (g.no != goal) continue;
    for (const auto& p : g.policies) {
      if (p.no == no) return p;
    }
  }
  throw std::runtime_error("no policy " + std::to_string(goal) + "-" + std::to_string(no));
}

class SeedPolicyTable : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto parsed = parse_policy_table(read_file(tsunagu::testing::policy_table_seed()));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    table_ = new PolicyTable(std::move(parsed.value()));
  }
  static void TearDownTestSuite() { delete table_; }
  static PolicyTable* table_;
};
PolicyTable* SeedPolicyTable::table_ = nullptr;

TEST_F(SeedPolicyTable, HasFiveGoalsAndFifteenPolicies) {
  ASSERT_EQ(table_->goals.size(), 5u);
  EXPECT_EQ(table_->policy_count(), 15u);
  std::vector<std::size_t> per_goal;
  for (const auto& g : table_->goals) per_goal.push_back(g.policies.size());
  EXPECT_EQ(per_goal, (std::vector<std::size_t>{2, 2, 3, 4, 4}));
  EXPECT_EQ(table_->goals[0].title, "一人ひとりの状況に合わせた切れ目のない相談支援");
  EXPECT_EQ(table_->goals[3].title, "総合的で切れ目のない生活支援システムづくり");  // no "## "
}

TEST_F(SeedPolicyTable, PriorityPoliciesAreExactly42And51And54) {
  std::vector<std::string> priority;
  for (const auto& g : table_->goals) {
    for (const auto& p : g.policies) {
      if (p.content.priority) priority.push_back(std::to_string(g.no) + "-" + std::to_string(p.no));
    }
  }
  EXPECT_EQ(priority, (std::vector<std::string>{"4-2", "5-1", "5-4"}));
  EXPECT_EQ(policy(*table_, 4, 2).content.text,
            "住居の確保が困難な出所（院）者等の状況に応じた住居の確保を支援します。");
}

TEST_F(SeedPolicyTable, ViewpointsAreTheMarksOfEachRow) {
  EXPECT_EQ(policy(*table_, 1, 1).content.viewpoints, std::vector<int>{});
  EXPECT_EQ(policy(*table_, 1, 2).content.viewpoints, (std::vector<int>{1, 4}));
  EXPECT_EQ(policy(*table_, 2, 2).content.viewpoints, (std::vector<int>{1, 4}));
  EXPECT_EQ(policy(*table_, 3, 1).content.viewpoints, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(policy(*table_, 4, 2).content.viewpoints, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(policy(*table_, 5, 1).content.viewpoints, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(policy(*table_, 5, 4).content.viewpoints, (std::vector<int>{2, 3, 4}));
  EXPECT_EQ(policy(*table_, 4, 4).content.viewpoints, std::vector<int>{});
}

TEST_F(SeedPolicyTable, FindingsKeepKindTextAndSource) {
  const auto& f11 = policy(*table_, 1, 1).content.findings;
  ASSERT_EQ(f11.size(), 2u);
  EXPECT_EQ(f11[0].kind, FindingKind::kCurrent);
  EXPECT_EQ(f11[0].text, "福祉総合相談窓口を設置し、切れ目のない相談支援をしています。");
  EXPECT_EQ(f11[0].source, "");
  EXPECT_EQ(f11[1].kind, FindingKind::kIssue);
  EXPECT_EQ(f11[1].source, "再犯防止関連団体調査");
  EXPECT_EQ(f11[1].text.find("（"), f11[1].text.find("（院）"));  // only the inline bracket

  const auto& f41 = policy(*table_, 4, 1).content.findings;
  ASSERT_EQ(f41.size(), 4u);
  EXPECT_EQ(f41[0].text, "保護司の充足率は90%、平均年齢は63歳となっています。");
  EXPECT_EQ(f41[1].source, "孤独・孤立対策の重点計画");
  EXPECT_EQ(f41[2].text, "サポートセンター");
  EXPECT_EQ(f41[2].source, "");
  EXPECT_EQ(f41[3].source, "保護司へのヒアリング結果");

  const auto& f21 = policy(*table_, 2, 1).content.findings;
  ASSERT_EQ(f21.size(), 2u);
  EXPECT_EQ(f21[0].source, "市民一般調査");
  EXPECT_NE(f21[0].text.find("保護司が55.5%"), std::string::npos);

  // A ・ inside a word is not a bullet.
  const auto& f31 = policy(*table_, 3, 1).content.findings;
  ASSERT_EQ(f31.size(), 3u);
  EXPECT_EQ(f31[1].text,
            "生活保護制度・生活困窮者自立支援制度に基づく就労支援及び就労準備支援を行っています。");
}

TEST_F(SeedPolicyTable, ListsAreListsWithNotesSplitOff) {
  const auto& p11 = policy(*table_, 1, 1).content;
  ASSERT_EQ(p11.directions.size(), 3u);
  EXPECT_EQ(p11.directions[2], "相談窓口周知用ステッカーを配布します。");
  ASSERT_EQ(p11.examples.size(), 3u);
  EXPECT_TRUE(p11.notes.empty());

  const auto& p12 = policy(*table_, 1, 2).content;
  ASSERT_EQ(p12.examples.size(), 2u);
  ASSERT_EQ(p12.notes.size(), 1u);
  EXPECT_EQ(p12.notes[0].rfind("※帰住先関係者…矯正施設", 0), 0u);
  EXPECT_EQ(p12.examples[1].find("※"), std::string::npos);

  const auto& p44 = policy(*table_, 4, 4).content;
  EXPECT_EQ(p44.examples.size(), 2u);
  ASSERT_EQ(p44.notes.size(), 1u);
  EXPECT_EQ(p44.notes[0].rfind("※支援関係機関、団体等…", 0), 0u);

  const auto& p33 = policy(*table_, 3, 3).content;
  EXPECT_EQ(
      p33.text,
      "出所（院）者等の修学支援等をします。\n非行等を理由とする修学の中止を防ぐため、児童生徒の"
      "非行の未然防止、早期対応のための取組を推進します。");
  EXPECT_EQ(p33.examples.size(), 4u);
  EXPECT_EQ(p33.notes.size(), 1u);
}

TEST_F(SeedPolicyTable, NoHtmlOrBulletsSurvive) {
  for (const auto& g : table_->goals) {
    for (const auto& p : g.policies) {
      std::vector<std::string> all = {p.content.text, p.content.vision};
      for (const auto& list : {p.content.directions, p.content.examples, p.content.notes}) {
        all.insert(all.end(), list.begin(), list.end());
      }
      for (const auto& f : p.content.findings) all.push_back(f.text);
      for (const auto& s : all) {
        EXPECT_EQ(s.find('<'), std::string::npos) << s;
        EXPECT_NE(s.rfind("・", 0), 0u) << s;
        EXPECT_EQ(s.find("【"), std::string::npos) << s;
      }
    }
  }
}

// Broken inputs: each file under tests/data/policy_table/ has a twin .expected.json naming the
// error code and the line it must point at; "covers" says what the case is about.
class BrokenPolicyTable : public ::testing::TestWithParam<std::string> {};

TEST_P(BrokenPolicyTable, IsRejectedWithLineAndReason) {
  auto dir = tsunagu::testing::test_data("policy_table");
  auto expected = nlohmann::json::parse(read_file(dir / (GetParam() + ".expected.json")));
  auto parsed = parse_policy_table(read_file(dir / (GetParam() + ".tsv")));
  ASSERT_FALSE(parsed.ok()) << expected["covers"];
  EXPECT_EQ(parsed.error().code, expected["code"]) << parsed.error().message;
  if (expected.contains("line")) {
    ASSERT_FALSE(parsed.error().details.empty());
    EXPECT_EQ(parsed.error().details[0].line, expected["line"].get<int>());
  }
  EXPECT_FALSE(parsed.error().message.empty());
}

std::vector<std::string> broken_cases() {
  std::vector<std::string> names;
  for (const auto& entry :
       std::filesystem::directory_iterator(tsunagu::testing::test_data("policy_table"))) {
    auto name = entry.path().filename().string();
    if (entry.path().extension() == ".tsv") names.push_back(name.substr(0, name.size() - 4));
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Files, BrokenPolicyTable, ::testing::ValuesIn(broken_cases()),
                         [](const auto& info) { return info.param; });

TEST(PolicyTableLimits, CellOverSixtyFourKiBIsRejected) {
  std::string text =
      "基本目標1 "
      "テスト\nNo.\t現状と課題\t視点\t\t\t\t施策\t施策の将来像\t施策の方向性\t主な事業例\n"
      "\t\t①\t②\t③\t④\t\t\t\t\n1\t\t\t\t\t\t";
  text += std::string(64 * 1024 + 1, 'x');
  text += "\t\t\t\n";
  auto parsed = parse_policy_table(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "import.cell_too_large");
  EXPECT_EQ(parsed.error().details.at(0).line, 4);
}

TEST(PolicyTableLimits, EveryTruncationOfTheSeedIsRejectedOrShorter) {
  // Cutting the file anywhere must never crash, and never yield more than the whole file has.
  std::string seed = read_file(tsunagu::testing::policy_table_seed());
  for (std::size_t cut = 0; cut < seed.size(); cut += 97) {
    auto parsed = parse_policy_table(std::string_view(seed).substr(0, cut));
    if (parsed.ok()) {
      EXPECT_LE(parsed->policy_count(), 15u);
    }
  }
}

}  // namespace
}  // namespace tsunagu::io
