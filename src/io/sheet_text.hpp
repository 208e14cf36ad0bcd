// Small readers of cell text the sheet parsers share: headers compared without width or
// spaces, small numbers, numbered headings such as "(1)住居…" or "1．住居…", and the error
// a sheet's problems make. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace tsunagu::io {

// Width folded, every kind of white space (line breaks inside a cell too) removed: how header
// texts, and a typed --column header, are compared.
std::string compact_header(std::string_view s);

// A whole number 0 … 100000, width folded; nullopt for anything else.
std::optional<int> parse_small_int(std::string_view text);

// "(1)住居・就労の確保など", "（1）…" → {1, "住居・就労の確保など"}; unless `bracketed_only`,
// also "1 住居…", "1．住居…", "第1 住居…" (the name then width-folded).
std::optional<std::pair<int, std::string>> parse_numbered_heading(std::string_view text,
                                                                  bool bracketed_only);

// 「評価表」「説明」 for a list of sheet names.
std::string quoted_names(const std::vector<std::string>& names);

// A sheet's problems as one error: the problem itself when there is one ("12行目 C列: …"),
// else how many there are; every problem kept in the details. `code` empty: "import.bad_row".
Error problems_error(const std::vector<ErrorDetail>& problems, std::string_view code);

}  // namespace tsunagu::io
