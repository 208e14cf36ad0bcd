#include "web/chart.hpp"

#include <algorithm>

namespace tsunagu::web {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The <svg> element's opening, with the <title> and <desc> it is labelled by.
std::string chart_svg_open(const std::string& id, const std::string& title, const std::string& desc,
                           int width, int height) {
  const std::string title_id = id + "-title", desc_id = id + "-desc";
  return "<svg class=\"chart\" role=\"img\" aria-labelledby=\"" + title_id + " " + desc_id +
         "\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
         "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
         "\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"" + title_id + "\">" + escape(title) +
         "</title><desc id=\"" + desc_id + "\">" + escape(desc) + "</desc>";
}

}  // namespace

std::string bar_chart_svg(const std::string& id, const std::string& title,
                          const std::vector<Bar>& bars) {
  constexpr int kLabelWidth = 260, kBarArea = 360, kRow = 30, kTop = 8;
  int max_value = 1;
  for (const auto& b : bars) max_value = std::max(max_value, b.value);
  const int height = kTop * 2 + kRow * static_cast<int>(bars.size());
  std::string desc;
  for (const auto& b : bars) desc += b.label + " " + std::to_string(b.value) + "件。";
  std::string svg = chart_svg_open(id, title, desc, kLabelWidth + kBarArea + 60, height);
  int y = kTop;
  for (const auto& b : bars) {
    int width = b.value * kBarArea / max_value;
    svg += "<text x=\"" + std::to_string(kLabelWidth - 8) + "\" y=\"" + std::to_string(y + 19) +
           "\" text-anchor=\"end\" font-size=\"14\" fill=\"#1a1a1a\">" + escape(b.label) +
           "</text>";
    svg += "<rect x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(y + 4) +
           "\" width=\"" + std::to_string(std::max(width, 1)) +
           "\" height=\"20\" fill=\"#0b5394\"/>";
    svg += "<text x=\"" + std::to_string(kLabelWidth + width + 6) + "\" y=\"" +
           std::to_string(y + 19) + "\" font-size=\"14\" fill=\"#1a1a1a\">" +
           std::to_string(b.value) + "</text>";
    y += kRow;
  }
  return svg + "</svg>";
}

namespace {

// Dark enough for white text at 4.5:1 and for 3:1 against the white page.
constexpr const char* kSeriesColours[] = {"#1b5e20", "#0b5394", "#8a5300", "#a40000",
                                          "#5b2c83", "#005f66", "#595959"};

std::string colour_of(std::size_t series) {
  return kSeriesColours[series % (sizeof kSeriesColours / sizeof kSeriesColours[0])];
}

// Roughly how wide `text` is drawn at `font_size` px: full width for CJK, 0.6 for ASCII.
int text_width(const std::string& text, int font_size) {
  int tenths = 0;
  for (unsigned char c : text) {
    if (c < 0x80)
      tenths += 6;
    else if ((c & 0xC0) != 0x80)
      tenths += 10;
  }
  return tenths * font_size / 10;
}

// `text` cut to fit `width` px at `font_size`, ending in "…" when cut (whole code points).
std::string fit(const std::string& text, int width, int font_size) {
  if (text_width(text, font_size) <= width) return text;
  const int room = width - font_size;  // for the ellipsis
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t n = 1;
    while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
    if (text_width(out + text.substr(i, n), font_size) > room) break;
    out += text.substr(i, n);
    i += n;
  }
  return out + "…";
}

constexpr int kStackLabelWidth = 320, kStackBarArea = 460, kStackRow = 34, kStackTop = 8,
              kStackLegendLine = 30;
constexpr int kStackWidth = kStackLabelWidth + kStackBarArea + 70;

std::string svg_int(int v) { return std::to_string(v); }

// The largest row total (at least 1): the full length of the bar area.
int largest_total(const std::vector<StackedRow>& rows) {
  int max_total = 1;
  for (const auto& r : rows) {
    int total = 0;
    for (int v : r.values) total += v;
    max_total = std::max(max_total, total);
  }
  return max_total;
}

// Where each series' legend entry goes: the legend flows onto as many lines as it needs.
struct LegendLayout {
  std::vector<std::pair<int, int>> at;  // x, line
  int lines = 1;
};

