#include "io/table_file.hpp"

#include <expat.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <zip.h>

#include <cstdio>
#include <functional>
#include <map>
#include <memory>

#include "core/text.hpp"

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

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};

// One part of the workbook, inflated no further than `limit` bytes.
Result<std::string> read_part(zip_t* archive, const char* name, std::size_t limit,
                              std::size_t& budget, bool required) {
  zip_int64_t index = zip_name_locate(archive, name, 0);
  if (index < 0) {
    if (!required) return std::string();
    return make_error(
        ErrorKind::kInvalid, "import.not_xlsx",
        std::string("Excel ファイルとして読み取れません（") + name + " がありません）。");
  }
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive, static_cast<zip_uint64_t>(index), 0, &st) != 0 ||
      ((st.valid & ZIP_STAT_SIZE) != 0 && (st.size > limit || st.size > budget))) {
    return make_error(ErrorKind::kInvalid, "import.too_large",
                      "Excel ファイルの中身が大きすぎます（展開後の上限を超えます）。");
  }
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(
      zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0), zip_fclose);
  if (!file)
    return make_error(ErrorKind::kInvalid, "import.not_xlsx",
                      "Excel ファイルとして読み取れません（壊れています）。");
  std::string out;
  char buffer[65536];
  for (;;) {
    zip_int64_t got = zip_fread(file.get(), buffer, sizeof buffer);
    if (got < 0)
      return make_error(ErrorKind::kInvalid, "import.not_xlsx",
                        "Excel ファイルとして読み取れません（展開できません）。");
    if (got == 0) break;
    out.append(buffer, static_cast<std::size_t>(got));
    // Never trust the stated size: stop as soon as the real output passes the limit.
    if (out.size() > limit || out.size() > budget) {
      return make_error(ErrorKind::kInvalid, "import.too_large",
                        "Excel ファイルの中身が大きすぎます（展開後の上限を超えます）。");
    }
  }
  budget -= out.size();
  return out;
}

// Minimal SAX walk over an XML part with expat; `on_start`, `on_end` and `on_text` see local
// element names (prefix dropped).
class XmlWalker {
 public:
  std::function<void(std::string_view, const char**)> on_start;
  std::function<void(std::string_view)> on_end;
  std::function<void(std::string_view)> on_text;

  bool parse(const std::string& xml) {
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate("UTF-8"),
                                                                   XML_ParserFree);
    XML_SetUserData(parser.get(), this);
    XML_SetElementHandler(
        parser.get(),
        [](void* self, const XML_Char* name, const XML_Char** attrs) {
          auto* w = static_cast<XmlWalker*>(self);
          if (w->on_start) w->on_start(local(name), attrs);
        },
        [](void* self, const XML_Char* name) {
          auto* w = static_cast<XmlWalker*>(self);
          if (w->on_end) w->on_end(local(name));
        });
    XML_SetCharacterDataHandler(parser.get(), [](void* self, const XML_Char* text, int length) {
      auto* w = static_cast<XmlWalker*>(self);
      if (w->on_text) w->on_text(std::string_view(text, static_cast<std::size_t>(length)));
    });
    // No DTDs, so no entity expansion tricks ("billion laughs").
    XML_SetEntityDeclHandler(parser.get(), [](void* self, const XML_Char*, int, const XML_Char*,
                                              int, const XML_Char*, const XML_Char*,
                                              const XML_Char*, const XML_Char*) {
      XML_StopParser(static_cast<XML_Parser>(static_cast<XmlWalker*>(self)->parser_), XML_FALSE);
    });
    parser_ = parser.get();
    return XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE) ==
           XML_STATUS_OK;
  }

  static std::string_view attr(const char** attrs, std::string_view name) {
    for (int i = 0; attrs[i] != nullptr; i += 2) {
      if (local(attrs[i]) == name) return attrs[i + 1];
    }
    return {};
  }

 private:
  static std::string_view local(const char* name) {
    std::string_view n(name);
    auto colon = n.rfind(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
  }
  void* parser_ = nullptr;
};

// "BC12" → column index 54 (0-based); -1 when malformed.
int column_of(std::string_view ref) {
  int col = 0;
  std::size_t i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > 16384) return -1;
    ++i;
  }
  return i == 0 ? -1 : col - 1;
}

Error not_xlsx(std::string why) {
  return make_error(ErrorKind::kInvalid, "import.not_xlsx",
                    "Excel ファイルとして読み取れません（" + why + "）。");
}

