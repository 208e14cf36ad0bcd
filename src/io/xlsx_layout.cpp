#include "io/xlsx_layout.hpp"

#include <algorithm>
#include <cmath>

namespace tsunagu::io {
namespace {

constexpr double kLinePoints = 15.0;
constexpr double kPaddingPoints = 4.0;
constexpr double kMaxRowPoints = 409.0;

}  // namespace

int display_units(std::string_view text) {
  int units = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (c == '\n' || c == '\r') {
      // not counted
    } else if (c < 0x80) {
      units += 1;
    } else if (length == 3 && c == 0xEF && i + 2 < text.size()) {
      // U+FF61–U+FF9F, half-width katakana: EF BD A1..BF, EF BE 80..9F
      auto c1 = static_cast<unsigned char>(text[i + 1]);
      auto c2 = static_cast<unsigned char>(text[i + 2]);
      bool half = (c1 == 0xBD && c2 >= 0xA1) || (c1 == 0xBE && c2 <= 0x9F);
      units += half ? 1 : 2;
    } else {
      units += 2;
    }
    i += std::min(length, text.size() - i);
  }
  return units;
}

int wrapped_lines(std::string_view text, double column_width) {
  // A wrapped cell loses about a unit to its margins.
  const int per_line = std::max(1, static_cast<int>(std::floor(column_width)) - 1);
  int lines = 0;
  std::size_t start = 0;
  for (;;) {
    auto end = text.find('\n', start);
    std::string_view paragraph =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    int units = display_units(paragraph);
    lines += std::max(1, (units + per_line - 1) / per_line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

double row_height_points(const std::vector<std::string_view>& texts,
                         const std::vector<double>& widths) {
  int lines = 1;
  for (std::size_t i = 0; i < texts.size() && i < widths.size(); ++i) {
    if (!texts[i].empty()) lines = std::max(lines, wrapped_lines(texts[i], widths[i]));
  }
  return std::min(kMaxRowPoints, lines * kLinePoints + kPaddingPoints);
}

}  // namespace tsunagu::io
