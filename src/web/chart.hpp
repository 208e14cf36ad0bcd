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
