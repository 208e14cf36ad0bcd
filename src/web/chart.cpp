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

}  // namespace tsunagu::web
