#include "io/resource_file.hpp"

#include <map>

#include "core/text.hpp"
#include "io/delimited.hpp"
#include "io/table_file.hpp"

namespace tsunagu::io {
namespace {

constexpr std::size_t kMaxImportRows = 5000;

// "9:00〜17:00" (also "~", "-", "－", "～") → {540, 1020}; nullopt for anything else.
std::optional<std::pair<int, int>> hours_range(std::string_view hours) {
  for (std::string_view sep : {"〜", "～", "~", "-", "－"}) {
    auto pos = hours.find(sep);
    if (pos == std::string_view::npos) continue;
    auto from = parse_minute(hours.substr(0, pos));
    auto to = parse_minute(hours.substr(pos + sep.size()));
    if (from && to && *from < *to) return std::pair{*from, *to};
    return std::nullopt;
  }
  return std::nullopt;
}

std::string padded(std::int64_t n, std::size_t width) {
  std::string s = std::to_string(n);
  return std::string(s.size() < width ? width - s.size() : 0, '0') + s;
}

std::string topic_labels(const std::vector<Topic>& topics) {
  std::string out;
  for (Topic t : topics) out += (out.empty() ? "" : "、") + std::string(topic_label(t));
  return out;
}

// Splits "仕事、住まい" or "work,housing" into items ("・" belongs to labels like 居場所・仲間).
std::vector<std::string> list_items(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    auto t = trim(current);
    if (!t.empty()) out.emplace_back(t);
    current.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    if (text.substr(i, 3) == "、" || text.substr(i, 3) == "，") {
      flush();
      i += 3;
    } else if (text[i] == ',' || text[i] == '/') {
      flush();
      ++i;
    } else {
      current += text[i++];
    }
  }
  flush();
  return out;
}

// The columns an import understands: each resource field and the header names that mean it.
enum class ResourceColumn {
  kKind,
  kName,
  kKana,
  kServices,
  kEligibility,
  kPhone,
  kAddress,
  kDays,
  kHours,
  kStart,
  kEnd,
  kCapacity,
  kUrl,
  kTopics,
  kPublic
};
const std::map<std::string, ResourceColumn>& header_names() {
  static const std::map<std::string, ResourceColumn> names = {
      {"種別", ResourceColumn::kKind},
      {"名称", ResourceColumn::kName},
      {"名称_カナ", ResourceColumn::kKana},
      {"カナ", ResourceColumn::kKana},
      {"ふりがな", ResourceColumn::kKana},
      {"支援の内容", ResourceColumn::kServices},
      {"説明", ResourceColumn::kServices},
      {"利用できる人", ResourceColumn::kEligibility},
      {"対象", ResourceColumn::kEligibility},
      {"電話番号", ResourceColumn::kPhone},
      {"住所", ResourceColumn::kAddress},
      {"利用可能曜日", ResourceColumn::kDays},
      {"受付時間", ResourceColumn::kHours},
      {"利用可能日時特記事項", ResourceColumn::kHours},
      {"開始時間", ResourceColumn::kStart},
      {"終了時間", ResourceColumn::kEnd},
      {"受入れ人数", ResourceColumn::kCapacity},
      {"定員", ResourceColumn::kCapacity},
      {"URL", ResourceColumn::kUrl},
      {"分野", ResourceColumn::kTopics},
      {"備考", ResourceColumn::kTopics},
      {"公開", ResourceColumn::kPublic},
  };
  return names;
}

}  // namespace

const std::vector<std::string>& open_data_columns() {
  static const std::vector<std::string> columns = {"全国地方公共団体コード",
                                                   "ID",
                                                   "地方公共団体名",
                                                   "名称",
                                                   "名称_カナ",
                                                   "名称_英字",
                                                   "種別",
                                                   "住所",
                                                   "方書",
                                                   "緯度",
                                                   "経度",
                                                   "電話番号",
                                                   "内線番号",
                                                   "法人番号",
                                                   "団体名",
                                                   "利用可能曜日",
                                                   "開始時間",
                                                   "終了時間",
                                                   "利用可能日時特記事項",
                                                   "説明",
                                                   "バリアフリー情報",
                                                   "URL",
                                                   "備考"};
  return columns;
}

