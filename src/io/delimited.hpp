// Reader for tab- or comma-separated text as Excel writes it: optional UTF-8 BOM, LF or CRLF
// line ends, cells quoted with "…" when they hold a delimiter, a quote or a line break ("" is a
// quote inside). A cell that does not start with a quote is taken literally, quotes included,
// except the apostrophe write_delimited puts before a formula-like cell, which is removed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace tsunagu::io {

struct Record {
  int line = 0;  // 1-based line on which the record starts
  std::vector<std::string> cells;
  bool blank() const;  // every cell empty after trimming
};

struct DelimitedOptions {
  char delimiter = '\t';
  std::size_t max_cell_bytes = 64 * 1024;  // a larger cell is refused
  std::size_t max_cells_per_record = 1024;
};

// Splits `text` into records. The whole input is checked before anything is returned:
// errors "import.binary" (a NUL byte), "import.not_utf8" (ill-formed UTF-8; convert CP932 files
// first), "import.cell_too_large", "import.unclosed_quote" (the file ends inside a quoted cell:
// usually a truncated file), "import.bad_quote" (text after a closing quote). Each error names
// the line. Thread-safe; the result owns its strings.
Result<std::vector<Record>> read_delimited(std::string_view text, const DelimitedOptions& options);

// Writes rows as Excel does: CRLF line ends, a cell quoted when it holds the delimiter, a quote
// or a line break (quotes doubled). No BOM; the caller adds one for UTF-8 CSV. A cell that a
// spreadsheet would run as a formula goes out as text, behind an apostrophe (OWASP's advice on
// CSV injection): "=HYPERLINK(…)" is written "'=HYPERLINK(…)". read_delimited takes the
// apostrophe off again, so an exported file imports back unchanged.
std::string write_delimited(const std::vector<std::vector<std::string>>& rows, char delimiter);

// A cell that starts with = + - @, a tab or a CR, other than a plain number ("-5", "+3.5") or
// a lone sign ("-", the usual 該当なし).
bool looks_like_formula(std::string_view cell);

}  // namespace tsunagu::io
