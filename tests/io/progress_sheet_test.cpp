#include "io/progress_sheet.hpp"

#include <gtest/gtest.h>

#include <zip.h>

#include "io/progress_export.hpp"
#include "io/table_file.hpp"
#include "io/workbook.hpp"
#include "support/test_support.hpp"

namespace tsunagu::io {
namespace {

using tsunagu::testing::read_file;

std::string ena_sheet() {
  return read_file(std::filesystem::path(TSUNAGU_DEMO_DIR) / "progress_sheet_ena.tsv");
}

Result<ProgressSheet> parse(const std::string& bytes, const std::string& name = "sheet.tsv",
                            int year = 2024) {
  auto records = read_table_file(bytes, name);
  if (!records) return records.error();
  return parse_progress_sheet(*records, EvaluationScale::ena_default(), FiscalYear(year));
}

TEST(ProgressSheet, SeedHasFourCategoriesAndTwelveProjects) {
  auto sheet = parse(ena_sheet());
  ASSERT_TRUE(sheet.ok()) << sheet.error().message;
  EXPECT_EQ(sheet->title, "恵那市再犯防止推進計画 実施計画 進行管理シート");
  ASSERT_EQ(sheet->categories.size(), 4u);
  EXPECT_EQ(sheet->categories[0].no, 1);
  EXPECT_EQ(sheet->categories[0].name, "住居・就労の確保など");
  EXPECT_EQ(sheet->categories[3].name, "再犯防止の広報・啓発活動の推進");
  ASSERT_EQ(sheet->projects.size(), 12u);
  std::vector<ProgressContent> contents;
  for (const auto& p : sheet->projects) contents.push_back(p.progress);
  auto t = tally(EvaluationScale::ena_default(), contents);
  EXPECT_EQ(t.by_grade[0].second, 9);
  EXPECT_EQ(t.by_grade[1].second, 0);
  EXPECT_EQ(t.by_grade[2].second, 0);
  EXPECT_EQ(t.by_grade[3].second, 3);
  EXPECT_TRUE(sheet->tally_mismatches.empty());
  EXPECT_EQ(sheet->stated_total, 12);

  const auto& first = sheet->projects[0];
  EXPECT_EQ(first.category_no, 1);
  EXPECT_EQ(first.no, 1);
  EXPECT_EQ(first.name, "協力雇用主の支援・拡大及び求人情報の提供");
  EXPECT_EQ(first.departments, std::vector<std::string>{"商工課"});
  EXPECT_EQ(first.progress.grade, "D");
  EXPECT_EQ(first.progress.done, "該当事項なし");
  EXPECT_EQ(first.progress.next_plan, "社会福祉課等と連携をし、情報の共有を行っていく。");
  const auto& elderly = sheet->projects[4];
  EXPECT_EQ(elderly.category_no, 2);
  EXPECT_EQ(elderly.departments, std::vector<std::string>{"高齢福祉課 (地域包括支援センター)"});
  EXPECT_EQ(sheet->projects[6].departments, (std::vector<std::string>{"総務課", "社会福祉課"}));
}

TEST(ProgressSheet, TallyMismatchIsReported) {
  std::string bytes = ena_sheet();
  auto pos = bytes.find("A(予定通り進行) 9事業");
  bytes.replace(pos, std::string("A(予定通り進行) 9事業").size(), "A(予定通り進行) 8事業");
  auto sheet = parse(bytes);
  ASSERT_TRUE(sheet.ok());
  ASSERT_EQ(sheet->tally_mismatches.size(), 1u);
  EXPECT_NE(sheet->tally_mismatches[0].find("8事業"), std::string::npos);
}

TEST(ProgressSheet, BadInputIsRejectedWithLineAndReason) {
  auto code_and_line = [](const std::string& bytes, int year = 2024) {
    auto r = parse(bytes, "sheet.tsv", year);
    if (r.ok()) return std::string("ok");
    return r.error().code + "@" +
           std::to_string(r.error().details.empty() ? 0 : r.error().details[0].line);
  };
  std::string seed = ena_sheet();
  std::string unknown = seed;
  unknown.replace(unknown.find("D(その他)"), std::string("D(その他)").size(), "E(不明)");
  EXPECT_EQ(code_and_line(unknown), "import.bad_row@8");
  std::string nameless = seed;
  auto line9 = nameless.find("\t\t2\t生活困窮者自立支援事業の活用");
  nameless.replace(line9, std::string("\t\t2\t生活困窮者自立支援事業の活用").size(), "\t\t2\t");
  EXPECT_EQ(code_and_line(nameless), "import.bad_row@9");
  EXPECT_EQ(code_and_line(seed, 2023), "import.bad_header@5");  // R6 columns read as R5
  EXPECT_EQ(code_and_line("会議録\nこれは表ではありません。\n"), "import.no_table@0");
  std::string duplicate = seed;
  duplicate.replace(duplicate.find("\t\t2\t生活困窮者"), 4, "\t\t1\t");
  EXPECT_EQ(code_and_line(duplicate), "import.bad_row@9");
}

TEST(ProgressSheet, CsvInCp932AndUtf8WithBomReadTheSame) {
  auto sheet = parse(ena_sheet());
  ASSERT_TRUE(sheet.ok());
  ProgressSheetData data;
  data.title = "テスト";
  for (const auto& p : sheet->projects) {
    data.rows.push_back({"(" + std::to_string(p.category_no) + ")" +
                             sheet->categories[static_cast<std::size_t>(p.category_no - 1)].name,
                         p.no, "", p.name, p.departments, p.content, p.progress});
  }
  for (auto encoding : {CsvEncoding::kUtf8Bom, CsvEncoding::kCp932}) {
    auto csv = progress_csv(data, encoding);
    EXPECT_TRUE(csv.unmappable.empty());
    auto again = parse(csv.bytes, "sheet.csv");
    ASSERT_TRUE(again.ok()) << again.error().message;
    ASSERT_EQ(again->projects.size(), 12u);
    for (std::size_t i = 0; i < 12; ++i) {
      EXPECT_EQ(again->projects[i].name, sheet->projects[i].name);
      EXPECT_EQ(again->projects[i].departments, sheet->projects[i].departments);
      EXPECT_EQ(again->projects[i].progress, sheet->projects[i].progress);
    }
    EXPECT_EQ(again->categories.size(), 4u);
  }
  EXPECT_EQ(progress_csv(data, CsvEncoding::kUtf8Bom).bytes.substr(0, 3), "\xEF\xBB\xBF");
}

TEST(ProgressSheet, XlsxExportReadsBackTheSame) {
  auto sheet = parse(ena_sheet());
  ASSERT_TRUE(sheet.ok());
  ProgressSheetData data;
  data.title = "進行管理シート";
  for (const auto& p : sheet->projects)
    data.rows.push_back({"(" + std::to_string(p.category_no) + ")x", p.no, "", p.name,
                         p.departments, p.content, p.progress});
  tsunagu::testing::TempDir dir;
  ASSERT_TRUE(write_progress_xlsx(data, (dir / "out.xlsx").string()).ok());
  auto bytes = read_file(dir / "out.xlsx");
  EXPECT_EQ(detect_table_format(bytes, "whatever"), TableFormat::kXlsx);
  auto again = parse(bytes, "out.xlsx");
  ASSERT_TRUE(again.ok()) << again.error().message;
  ASSERT_EQ(again->projects.size(), 12u);
  for (std::size_t i = 0; i < 12; ++i)
    EXPECT_EQ(again->projects[i].progress, sheet->projects[i].progress);
  EXPECT_EQ(again->stated_total, 12);
  EXPECT_TRUE(again->tally_mismatches.empty());
}

TEST(TableFile, Cp932ExportListsWhatItCannotRepresent) {
  auto r = encode_cp932("保護司 𠮷野\n葛\xF3\xA0\x84\x80飾 ①");
  EXPECT_EQ(r.unmappable.size(), 2u);  // 𠮷 and the variation selector; ① is in CP932
  EXPECT_NE(r.unmappable[0].find("U+20BB7"), std::string::npos);
  EXPECT_NE(r.unmappable[1].find("2行目: U+E0100"), std::string::npos);
  auto back = decode_text(r.bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, "保護司 ?野\n葛飾 ①");
}

TEST(TableFile, ShiftJisTextIsDecodedAndGarbageIsRefused) {
  auto sjis = encode_cp932("担当課,事業\n社会福祉課,生活保護\n").bytes;
  auto text = decode_text(sjis);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "担当課,事業\n社会福祉課,生活保護\n");
  auto bad = decode_text(std::string("ok\n\x81\x20\xff\xfe", 6));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "import.bad_encoding");
}