std::string to_katakana(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xE3 && i + 2 < text.size()) {
      unsigned cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6) |
                    (static_cast<unsigned char>(text[i + 2]) & 0x3F);
      if (cp >= 0x3041 && cp <= 0x3096) {
        cp += 0x60;
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
        i += 3;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

std::string open_data_csv(const std::string& municipality_code,
                          const std::string& municipality_name,
                          const std::vector<Resource>& resources) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back(open_data_columns());
  for (const auto& r : resources) {
    auto range = hours_range(r.hours);
    std::string description = r.services;
    if (!r.eligibility.empty()) {
      description += std::string(description.empty() ? "" : "\n") + "対象: " + r.eligibility;
    }
    rows.push_back({municipality_code,
                    municipality_code + "R" + padded(r.id.value, 6),
                    municipality_name,
                    r.name,
                    to_katakana(r.kana),
                    "",
                    std::string(resource_kind_label(r.kind)),
                    r.address,
                    "",
                    "",
                    "",
                    r.phone,
                    "",
                    "",
                    "",
                    r.days,
                    range ? format_minute(range->first) : "",
                    range ? format_minute(range->second) : "",
                    range ? "" : r.hours,
                    description,
                    "",
                    r.url,
                    topic_labels(r.topics)});
  }
  return "\xEF\xBB\xBF" + write_delimited(rows, ',');
}

namespace {

// Where each understood column sits in the header row.
using ResourceColumns = std::map<ResourceColumn, std::size_t>;

// The file's non-blank records, the header first; at least the header, at most
// kMaxImportRows below it.
Result<std::vector<Record>> read_nonblank_records(std::string_view bytes,
                                                  std::string_view file_name) {
  auto records = read_table_file(bytes, file_name);
  if (!records) return records.error();
  std::vector<Record> rows;
  for (auto& r : *records) {
    if (!r.blank()) rows.push_back(std::move(r));
  }
  if (rows.empty())
    return make_error(ErrorKind::kInvalid, "import.empty", "ファイルに行がありません。");
  if (rows.size() - 1 > kMaxImportRows) {
    return make_error(ErrorKind::kInvalid, "import.too_large",
                      "一度に取り込めるのは " + std::to_string(kMaxImportRows) + " 件までです。");
  }
  return rows;
}

// The first column of each known header name; 種別 and 名称 are required.
Result<ResourceColumns> find_resource_columns(const Record& header) {
  ResourceColumns at;
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    auto it = header_names().find(std::string(trim(header.cells[i])));
    if (it != header_names().end() && !at.contains(it->second)) at[it->second] = i;
  }
  if (!at.contains(ResourceColumn::kKind) || !at.contains(ResourceColumn::kName)) {
    Error e = make_error(ErrorKind::kInvalid, "import.bad_header",
                         "1 行目に見出し「種別」と「名称」が必要です（他に 名称_カナ, 支援の内容, "
                         "利用できる人, 電話番号, 住所, 利用可能曜日, 受付時間, 受入れ人数, URL, "
                         "分野, 公開 が使えます）。");
    e.details.push_back({header.line, "", "見出しの行に 種別 と 名称 の列がありません。"});
    return e;
  }
  return at;
}

// Reads the rows below the header into resources, collecting every row's problems (each
// names its line and column) so one import reports all of them.
class ResourceRowReader {
 public:
  explicit ResourceRowReader(ResourceColumns at) : at_(std::move(at)) {}

  ResourceRow read(const Record& rec) {
    ResourceRow row{rec.line, {}};
    Resource& r = row.resource;
    const std::size_t before = problems_.size();
    read_kind(rec, r);
    read_texts(rec, r);
    read_capacity(rec, r);
    read_topics(rec, r);
    read_public(rec, r);
    if (problems_.size() == before) check_valid(rec, r);
    check_unique(rec, r);
    return row;
  }

  std::vector<ErrorDetail> take_problems() { return std::move(problems_); }

 private:
  std::string cell(const Record& rec, ResourceColumn c) const {
    auto it = at_.find(c);
    if (it == at_.end() || it->second >= rec.cells.size()) return "";
    return std::string(trim(rec.cells[it->second]));
  }

  void read_kind(const Record& rec, Resource& r) {
    auto kind = parse_resource_kind(cell(rec, ResourceColumn::kKind));
    if (!kind) {
      problems_.push_back({rec.line, "種別",
                           "種別「" + cell(rec, ResourceColumn::kKind) +
                               "」は使えません。相談窓口、保護観察所、自助グループ、サロン などの"
                               "名前で書いてください。"});
    } else {
      r.kind = *kind;
    }
  }

