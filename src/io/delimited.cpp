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

  std::vector<Record> records;
  const char delim = options.delimiter;
  std::size_t i = 0;
  int line = 1;
  const std::size_t n = text.size();
  while (i < n) {
    Record record;
    record.line = line;
    for (;;) {  // one cell per iteration
      std::string cell;
      const int cell_line = line;
      if (i < n && text[i] == '"') {
        ++i;
        for (;;) {
          if (i >= n) {
            return error_at("import.unclosed_quote", cell_line,
                            "引用符（\"）で始まるセルが閉じられないままファイルが終わっています。"
                            "ファイルが途中で切れていないか確かめてください。");
          }
          char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              cell += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\n') ++line;
          cell += c;
          ++i;
        }
        if (i < n && text[i] != delim && text[i] != '\n' && text[i] != '\r') {
          return error_at("import.bad_quote", line,
                          "引用符（\"）で閉じたセルの後に区切り文字以外の文字があります。");
        }
      } else {
        std::size_t start = i;
        while (i < n && text[i] != delim && text[i] != '\n' && text[i] != '\r') ++i;
        cell.assign(text.substr(start, i - start));
      }
      if (cell.size() > options.max_cell_bytes) {
        return error_at("import.cell_too_large", cell_line,
                        std::to_string(record.cells.size() + 1) + "列目のセルが " +
                            std::to_string(options.max_cell_bytes / 1024) + "KiB を超えています。");
      }
      record.cells.push_back(std::move(cell));
      if (record.cells.size() > options.max_cells_per_record) {
        return error_at("import.bad_columns", record.line, "列が多すぎます。");
      }
      if (i < n && text[i] == delim) {
        ++i;
        continue;
      }
      break;
    }
    if (i < n && text[i] == '\r') ++i;
    if (i < n && text[i] == '\n') {
      ++i;
      ++line;
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::string write_delimited(const std::vector<std::vector<std::string>>& rows, char delimiter) {
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += delimiter;
      const std::string& cell = row[i];
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
