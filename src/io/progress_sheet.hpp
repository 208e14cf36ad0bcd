// Reader for a progress sheet 進行管理シート in any city's layout. Ena's (seed 003) is one: a
// header row naming 具体的な取り組み / 事業 / 担当課 / 内容 / R6評価 / R6実施内容 / R7実施予定,
// category rows "(1)住居・就労の確保など", one row per project, and the sheet's own tally
// ("A(予定通り進行) 9事業"). Others put title rows and a criteria legend above the header, a
// 施策 column merged down its projects instead of category rows, project codes such as 0704-01,
// 達成度 1–5 and columns the plan has no field for (kept as extra fields).
//
// The header row is found among the first rows of the first sheet where one is recognised
// (sheet_columns.hpp gives the vocabulary; `SheetOptions::columns` names the rest). A header
// split over two rows (a year merged over 評価 and 実績) is read as one. Works on workbooks, so
// xlsx, xls, CSV (UTF-8 or CP932) and TSV share it (see workbook.hpp).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/progress.hpp"
#include "core/result.hpp"
#include "io/delimited.hpp"
#include "io/sheet_columns.hpp"
#include "io/workbook.hpp"

namespace tsunagu::io {

struct SheetOptions {
  FiscalYear year{2024};
  std::string sheet;  // empty: the first sheet whose header row is recognised
  // `sheet` is the plan's saved one, named after last year's file: a sheet of the same name
  // with the year imported (R6進行管理 → R7進行管理) is read instead, and with neither the
  // first recognised sheet, with a warning.
  bool sheet_saved = false;
  std::vector<ColumnChoice> columns;  // roles given explicitly (--column ROLE=HEADER)
};

struct SheetColumn {
  int index = 0;                  // 0-based; column_letters(index) is "A", "B", …
  std::string header;             // as written; two header rows joined with a space
  std::optional<SheetRole> role;  // nullopt: kept as an extra field under `header`
  bool chosen = false;            // the role came from SheetOptions::columns
  std::optional<FiscalYear> year;
  bool thousand_yen = true;  // budget columns: amounts in 千円 (false: in 円)
};

struct SheetProject {
  int line = 0;
  int category_no = 0;    // 0 when the sheet has no categories
  int no = 0;             // the number within the category (counted when the sheet has codes)
  std::string code;       // a number as written when it is not 1, 2, …: "0704-01"
  bool numbered = false;  // the sheet gave a number or a code (false: `no` is its position)
  std::string name;
  std::vector<std::string> departments;
  std::string content;
  ProgressContent progress;  // grade, 実施内容, 次年度, budgets
  std::vector<std::pair<std::string, std::string>> extras;  // column header → cell, in order
};

struct SheetCategory {
  int line = 0;
  int no = 0;
  std::string name;
};

struct ProgressSheet {
  std::string title;                     // the first line of text above the header, if any
  FiscalYear year{2024};                 // the year imported
  std::string sheet_name;                // the worksheet read ("" for CSV and text)
  std::vector<std::string> sheet_names;  // every sheet of the workbook
  int header_line = 0;
  std::vector<SheetColumn> columns;
  std::vector<SheetCategory> categories;
  std::vector<SheetProject> projects;
  // The sheet's own tally, when present: code → count, and its total.
  std::vector<std::pair<std::string, int>> stated_tally;
  std::optional<int> stated_total;
  // Differences between the stated tally and the rows, and other things the import reports
  // without refusing the file.
  std::vector<std::string> tally_mismatches;
  std::vector<std::string> warnings;

  // The headers of the columns kept as extra fields, in column order.
  std::vector<std::string> extra_names() const;
};

// What was read, problems included, for the preview: `sheet` holds what could be read.
struct SheetReading {
  ProgressSheet sheet;
  bool header_found = false;
  std::vector<ErrorDetail> problems;  // line and column ("C列") of each
  std::string code;                   // the first problem's error code
  Error error() const;                // one error carrying every problem
};

SheetReading read_progress_sheet(const Workbook& book, const EvaluationScale& scale,
                                 const SheetOptions& options);

// Errors (all with lines and columns): "import.no_table" (no sheet with a recognised header
// row), "import.no_sheet" (`--sheet` names none), "import.bad_header" (two columns for one
// role, a chosen header not found, a year that contradicts `year`), "import.merged_header",
// "import.bad_row" (a row without a project name, a grade off the scale, a duplicate number).
Result<ProgressSheet> parse_progress_sheet(const Workbook& book, const EvaluationScale& scale,
                                           const SheetOptions& options);

// One sheet of records, with the vocabulary alone.
Result<ProgressSheet> parse_progress_sheet(const std::vector<Record>& records,
                                           const EvaluationScale& scale, FiscalYear year);

}  // namespace tsunagu::io
