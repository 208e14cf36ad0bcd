// The policy-table importer's cases as data: each directory under tests/data/policy_sheet/ holds
// an input file (.xlsx, .csv or .tsv), the options it is read with (options.json: sheet,
// columns) and the expected JSON of what was read — the sheet, the header row, each column's
// role, every goal with its policies — or of the refusal with each problem's row and column.
// Regenerate with TSUNAGU_UPDATE_GOLDEN=1 after a deliberate change and read the diff. Seed
// 000's own file is read by both readers and must come out the same.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "io/policy_sheet.hpp"
#include "io/workbook.hpp"
#include "support/test_support.hpp"

namespace tsunagu::io {
namespace {

using nlohmann::ordered_json;
namespace fs = std::filesystem;

PolicySheetOptions options_of(const nlohmann::json& options) {
  PolicySheetOptions o;
  o.sheet = options.value("sheet", "");
  for (const auto& c : options.value("columns", nlohmann::json::array())) {
    auto choice = parse_policy_column(c.get<std::string>());
    EXPECT_TRUE(choice.ok()) << c;
    if (choice) o.columns.push_back(*choice);
  }
  return o;
}

ordered_json describe(const PolicyTable& table) {
  ordered_json goals = ordered_json::array();
  for (const auto& g : table.goals) {
    ordered_json policies = ordered_json::array();
    for (const auto& p : g.policies) {
      const PolicyContent& c = p.content;
      ordered_json pj = {{"line", p.line}, {"no", p.no}, {"text", c.text}};
      if (c.priority) pj["priority"] = true;
      if (!c.viewpoints.empty()) pj["viewpoints"] = c.viewpoints;
      ordered_json findings = ordered_json::array();
      for (const auto& f : c.findings) {
        ordered_json fj = {{"kind", finding_kind_name(f.kind)}, {"text", f.text}};
        if (!f.source.empty()) fj["source"] = f.source;
        findings.push_back(fj);
      }
      if (!findings.empty()) pj["findings"] = findings;
      if (!c.vision.empty()) pj["vision"] = c.vision;
      if (!c.directions.empty()) pj["directions"] = c.directions;
      if (!c.examples.empty()) pj["examples"] = c.examples;
      if (!c.notes.empty()) pj["notes"] = c.notes;
      policies.push_back(pj);
    }
    goals.push_back({{"line", g.line}, {"no", g.no}, {"title", g.title}, {"policies", policies}});
  }
  return goals;
}

ordered_json describe(const PolicySheetReading& r) {
  ordered_json j;
  if (!r.problems.empty()) {
    j["refused"] = r.code;
    ordered_json problems = ordered_json::array();
    for (const auto& p : r.problems)
      problems.push_back({{"line", p.line}, {"column", p.field}, {"message", p.message}});
    j["problems"] = problems;
    return j;
  }
  j["sheet"] = r.sheet_name;
  j["header_line"] = r.header_line;
  ordered_json columns = ordered_json::array();
  for (const auto& c : r.columns) {
    ordered_json col = {{"column", column_letters(c.index)}, {"header", c.header}};
    col["role"] = c.role ? ordered_json(policy_role_name(*c.role)) : ordered_json(nullptr);
    if (c.viewpoint > 0) col["viewpoint"] = c.viewpoint;
    if (c.chosen) col["chosen"] = true;
    columns.push_back(col);
  }
  j["columns"] = columns;
  j["goals"] = describe(r.table);
  j["warnings"] = r.warnings;
  return j;
}

class PolicySheetCases : public ::testing::TestWithParam<std::string> {};

TEST_P(PolicySheetCases, ReadsAsExpected) {
  const fs::path dir = tsunagu::testing::test_data("policy_sheet") / GetParam();
  const fs::path input = tsunagu::testing::case_input(dir);
  ASSERT_FALSE(input.empty()) << dir << " has no input.* file";
  auto options = nlohmann::json::parse(tsunagu::testing::read_file(dir / "options.json"));
  const std::string bytes = tsunagu::testing::read_file(input);
  auto reading = preview_policy_file(bytes, input.filename().string(), options_of(options));
  ASSERT_TRUE(reading.ok()) << reading.error().message;
  ordered_json actual = describe(*reading);
  // The import reads exactly what the preview shows.
  auto parsed = parse_policy_file(bytes, input.filename().string(), options_of(options));
  if (reading->problems.empty()) {
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(describe(*parsed), actual["goals"]);
  } else {
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, reading->code);
  }
  auto golden = tsunagu::testing::golden_json(dir / "expected.json", actual);
  ASSERT_TRUE(golden) << dir / "expected.json"
                      << " is missing; run with TSUNAGU_UPDATE_GOLDEN=1";
  const ordered_json& expected = *golden;
  EXPECT_EQ(actual, expected) << "case " << GetParam() << " read differently:\n" << actual.dump(1);
  if (expected.contains("refused") && expected["refused"] != "import.no_table") {
    for (const auto& p : expected["problems"]) EXPECT_GT(p["line"].get<int>(), 0) << p;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Files, PolicySheetCases,
    ::testing::ValuesIn(tsunagu::testing::case_names(tsunagu::testing::test_data("policy_sheet"))),
    [](const auto& info) { return info.param; });

// Seed 000's 資料3 is one layout among others: the reader of any layout gives the same goals and
// policies as the strict reader of that form, field by field.
TEST(PolicySheet, SeedZeroReadsTheSameThroughEitherReader) {
  const std::string seed = tsunagu::testing::read_file(tsunagu::testing::policy_table_seed());
  auto strict = parse_policy_table(seed);
  ASSERT_TRUE(strict.ok()) << strict.error().message;
  auto book = read_workbook(seed, "資料3.tsv");
  ASSERT_TRUE(book.ok()) << book.error().message;
  PolicySheetReading any = read_policy_sheet(*book, {});
  ASSERT_TRUE(any.problems.empty()) << any.error().message;
  EXPECT_EQ(describe(any.table), describe(*strict));
  EXPECT_EQ(any.table.policy_count(), 15u);
  // The viewpoint columns come from the ①②③④ row under 視点.
  int viewpoints = 0;
  for (const auto& c : any.columns) viewpoints += c.viewpoint > 0 ? 1 : 0;
  EXPECT_EQ(viewpoints, 4);
}

// As the strict reader: 999 policies a goal at most; the thousandth is refused, and reading
// stops there instead of going on through a hostile file.
TEST(PolicySheet, AGoalHoldsAtMost999Policies) {
  std::string tsv = "基本目標\t施策\n1 支える\t施策1\n";
  for (int i = 2; i <= 1200; ++i) tsv += "\t施策" + std::to_string(i) + "\n";
  auto book = read_workbook(tsv, "many.tsv");
  ASSERT_TRUE(book.ok());
  PolicySheetReading r = read_policy_sheet(*book, {});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 1001);
  EXPECT_NE(r.problems[0].message.find("999 までです"), std::string::npos);
  EXPECT_EQ(r.table.goals[0].policies.size(), 999u);
}

TEST(PolicySheet, AColumnChoiceNamesItsRoles) {
  auto ok = parse_policy_column("directions=取組の方向");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->role, PolicyRole::kDirections);
  EXPECT_EQ(ok->header, "取組の方向");
  auto bad = parse_policy_column("grade=評価");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "import.bad_column");
  EXPECT_NE(bad.error().message.find("directions"), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::io
