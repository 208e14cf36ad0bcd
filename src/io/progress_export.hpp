// Writes a year's progress sheet 進行管理シート as staff print and file it, in the layout the
// importer reads (so an export imports back to the same entries): a title, the header row
// (基本目標 / 基本方針 / 具体的な取り組み / 事業 / 担当課 / 内容 / R6評価 / R6実施内容 /
// R7実施予定), category rows, one row per project, and the tally block at the end.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/progress.hpp"
#include "core/result.hpp"
#include "io/table_file.hpp"

namespace tsunagu::io {

struct ProgressSheetRow {
  std::string category;  // "(1)住居・就労の確保など"; a new value starts a category row
  int no = 0;
  std::string code;  // the number as the city writes it, when it has one ("0704-01")
  std::string name;
  std::vector<std::string> departments;
  std::string content;
  ProgressContent progress;
  std::vector<std::pair<std::string, std::string>> extras;  // extra field name → value
};

struct ProgressSheetData {
  std::string title;  // e.g. "第1次再犯防止推進計画 進行管理シート（令和6年度）"
  FiscalYear year{2024};
  EvaluationScale scale = EvaluationScale::ena_default();
  std::vector<ProgressSheetRow> rows;  // in print order
  // The extra fields the year's sheet carried (妥当性, 計画目標 …): one column each, after the
  // plan's own columns, in the order first met.
  std::vector<std::string> extra_names;
};

// The sheet as rows of cells (shared by the CSV and xlsx writers).
std::vector<std::vector<std::string>> progress_sheet_cells(const ProgressSheetData& data);

// Writes an .xlsx at `path`: Japanese headers, wrapped text, A4 landscape fitted to the page
// width, header row repeated on every printed page, frozen header, autofilter, tally block.
// Error "export.failed" when the file cannot be written.
Status write_progress_xlsx(const ProgressSheetData& data, const std::string& path);

enum class CsvEncoding { kUtf8Bom, kCp932 };

struct CsvExport {
  std::string bytes;
  std::vector<std::string> unmappable;  // CP932 only: each character that became '?'
};

CsvExport progress_csv(const ProgressSheetData& data, CsvEncoding encoding);

}  // namespace tsunagu::io