// An opened workbook and what is left of its inflation budget (limits.max_total_bytes).
class XlsxArchive {
 public:
  static Result<XlsxArchive> open(std::string_view bytes, const TableFileLimits& limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) return not_xlsx("zip として開けません");
    std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
    if (!archive) {
      zip_source_free(source);
      return not_xlsx("zip として開けません");
    }
    if (zip_get_num_entries(archive.get(), 0) > 10000) return not_xlsx("部品が多すぎます");
    return XlsxArchive(std::move(archive), limits);
  }

  // One XML part; an empty string for a missing part that is not `required`.
  Result<std::string> part(const char* name, bool required) {
    return read_part(archive_.get(), name, limits_.max_xml_bytes, budget_, required);
  }

 private:
  XlsxArchive(std::unique_ptr<zip_t, ZipCloser> archive, const TableFileLimits& limits)
      : archive_(std::move(archive)), limits_(limits), budget_(limits.max_total_bytes) {}

  std::unique_ptr<zip_t, ZipCloser> archive_;
  TableFileLimits limits_;
  std::size_t budget_;
};

// Which part is the first sheet: workbook.xml names it, its rels give the file.
Result<std::string> first_sheet_path(XlsxArchive& archive) {
  auto workbook = archive.part("xl/workbook.xml", true);
  if (!workbook) return workbook.error();
  std::string first_sheet_rel;
  XmlWalker wb;
  wb.on_start = [&](std::string_view name, const char** attrs) {
    if (name == "sheet" && first_sheet_rel.empty()) first_sheet_rel = XmlWalker::attr(attrs, "id");
  };
  if (!wb.parse(*workbook) || first_sheet_rel.empty()) return not_xlsx("シートがありません");
  auto rels = archive.part("xl/_rels/workbook.xml.rels", true);
  if (!rels) return rels.error();
  std::string sheet_path;
  XmlWalker rw;
  rw.on_start = [&](std::string_view name, const char** attrs) {
    if (name == "Relationship" && XmlWalker::attr(attrs, "Id") == first_sheet_rel) {
      std::string target(XmlWalker::attr(attrs, "Target"));
      sheet_path = target.rfind("/xl/", 0) == 0 ? target.substr(1) : "xl/" + target;
    }
  };
  if (!rw.parse(*rels) || sheet_path.empty()) return not_xlsx("シートの場所がわかりません");
  return sheet_path;
}

// Shared strings: each <si> is the concatenation of its <t> runs.
Result<std::vector<std::string>> shared_strings(XlsxArchive& archive) {
  std::vector<std::string> shared;
  auto strings = archive.part("xl/sharedStrings.xml", false);
  if (!strings) return strings.error();
  if (strings->empty()) return shared;
  bool in_t = false, in_phonetic = false;
  XmlWalker sw;
  sw.on_start = [&](std::string_view name, const char**) {
    if (name == "si") shared.emplace_back();
    if (name == "rPh") in_phonetic = true;  // furigana runs are not cell text
    if (name == "t") in_t = true;
  };
  sw.on_end = [&](std::string_view name) {
    if (name == "t") in_t = false;
    if (name == "rPh") in_phonetic = false;
  };
  sw.on_text = [&](std::string_view text) {
    if (in_t && !in_phonetic && !shared.empty()) shared.back().append(text);
  };
  if (!sw.parse(*strings)) return not_xlsx("共有文字列が壊れています");
  return shared;
}

// A worksheet's rows: each <row> one record, each <c> a cell at its reference, with shared
// strings and booleans resolved. Passing a row or cell limit is noted and reported once the
// whole sheet has been walked.
class WorksheetReader {
 public:
  WorksheetReader(const std::vector<std::string>& shared, const TableFileLimits& limits)
      : shared_(shared), limits_(limits) {}

  Result<std::vector<Record>> read(const std::string& xml) {
    XmlWalker cw;
    cw.on_start = [this](std::string_view name, const char** attrs) { start(name, attrs); };
    cw.on_text = [this](std::string_view text) { append(text); };
    cw.on_end = [this](std::string_view name) { end(name); };
    if (!cw.parse(xml)) return not_xlsx("シートが壊れています");
    if (!problem_.empty())
      return make_error(ErrorKind::kInvalid, "import.too_large",
                        "Excel ファイルの" + problem_ + "。");
    return std::move(records_);
  }

