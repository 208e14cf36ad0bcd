// Charts rendered on the server as inline SVG: no script, printable, and readable by screen
// readers (a <title>, a <desc> with every value, and the numbers written on the bars).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tsunagu::web {

struct Bar {
  std::string label;  // "A(予定通り進行)"
  int value = 0;
};

// A horizontal bar chart; `title` names it for assistive technology; `id` (letters, digits, -)
// keeps its title and description ids unique on a page with several charts. Colours meet 3:1
// non-text contrast against white.
std::string bar_chart_svg(const std::string& id, const std::string& title,
                          const std::vector<Bar>& bars);

}  // namespace tsunagu::web

namespace tsunagu::web {

struct StackedRow {
  std::string label;        // "令和6年度" or "(1)住居・就労の確保など"
  std::vector<int> values;  // one per series, in series order
};

// Horizontal bars split into one segment per series (the grades A, B, …), all on one scale so
// that rows compare by length; each segment is labelled with its series name and count where it
// fits, the legend repeats the names, and <desc> carries every number, so no reader depends on
// colour alone (WCAG 1.4.1). Segment colours keep 4.5:1 against the white text written on them.
struct Series {
  std::string code;   // "A": written on the segments
  std::string label;  // "A(予定通り進行)": the legend and the description
};

std::string stacked_bar_chart_svg(const std::string& id, const std::string& title,
                                  const std::vector<Series>& series,
                                  const std::vector<StackedRow>& rows);

}  // namespace tsunagu::web
