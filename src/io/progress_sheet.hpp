// Reader for a progress sheet 進行管理シート in the form of Ena's (seed 003): a header row naming
// 具体的な取り組み / 事業 / 担当課 / 内容 / R6評価 / R6実施内容 / R7実施予定 (columns found by
// their header, so their order may differ), category rows "(1)住居・就労の確保など", one row per
// project, and optionally the sheet's own tally ("A(予定通り進行) 9事業", " 12事業").
// Works on records, so TSV, CSV (UTF-8 or CP932) and xlsx share it (see table_file.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "core/result.hpp"
#include "io/delimited.hpp"

namespace tsunagu::io {

struct SheetProject {
  int line = 0;
  int category_no = 0;  // 0 when the sheet has no category rows
  int no = 0;
  std::string name;
  std::vector<std::string> departments;
  std::string content;
  ProgressContent progress;  // grade, 実施内容, 次年度実施予定
};

struct SheetCategory {
  int line = 0;
  int no = 0;
  std::string name;
};

struct ProgressSheet {
  std::string title;      // the first line of text, if any
  FiscalYear year{2024};  // from the header (R6評価)
  std::vector<SheetCategory> categories;
  std::vector<SheetProject> projects;
  // The sheet's own tally, when present: code → count, and its total.
  std::vector<std::pair<std::string, int>> stated_tally;
  std::optional<int> stated_total;
  // Differences between the stated tally and the rows (the import reports them).
  std::vector<std::string> tally_mismatches;
};

// Errors (all with line numbers): "import.bad_header" (no header row with 事業 and 担当課, or
// an evaluation column for another year than `year`), "import.bad_row" (a row without a
// project name, an unknown grade, a duplicate number), "import.no_table".
Result<ProgressSheet> parse_progress_sheet(const std::vector<Record>& records,
                                           const EvaluationScale& scale, FiscalYear year);

}  // namespace tsunagu::io
