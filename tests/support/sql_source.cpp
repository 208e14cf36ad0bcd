#include "support/sql_source.hpp"

#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <set>

// The helpers live in a namespace of their own: unity builds join this file with the other
// support files.
namespace tsunagu::testing::sql_reader {
namespace {

struct Token {
  enum Kind { kIdent, kString, kNumber, kPunct } kind;
  std::string text;  // a string literal's contents, without quotes
  int line;
};

struct Lexed {
  std::vector<Token> tokens;
  std::map<std::string, std::vector<Token>> macros;  // object-like #defines
};

std::size_t skip_raw_string(const std::string& s, std::size_t i, std::string& out) {
  // At R"delim( … )delim".
  const std::size_t open = s.find('(', i + 2);
  const std::string close = ")" + s.substr(i + 2, open - i - 2) + "\"";
  const std::size_t end = s.find(close, open);
  out = s.substr(open + 1, end - open - 1);
  return end + close.size();
}

std::size_t skip_quoted(const std::string& s, std::size_t i, std::string& out) {
  const char quote = s[i++];
  out.clear();
  while (i < s.size() && s[i] != quote) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char e = s[++i];
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
    } else {
      out += s[i];
    }
    ++i;
  }
  return i + 1;
}

Lexed lex(const std::string& s);

// A preprocessor line starting at `i` (the '#'); records `#define NAME body`.
std::size_t read_directive(const std::string& s, std::size_t i, Lexed& out, int& line) {
  std::string text;
  while (i < s.size() && s[i] != '\n') {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '\n') {
      text += ' ';
      i += 2;
      ++line;
      continue;
    }
    text += s[i++];
  }
  static const std::regex kDefine(R"(^#\s*define\s+([A-Za-z_]\w*)(\s+([\s\S]*))?$)");
  std::smatch m;
  if (std::regex_match(text, m, kDefine)) out.macros[m[1]] = lex(m[3]).tokens;
  return i;
}

Lexed lex(const std::string& s) {
  Lexed out;
  int line = 1;
  bool line_start = true;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    const char next = i + 1 < s.size() ? s[i + 1] : '\0';
    if (c == '\n') {
      ++line, ++i, line_start = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '#' && line_start) {
      i = read_directive(s, i, out, line);
    } else if (c == '/' && next == '/') {
      i = s.find('\n', i);
      if (i == std::string::npos) i = s.size();
    } else if (c == '/' && next == '*') {
      const std::size_t end = s.find("*/", i + 2);
      for (std::size_t k = i; k < end; ++k) line += s[k] == '\n';
      i = end + 2;
    } else if (c == 'R' && next == '"') {
      std::string text;
      const std::size_t end = skip_raw_string(s, i, text);
      out.tokens.push_back({Token::kString, text, line});
      for (char t : text) line += t == '\n';
      i = end;
    } else if (c == '"' || c == '\'') {
      std::string text;
      i = skip_quoted(s, i, text);
      if (c == '"') out.tokens.push_back({Token::kString, text, line});
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t end = i;
      while (end < s.size() && (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '_'))
        ++end;
      out.tokens.push_back({Token::kIdent, s.substr(i, end - i), line});
      i = end;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t end = i;
      while (end < s.size() &&
             (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '.' || s[end] == '\''))
        ++end;
      out.tokens.push_back({Token::kNumber, s.substr(i, end - i), line});
      i = end;
    } else if (c == ':' && next == ':') {
      out.tokens.push_back({Token::kPunct, "::", line});
      i += 2;
    } else {
      out.tokens.push_back({Token::kPunct, std::string(1, c), line});
      ++i;
    }
    if (c != '\n' && !std::isspace(static_cast<unsigned char>(c))) line_start = false;
  }
  return out;
}

// A named constant: `kName = <initializer>` in a declaration starting with const/constexpr.
struct Constant {
  std::string name;
  int line = 0;
  std::size_t name_at = 0;         // the token naming it
  std::size_t begin = 0, end = 0;  // the initializer's tokens
};

bool is(const Token& t, const char* text) { return t.kind == Token::kPunct && t.text == text; }

// The end of an initializer starting at `i`: the ',' or ';' at depth 0 (or the bracket that
// closes a default argument).
std::size_t initializer_end(const std::vector<Token>& t, std::size_t i) {
  int depth = 0;
  for (; i < t.size(); ++i) {
    if (is(t[i], "(") || is(t[i], "{") || is(t[i], "[")) ++depth;
    if (is(t[i], ")") || is(t[i], "}") || is(t[i], "]")) --depth;
    if (depth < 0 || (depth == 0 && (is(t[i], ",") || is(t[i], ";")))) return i;
  }
  return t.size();
}

// The declarator name before the '=' at `eq`: `kName =` or `kName[] =`.
std::size_t declarator_at(const std::vector<Token>& t, std::size_t eq) {
  std::size_t at = eq - 1;
  if (is(t[at], "]") && at >= 2) at -= is(t[at - 1], "[") ? 2 : 3;
  return at;
}

