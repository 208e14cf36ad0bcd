#include "io/cell_text.hpp"

#include <cctype>
#include <cstdint>

#include "core/text.hpp"

namespace tsunagu::io {
namespace {

constexpr std::string_view kBullet = "・";   // U+30FB
constexpr std::string_view kNoteMark = "※";  // U+203B
constexpr std::string_view kIdeoSpace = "\xE3\x80\x80";

bool is_block_tag(std::string_view name) {
  return name == "li" || name == "p" || name == "br" || name == "div" || name == "ul" ||
         name == "ol" || name == "tr" || name == "td" || name == "th";
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the entity starting at s[i] == '&'; returns the bytes consumed (0: not an entity).
std::size_t decode_entity(std::string_view s, std::size_t i, std::string& out) {
  auto semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) return 0;
  std::string_view name = s.substr(i + 1, semi - i - 1);
  if (name == "amp")
    out += '&';
  else if (name == "lt")
    out += '<';
  else if (name == "gt")
    out += '>';
  else if (name == "quot")
    out += '"';
  else if (name == "apos")
    out += '\'';
  else if (name == "nbsp")
    out += ' ';
  else if (name.size() > 1 && name[0] == '#') {
    std::uint32_t cp = 0;
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char c : digits) {
      int v = hex ? (std::isxdigit(static_cast<unsigned char>(c))
                         ? (std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                                                                        : (c | 0x20) - 'a' + 10)
                         : -1)
                  : (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : -1);
      if (v < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
      if (cp > 0x10FFFF) return 0;
    }
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    append_utf8(out, cp);
  } else {
    return 0;
  }
  return semi - i + 1;
}

bool space_before(std::string_view s, std::size_t pos) {
  if (pos == 0) return true;
  char c = s[pos - 1];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return true;
  return pos >= 3 && s.substr(pos - 3, 3) == kIdeoSpace;
}

// Splits at every occurrence of `mark` that starts the text or follows white space.
std::vector<std::string_view> split_at_marks(std::string_view s, std::string_view mark) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  std::size_t pos = s.find(mark);
  while (pos != std::string_view::npos) {
    if (pos > start && space_before(s, pos)) {
      parts.push_back(s.substr(start, pos - start));
      start = pos;
    }
    pos = s.find(mark, pos + mark.size());
  }
  parts.push_back(s.substr(start));
  return parts;
}

}  // namespace

std::vector<std::string> html_blocks(std::string_view cell) {
  std::vector<std::string> blocks;
  std::string current;
  auto flush = [&] {
    std::string squeezed = squeeze_spaces(current);
    if (!squeezed.empty()) blocks.push_back(std::move(squeezed));
    current.clear();
  };
  for (std::size_t i = 0; i < cell.size();) {
    char c = cell[i];
    if (c == '<' && i + 1 < cell.size() &&
        (std::isalpha(static_cast<unsigned char>(cell[i + 1])) || cell[i + 1] == '/' ||
         cell[i + 1] == '!')) {
      auto close = cell.find('>', i);
      if (close != std::string_view::npos) {
        std::size_t name_start = i + 1 + (cell[i + 1] == '/' ? 1 : 0);
        std::size_t name_end = name_start;
        while (name_end < close && std::isalnum(static_cast<unsigned char>(cell[name_end]))) {
          ++name_end;
        }
        std::string name(cell.substr(name_start, name_end - name_start));
        for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (is_block_tag(name)) {
          flush();
        } else {
          current += ' ';
        }
        i = close + 1;
        continue;
      }
    }
    if (c == '&') {
      if (std::size_t used = decode_entity(cell, i, current)) {
        i += used;
        continue;
      }
    }
    current += c;
    ++i;
  }
  flush();
  return blocks;
}

bool html_lists_closed(std::string_view cell) {
  int depth = 0;
  for (std::size_t pos = cell.find('<'); pos != std::string_view::npos;
       pos = cell.find('<', pos + 1)) {
    bool closing = pos + 1 < cell.size() && cell[pos + 1] == '/';
    std::size_t start = pos + 1 + (closing ? 1 : 0);
    std::size_t end = start;
    while (end < cell.size() && std::isalpha(static_cast<unsigned char>(cell[end]))) ++end;
    std::string name(cell.substr(start, end - start));
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (name != "ul" && name != "ol" && name != "li" && name != "p") continue;
    if (cell.find('>', end) == std::string_view::npos) return false;
    depth += closing ? -1 : 1;
  }
  return depth == 0;
}

CellItems cell_items(std::string_view cell) {
  CellItems result;
  for (const auto& block : html_blocks(cell)) {
    for (std::string_view piece : split_at_marks(block, kBullet)) {
      piece = trim(piece);
      if (piece.substr(0, kBullet.size()) == kBullet) piece = trim(piece.substr(kBullet.size()));
      auto segments = split_at_marks(piece, kNoteMark);
      for (std::size_t k = 0; k < segments.size(); ++k) {
        std::string text = squeeze_spaces(segments[k]);
        if (text.empty()) continue;
        bool is_note = text.substr(0, kNoteMark.size()) == kNoteMark;
        (is_note ? result.notes : result.items).push_back(std::move(text));
      }
    }
  }
  return result;
}

std::string cell_text(std::string_view cell) {
  std::string text;
  for (const auto& block : html_blocks(cell)) {
    for (std::string_view piece : split_at_marks(block, kBullet)) {
      piece = trim(piece);
      if (piece.substr(0, kBullet.size()) == kBullet) piece = trim(piece.substr(kBullet.size()));
      if (piece.empty()) continue;
      if (!text.empty()) text += '\n';
      text += squeeze_spaces(piece);
    }
  }
  return text;
}

}  // namespace tsunagu::io
