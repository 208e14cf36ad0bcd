#include "io/delimited.hpp"

#include "core/text.hpp"

namespace tsunagu::io {

bool Record::blank() const {
  for (const auto& c : cells) {
    if (!trim(c).empty()) return false;
  }
  return true;
}

namespace {

Error error_at(std::string code, int line, std::string message) {
  Error e =
      make_error(ErrorKind::kInvalid, std::move(code), std::to_string(line) + "行目: " + message);
  e.details.push_back({line, "", std::move(message)});
  return e;
}

int line_of_offset(std::string_view text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
  }
  return line;
}

// Splits checked text into records one cell at a time, counting lines for the errors.
class DelimitedScanner {
 public:
  DelimitedScanner(std::string_view text, const DelimitedOptions& options)
      : text_(text), options_(options) {}

  Result<std::vector<Record>> records() {
    std::vector<Record> records;
    while (i_ < text_.size()) {
      auto record = next_record();
      if (!record) return record.error();
      records.push_back(std::move(*record));
    }
    return records;
  }

 private:
  Result<Record> next_record() {
    Record record;
    record.line = line_;
    for (;;) {  // one cell per iteration
      const int cell_line = line_;
      auto cell = at('"') ? quoted_cell() : Result<std::string>(bare_cell());
      if (!cell) return cell.error();
      if (cell->size() > options_.max_cell_bytes) {
        return error_at("import.cell_too_large", cell_line,
                        std::to_string(record.cells.size() + 1) + "列目のセルが " +
                            std::to_string(options_.max_cell_bytes / 1024) +
                            "KiB を超えています。");
      }
      if (cell->size() > 1 && cell->front() == '\'' &&
          looks_like_formula(std::string_view(*cell).substr(1))) {
        cell->erase(0, 1);  // write_delimited's guard, not part of the value
      }
      record.cells.push_back(std::move(*cell));
      if (record.cells.size() > options_.max_cells_per_record) {
        return error_at("import.bad_columns", record.line, "列が多すぎます。");
      }
      if (!at(options_.delimiter)) break;
      ++i_;
    }
    if (at('\r')) ++i_;
    if (at('\n')) {
      ++i_;
      ++line_;
    }
    return record;
  }

  // A cell in quotes: doubled quotes are one quote, line breaks are part of the cell.
  Result<std::string> quoted_cell() {
    const int cell_line = line_;
    std::string cell;
    ++i_;
    for (;;) {
      if (i_ >= text_.size()) {
        return error_at("import.unclosed_quote", cell_line,
                        "引用符（\"）で始まるセルが閉じられないままファイルが終わっています。"
                        "ファイルが途中で切れていないか確かめてください。");
      }
      char c = text_[i_];
      if (c == '"') {
        if (i_ + 1 < text_.size() && text_[i_ + 1] == '"') {
          cell += '"';
          i_ += 2;
          continue;
        }
        ++i_;
        break;
      }
      if (c == '\n') ++line_;
      cell += c;
      ++i_;
    }
    if (!at_cell_end()) {
      return error_at("import.bad_quote", line_,
                      "引用符（\"）で閉じたセルの後に区切り文字以外の文字があります。");
    }
    return cell;
  }

  std::string bare_cell() {
    std::size_t start = i_;
    while (!at_cell_end()) ++i_;
    return std::string(text_.substr(start, i_ - start));
  }

  bool at(char c) const { return i_ < text_.size() && text_[i_] == c; }
  bool at_cell_end() const {
    return i_ >= text_.size() || text_[i_] == options_.delimiter || text_[i_] == '\n' ||
           text_[i_] == '\r';
  }

  std::string_view text_;
  const DelimitedOptions& options_;
  std::size_t i_ = 0;
  int line_ = 1;
};

}  // namespace

Result<std::vector<Record>> read_delimited(std::string_view text, const DelimitedOptions& options) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    return error_at(
        "import.binary", line_of_offset(text, nul),
        "NUL 文字を含んでいます。テキスト（タブ区切りまたは CSV）のファイルを指定してください。");
  }
  if (auto bad = find_invalid_utf8(text)) {
    return error_at("import.not_utf8", line_of_offset(text, *bad),
                    "UTF-8 として読めない文字があります。Shift_JIS（CP932）のファイルは UTF-8 "
                    "で保存し直すか、CSV として取り込んでください。");
  }
  return DelimitedScanner(text, options).records();
}

bool looks_like_formula(std::string_view cell) {
  if (cell.empty()) return false;
  const char first = cell.front();
  if (first == '=' || first == '@' || first == '\t' || first == '\r') return true;
  if (first != '+' && first != '-') return false;
  if (cell.size() == 1) return false;  // a lone sign
  // A plain number: digits with at most one decimal point after the sign.
  std::string_view rest = cell.substr(1);
  bool digit = false, point = false;
  for (char c : rest) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return true;
    }
  }
  return !digit;
}

std::string write_delimited(const std::vector<std::vector<std::string>>& rows, char delimiter) {
  std::string out;
  std::string guarded;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += delimiter;
      const std::string* source = &row[i];
      if (looks_like_formula(*source)) {
        guarded = "'" + *source;
        source = &guarded;
      }
      const std::string& cell = *source;
      bool quote = cell.find_first_of(std::string("\"\r\n") + delimiter) != std::string::npos ||
                   (!cell.empty() && cell.front() == '"');
      if (!quote) {
        out += cell;
        continue;
      }
      out += '"';
      for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace tsunagu::io
