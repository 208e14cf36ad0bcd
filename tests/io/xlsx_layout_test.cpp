// Exports that print: every word of a long 内容 or 実施内容 shows on paper. libxlsxwriter cannot
// measure text, so the export sets each row's height from the wrapped text; these tests read
// the written workbook back and check the heights, the wrap and the repeated heading.
#include "io/xlsx_layout.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <regex>

#include "io/progress_export.hpp"
#include "io/progress_sheet.hpp"
#include "io/table_file.hpp"
#include "support/test_support.hpp"

namespace tsunagu::io {
namespace {

std::string zip_part(const std::string& path, const char* name) {
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (z == nullptr) return {};
  std::string out;
  if (zip_file_t* f = zip_fopen(z, name, 0)) {
    char buffer[65536];
    zip_int64_t n;
    while ((n = zip_fread(f, buffer, sizeof buffer)) > 0)
      out.append(buffer, static_cast<std::size_t>(n));
    zip_fclose(f);
  }
  zip_discard(z);
  return out;
}

TEST(XlsxLayout, FullWidthCharactersTakeTwoUnitsAndParagraphsTheirOwnLines) {
  EXPECT_EQ(display_units("abc"), 3);
  EXPECT_EQ(display_units("あいう"), 6);
  EXPECT_EQ(display_units("ｱｲｳ"), 3);  // half-width katakana
  EXPECT_EQ(display_units("Ａ１"), 4);
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "あ";
  EXPECT_EQ(wrapped_lines(hundred, 40), 6);  // 200 units, 39 to a line
  EXPECT_EQ(wrapped_lines("一行目\n二行目\n\n四行目", 40), 4);
  EXPECT_EQ(row_height_points({"短い", hundred}, {10, 40}), 6 * 15 + 4);
  EXPECT_EQ(row_height_points({""}, {10}), 19);
  std::string huge(20000, 'x');
  EXPECT_EQ(row_height_points({huge}, {40}), 409);  // Excel's limit
}

TEST(XlsxLayout, TheProgressExportIsTallEnoughForEveryWordAndRepeatsItsHeading) {
  auto records =
      read_table_file(tsunagu::testing::read_file(std::filesystem::path(TSUNAGU_DEMO_DIR) /
                                                  "progress_sheet_ena.tsv"),
                      "ena.tsv");
  ASSERT_TRUE(records.ok());
  auto sheet = parse_progress_sheet(*records, EvaluationScale::ena_default(), FiscalYear(2024));
  ASSERT_TRUE(sheet.ok());
  ProgressSheetData data;
  data.title = "進行管理シート";
  for (const auto& p : sheet->projects) {
    data.rows.push_back({"(" + std::to_string(p.category_no) + ")区分", p.no, "", p.name,
                         p.departments, p.content, p.progress});
  }
  tsunagu::testing::TempDir dir;
  const std::string path = (dir / "r6.xlsx").string();
  ASSERT_TRUE(write_progress_xlsx(data, path).ok());
  const std::string xml = zip_part(path, "xl/worksheets/sheet1.xml");
  ASSERT_FALSE(xml.empty());
  // Every project row: at least as tall as its longest wrapped cell needs.
  std::map<int, double> heights;
  std::regex row_re(R"re(<row r="(\d+)"[^>]*\sht="([0-9.]+)")re");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), row_re); it != std::sregex_iterator();
       ++it) {
    heights[std::stoi((*it)[1])] = std::stod((*it)[2]);
  }
  auto cells = progress_sheet_cells(data);
  int checked = 0;
  for (std::size_t i = 3; i < cells.size(); ++i) {
    const auto& row = cells[i];
    if (row.size() < 9 || row[3].empty()) continue;  // category and tally rows
    const int line = static_cast<int>(i) + 1;
    ASSERT_TRUE(heights.count(line)) << "row " << line << " has no height";
    for (std::size_t c : {5u, 7u, 8u}) {  // 内容, 実施内容, 実施予定: 40 wide
      EXPECT_GE(heights[line], 15.0 * wrapped_lines(row[c], 40)) << "row " << line << " col " << c;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 12);
  EXPECT_GE(heights[4 + 1], 60.0);  // 協力雇用主の支援: its 内容 wraps to five lines
  // The heading repeats on every printed page and the body wraps.
  EXPECT_NE(zip_part(path, "xl/workbook.xml").find("_xlnm.Print_Titles"), std::string::npos);
  EXPECT_NE(zip_part(path, "xl/styles.xml").find("wrapText=\"1\""), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::io
