#include "io/table_file.hpp"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <map>
#include <memory>

#include "core/text.hpp"
#include "io/workbook.hpp"

namespace tsunagu::io {
namespace {

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char a = s[s.size() - suffix.size() + i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a + 32);
    if (a != suffix[i]) return false;
  }
  return true;
}

int line_at(std::string_view text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

struct ConverterDeleter {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

std::unique_ptr<UConverter, ConverterDeleter> open_cp932() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterDeleter> c(ucnv_open("windows-31j", &status));
  if (U_FAILURE(status)) throw std::runtime_error("ICU has no CP932 converter");
  return c;
}

}  // namespace

TableFormat detect_table_format(std::string_view bytes, std::string_view file_name) {
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return TableFormat::kXlsx;
  if (bytes.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    return TableFormat::kXls;
  if (ends_with_ci(file_name, ".csv")) return TableFormat::kCsv;
  if (ends_with_ci(file_name, ".tsv") || ends_with_ci(file_name, ".txt")) return TableFormat::kTsv;
  std::string_view head = bytes.substr(0, 4096);
  std::size_t tabs = 0, commas = 0;
  for (char c : head) {
    tabs += c == '\t';
    commas += c == ',';
  }
  return commas > tabs ? TableFormat::kCsv : TableFormat::kTsv;
}

Result<std::string> decode_text(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (!find_invalid_utf8(bytes)) return std::string(bytes);
  auto converter = open_cp932();
  UErrorCode status = U_ZERO_ERROR;
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::u16string utf16(bytes.size() + 1, u'\0');
  status = U_ZERO_ERROR;
  int32_t length = ucnv_toUChars(converter.get(), reinterpret_cast<UChar*>(utf16.data()),
                                 static_cast<int32_t>(utf16.size()), bytes.data(),
                                 static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) {
    auto bad = find_invalid_utf8(bytes).value_or(0);
    Error e = make_error(
        ErrorKind::kInvalid, "import.bad_encoding",
        std::to_string(line_at(bytes, bad)) +
            "行目: 文字コードを読み取れません。UTF-8 か Shift_JIS（CP932）で保存してください。");
    e.details.push_back({line_at(bytes, bad), "", "文字コードを読み取れません。"});
    return e;
  }
  std::string out(static_cast<std::size_t>(length) * 3 + 1, '\0');
  int32_t out_length = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &out_length,
              reinterpret_cast<const UChar*>(utf16.data()), length, &status);
  out.resize(static_cast<std::size_t>(out_length));
  return out;
}

Cp932Result encode_cp932(std::string_view utf8) {
  Cp932Result result;
  auto converter = open_cp932();
  int line = 1;
  int32_t i = 0;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(utf8.size());
  char buffer[8];
  while (i < n) {
    int32_t start = i;
    UChar32 cp;
    U8_NEXT(s, i, n, cp);
    if (cp < 0) {
      result.bytes += '?';
      continue;
    }
    if (cp == '\n') ++line;
    UChar units[2];
    int32_t unit_count = 0;
    U16_APPEND_UNSAFE(units, unit_count, cp);
    UErrorCode status = U_ZERO_ERROR;
    ucnv_setFromUCallBack(converter.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr,
                          &status);
    status = U_ZERO_ERROR;
    int32_t written =
        ucnv_fromUChars(converter.get(), buffer, sizeof buffer, units, unit_count, &status);
    ucnv_reset(converter.get());
    if (U_SUCCESS(status) && written == 0) {
      // ICU drops default-ignorable code points such as variation selectors (the IVS of
      // MJ+ 外字): the base character survives, the choice of glyph does not. Say so.
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
      result.unmappable.push_back(std::to_string(line) + "行目: " + code +
                                  "（異体字セレクタ。字形の指定は CP932 では失われます）");
      continue;
    }
    if (U_FAILURE(status) || (written == 1 && buffer[0] == 0x1A && cp != 0x1A)) {
      result.bytes += '?';
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
      result.unmappable.push_back(std::to_string(line) + "行目: " +
                                  std::string(utf8.substr(static_cast<std::size_t>(start),
                                                          static_cast<std::size_t>(i - start))) +
                                  " (" + code + ")");
      continue;
    }
    result.bytes.append(buffer, static_cast<std::size_t>(written));
  }
  return result;
}

Result<std::vector<Record>> read_table_file(std::string_view bytes, std::string_view file_name,
                                            const TableFileLimits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return make_error(ErrorKind::kInvalid, "import.too_large", "ファイルが大きすぎます。");
  TableFormat format = detect_table_format(bytes, file_name);
  if (format == TableFormat::kXlsx) return read_xlsx(bytes, limits);
  if (format == TableFormat::kXls) {
    auto book = read_xls_workbook(bytes, limits);
    if (!book) return book.error();
    return std::move(book->sheets.front().records);
  }
  if (bytes.find('\0') != std::string_view::npos) {
    return make_error(
        ErrorKind::kInvalid, "import.binary",
        "表計算ソフトのファイル（.xlsx、.xls）か、CSV・タブ区切りのテキストを指定してください。");
  }
  auto text = decode_text(bytes);
  if (!text) return text.error();
  DelimitedOptions options;
  options.delimiter = format == TableFormat::kCsv ? ',' : '\t';
  options.max_cell_bytes = limits.max_cell_bytes;
  return read_delimited(*text, options);
}

}  // namespace tsunagu::io