 private:
  void start(std::string_view name, const char** attrs) {
    if (name == "row") {
      auto r = XmlWalker::attr(attrs, "r");
      row_ = r.empty() ? row_ + 1 : std::atoi(std::string(r).c_str());
      if (records_.size() >= limits_.max_rows) problem_ = "行が多すぎます";
      records_.push_back(Record{row_, {}});
    } else if (name == "c") {
      type_ = XmlWalker::attr(attrs, "t");
      auto ref = XmlWalker::attr(attrs, "r");
      column_ = ref.empty()
                    ? (records_.empty() ? 0 : static_cast<int>(records_.back().cells.size()))
                    : column_of(ref);
      value_.clear();
    } else if (name == "v") {
      in_value_ = true;
    } else if (name == "t" && type_ == "inlineStr") {
      in_inline_ = true;
    }
  }

  void append(std::string_view text) {
    if (in_value_ || in_inline_) {
      value_.append(text);
      if (value_.size() > limits_.max_cell_bytes) problem_ = "セルが大きすぎます";
    }
  }

  void end(std::string_view name) {
    if (name == "v") in_value_ = false;
    if (name == "t") in_inline_ = false;
    if (name != "c" || records_.empty() || column_ < 0) return;
    std::string text = value_;
    if (type_ == "s") {
      std::size_t index = static_cast<std::size_t>(std::atol(value_.c_str()));
      text = index < shared_.size() ? shared_[index] : std::string();
    } else if (type_ == "b") {
      text = value_ == "1" ? "TRUE" : "FALSE";
    }
    auto& cells = records_.back().cells;
    if (static_cast<std::size_t>(column_) >= cells.size())
      cells.resize(static_cast<std::size_t>(column_) + 1);
    cells[static_cast<std::size_t>(column_)] = std::move(text);
  }

  const std::vector<std::string>& shared_;
  const TableFileLimits& limits_;
  std::vector<Record> records_;
  std::string type_, value_, problem_;
  int column_ = -1, row_ = 0;
  bool in_value_ = false, in_inline_ = false;
};

// Every cell within the size limit and valid UTF-8 (a shared string is checked only here).
Status check_cell_texts(const std::vector<Record>& records, const TableFileLimits& limits) {
  for (const auto& r : records) {
    for (const auto& c : r.cells) {
      if (c.size() > limits.max_cell_bytes)
        return make_error(ErrorKind::kInvalid, "import.cell_too_large",
                          std::to_string(r.line) + "行目: セルが 64KiB を超えています。");
      if (find_invalid_utf8(c)) return not_xlsx("文字が壊れています");
    }
  }
  return Ok{};
}

}  // namespace

Result<std::vector<Record>> read_xlsx(std::string_view bytes, const TableFileLimits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return make_error(ErrorKind::kInvalid, "import.too_large", "ファイルが大きすぎます。");
  auto archive = XlsxArchive::open(bytes, limits);
  if (!archive) return archive.error();
  auto sheet_path = first_sheet_path(*archive);
  if (!sheet_path) return sheet_path.error();
  auto shared = shared_strings(*archive);
  if (!shared) return shared.error();
  auto sheet = archive->part(sheet_path->c_str(), true);
  if (!sheet) return sheet.error();
  auto records = WorksheetReader(*shared, limits).read(*sheet);
  if (!records) return records.error();
  if (auto cells = check_cell_texts(*records, limits); !cells) return cells.error();
  return records;
}

Result<std::vector<Record>> read_table_file(std::string_view bytes, std::string_view file_name,
                                            const TableFileLimits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return make_error(ErrorKind::kInvalid, "import.too_large", "ファイルが大きすぎます。");
  TableFormat format = detect_table_format(bytes, file_name);
  if (format == TableFormat::kXlsx) return read_xlsx(bytes, limits);
  if (bytes.find('\0') != std::string_view::npos) {
    return make_error(
        ErrorKind::kInvalid, "import.binary",
        "表計算ソフトのファイル（.xlsx）か、CSV・タブ区切りのテキストを指定してください。");
  }
  auto text = decode_text(bytes);
  if (!text) return text.error();
  DelimitedOptions options;
  options.delimiter = format == TableFormat::kCsv ? ',' : '\t';
  options.max_cell_bytes = limits.max_cell_bytes;
  return read_delimited(*text, options);
}

}  // namespace tsunagu::io
