// UTF-8 text helpers that need no library: validation, width folding of the ASCII range,
// trimming. Full Unicode normalisation (NFKC) lives in io/, which may use ICU.
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu {

// The byte offset of the first ill-formed UTF-8 sequence (overlong forms, surrogates and code
// points past U+10FFFF count as ill-formed), or nullopt when `s` is valid UTF-8.
std::optional<std::size_t> find_invalid_utf8(std::string_view s);

// Maps full-width ASCII variants (U+FF01–U+FF5E) to ASCII and the ideographic space U+3000 to
// a space; everything else is copied unchanged. "Ｒ６" becomes "R6".
std::string fold_width(std::string_view s);

// Removes ASCII white space and U+3000 from both ends.
std::string_view trim(std::string_view s);

// Trims, and collapses every run of ASCII white space inside to one space.
std::string squeeze_spaces(std::string_view s);

// Splits on a single-byte delimiter; empty pieces are kept.
std::vector<std::string_view> split(std::string_view s, char delimiter);

// Number of Unicode code points in valid UTF-8 `s`.
std::size_t utf8_length(std::string_view s);

}  // namespace tsunagu