std::string make_zip(const std::vector<std::pair<std::string, std::string>>& parts) {
  tsunagu::testing::TempDir dir;
  auto path = (dir / "x.zip").string();
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  // libzip reads the buffers at zip_close(), so they live until then.
  std::vector<std::string> buffers;
  buffers.reserve(parts.size());
  for (const auto& [name, data] : parts) {
    buffers.push_back(data);
    zip_source_t* src = zip_source_buffer(z, buffers.back().data(), buffers.back().size(), 0);
    zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE);
  }
  zip_close(z);
  return read_file(path);
}

TEST(TableFile, ZipBombPosingAsXlsxIsRefusedBeforeInflating) {
  const std::string workbook =
      R"(<workbook xmlns:r="r"><sheets><sheet name="s" r:id="rId1"/></sheets></workbook>)";
  const std::string rels =
      R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)";
  std::string bomb = make_zip({{"xl/workbook.xml", workbook},
                               {"xl/_rels/workbook.xml.rels", rels},
                               {"xl/worksheets/sheet1.xml", std::string(80u * 1024 * 1024, ' ')}});
  EXPECT_LT(bomb.size(), 1024u * 1024);  // tiny on disk
  auto r = read_table_file(bomb, "bomb.xlsx");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "import.too_large");
}

TEST(TableFile, NotASpreadsheetIsRefused) {
  auto zip = make_zip({{"hello.txt", "hi"}});
  auto r = read_table_file(zip, "fake.xlsx");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "import.not_xlsx");
  auto png = read_table_file(std::string("\x89PNG\r\n\x1a\n\0\0\0", 11), "image.png");
  ASSERT_FALSE(png.ok());
  EXPECT_EQ(png.error().code, "import.binary");
  auto truncated = read_table_file(zip.substr(0, zip.size() / 2), "cut.xlsx");
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().code, "import.not_xlsx");
}

