#include "io/text_search.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace tsunagu::io {

std::string search_fold(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString input = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (U_FAILURE(status) || nfkc == nullptr) return std::string(text);
  icu::UnicodeString folded = nfkc->normalize(input, status);
  if (U_FAILURE(status)) return std::string(text);
  folded.toLower();
  // Katakana → hiragana (ァ U+30A1 … ヶ U+30F6 → ぁ U+3041 …), so かくう and カクウ match.
  for (int32_t i = 0; i < folded.length(); ++i) {
    char16_t c = folded.charAt(i);
    if (c >= 0x30A1 && c <= 0x30F6) folded.setCharAt(i, static_cast<char16_t>(c - 0x60));
  }
  std::string out;
  folded.toUTF8String(out);
  return out;
}

bool search_matches(std::string_view text, std::string_view query) {
  if (query.empty()) return true;
  return search_fold(text).find(search_fold(query)) != std::string::npos;
}

}  // namespace tsunagu::io
