// Folding for Japanese search: NFKC (ICU) so that ｶﾀｶﾅ and カタカナ, full- and half-width digits
// and letters compare equal, then lower case, then katakana as hiragana (カクウ and かくう are
// one name). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace tsunagu::io {

// The searchable form of `text` (invalid UTF-8 is replaced, never thrown on).
std::string search_fold(std::string_view text);

// True when folded `query` occurs in folded `text`; an empty query matches everything.
bool search_matches(std::string_view text, std::string_view query);

}  // namespace tsunagu::io
