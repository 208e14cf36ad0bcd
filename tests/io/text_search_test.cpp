#include "io/text_search.hpp"

#include <gtest/gtest.h>

namespace tsunagu::io {
namespace {

TEST(TextSearch, HalfWidthKatakanaAndDigitsMatchFullWidth) {
  EXPECT_TRUE(search_matches("コミュニティ・ソーシャルワーカー", "ｿｰｼｬﾙﾜｰｶｰ"));
  EXPECT_TRUE(search_matches("保護司の充足率は９０％", "90%"));
  EXPECT_TRUE(search_matches("ＢＢＳ会", "bbs"));
  EXPECT_TRUE(search_matches("任意の文", ""));
  EXPECT_FALSE(search_matches("住居の確保", "就労"));
  EXPECT_EQ(search_fold("ｶﾞｲﾄﾞ"), "がいど");
}

TEST(TextSearch, HiraganaAndKatakanaAreOneName) {
  EXPECT_EQ(search_fold("カクウ タロウ"), "かくう たろう");
  EXPECT_EQ(search_fold("ｶｸｳ"), search_fold("かくう"));
  EXPECT_TRUE(search_matches("ダルク", "だるく"));
  EXPECT_EQ(search_fold("ー・漢字"), "ー・漢字");  // the long-vowel mark and kanji stay
}

}  // namespace
}  // namespace tsunagu::io
