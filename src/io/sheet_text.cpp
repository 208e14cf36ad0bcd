#include "io/sheet_text.hpp"

#include <charconv>

#include "core/text.hpp"

namespace tsunagu::io {

std::string compact_header(std::string_view s) {
  std::string out;
  for (char c : fold_width(s)) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

std::optional<int> parse_small_int(std::string_view text) {
  std::string folded = fold_width(trim(text));
  int v = 0;
  auto [p, ec] = std::from_chars(folded.data(), folded.data() + folded.size(), v);
  if (ec != std::errc() || p != folded.data() + folded.size() || v < 0 || v > 100000)
    return std::nullopt;
  return v;
}

std::optional<std::pair<int, std::string>> parse_numbered_heading(std::string_view text,
                                                                  bool bracketed_only) {
  std::string folded = fold_width(trim(text));
  std::string_view s = folded;
  if (!s.empty() && s[0] == '(') {
    auto close = s.find(')');
    if (close == std::string_view::npos) return std::nullopt;
    auto no = parse_small_int(s.substr(1, close - 1));
    if (!no) return std::nullopt;
    // Keep the name as written: skip the bracketed number in the original text.
    std::string_view original = trim(text);
    std::size_t skip = original.find(')');
    std::size_t width = 1;
    if (skip == std::string_view::npos) {
      skip = original.find("）");
      width = std::string_view("）").size();
    }
    std::string name = squeeze_spaces(original.substr(skip + width));
    if (name.empty()) return std::nullopt;
    return std::make_pair(*no, name);
  }
  if (bracketed_only) return std::nullopt;
  std::size_t from = s.substr(0, 3) == "第" ? 3 : 0, to = from;
  while (to < s.size() && s[to] >= '0' && s[to] <= '9') ++to;
  if (to == from) return std::nullopt;
  std::size_t name_from = to;
  for (std::string_view sep : {".", " ", "、", "．", "節", "章", ":", "-"}) {
    if (s.substr(name_from, sep.size()) == sep) {
      name_from += sep.size();
      break;
    }
  }
  if (name_from == to) return std::nullopt;  // "2024年度…" is no numbering
  auto no = parse_small_int(s.substr(from, to - from));
  std::string name = squeeze_spaces(s.substr(name_from));
  if (!no || name.empty()) return std::nullopt;
  return std::make_pair(*no, name);
}

std::string quoted_names(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += "「" + n + "」";
  return s;
}

Error problems_error(const std::vector<ErrorDetail>& problems, std::string_view code) {
  std::string message;
  if (problems.size() == 1) {
    const auto& p = problems[0];
    message = (p.line > 0 ? std::to_string(p.line) + "行目" : std::string()) +
              (p.field.empty() ? "" : (p.line > 0 ? " " : "") + p.field) +
              (p.line > 0 || !p.field.empty() ? ": " : "") + p.message;
  } else {
    message = std::to_string(problems.size()) + "件の問題があるため取り込みませんでした。";
  }
  Error e =
      make_error(ErrorKind::kInvalid, code.empty() ? "import.bad_row" : std::string(code), message);
  e.details = problems;
  return e;
}

}  // namespace tsunagu::io