LegendLayout legend_layout(const std::vector<Series>& series) {
  LegendLayout layout;
  int lx = kStackLabelWidth, line = 0;
  for (const auto& s : series) {
    int w = 24 + text_width(s.label, 13);
    if (lx + w > kStackWidth && lx > kStackLabelWidth) {
      lx = kStackLabelWidth;
      ++line;
    }
    layout.at.emplace_back(lx, line);
    lx += w;
  }
  layout.lines = line + 1;
  return layout;
}

// Every number in words, for <desc>: "label: A(…) 3件 B(…) 1件（計4件）。" per row.
std::string stacked_description(const std::vector<Series>& series,
                                const std::vector<StackedRow>& rows) {
  std::string desc;
  for (const auto& r : rows) {
    desc += r.label + ":";
    int total = 0;
    for (std::size_t i = 0; i < series.size() && i < r.values.size(); ++i) {
      desc += " " + series[i].label + " " + std::to_string(r.values[i]) + "件";
      total += r.values[i];
    }
    desc += "（計" + std::to_string(total) + "件）。";
  }
  return desc;
}

// One row at `y`: its label, a segment per non-zero value (named where it fits), its total.
std::string stacked_row_svg(const std::vector<Series>& series, const StackedRow& r, int y,
                            int max_total) {
  std::string svg = "<text x=\"" + svg_int(kStackLabelWidth - 8) + "\" y=\"" + svg_int(y + 21) +
                    "\" text-anchor=\"end\" font-size=\"14\" fill=\"#1a1a1a\">" +
                    escape(fit(r.label, kStackLabelWidth - 12, 14)) + "</text>";
  int x = kStackLabelWidth, total = 0;
  for (std::size_t i = 0; i < series.size() && i < r.values.size(); ++i) {
    int v = r.values[i];
    total += v;
    if (v <= 0) continue;
    int w = std::max(v * kStackBarArea / max_total, 2);
    svg += "<rect x=\"" + svg_int(x) + "\" y=\"" + svg_int(y + 4) + "\" width=\"" + svg_int(w) +
           "\" height=\"24\" fill=\"" + colour_of(i) + "\" stroke=\"#fff\"/>";
    std::string text = series[i].code + " " + svg_int(v);
    if (w >= 12 + text_width(text, 13)) {
      svg += "<text x=\"" + svg_int(x + 6) + "\" y=\"" + svg_int(y + 21) +
             "\" font-size=\"13\" fill=\"#fff\">" + escape(text) + "</text>";
    }
    x += w;
  }
  svg += "<text x=\"" + svg_int(x + 6) + "\" y=\"" + svg_int(y + 21) +
         "\" font-size=\"14\" fill=\"#1a1a1a\">計" + svg_int(total) + "</text>";
  return svg;
}

// The legend below the rows, whose last row ends at `y`.
std::string legend_svg(const std::vector<Series>& series, const LegendLayout& layout, int y) {
  std::string svg;
  for (std::size_t i = 0; i < series.size(); ++i) {
    auto [x, n] = layout.at[i];
    int ly = y + 8 + n * kStackLegendLine;
    svg += "<rect x=\"" + svg_int(x) + "\" y=\"" + svg_int(ly) +
           "\" width=\"14\" height=\"14\" fill=\"" + colour_of(i) + "\"/><text x=\"" +
           svg_int(x + 19) + "\" y=\"" + svg_int(ly + 12) +
           "\" font-size=\"13\" fill=\"#1a1a1a\">" + escape(series[i].label) + "</text>";
  }
  return svg;
}

}  // namespace

std::string stacked_bar_chart_svg(const std::string& id, const std::string& title,
                                  const std::vector<Series>& series,
                                  const std::vector<StackedRow>& rows) {
  const int max_total = largest_total(rows);
  const LegendLayout legend = legend_layout(series);
  const int height =
      kStackTop * 2 + kStackRow * static_cast<int>(rows.size()) + kStackLegendLine * legend.lines;
  std::string svg =
      chart_svg_open(id, title, stacked_description(series, rows), kStackWidth, height);
  int y = kStackTop;
  for (const auto& r : rows) {
    svg += stacked_row_svg(series, r, y, max_total);
    y += kStackRow;
  }
  return svg + legend_svg(series, legend, y) + "</svg>";
}

}  // namespace tsunagu::web