// A one-sheet workbook around `sheet_xml` (and `shared` as its shared strings, if any).
std::string workbook_with(const std::string& sheet_xml, const std::string& shared = "") {
  std::vector<std::pair<std::string, std::string>> parts = {
      {"xl/workbook.xml",
       R"(<workbook xmlns:r="r"><sheets><sheet name="s" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)"},
      {"xl/worksheets/sheet1.xml", sheet_xml}};
  if (!shared.empty()) parts.emplace_back("xl/sharedStrings.xml", shared);
  return make_zip(parts);
}

// Small files whose cells, strings or merged ranges would fill the memory are refused while
// they are read, under the same limits a server uses (lowered here so the test stays small).
TEST(TableFile, AHostileWorkbookIsRefusedBeforeItFillsTheMemory) {
  TableFileLimits limits;
  limits.max_cells = 1'000'000;
  limits.max_merged_ranges = 10;
  std::string wide = "<worksheet><sheetData>";
  for (int r = 1; r <= 100; ++r) {
    wide += "<row r=\"" + std::to_string(r) + "\"><c r=\"XFD" + std::to_string(r) +
            "\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
  }
  wide += "</sheetData></worksheet>";
  auto cells = read_xlsx_workbook(workbook_with(wide), limits);  // 1,638,400 cell slots
  ASSERT_FALSE(cells.ok());
  EXPECT_EQ(cells.error().code, "import.too_large");
  EXPECT_TRUE(read_xlsx_workbook(workbook_with(wide)).ok()) << "within the default limits";

  std::string merges = "<worksheet><sheetData/><mergeCells>";
  for (int i = 1; i <= 11; ++i)
    merges += "<mergeCell ref=\"A" + std::to_string(i) + ":B" + std::to_string(i) + "\"/>";
  merges += "</mergeCells></worksheet>";
  auto merged = read_xlsx_workbook(workbook_with(merges), limits);
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.error().code, "import.too_large");

  // One long shared string used by every cell is refused once, not copied into each.
  std::string many = "<worksheet><sheetData><row r=\"1\">";
  for (int c = 0; c < 200; ++c) many += "<c t=\"s\"><v>0</v></c>";
  many += "</row></sheetData></worksheet>";
  auto shared = read_xlsx_workbook(
      workbook_with(many, "<sst><si><t>" + std::string(70 * 1024, 'x') + "</t></si></sst>"));
  ASSERT_FALSE(shared.ok());
  EXPECT_EQ(shared.error().code, "import.cell_too_large");

  auto past_grid = read_xlsx_workbook(workbook_with(
      R"(<worksheet><sheetData><row r="4294967297"><c><v>1</v></c></row></sheetData></worksheet>)"));
  ASSERT_FALSE(past_grid.ok());
  EXPECT_EQ(past_grid.error().code, "import.not_xlsx");
}

// A merged range covers the cells it names, in line order whatever order the rows came in, and
// one that would fill more than the limit (A1:XFD1048576 over many rows) is refused.
TEST(Workbook, FillMergedFollowsLinesAndStopsAtTheLimit) {
  Sheet sheet;
  sheet.records = {{3, {"", "c"}}, {1, {"施策1", "a"}}, {2, {"", "b"}}};
  sheet.merged = {{1, 3, 0, 0}};
  auto filled = fill_merged(sheet);
  ASSERT_TRUE(filled.ok()) << filled.error().message;
  ASSERT_EQ(filled->size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ((*filled)[i].line, i + 1);
    EXPECT_EQ((*filled)[i].cells[0], "施策1");
  }

  Sheet hostile;
  hostile.records.push_back({1, std::vector<std::string>(16384, "")});
  hostile.records[0].cells[0] = "x";
  for (int line = 2; line <= 2000; ++line) hostile.records.push_back({line, {"y"}});
  hostile.merged = {*parse_cell_range("A1:XFD1048576")};
  TableFileLimits limits;
  limits.max_cells = 1'000'000;
  auto refused = fill_merged(hostile, limits);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "import.too_large");
  EXPECT_NE(refused.error().message.find("A1:XFD1048576"), std::string::npos);
}

