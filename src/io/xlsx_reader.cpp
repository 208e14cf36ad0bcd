// Reading .xlsx workbooks: the zip opened with libzip under inflation limits, the XML parts
// walked with expat (no DTDs), shared strings resolved, merged ranges kept.
#include <expat.h>
#include <zip.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <memory>

#include "core/text.hpp"
#include "io/table_file.hpp"
#include "io/workbook.hpp"

namespace tsunagu::io {
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
    const bool ok = XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE) ==
                    XML_STATUS_OK;
    parser_ = nullptr;
    return ok;
  }

  // Ends the walk at once (parse then returns false): a limit was passed.
  void stop() {
    if (parser_ != nullptr) XML_StopParser(static_cast<XML_Parser>(parser_), XML_FALSE);
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

struct SheetEntry {
  std::string name;
  std::string path;
  bool hidden = false;
};

// The worksheets in workbook order: workbook.xml names them, its rels give the files.
Result<std::vector<SheetEntry>> sheet_entries(XlsxArchive& archive) {
  auto workbook = archive.part("xl/workbook.xml", true);
  if (!workbook) return workbook.error();
  std::vector<std::pair<SheetEntry, std::string>> named;  // entry, relationship id
  XmlWalker wb;
  wb.on_start = [&](std::string_view name, const char** attrs) {
    if (name != "sheet") return;
    SheetEntry e;
    e.name = XmlWalker::attr(attrs, "name");
    auto state = XmlWalker::attr(attrs, "state");
    e.hidden = state == "hidden" || state == "veryHidden";
    named.emplace_back(std::move(e), std::string(XmlWalker::attr(attrs, "id")));
  };
  if (!wb.parse(*workbook) || named.empty()) return not_xlsx("シートがありません");
  auto rels = archive.part("xl/_rels/workbook.xml.rels", true);
  if (!rels) return rels.error();
  std::map<std::string, std::string> targets;  // relationship id → part
  XmlWalker rw;
  rw.on_start = [&](std::string_view name, const char** attrs) {
    if (name != "Relationship") return;
    std::string target(XmlWalker::attr(attrs, "Target"));
    targets[std::string(XmlWalker::attr(attrs, "Id"))] =
        target.rfind("/xl/", 0) == 0 ? target.substr(1) : "xl/" + target;
  };
  if (!rw.parse(*rels)) return not_xlsx("シートの場所がわかりません");
  std::vector<SheetEntry> sheets;
  for (auto& [entry, id] : named) {
    auto it = targets.find(id);
    if (it == targets.end()) return not_xlsx("シートの場所がわかりません");
    entry.path = it->second;
    sheets.push_back(std::move(entry));
  }
  return sheets;
}

// Shared strings: each <si> is the concatenation of its <t> runs. A string longer than a cell
// may be is refused here, before any cell copies it.
Result<std::vector<std::string>> shared_strings(XlsxArchive& archive, const TableFileLimits& limits,
                                                CellBudget& budget) {
  std::vector<std::string> shared;
  auto strings = archive.part("xl/sharedStrings.xml", false);
  if (!strings) return strings.error();
  if (strings->empty()) return shared;
  bool in_t = false, in_phonetic = false, too_large = false, too_many = false;
  XmlWalker sw;
  sw.on_start = [&](std::string_view name, const char**) {
    if (name == "si") {
      // Each string is a slot of the budget: <si/> repeated would otherwise be free.
      if (!budget.spend(1, 0)) {
        too_many = true;
        sw.stop();
        return;
      }
      shared.emplace_back();
    }
    if (name == "rPh") in_phonetic = true;  // furigana runs are not cell text
    if (name == "t") in_t = true;
  };
  sw.on_end = [&](std::string_view name) {
    if (name == "t") in_t = false;
    if (name == "rPh") in_phonetic = false;
  };
  sw.on_text = [&](std::string_view text) {
    if (!in_t || in_phonetic || shared.empty()) return;
    shared.back().append(text);
    if (shared.back().size() > limits.max_cell_bytes) {
      too_large = true;
      sw.stop();
    }
  };
  bool parsed = sw.parse(*strings);
  if (too_many)
    return make_error(ErrorKind::kInvalid, "import.too_large",
                      "Excel ファイルの共有文字列が多すぎます。");
  if (too_large)
    return make_error(ErrorKind::kInvalid, "import.cell_too_large",
                      "Excel ファイルに 64KiB を超える文字列があります。");
  if (!parsed) return not_xlsx("共有文字列が壊れています");
  return shared;
}

// A worksheet's rows: each <row> one record, each <c> a cell at its reference, with shared
// strings and booleans resolved. The walk stops at the first limit passed (rows, cell slots and
// text from the workbook's budget, merged ranges, a row number past Excel's grid).
class WorksheetReader {
 public:
  WorksheetReader(const std::vector<std::string>& shared, const TableFileLimits& limits,
                  CellBudget& budget)
      : shared_(shared), limits_(limits), budget_(budget) {}

  // The merged ranges of the sheet read last (<mergeCells> follows the rows).
  std::vector<CellRange> take_merged() { return std::move(merged_); }

  Result<std::vector<Record>> read(const std::string& xml) {
    walker_.on_start = [this](std::string_view name, const char** attrs) { start(name, attrs); };
    walker_.on_text = [this](std::string_view text) { append(text); };
    walker_.on_end = [this](std::string_view name) { end(name); };
    bool parsed = walker_.parse(xml);
    if (!problem_.empty())
      return make_error(ErrorKind::kInvalid, "import.too_large",
                        "Excel ファイルの" + problem_ + "。");
    if (!parsed || bad_reference_) return not_xlsx("シートが壊れています");
    return std::move(records_);
  }

 private:
  void fail(std::string problem) {
    if (problem_.empty()) problem_ = std::move(problem);
    walker_.stop();
  }

  // A row number: 1 … 1,048,576; 0 when malformed.
  static int line_of(std::string_view r) {
    int line = 0;
    for (char ch : r) {
      if (ch < '0' || ch > '9') return 0;
      line = line * 10 + (ch - '0');
      if (line > 1048576) return 0;
    }
    return line;
  }

  void start(std::string_view name, const char** attrs) {
    if (!problem_.empty() || bad_reference_) return;
    if (name == "row") {
      auto r = XmlWalker::attr(attrs, "r");
      row_ = r.empty() ? row_ + 1 : line_of(r);
      if (row_ <= 0 || row_ > 1048576) {
        bad_reference_ = true;
        walker_.stop();
        return;
      }
      if (records_.size() >= limits_.max_rows || !budget_.spend(1, 0))
        return fail("行が多すぎます");
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
    } else if (name == "mergeCell") {
      if (merged_.size() >= limits_.max_merged_ranges) return fail("結合セルが多すぎます");
      if (auto range = parse_cell_range(XmlWalker::attr(attrs, "ref"))) merged_.push_back(*range);
    }
  }

  void append(std::string_view text) {
    if (in_value_ || in_inline_) {
      value_.append(text);
      if (value_.size() > limits_.max_cell_bytes) fail("セルが大きすぎます");
    }
  }

  void end(std::string_view name) {
    if (name == "v") in_value_ = false;
    if (name == "t") in_inline_ = false;
    if (name != "c" || records_.empty() || column_ < 0 || !problem_.empty()) return;
    std::string text = value_;
    if (type_ == "s") {
      std::size_t index = static_cast<std::size_t>(std::atol(value_.c_str()));
      text = index < shared_.size() ? shared_[index] : std::string();
    } else if (type_ == "b") {
      text = value_ == "1" ? "TRUE" : "FALSE";
    }
    auto& cells = records_.back().cells;
    const auto column = static_cast<std::size_t>(column_);
    const std::size_t grown = column >= cells.size() ? column + 1 - cells.size() : 0;
    if (!budget_.spend(grown, text.size())) return fail("セルが多すぎます");
    if (grown > 0) cells.resize(column + 1);
    cells[column] = std::move(text);
  }

  const std::vector<std::string>& shared_;
  const TableFileLimits& limits_;
  CellBudget& budget_;
  XmlWalker walker_;
  std::vector<Record> records_;
  std::vector<CellRange> merged_;
  std::string type_, value_, problem_;
  int column_ = -1, row_ = 0;
  bool in_value_ = false, in_inline_ = false, bad_reference_ = false;
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

// An OpenDocument spreadsheet is a zip too; say what to do instead of "not a workbook".
bool is_opendocument(XlsxArchive& archive) {
  auto mimetype = archive.part("mimetype", false);
  return mimetype && mimetype->rfind("application/vnd.oasis.opendocument", 0) == 0;
}

}  // namespace

Result<Workbook> read_xlsx_workbook(std::string_view bytes, const TableFileLimits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return make_error(ErrorKind::kInvalid, "import.too_large", "ファイルが大きすぎます。");
  auto archive = XlsxArchive::open(bytes, limits);
  if (!archive) return archive.error();
  if (is_opendocument(*archive)) {
    return make_error(ErrorKind::kInvalid, "import.ods",
                      "LibreOffice の .ods ファイルは読み込めません。LibreOffice Calc で"
                      "「ファイル」→「名前を付けて保存」を選び、ファイルの種類を「Excel 2007-365 "
                      "(.xlsx)」にして保存し直してから取り込んでください。");
  }
  auto entries = sheet_entries(*archive);
  if (!entries) return entries.error();
  CellBudget budget(limits);
  auto shared = shared_strings(*archive, limits, budget);
  if (!shared) return shared.error();
  Workbook book;
  book.format = TableFormat::kXlsx;
  for (const auto& entry : *entries) {
    auto xml = archive->part(entry.path.c_str(), true);
    if (!xml) return xml.error();
    WorksheetReader reader(*shared, limits, budget);
    auto records = reader.read(*xml);
    if (!records) return records.error();
    if (auto cells = check_cell_texts(*records, limits); !cells) return cells.error();
    book.sheets.push_back({entry.name, entry.hidden, std::move(*records), reader.take_merged()});
  }
  return book;
}

Result<std::vector<Record>> read_xlsx(std::string_view bytes, const TableFileLimits& limits) {
  auto book = read_xlsx_workbook(bytes, limits);
  if (!book) return book.error();
  return std::move(book->sheets.front().records);
}

}  // namespace tsunagu::io
