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

}  // namespace

std::string bar_chart_svg(const std::string& id, const std::string& title,
                          const std::vector<Bar>& bars) {
  constexpr int kLabelWidth = 260, kBarArea = 360, kRow = 30, kTop = 8;
  int max_value = 1;
  for (const auto& b : bars) max_value = std::max(max_value, b.value);
  const int height = kTop * 2 + kRow * static_cast<int>(bars.size());
  std::string desc;
  for (const auto& b : bars) desc += b.label + " " + std::to_string(b.value) + "件。";
  const std::string title_id = id + "-title", desc_id = id + "-desc";
  std::string svg = "<svg class=\"chart\" role=\"img\" aria-labelledby=\"" + title_id + " " +
                    desc_id + "\" width=\"" + std::to_string(kLabelWidth + kBarArea + 60) +
                    "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                    std::to_string(kLabelWidth + kBarArea + 60) + " " + std::to_string(height) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"" + title_id + "\">" +
                    escape(title) + "</title><desc id=\"" + desc_id + "\">" + escape(desc) +
                    "</desc>";
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

}  // namespace

std::string stacked_bar_chart_svg(const std::string& id, const std::string& title,
                                  const std::vector<Series>& series,
                                  const std::vector<StackedRow>& rows) {
  constexpr int kLabelWidth = 320, kBarArea = 460, kRow = 34, kTop = 8, kLegend = 30;
  int max_total = 1;
  for (const auto& r : rows) {
    int total = 0;
    for (int v : r.values) total += v;
    max_total = std::max(max_total, total);
  }
  const int width = kLabelWidth + kBarArea + 70;
  // The legend flows onto as many lines as it needs.
  std::vector<std::pair<int, int>> legend_at;  // x, line
  int lx = kLabelWidth, line = 0;
  for (const auto& s : series) {
    int w = 24 + text_width(s.label, 13);
    if (lx + w > width && lx > kLabelWidth) {
      lx = kLabelWidth;
      ++line;
    }
    legend_at.emplace_back(lx, line);
    lx += w;
  }
  const int height = kTop * 2 + kRow * static_cast<int>(rows.size()) + kLegend * (line + 1);
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
  const std::string title_id = id + "-title", desc_id = id + "-desc";
  auto num = [](int v) { return std::to_string(v); };
  std::string svg =
      "<svg class=\"chart\" role=\"img\" aria-labelledby=\"" + title_id + " " + desc_id +
      "\" width=\"" + num(width) + "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + num(width) +
      " " + num(height) + "\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"" + title_id +
      "\">" + escape(title) + "</title><desc id=\"" + desc_id + "\">" + escape(desc) + "</desc>";
  int y = kTop;
  for (const auto& r : rows) {
    svg += "<text x=\"" + num(kLabelWidth - 8) + "\" y=\"" + num(y + 21) +
           "\" text-anchor=\"end\" font-size=\"14\" fill=\"#1a1a1a\">" +
           escape(fit(r.label, kLabelWidth - 12, 14)) + "</text>";
    int x = kLabelWidth, total = 0;
    for (std::size_t i = 0; i < series.size() && i < r.values.size(); ++i) {
      int v = r.values[i];
      total += v;
      if (v <= 0) continue;
      int w = std::max(v * kBarArea / max_total, 2);
      svg += "<rect x=\"" + num(x) + "\" y=\"" + num(y + 4) + "\" width=\"" + num(w) +
             "\" height=\"24\" fill=\"" + colour_of(i) + "\" stroke=\"#fff\"/>";
      std::string text = series[i].code + " " + num(v);
      if (w >= 12 + text_width(text, 13)) {
        svg += "<text x=\"" + num(x + 6) + "\" y=\"" + num(y + 21) +
               "\" font-size=\"13\" fill=\"#fff\">" + escape(text) + "</text>";
      }
      x += w;
    }
    svg += "<text x=\"" + num(x + 6) + "\" y=\"" + num(y + 21) +
           "\" font-size=\"14\" fill=\"#1a1a1a\">計" + num(total) + "</text>";
    y += kRow;
  }
  for (std::size_t i = 0; i < series.size(); ++i) {
    auto [x, n] = legend_at[i];
    int ly = y + 8 + n * kLegend;
    svg += "<rect x=\"" + num(x) + "\" y=\"" + num(ly) + "\" width=\"14\" height=\"14\" fill=\"" +
           colour_of(i) + "\"/><text x=\"" + num(x + 19) + "\" y=\"" + num(ly + 12) +
           "\" font-size=\"13\" fill=\"#1a1a1a\">" + escape(series[i].label) + "</text>";
  }
  return svg + "</svg>";
}

}  // namespace tsunagu::web