std::vector<Constant> constants_of(const std::vector<Token>& t) {
  static const std::set<std::string> kStarts = {"constexpr", "const", "static", "inline", "extern"};
  static const std::regex kName("^k[A-Z]\\w*$");
  std::vector<Constant> out;
  bool statement_start = true;
  for (std::size_t i = 0; i < t.size();) {
    if (!statement_start || t[i].kind != Token::kIdent || kStarts.count(t[i].text) == 0) {
      statement_start = is(t[i], ";") || is(t[i], "{") || is(t[i], "}");
      ++i;
      continue;
    }
    // A declaration: find `name =` before the end of the statement, then each declarator.
    std::size_t j = i;
    while (j < t.size() && !is(t[j], "=") && !is(t[j], ";") && !is(t[j], "{") && !is(t[j], "}"))
      ++j;
    while (j < t.size() && is(t[j], "=")) {
      const std::size_t end = initializer_end(t, j + 1);
      const std::size_t at = declarator_at(t, j);
      if (t[at].kind == Token::kIdent && std::regex_match(t[at].text, kName))
        out.push_back({t[at].text, t[at].line, at, j + 1, end});
      j = end;
      if (j < t.size() && is(t[j], ",")) {  // `, kOther = …`
        while (j < t.size() && !is(t[j], "=") && !is(t[j], ";")) ++j;
      }
    }
    i = j;
    statement_start = false;
  }
  return out;
}

bool reads_as_sql(const std::string& text) {
  static const std::regex kSql(R"(\b(SELECT|INSERT|UPDATE|DELETE)\b)", std::regex::icase);
  return std::regex_search(text, kSql);
}

bool looks_like_sql_piece(const std::string& text) {
  static const std::regex kPiece(R"(\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|FROM|WHERE)"
                                 R"(|JOIN|AND|ORDER BY|LIMIT|VALUES)\b)");
  return std::regex_search(text, kPiece);
}

class Resolver {
 public:
  Resolver(const Lexed& lexed, const std::vector<Constant>& constants)
      : lexed_(lexed), constants_(constants) {}

  // The text of a constant, or nullopt when its initializer is more than text (a struct, a
  // call): such a constant is not a statement.
  std::optional<std::string> text_of(const Constant& k, std::set<std::string>& refs) const {
    std::string out;
    for (std::size_t i = k.begin; i < k.end; ++i) {
      if (!append(lexed_.tokens[i], out, refs, 0)) return std::nullopt;
    }
    return out;
  }

  const Constant* find(const std::string& name) const {
    for (const auto& k : constants_)
      if (k.name == name) return &k;
    return nullptr;
  }

 private:
  bool append(const Token& t, std::string& out, std::set<std::string>& refs, int depth) const {
    static const std::set<std::string> kGlue = {"std", "string", "string_view", "sql"};
    if (depth > 20) return false;
    if (t.kind == Token::kString) {
      out += t.text;
    } else if (t.kind == Token::kIdent && lexed_.macros.count(t.text)) {
      for (const auto& m : lexed_.macros.at(t.text))
        if (!append(m, out, refs, depth + 1)) return false;
    } else if (t.kind == Token::kIdent && find(t.text)) {
      refs.insert(t.text);
      const Constant& k = *find(t.text);
      for (std::size_t i = k.begin; i < k.end; ++i)
        if (!append(lexed_.tokens[i], out, refs, depth + 1)) return false;
    } else if (t.kind == Token::kIdent) {
      return kGlue.count(t.text) > 0;
    } else {
      return is(t, "::") || is(t, "(") || is(t, ")") || is(t, "+");
    }
    return true;
  }

  const Lexed& lexed_;
  const std::vector<Constant>& constants_;
};

}  // namespace

}  // namespace tsunagu::testing::sql_reader

namespace tsunagu::testing {

SourceSql read_sql(const std::string& source) {
  using namespace sql_reader;
  const Lexed lexed = lex(source);
  const auto constants = constants_of(lexed.tokens);
  std::vector<bool> in_constant(lexed.tokens.size(), false);
  for (const auto& k : constants) {
    in_constant[k.name_at] = true;
    for (std::size_t i = k.begin; i < k.end; ++i) in_constant[i] = true;
  }

  SourceSql out;
  std::set<std::string> used_by_code, used_by_constants;
  for (std::size_t i = 0; i < lexed.tokens.size(); ++i) {
    const Token& t = lexed.tokens[i];
    if (in_constant[i]) continue;
    if (t.kind == Token::kIdent) used_by_code.insert(t.text);
    bool sql_macro = false;
    if (t.kind == Token::kIdent && lexed.macros.count(t.text)) {
      for (const auto& m : lexed.macros.at(t.text))
        sql_macro = sql_macro || (m.kind == Token::kString && looks_like_sql_piece(m.text));
    }
    if ((t.kind == Token::kString && looks_like_sql_piece(t.text)) || sql_macro)
      out.inline_sql.push_back("line " + std::to_string(t.line) + ": " + t.text);
  }
  Resolver resolver(lexed, constants);
  std::map<std::string, std::string> texts;
  for (const auto& k : constants) {
    std::set<std::string> refs;
    auto text = resolver.text_of(k, refs);
    if (!text) continue;
    texts[k.name] = *text;
    used_by_constants.insert(refs.begin(), refs.end());
  }
  for (const auto& k : constants) {
    auto it = texts.find(k.name);
    if (it == texts.end() || !reads_as_sql(it->second)) continue;
    const bool building_block = used_by_constants.count(k.name) && !used_by_code.count(k.name);
    if (!building_block) out.statements.push_back({k.name, k.line, it->second});
  }
  return out;
}

}  // namespace tsunagu::testing
