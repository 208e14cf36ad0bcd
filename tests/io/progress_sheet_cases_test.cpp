// The importer's cases as data: each directory under tests/data/progress_sheet/ holds an input
// file (input.xlsx, .xls, .csv or .tsv), the options it is imported with (options.json: year,
// sheet, columns, preset or grades) and the expected JSON of what was read — the sheet, the
// header row, each column's role, every project, the tally, the warnings — or of the refusal
// with each problem's row and column. After a deliberate change, regenerate with
// TSUNAGU_UPDATE_GOLDEN=1 and read the diff.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "io/progress_sheet.hpp"
#include "io/workbook.hpp"
#include "support/test_support.hpp"

namespace tsunagu::io {
namespace {

using nlohmann::ordered_json;
namespace fs = std::filesystem;

EvaluationScale scale_of(const nlohmann::json& options) {
  if (options.contains("grades")) {
    std::vector<Grade> grades;
    for (const auto& g : options["grades"]) {
      std::string text = g.get<std::string>();
      auto eq = text.find('=');
      grades.push_back({text.substr(0, eq), text.substr(eq + 1)});
    }
    return EvaluationScale(grades);
  }
  return *EvaluationScale::preset(options.value("preset", "ena"));
}

SheetOptions sheet_options(const nlohmann::json& options) {
  SheetOptions o;
  o.year = *FiscalYear::parse(options.at("year").get<std::string>());
  o.sheet = options.value("sheet", "");
  for (const auto& c : options.value("columns", nlohmann::json::array())) {
    auto choice = parse_column_choice(c.get<std::string>());
    EXPECT_TRUE(choice.ok()) << c;
    if (choice) o.columns.push_back(*choice);
  }
  return o;
}

ordered_json describe(const SheetReading& r, const EvaluationScale& scale) {
  ordered_json j;
  if (!r.problems.empty()) {
    j["refused"] = r.code;
    ordered_json problems = ordered_json::array();
    for (const auto& p : r.problems)
      problems.push_back({{"line", p.line}, {"column", p.field}, {"message", p.message}});
    j["problems"] = problems;
    return j;
  }
  const ProgressSheet& s = r.sheet;
  j["sheet"] = s.sheet_name;
  j["header_line"] = s.header_line;
  j["title"] = s.title;
  ordered_json columns = ordered_json::array();
  for (const auto& c : s.columns) {
    ordered_json col = {{"column", column_letters(c.index)}, {"header", c.header}};
    col["role"] = c.role ? ordered_json(sheet_role_name(*c.role)) : ordered_json("extra");
    if (c.chosen) col["chosen"] = true;
    if (c.year) col["year"] = c.year->short_name();
    columns.push_back(col);
  }
  j["columns"] = columns;
  ordered_json categories = ordered_json::array();
  for (const auto& c : s.categories) categories.push_back({{"no", c.no}, {"name", c.name}});
  j["categories"] = categories;
  ordered_json projects = ordered_json::array();
  std::vector<ProgressContent> contents;
  for (const auto& p : s.projects) {
    ordered_json pj = {{"line", p.line}, {"category", p.category_no}, {"no", p.no}};
    if (!p.code.empty()) pj["code"] = p.code;
    pj["name"] = p.name;
    pj["departments"] = p.departments;
    if (!p.content.empty()) pj["content"] = p.content;
    pj["grade"] = p.progress.grade ? ordered_json(*p.progress.grade) : ordered_json(nullptr);
    if (!p.progress.done.empty()) pj["done"] = p.progress.done;
    if (!p.progress.next_plan.empty()) pj["next_plan"] = p.progress.next_plan;
    if (p.progress.budget_planned) pj["budget"] = *p.progress.budget_planned;
    if (p.progress.budget_actual) pj["settlement"] = *p.progress.budget_actual;
    if (!p.extras.empty()) {
      ordered_json extras = ordered_json::object();
      for (const auto& [k, v] : p.extras) extras[k] = v;
      pj["extras"] = extras;
    }
    projects.push_back(pj);
    contents.push_back(p.progress);
  }
  j["projects"] = projects;
  ordered_json t = ordered_json::object();
  Tally counted = tally(scale, contents);
  for (const auto& [code, n] : counted.by_grade) t[code] = n;
  t["ungraded"] = counted.ungraded;
  j["tally"] = t;
  ordered_json warnings = s.tally_mismatches;
  for (const auto& w : s.warnings) warnings.push_back(w);
  j["warnings"] = warnings;
  return j;
}

class ProgressSheetCases : public ::testing::TestWithParam<std::string> {};

TEST_P(ProgressSheetCases, ReadsAsExpected) {
  const fs::path dir = tsunagu::testing::test_data("progress_sheet") / GetParam();
  const fs::path input = tsunagu::testing::case_input(dir);
  ASSERT_FALSE(input.empty()) << dir << " has no input.* file";
  auto options = nlohmann::json::parse(tsunagu::testing::read_file(dir / "options.json"));
  EvaluationScale scale = scale_of(options);
  ordered_json actual;
  auto book = read_workbook(tsunagu::testing::read_file(input), input.filename().string());
  if (!book) {
    // The code only: how a broken .xls is refused depends on whether libfreexl's memory error
    // is caught (an ASan build aborts the reading child; a release build gets an error back).
    actual = {{"unreadable", book.error().code}};
    EXPECT_FALSE(book.error().message.empty());
  } else {
    actual = describe(read_progress_sheet(*book, scale, sheet_options(options)), scale);
  }
  auto golden = tsunagu::testing::golden_json(dir / "expected.json", actual);
  ASSERT_TRUE(golden) << dir / "expected.json"
                      << " is missing; run with TSUNAGU_UPDATE_GOLDEN=1";
  const ordered_json& expected = *golden;
  EXPECT_EQ(actual, expected) << "case " << GetParam() << " read differently:\n" << actual.dump(1);
  // A refused case must name where: a row, and for a row's problem its column.
  if (expected.contains("refused")) {
    for (const auto& p : expected["problems"]) {
      if (expected["refused"] != "import.no_table" && expected["refused"] != "import.no_sheet")
        EXPECT_GT(p["line"].get<int>(), 0) << p;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Files, ProgressSheetCases,
                         ::testing::ValuesIn(tsunagu::testing::case_names(
                             tsunagu::testing::test_data("progress_sheet"))),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tsunagu::io
