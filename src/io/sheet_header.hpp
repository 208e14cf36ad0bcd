// Finding the header row of a sheet and giving each column its role (progress_sheet.cpp's
// first step). Internal to io/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "io/delimited.hpp"
#include "io/progress_sheet.hpp"
#include "io/workbook.hpp"

namespace tsunagu::io::detail {

// How many rows with text are searched for the header.
inline constexpr int kHeaderSearchRows = 30;

struct FoundHeader {
  int line = 0;
  std::size_t data_from = 0;  // index in the records of the first row below the header
  std::vector<SheetColumn> columns;
  std::string title;  // the first single-cell line above the header
  std::vector<ErrorDetail> problems;
  std::string code;                  // the first problem's code
  std::vector<SheetRole> ambiguous;  // roles two columns claimed (already reported)
};

// The header row of `records` (merged cells filled) or, when none is recognised, nullopt with
// `why` saying what the closest row lacked.
std::optional<FoundHeader> find_header(const Sheet& sheet, const std::vector<Record>& records,
                                       const SheetOptions& options, std::string& why);

// "C列「達成度」".
std::string column_name(const SheetColumn& column);

}  // namespace tsunagu::io::detail
