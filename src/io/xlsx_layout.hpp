// How tall a row of wrapped text must be for every word to show when printed. libxlsxwriter
// cannot measure text, and LibreOffice keeps a row's stored height when it prints, so an export
// that leaves heights to the reader cuts long 内容 and 実施内容 off at the cell edge. The
// estimate counts a full-width character as two units of the column width (a half-width one as
// one) and a line as 15 points for an 11-point font. Pure and thread-safe.
#pragma once

#include <string_view>
#include <vector>

namespace tsunagu::io {

// Display units of `text` in a cell: 2 for a full-width character, 1 for ASCII and half-width
// katakana. Line breaks are not counted.
int display_units(std::string_view text);

// Lines a wrapped cell of `column_width` (Excel's character units) needs for `text`.
int wrapped_lines(std::string_view text, double column_width);

// The row height in points for cells `texts` under columns `widths`: the tallest cell's lines
// × 15 pt plus padding, at least 15 pt, at most 409 pt (Excel's limit).
double row_height_points(const std::vector<std::string_view>& texts,
                         const std::vector<double>& widths);

}  // namespace tsunagu::io
