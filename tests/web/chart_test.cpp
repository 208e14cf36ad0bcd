// The server-drawn SVG charts: every number readable without the picture, colours that keep their
// contrast, labels that stay inside the drawing.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>

#include "web/chart.hpp"

namespace tsunagu::web::chart_test {
namespace {

double luminance(const std::string& hex) {
  auto channel = [&](int at) {
    double v = std::stoi(hex.substr(at, 2), nullptr, 16) / 255.0;
    return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

double contrast_with_white(const std::string& hex) { return 1.05 / (luminance(hex) + 0.05); }

const std::vector<Series> kGrades{{"A", "A(予定通り進行)"},
                                  {"B", "B(予定を変更、修正して進行)"},
                                  {"C", "C(予定通り進行していない)"},
                                  {"D", "D(その他)"},
                                  {"E", "E(五つ目)"},
                                  {"F", "F(六つ目)"},
                                  {"G", "G(七つ目)"}};

TEST(StackedBarChart, DescribesEveryValueAndTotal) {
  auto svg = stacked_bar_chart_svg("c", "区分別", kGrades,
                                   {{"(1)住居", {1, 0, 0, 3}}, {"(2)高齢", {2, 0, 0, 0}}});
  EXPECT_NE(svg.find("<title id=\"c-title\">区分別</title>"), std::string::npos);
  EXPECT_NE(svg.find("(1)住居: A(予定通り進行) 1件 B(予定を変更、修正して進行) 0件 "
                     "C(予定通り進行していない) 0件 D(その他) 3件（計4件）。"),
            std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"c-title c-desc\""), std::string::npos);
  EXPECT_NE(svg.find(">計4</text>"), std::string::npos);
  // Zero-count segments are not drawn: 4 + 1 segments, plus 7 legend swatches.
  const std::regex rect("<rect ");
  EXPECT_EQ(
      std::distance(std::sregex_iterator(svg.begin(), svg.end(), rect), std::sregex_iterator()),
      3 + 7);
}

TEST(StackedBarChart, EverySegmentColourKeepsContrastForWhiteText) {
  std::vector<int> values(kGrades.size(), 5);
  auto svg = stacked_bar_chart_svg("c", "t", kGrades, {{"row", values}});
  std::regex fill("fill=\"(#[0-9a-f]{6})\"");
  int checked = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), fill); it != std::sregex_iterator();
       ++it) {
    std::string colour = (*it)[1];
    if (colour == "#1a1a1a") continue;  // text
    EXPECT_GE(contrast_with_white(colour), 4.5) << colour;
    ++checked;
  }
  EXPECT_EQ(checked, 2 * 7);  // segments and legend swatches
}

TEST(StackedBarChart, LongLabelsAreCutWithAnEllipsisInsideTheLabelColumn) {
  std::string long_label =
      "(3)更生保護に携わる団体などの支援と関係機関の連携強化に関するとても長い区分";
  auto svg = stacked_bar_chart_svg("c", "t", kGrades, {{long_label, {1}}});
  std::smatch shown;
  ASSERT_TRUE(std::regex_search(svg, shown, std::regex("text-anchor=\"end\"[^>]*>([^<]*)</text>")));
  std::string label = shown[1];
  EXPECT_NE(label.find("…"), std::string::npos);
  EXPECT_EQ(long_label.rfind(label.substr(0, label.size() - 3), 0), 0u);  // a prefix of it
  EXPECT_NE(svg.find(long_label + ":"), std::string::npos);  // whole in the description
}

TEST(BarChart, EscapesLabels) {
  auto svg = bar_chart_svg("b", "<t>", {{"A&B", 2}});
  EXPECT_NE(svg.find("&lt;t&gt;"), std::string::npos);
  EXPECT_NE(svg.find("A&amp;B 2件。"), std::string::npos);
  EXPECT_EQ(svg.find("<t>"), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::web::chart_test