TEST(SheetColumns, AHeaderFoldsItsYearAndUnitInEitherOrder) {
  const FiscalYear r6(2024);
  for (const char* header : {"予算額（千円）（R6）", "予算額(R6)(千円)", "R6予算額（千円）",
                             "令和6年度予算額", "予算額（令和6年度）"}) {
    HeaderKey h = fold_header(header, r6);
    EXPECT_EQ(h.key, "予算額") << header;
    EXPECT_EQ(h.year, r6) << header;
    EXPECT_TRUE(h.thousand_yen) << header;
  }
  HeaderKey yen = fold_header("決算額（円）（R5）", r6);
  EXPECT_EQ(yen.key, "決算額");
  EXPECT_EQ(yen.year, FiscalYear(2023));
  EXPECT_FALSE(yen.thousand_yen);
}

// A plan's saved sheet is named after last year's file; this year's file names its sheet after
// this year. An explicit --sheet is taken as typed.
TEST(ProgressSheet, ASavedSheetNameFindsThisYearsSheet) {
  const std::vector<Record> table = {{1, {"事業名", "担当課", "評価"}},
                                     {2, {"就労相談", "産業振興課", "A"}}};
  const std::vector<Record> other = {{1, {"事業名", "担当課", "評価"}},
                                     {2, {"別の表の事業", "福祉課", "B"}}};
  Workbook book;
  book.format = TableFormat::kXlsx;
  book.sheets = {{"一覧", false, other, {}}, {"R7進行管理", false, table, {}}};
  SheetOptions options;
  options.year = FiscalYear(2025);
  options.sheet = "R6進行管理";
  options.sheet_saved = true;
  auto scale = EvaluationScale::ena_default();
  auto saved = read_progress_sheet(book, scale, options);
  ASSERT_TRUE(saved.problems.empty()) << saved.error().message;
  EXPECT_EQ(saved.sheet.sheet_name, "R7進行管理");
  ASSERT_EQ(saved.sheet.projects.size(), 1u);
  EXPECT_EQ(saved.sheet.projects[0].name, "就労相談");

  options.sheet_saved = false;
  auto typed = read_progress_sheet(book, scale, options);
  EXPECT_EQ(typed.code, "import.no_sheet");

  // With neither sheet in the file, the first recognised one is read and the user told.
  options.sheet_saved = true;
  options.sheet = "進行管理";
  auto fallback = read_progress_sheet(book, scale, options);
  EXPECT_EQ(fallback.sheet.sheet_name, "一覧");
  ASSERT_EQ(fallback.sheet.warnings.size(), 1u);
  EXPECT_NE(fallback.sheet.warnings[0].find("前回のシート「進行管理」"), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::io

namespace tsunagu::io {
namespace {

TEST(TableFile, AnOdsFileIsRefusedWithHowToSaveItAsXlsx) {
  auto book = read_workbook(tsunagu::testing::read_file(tsunagu::testing::test_data(
                                "progress_sheet/refused_ods/input.ods")),
                            "評価表.ods");
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.error().code, "import.ods");
  EXPECT_NE(book.error().message.find("Excel 2007-365 (.xlsx)"), std::string::npos);
}

// libfreexl 1.0.6 reads past a buffer on this file (found by fuzz/progress_sheet_fuzz.cpp): the
// reading child absorbs it and the upload is refused; the process that asked goes on.
TEST(TableFile, AnXlsThatBreaksLibfreexlIsRefusedAndThisProcessGoesOn) {
  const std::string bad = tsunagu::testing::read_file(
      tsunagu::testing::test_data("progress_sheet/broken_xls_that_crashes_libfreexl/input.xls"));
  for (int i = 0; i < 3; ++i) {
    auto book = read_workbook(bad, "old.xls");
    ASSERT_FALSE(book.ok());
    EXPECT_EQ(book.error().code, "import.not_xls");
  }
  auto good = read_workbook(tsunagu::testing::read_file(
                                tsunagu::testing::test_data("progress_sheet/legacy_xls/input.xls")),
                            "old.xls");
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(good->sheets.size(), 2u);
}

}  // namespace
}  // namespace tsunagu::io