  // The free-text fields, taken as written apart from two open-data conventions.
  void read_texts(const Record& rec, Resource& r) const {
    r.name = cell(rec, ResourceColumn::kName);
    r.kana = cell(rec, ResourceColumn::kKana);
    r.services = cell(rec, ResourceColumn::kServices);
    r.eligibility = cell(rec, ResourceColumn::kEligibility);
    // The open-data 説明 carries 「対象: …」 on its last line: read it back as the eligibility.
    if (auto pos = r.services.rfind("対象: "); r.eligibility.empty() && pos != std::string::npos &&
                                               (pos == 0 || r.services[pos - 1] == '\n')) {
      r.eligibility = r.services.substr(pos + std::string_view("対象: ").size());
      r.services.erase(pos == 0 ? 0 : pos - 1);
    }
    r.phone = cell(rec, ResourceColumn::kPhone);
    r.address = cell(rec, ResourceColumn::kAddress);
    r.days = cell(rec, ResourceColumn::kDays);
    r.hours = cell(rec, ResourceColumn::kHours);
    // The open data's 開始時間 and 終了時間 become the front of the hours.
    if (auto s = cell(rec, ResourceColumn::kStart), e = cell(rec, ResourceColumn::kEnd);
        !s.empty() && !e.empty()) {
      r.hours = s + "〜" + e + (r.hours.empty() ? "" : " " + r.hours);
    }
    r.url = cell(rec, ResourceColumn::kUrl);
  }

  void read_capacity(const Record& rec, Resource& r) {
    auto cap = cell(rec, ResourceColumn::kCapacity);
    if (cap.empty()) return;
    std::string digits = fold_width(cap);
    bool ok = !digits.empty() && digits.size() <= 6 &&
              digits.find_first_not_of("0123456789") == std::string::npos;
    if (ok) {
      r.capacity = std::stoi(digits);
    } else {
      problems_.push_back({rec.line, "受入れ人数", "受入れ人数は整数で書いてください。"});
    }
  }

  void read_topics(const Record& rec, Resource& r) {
    for (const auto& item : list_items(cell(rec, ResourceColumn::kTopics))) {
      if (auto t = parse_topic(item)) {
        r.topics.push_back(*t);
      } else {
        problems_.push_back({rec.line, "分野",
                             "分野「" + item +
                                 "」は使えません。仕事、住まい、お金・生活、依存症、"
                                 "家族、こころとからだ、高齢・障がい、学び、居場所・"
                                 "仲間、なんでも相談 から選んでください。"});
      }
    }
  }

  void read_public(const Record& rec, Resource& r) {
    auto pub = cell(rec, ResourceColumn::kPublic);
    if (pub.empty()) return;
    if (pub == "公開" || pub == "する" || pub == "1" || pub == "はい") {
      r.is_public = true;
    } else if (pub == "非公開" || pub == "内部" || pub == "しない" || pub == "0" ||
               pub == "いいえ") {
      r.is_public = false;
    } else {
      problems_.push_back({rec.line, "公開", "公開は「公開」又は「非公開」で書いてください。"});
    }
  }

  // The resource's own rules, checked only when its cells could all be read.
  void check_valid(const Record& rec, const Resource& r) {
    if (auto valid = validate_resource(r); !valid) {
      for (auto d : valid.error().details) {
        d.line = rec.line;
        problems_.push_back(d);
      }
    }
  }

  void check_unique(const Record& rec, const Resource& r) {
    auto key = r.name + "\n" + r.address;
    if (auto [it, fresh] = seen_.emplace(key, rec.line); !fresh) {
      problems_.push_back(
          {rec.line, "名称",
           "同じ名称と住所の行が " + std::to_string(it->second) + " 行目にもあります。"});
    }
  }

  ResourceColumns at_;
  std::vector<ErrorDetail> problems_;
  std::map<std::string, int> seen_;  // name + address → first line
};

}  // namespace

Result<std::vector<ResourceRow>> read_resource_file(std::string_view bytes,
                                                    std::string_view file_name) {
  auto rows = read_nonblank_records(bytes, file_name);
  if (!rows) return rows.error();
  auto at = find_resource_columns(rows->front());
  if (!at) return at.error();
  ResourceRowReader reader(std::move(*at));
  std::vector<ResourceRow> out;
  for (std::size_t k = 1; k < rows->size(); ++k) out.push_back(reader.read((*rows)[k]));
  if (auto problems = reader.take_problems(); !problems.empty()) {
    Error e = make_error(ErrorKind::kInvalid, "import.invalid",
                         std::to_string(problems.size()) +
                             " 件の誤りがあるため、取り込みませんでした（何も登録されていません）。"
                             "直してからもう一度取り込んでください。");
    e.details = std::move(problems);
    return e;
  }
  return out;
}

}  // namespace tsunagu::io
