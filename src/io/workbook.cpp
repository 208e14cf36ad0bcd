#include "io/workbook.hpp"

#include <freexl.h>
#include <unistd.h>

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

Error not_xls(std::string why) {
  return make_error(ErrorKind::kInvalid, "import.not_xls",
                    "Excel 97-2003 ファイル（.xls）として読み取れません（" + why + "）。");
}

// freexl reads from a path only: the bytes go to a private temporary file, removed at once
// after opening (the handle keeps its own descriptor).
class TemporaryFile {
 public:
  explicit TemporaryFile(std::string_view bytes) {
    std::string dir = std::filesystem::temp_directory_path().string();
    path_ = dir + "/tsunagu-xls-XXXXXX";
    int fd = ::mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
      return;
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
      if (n <= 0) break;
      written += static_cast<std::size_t>(n);
    }
    ::close(fd);
    ok_ = written == bytes.size();
  }
  ~TemporaryFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  bool ok() const { return ok_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool ok_ = false;
};

struct XlsCloser {
  void operator()(const void* handle) const { freexl_close(handle); }
};

// A number as a spreadsheet shows it in a general cell: 12, 12.5, never 12.000000.
std::string number_text(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", v);
  return buffer;
}

Result<Sheet> read_xls_sheet(const void* handle, unsigned short index,
                             const TableFileLimits& limits, std::size_t& budget) {
  Sheet sheet;
  const char* name = nullptr;
  if (freexl_get_worksheet_name(handle, index, &name) != FREEXL_OK ||
      freexl_select_active_worksheet(handle, index) != FREEXL_OK) {
    return not_xls("シートを開けません");
  }
  sheet.name = name != nullptr ? name : "";
  unsigned int rows = 0;
  unsigned short columns = 0;
  if (freexl_worksheet_dimensions(handle, &rows, &columns) != FREEXL_OK)
    return not_xls("シートの大きさがわかりません");
  if (rows > limits.max_rows)
    return make_error(ErrorKind::kInvalid, "import.too_large", "Excel ファイルの行が多すぎます。");
  for (unsigned int row = 0; row < rows; ++row) {
    Record record{static_cast<int>(row) + 1, {}};
    for (unsigned short column = 0; column < columns; ++column) {
      FreeXL_CellValue value;
      if (freexl_get_cell_value(handle, row, column, &value) != FREEXL_OK) continue;
      std::string text;
      switch (value.type) {
        case FREEXL_CELL_INT:
          text = std::to_string(value.value.int_value);
          break;
        case FREEXL_CELL_DOUBLE:
          text = number_text(value.value.double_value);
          break;
        case FREEXL_CELL_TEXT:
        case FREEXL_CELL_SST_TEXT:
        case FREEXL_CELL_DATE:
        case FREEXL_CELL_DATETIME:
        case FREEXL_CELL_TIME:
          text = value.value.text_value != nullptr ? value.value.text_value : "";
          break;
        default:
          break;
      }
      if (text.empty()) continue;
      if (text.size() > limits.max_cell_bytes)
        return make_error(ErrorKind::kInvalid, "import.cell_too_large",
                          std::to_string(row + 1) + "行目: セルが 64KiB を超えています。");
      if (find_invalid_utf8(text)) return not_xls("文字が壊れています");
      if (text.size() > budget)
        return make_error(ErrorKind::kInvalid, "import.too_large",
                          "Excel ファイルの中身が大きすぎます。");
      budget -= text.size();
      record.cells.resize(static_cast<std::size_t>(column) + 1);
      record.cells[column] = std::move(text);
    }
    if (!record.cells.empty()) sheet.records.push_back(std::move(record));
  }
  return sheet;
}

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

Result<Workbook> read_xls_workbook(std::string_view bytes, const TableFileLimits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return make_error(ErrorKind::kInvalid, "import.too_large", "ファイルが大きすぎます。");
  TemporaryFile file(bytes);
  if (!file.ok()) return not_xls("一時ファイルを書けません");
  const void* raw = nullptr;
  int opened = freexl_open(file.path().c_str(), &raw);
  std::unique_ptr<const void, XlsCloser> handle(raw);
  if (opened != FREEXL_OK) return not_xls("壊れているか、Excel 97-2003 形式ではありません");
  unsigned int info = 0;
  if (freexl_get_info(raw, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
      info == FREEXL_BIFF_OBFUSCATED) {
    return make_error(ErrorKind::kInvalid, "import.xls_password",
                      "パスワードで保護された .xls ファイルは読み込めません。Excel で保護を解除して"
                      "から保存し直してください。");
  }
  unsigned int count = 0;
  if (freexl_get_info(raw, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count == 0)
    return not_xls("シートがありません");
  Workbook book;
  book.format = TableFormat::kXls;
  std::size_t budget = limits.max_total_bytes;
  for (unsigned int i = 0; i < count && i < 1024; ++i) {
    auto sheet = read_xls_sheet(raw, static_cast<unsigned short>(i), limits, budget);
    if (!sheet) return sheet.error();
    book.sheets.push_back(std::move(*sheet));
  }
  return book;
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

std::vector<Record> fill_merged(const Sheet& sheet) {
  std::vector<Record> records = sheet.records;
  std::size_t width = 0;  // a range past the widest row is cut there (A1:XFD1 fills no more)
  for (const auto& r : records) width = std::max(width, r.cells.size());
  auto at_line = [&](int line) {
    return std::lower_bound(records.begin(), records.end(), line,
                            [](const Record& r, int l) { return r.line < l; });
  };
  for (const auto& range : sheet.merged) {
    auto top = at_line(range.first_line);
    if (top == records.end() || top->line != range.first_line) continue;
    const auto first = static_cast<std::size_t>(range.first_column);
    if (first >= top->cells.size() || trim(top->cells[first]).empty()) continue;
    const std::string value = top->cells[first];
    for (auto it = top; it != records.end() && it->line <= range.last_line; ++it) {
      auto last = std::min(static_cast<std::size_t>(range.last_column), width - 1);
      if (it->cells.size() <= last) it->cells.resize(last + 1);
      for (std::size_t c = first; c <= last; ++c) it->cells[c] = value;
    }
  }
  return records;
}

}  // namespace tsunagu::io
