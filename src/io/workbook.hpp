// A table file as a workbook: its sheets in order, each with its records and its merged cell
// ranges. An .xlsx gives every worksheet; a legacy .xls (Excel 97–2003) is read through
// libfreexl; CSV and tab-separated text give one sheet without a name. Sheet parsers call
// fill_merged so that a value merged over several cells counts for each of them (a 施策 merged
// down ten rows belongs to all ten).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "io/delimited.hpp"
#include "io/table_file.hpp"

namespace tsunagu::io {

// A rectangle of cells: lines as Record::line (spreadsheet row numbers), columns 0-based.
struct CellRange {
  int first_line = 0;
  int last_line = 0;
  int first_column = 0;
  int last_column = 0;
  bool covers(int line, int column) const {
    return line >= first_line && line <= last_line && column >= first_column &&
           column <= last_column;
  }
  friend bool operator==(const CellRange&, const CellRange&) = default;
};

// What is left of a workbook's cell slots and cell text (TableFileLimits::max_cells and
// max_cell_text_bytes); the readers and fill_merged spend from it as they go.
class CellBudget {
 public:
  explicit CellBudget(const TableFileLimits& limits)
      : cells_(limits.max_cells), bytes_(limits.max_cell_text_bytes) {}
  // False, spending nothing, when either is more than is left.
  bool spend(std::size_t cells, std::size_t bytes) {
    if (cells > cells_ || bytes > bytes_) return false;
    cells_ -= cells;
    bytes_ -= bytes;
    return true;
  }

 private:
  std::size_t cells_;
  std::size_t bytes_;
};

struct Sheet {
  std::string name;  // empty for CSV and text
  bool hidden = false;
  std::vector<Record> records;
  std::vector<CellRange> merged;
};

struct Workbook {
  TableFormat format = TableFormat::kTsv;
  std::vector<Sheet> sheets;
};

// "A1" style column letters of a 0-based column: 0 → "A", 27 → "AB".
std::string column_letters(int column);

// "A5:B14" → the range; nullopt when malformed or past Excel's grid.
std::optional<CellRange> parse_cell_range(std::string_view ref);

// Every worksheet of an .xlsx with its merged ranges. Errors as read_xlsx, and "import.ods"
// for an OpenDocument spreadsheet (.ods), which is refused with how to save it as .xlsx.
Result<Workbook> read_xlsx_workbook(std::string_view bytes, const TableFileLimits& limits = {});

// Every sheet of a legacy .xls. libfreexl reports no merged ranges: a merged cell holds its
// value in its first cell only (docs/IMPORT.md says so). Errors "import.not_xls",
// "import.xls_password" (an encrypted workbook), "import.too_large".
Result<Workbook> read_xls_workbook(std::string_view bytes, const TableFileLimits& limits = {});

// Any supported file: .xlsx, .xls, CSV or tab-separated text (UTF-8 or CP932).
Result<Workbook> read_workbook(std::string_view bytes, std::string_view file_name,
                               const TableFileLimits& limits = {});

// The sheet's records in line order with each merged range's value (its top-left cell's) copied
// into every cell it covers. Records keep their lines; rows absent from the file stay absent; a
// range past the widest row is cut there. Error "import.too_large" when the filled cells would
// pass limits.max_cells or limits.max_cell_text_bytes (A1:XFD1048576 over a sheet of many rows).
Result<std::vector<Record>> fill_merged(const Sheet& sheet, const TableFileLimits& limits = {});

}  // namespace tsunagu::io
