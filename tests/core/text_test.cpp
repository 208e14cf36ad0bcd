#include "core/text.hpp"

#include <gtest/gtest.h>

#include "core/plan.hpp"

namespace tsunagu {
namespace {

TEST(Utf8, FindsIllFormedSequences) {
  EXPECT_FALSE(find_invalid_utf8("再犯防止 abc").has_value());
  EXPECT_FALSE(find_invalid_utf8("\xF0\xA0\x80\x8B").has_value());  // U+2000B, outside the BMP
  EXPECT_EQ(find_invalid_utf8("ab\x82\xA0"), 2u);                   // Shift_JIS あ
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 0u);                     // overlong
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);                 // surrogate
  EXPECT_EQ(find_invalid_utf8("x\xE3\x81"), 1u);                    // cut short
}

TEST(Text, FoldsFullWidthAsciiOnly) {
  EXPECT_EQ(fold_width("Ｒ６（２０２４）"), "R6(2024)");
  EXPECT_EQ(fold_width("令和　６"), "令和 6");
  EXPECT_EQ(fold_width("カタカナ"), "カタカナ");
}

TEST(Text, TrimsAsciiAndIdeographicSpace) {
  EXPECT_EQ(trim("\t　施策 　\n"), "施策");
  EXPECT_EQ(squeeze_spaces("  a \n\t b  "), "a b");
  EXPECT_EQ(trim(""), "");
}

TEST(Text, Utf8LengthCountsCodePoints) { EXPECT_EQ(utf8_length("再犯a"), 3u); }

TEST(PolicyContent, ValidationNamesEachProblem) {
  PolicyContent c;
  c.text = "住居の確保を支援します。";
  EXPECT_TRUE(validate_policy_content(c).ok());
  c.viewpoints = {1, 1, 5};
  c.directions = {""};
  c.text = " ";
  auto status = validate_policy_content(c);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "policy.invalid");
  EXPECT_EQ(status.error().details.size(), 4u);
}

TEST(PolicyContent, RefusesOversizedField) {
  PolicyContent c;
  c.text = std::string(kMaxFieldBytes + 1, 'a');
  EXPECT_FALSE(validate_policy_content(c).ok());
}

TEST(PolicyCode, WithAndWithoutFamilyPosition) {
  EXPECT_EQ(policy_code(std::nullopt, 4, 2), "4-2");
  EXPECT_EQ(policy_code(4, 1, 1), "1-4-1");
}

}  // namespace
}  // namespace tsunagu
