// Reads a table file as staff save it from Excel: .xlsx, CSV or tab-separated text, in UTF-8
// (with or without BOM) or CP932 (what Excel writes for CSV in Japan). The result is records
// with line numbers (spreadsheet row numbers for .xlsx), ready for a sheet parser.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "io/delimited.hpp"

namespace tsunagu::io {

enum class TableFormat { kXlsx, kXls, kCsv, kTsv };

struct TableFileLimits {
  std::size_t max_file_bytes = 32 * 1024 * 1024;
  std::size_t max_xml_bytes = 64 * 1024 * 1024;     // one part of an .xlsx, uncompressed
  std::size_t max_total_bytes = 128 * 1024 * 1024;  // all parts read, uncompressed
  std::size_t max_cell_bytes = 64 * 1024;
  std::size_t max_rows = 200000;
  // Cell slots of a workbook (a row holding only XFD1 has 16,384), those a merged range fills
  // included, and the text they hold: a hostile file is refused before it fills the memory.
  std::size_t max_cells = 8'000'000;
  std::size_t max_cell_text_bytes = 256 * 1024 * 1024;
  std::size_t max_merged_ranges = 200'000;
};

// The format from the first bytes (a zip is .xlsx, an OLE2 compound file is .xls) and, for text,
// from the file name's extension, else from whether the first lines hold tabs or commas.
TableFormat detect_table_format(std::string_view bytes, std::string_view file_name);

// Text as UTF-8: a UTF-8 BOM is dropped; text that is not valid UTF-8 is decoded as CP932.
// Error "import.bad_encoding" (neither UTF-8 nor CP932) naming the line.
Result<std::string> decode_text(std::string_view bytes);

// UTF-8 → CP932 for exports. Characters CP932 cannot hold (外字 outside it, emoji…) are
// replaced by '?'; variation selectors (which CP932 has no way to express) are left out, the
// base character kept. Every one of these is listed in `unmappable` with its line.
struct Cp932Result {
  std::string bytes;
  std::vector<std::string> unmappable;  // "3行目: 𠮷 (U+20BB7)"
};
Cp932Result encode_cp932(std::string_view utf8);

// Reads the first worksheet of an .xlsx. Errors "import.not_xlsx" (not a readable workbook),
// "import.too_large" (a part or the whole expands past the limits: a zip bomb is refused
// before it is inflated), "import.cell_too_large".
Result<std::vector<Record>> read_xlsx(std::string_view bytes, const TableFileLimits& limits = {});

// Any of the above (the first sheet of a workbook, .xls too). Errors as read_xlsx, decode_text
// and read_delimited.
Result<std::vector<Record>> read_table_file(std::string_view bytes, std::string_view file_name,
                                            const TableFileLimits& limits = {});

}  // namespace tsunagu::io
