#include "io/cell_text.hpp"

#include <gtest/gtest.h>

#include "io/delimited.hpp"

namespace tsunagu::io {
namespace {

using Items = std::vector<std::string>;

TEST(CellText, HtmlListsBecomeItems) {
  auto c = cell_items(
      R"(<ul style="list-style-type: none"> <li>一つ目</li> <li>二つ&amp;目</li> </ul>)");
  EXPECT_EQ(c.items, (Items{"一つ目", "二つ&目"}));
}

TEST(CellText, BulletsSplitOnlyAfterSpace) {
  auto c = cell_items("・生活保護制度・生活困窮者の支援 ・就労支援");
  EXPECT_EQ(c.items, (Items{"生活保護制度・生活困窮者の支援", "就労支援"}));
}

TEST(CellText, NotesAreSplitOff) {
  auto c = cell_items("・出張授業 ※関係機関…矯正施設、警視庁");
  EXPECT_EQ(c.items, (Items{"出張授業"}));
  EXPECT_EQ(c.notes, (Items{"※関係機関…矯正施設、警視庁"}));
}

TEST(CellText, NumericEntitiesAndStrayAngleBrackets) {
  EXPECT_EQ(cell_text("a &#x3042; &#12354; 1 < 2"), "a あ あ 1 < 2");
  EXPECT_EQ(cell_text("&#0; &bogus;"), "&#0; &bogus;");
}

TEST(Delimited, QuotedCellsMayHoldTabsNewlinesAndQuotes) {
  auto r = read_delimited("a\t\"b\tc\nd \"\"e\"\"\"\tf\r\ng\n", {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].cells, (Items{"a", "b\tc\nd \"e\"", "f"}));
  EXPECT_EQ((*r)[1].line, 3);
}

TEST(Delimited, BomIsDroppedAndMidCellQuotesAreLiteral) {
  auto r = read_delimited("\xEF\xBB\xBF<ul style=\"x\">\tb", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].cells[0], "<ul style=\"x\">");
}

TEST(Delimited, TextAfterClosingQuoteIsRefused) {
  auto r = read_delimited("\"a\"b\tc", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "import.bad_quote");
}

}  // namespace
}  // namespace tsunagu::io
