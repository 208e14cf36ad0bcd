// Issue 12, second hole: CSV formula injection. A cell that a spreadsheet would run as a formula
// (= + - @, a tab or a CR first) goes out behind an apostrophe in every CSV the system writes
// (both writers, the progress sheet and the open data, go through io::write_delimited), and an
// exported file still imports back to the same values.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "io/delimited.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::security::csv_injection_test {
namespace {

using nlohmann::json;

TEST(CsvInjection, FormulaLikeCellsAreWrittenAsText) {
  const std::vector<std::vector<std::string>> rows = {
      {"=HYPERLINK(\"http://evil.example\",\"詳細\")", "+1+1", "-2+3", "@SUM(A1)"},
      {"\t=1", "\r=1", "=1,2", "普通の事業"},
  };
  const std::string csv = io::write_delimited(rows, ',');
  // Quoted where a cell holds a quote, a comma or a CR, as before; the apostrophe inside.
  EXPECT_EQ(csv,
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"詳細\"\")\""
            ",'+1+1,'-2+3,'@SUM(A1)\r\n"
            "'\t=1,\"'\r=1\",\"'=1,2\",普通の事業\r\n");
  // Nothing in the file starts a cell with a formula character.
  auto back = io::read_delimited(csv, {','});
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].cells, rows[0]);  // the apostrophe comes off on import
  EXPECT_EQ((*back)[1].cells, rows[1]);
}

TEST(CsvInjection, NumbersAndPlaceholdersStayAsTheyAre) {
  for (const char* plain : {"-5", "+3.5", "-0.25", "-", "+", "", "100", "A-1", "0704-01"}) {
    EXPECT_FALSE(io::looks_like_formula(plain)) << plain;
    EXPECT_EQ(io::write_delimited({{plain}}, ','), std::string(plain) + "\r\n") << plain;
  }
  for (const char* formula : {"=1", "-1+2", "+A1", "@x", "-x", "--1", "-1.2.3", "\t1"}) {
    EXPECT_TRUE(io::looks_like_formula(formula)) << formula;
  }
  // A value that really starts with an apostrophe before ordinary text keeps it.
  auto read = io::read_delimited("'quoted,'=1\r\n", {','});
  ASSERT_TRUE(read.ok());
  EXPECT_EQ((*read)[0].cells, (std::vector<std::string>{"'quoted", "=1"}));
}

// End to end: a resource named like a formula in the public open-data CSV.
TEST(CsvInjection, TheOpenDataCsvCarriesAFormulaNameAsText) {
  tsunagu::testing::TestApp app;
  constexpr const char* kPassword = "correct horse battery";
  ASSERT_TRUE(app.accounts
                  ->add_user(app.operator_actor,
                             {"coordinator", "", Role::kCaseCoordinator, "福祉相談課", kPassword})
                  .ok());
  auto who = tsunagu::testing::login(app.port, "coordinator", kPassword);
  auto made =
      tsunagu::testing::http_as(app.port, who, "POST", "/api/v1/resources",
                                json{{"kind", "consultation_window"},
                                     {"name", "=HYPERLINK(\"http://evil.example\",\"架空窓口\")"},
                                     {"topics", {"general"}}}
                                    .dump());
  ASSERT_EQ(made.status, 201) << made.body;
  auto csv = tsunagu::testing::http_call(app.port, {"GET", "/opendata/resources.csv", {}, ""});
  ASSERT_EQ(csv.status, 200);
  // The name holds quotes, so the cell is quoted; Excel reads it as the text '=HYPERLINK(…).
  EXPECT_NE(csv.body.find(",\"'=HYPERLINK("), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.find(",=HYPERLINK("), std::string::npos);
  EXPECT_EQ(csv.body.find(",\"=HYPERLINK("), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::security::csv_injection_test
