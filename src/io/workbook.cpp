#include "io/workbook.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "core/text.hpp"

namespace tsunagu::io {
namespace {

constexpr int kMaxColumns = 16384;  // XFD, the last column of Excel's grid
constexpr int kMaxLines = 1048576;  // the last row of Excel's grid

}  // namespace

std::string column_letters(int column) {
  std::string letters;
  for (int n = column + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters;
}

std::optional<CellRange> parse_cell_range(std::string_view ref) {
  auto cell = [](std::string_view s) -> std::optional<std::pair<int, int>> {
    int column = 0;
    std::size_t i = 0;
    while (i < s.size() && s[i] >= 'A' && s[i] <= 'Z') {
      column = column * 26 + (s[i] - 'A' + 1);
      if (column > kMaxColumns) return std::nullopt;
      ++i;
    }
    if (i == 0 || i == s.size()) return std::nullopt;
    int line = 0;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      line = line * 10 + (s[i] - '0');
      if (line > kMaxLines) return std::nullopt;
    }
    if (line == 0) return std::nullopt;
    return std::pair{line, column - 1};
  };
  auto colon = ref.find(':');
  auto first = cell(ref.substr(0, colon));
  auto last = colon == std::string_view::npos ? first : cell(ref.substr(colon + 1));
  if (!first || !last || last->first < first->first || last->second < first->second)
    return std::nullopt;
  return CellRange{first->first, last->first, first->second, last->second};
}

Result<Workbook> read_workbook(std::string_view bytes, std::string_view file_name,
                               const TableFileLimits& limits) {
  TableFormat format = detect_table_format(bytes, file_name);
  if (format == TableFormat::kXlsx) return read_xlsx_workbook(bytes, limits);
  if (format == TableFormat::kXls) return read_xls_workbook(bytes, limits);
  auto records = read_table_file(bytes, file_name, limits);
  if (!records) return records.error();
  Workbook book;
  book.format = format;
  book.sheets.push_back({"", false, std::move(*records), {}});
  return book;
}

Result<std::vector<Record>> fill_merged(const Sheet& sheet, const TableFileLimits& limits) {
  std::vector<Record> records = sheet.records;
  auto by_line = [](const Record& a, const Record& b) { return a.line < b.line; };
  if (!std::is_sorted(records.begin(), records.end(), by_line))
    std::stable_sort(records.begin(), records.end(), by_line);
  std::size_t width = 0;
  for (const auto& r : records) width = std::max(width, r.cells.size());
  auto at_line = [&](int line) {
    return std::lower_bound(records.begin(), records.end(), line,
                            [](const Record& r, int l) { return r.line < l; });
  };
  // The copy counts too: the sheet and its filled copy stay within twice the limits.
  CellBudget budget(limits);
  for (const auto& r : records) {
    std::size_t bytes = 0;
    for (const auto& c : r.cells) bytes += c.size();
    if (!budget.spend(r.cells.size() + 1, bytes))
      return make_error(ErrorKind::kInvalid, "import.too_large",
                        "シートが大きすぎて結合セルを読み込めません。");
  }
  for (const auto& range : sheet.merged) {
    auto top = at_line(range.first_line);
    if (top == records.end() || top->line != range.first_line) continue;
    const auto first = static_cast<std::size_t>(range.first_column);
    if (first >= top->cells.size() || trim(top->cells[first]).empty()) continue;
    const std::string value = top->cells[first];
    const auto last = std::min(static_cast<std::size_t>(range.last_column), width - 1);
    for (auto it = top; it != records.end() && it->line <= range.last_line; ++it) {
      const std::size_t grown = it->cells.size() <= last ? last + 1 - it->cells.size() : 0;
      if (!budget.spend(grown, value.size() * (last + 1 - first))) {
        return make_error(ErrorKind::kInvalid, "import.too_large",
                          "結合セル " + column_letters(range.first_column) +
                              std::to_string(range.first_line) + ":" +
                              column_letters(range.last_column) + std::to_string(range.last_line) +
                              " が大きすぎて読み込めません。結合を解除して保存し直してください。");
      }
      if (grown > 0) it->cells.resize(last + 1);
      for (std::size_t c = first; c <= last; ++c) it->cells[c] = value;
    }
  }
  return records;
}

}  // namespace tsunagu::io
