#include "io/sheet_columns.hpp"

#include <array>
#include <map>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "io/sheet_text.hpp"

namespace tsunagu::io {
namespace {

struct RoleText {
  SheetRole role;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<RoleText, 10> kRoleTexts = {{
    {SheetRole::kCategory, "category", "施策・分野"},
    {SheetRole::kNumber, "number", "番号"},
    {SheetRole::kName, "name", "事業名"},
    {SheetRole::kDepartments, "departments", "担当課"},
    {SheetRole::kContent, "content", "内容"},
    {SheetRole::kGrade, "grade", "評価"},
    {SheetRole::kDone, "done", "実施内容"},
    {SheetRole::kNextPlan, "next_plan", "次年度実施予定"},
    {SheetRole::kBudget, "budget", "予算額"},
    {SheetRole::kSettlement, "settlement", "決算額"},
}};

// What published 進行管理 and 事務事業評価 sheets call each column, folded (no spaces,
// half-width letters). docs/IMPORT.md lists the same words.
const std::map<SheetRole, std::vector<std::string_view>>& vocabulary() {
  static const std::map<SheetRole, std::vector<std::string_view>> words = {
      {SheetRole::kCategory,
       {"施策", "施策名", "基本施策", "具体的施策", "施策の方向", "施策の方向性", "施策の柱",
        "推進施策", "主要施策", "取組の柱", "分野", "取組分野", "施策分野", "区分", "分類",
        "大項目", "基本目標", "重点施策", "重点項目"}},
      {SheetRole::kNumber,
       {"具体的な取り組み",
        "具体的な取組",
        "No",
        "No.",
        "NO",
        "NO.",
        "no",
        "no.",
        "№",
        "番号",
        "事業番号",
        "整理番号",
        "通し番号",
        "項番",
        "事業No",
        "事業No.",
        "事業NO",
        "事業NO.",
        "事業コード",
        "番"}},
      {SheetRole::kName,
       {"事業", "事業名", "事務事業名", "事務事業", "事業名称", "取組名", "取組", "取り組み",
        "具体的な事業", "主な事業", "主な取組", "事業・取組", "事業・取組名", "取組事業",
        "実施事業", "事業名等"}},
      {SheetRole::kDepartments,
       {"担当課",   "所管課",   "担当部署",    "担当部局",   "所管部署", "所管部局",
        "担当課名", "所管課名", "担当部課",    "所管部課",   "担当課等", "所管課等",
        "担当",     "所管",     "担当部・課",  "担当部課名", "実施課",   "主管課",
        "担当所属", "所管所属", "担当課・機関"}},
      {SheetRole::kContent,
       {"内容", "事業内容", "事業概要", "概要", "事業の概要", "取組の概要", "取組内容",
        "具体的な内容", "事業の内容", "目的・内容", "事業目的", "事業の目的・概要", "取組概要"}},
      {SheetRole::kGrade,
       {"評価",         "達成度",           "評価区分", "進捗評価", "進捗状況", "自己評価",
        "総合評価",     "目標に対する評価", "達成状況", "進捗度",   "評価結果", "一次評価",
        "担当課評価",   "所管課評価",       "進捗",     "取組評価", "事業評価", "判定",
        "評価(達成度)", "達成度評価"}},
      {SheetRole::kDone,
       {"実施内容", "取組実績", "実績", "事業実績", "実施状況", "取組状況", "実施結果", "主な実績",
        "取組の実績", "実施状況・成果", "取組結果", "実施した内容", "活動実績", "事業の実施状況",
        "取組の状況", "実績・成果", "取組実績・成果", "主な取組実績"}},
      {SheetRole::kNextPlan,
       {"実施予定",           "次年度実施予定",     "今後の方向性",     "今後の取組",
        "今後の取り組み",     "今後の取組方針",     "次年度の取組",     "今後の方針",
        "今後の展開",         "次年度以降の方向性", "方向性",           "次年度の方向性",
        "今後の予定",         "次年度の予定",       "改善策",           "今後の課題と方向性",
        "課題・今後の方向性", "今後の対応",         "次年度の取組予定", "今後の取組予定"}},
      {SheetRole::kBudget,
       {"予算額", "予算", "当初予算", "当初予算額", "予算現額", "事業費(予算)", "予算額(当初)"}},
      {SheetRole::kSettlement,
       {"決算額", "決算", "事業費", "決算見込額", "執行額", "実績額", "支出額", "事業費(決算)"}},
  };
  return words;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The length of a year at the start of `s` ("R6", "令和4年度", "2007年度", "H28", "28年度"),
// 0 when there is none. `era_less` is set for a bare "28年度".
std::size_t year_length(std::string_view s, bool& era_less) {
  era_less = false;
  std::size_t i = 0;
  bool era = false;
  for (std::string_view name : {"令和", "平成", "昭和"}) {
    if (starts_with(s, name)) {
      i = name.size();
      era = true;
    }
  }
  if (!era && !s.empty() && (s[0] == 'R' || s[0] == 'H' || s[0] == 'S') && s.size() > 1 &&
      (is_digit(s[1]) || starts_with(s.substr(1), "元"))) {
    i = 1;
    era = true;
  }
  std::size_t digits = 0;
  if (era && starts_with(s.substr(i), "元")) {
    i += std::string_view("元").size();
    digits = 1;
  } else {
    for (; i < s.size() && is_digit(s[i]); ++i) ++digits;
  }
  if (digits == 0 || digits > 4 || (era && digits > 2)) return 0;
  if (!era && digits != 4) {
    if (digits > 2 || !starts_with(s.substr(i), "年度")) return 0;
    era_less = true;
  }
  if (starts_with(s.substr(i), "年度")) {
    i += std::string_view("年度").size();
  } else if (starts_with(s.substr(i), "年")) {
    i += std::string_view("年").size();
  } else if (!era) {
    // "2024" alone before a word would be a number, not a year: only "2024年度" counts.
    return 0;
  }
  return i;
}

std::optional<FiscalYear> read_year(std::string_view text, bool era_less, FiscalYear context) {
  std::string written(text);
  if (era_less) written = std::string(era_name(context.era_year().era)) + written;
  auto fy = FiscalYear::parse(written);
  if (!fy) return std::nullopt;
  return *fy;
}

}  // namespace

std::string_view sheet_role_name(SheetRole role) {
  for (const auto& t : kRoleTexts) {
    if (t.role == role) return t.name;
  }
  return "";
}

std::optional<SheetRole> parse_sheet_role(std::string_view name) {
  for (const auto& t : kRoleTexts) {
    if (t.name == name) return t.role;
  }
  return std::nullopt;
}

std::string_view sheet_role_label(SheetRole role) {
  for (const auto& t : kRoleTexts) {
    if (t.role == role) return t.label;
  }
  return "";
}

HeaderKey fold_header(std::string_view header, FiscalYear context) {
  HeaderKey h;
  std::string s = compact_header(header);
  // A year in brackets at the end: 評価(R6), 実績(令和4年度), 予算額(千円)(R6).
  auto trailing_year = [&] {
    if (h.year || !ends_with(s, ")")) return;
    auto open = s.rfind('(');
    if (open == std::string::npos || open == 0) return;
    std::string_view inner = std::string_view(s).substr(open + 1, s.size() - open - 2);
    bool inner_era_less = false;
    if (inner.empty() || year_length(inner, inner_era_less) != inner.size()) return;
    if (auto fy = read_year(inner, inner_era_less, context)) {
      h.year = fy;
      s.resize(open);
    }
  };
  trailing_year();
  // A unit in brackets at the end belongs to budget columns: (千円), (円), (単位:千円).
  for (std::string_view unit : {"(千円)", "(単位:千円)", "(単位千円)"}) {
    if (ends_with(s, unit)) s.resize(s.size() - unit.size());
  }
  for (std::string_view unit : {"(円)", "(単位:円)"}) {
    if (ends_with(s, unit)) {
      s.resize(s.size() - unit.size());
      h.thousand_yen = false;
    }
  }
  trailing_year();  // 予算額(R6)(千円)
  bool era_less = false;
  if (std::size_t n = year_length(s, era_less); !h.year && n > 0 && n < s.size()) {
    if (auto fy = read_year(std::string_view(s).substr(0, n), era_less, context)) {
      h.year = fy;
      s.erase(0, n);
      if (starts_with(s, "の")) s.erase(0, std::string_view("の").size());
    }
  }
  h.key = std::move(s);
  return h;
}

std::optional<SheetRole> role_of_key(std::string_view key) {
  for (const auto& [role, words] : vocabulary()) {
    for (auto w : words) {
      if (w == key) return role;
    }
  }
  return std::nullopt;
}

const std::vector<std::string_view>& role_vocabulary(SheetRole role) {
  return vocabulary().at(role);
}

Result<ColumnChoice> parse_column_choice(std::string_view text) {
  auto eq = text.find('=');
  std::string roles;
  for (const auto& t : kRoleTexts) roles += (roles.empty() ? "" : ", ") + std::string(t.name);
  if (eq == std::string_view::npos || trim(text.substr(eq + 1)).empty()) {
    return make_error(ErrorKind::kInvalid, "import.bad_column",
                      "--column は 役割=見出し の形で指定してください（例: --column "
                      "grade=達成度）。役割: " +
                          roles);
  }
  if (trim(text.substr(0, eq)) == "extra")
    return ColumnChoice{SheetRole::kName, std::string(trim(text.substr(eq + 1))), true};
  auto role = parse_sheet_role(trim(text.substr(0, eq)));
  if (!role) {
    return make_error(ErrorKind::kInvalid, "import.bad_column",
                      "列の役割「" + std::string(trim(text.substr(0, eq))) +
                          "」はありません。使える役割: " + roles);
  }
  return ColumnChoice{*role, std::string(trim(text.substr(eq + 1)))};
}

std::string column_choices_json(const std::vector<ColumnChoice>& choices) {
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  for (const auto& c : choices) {
    j.push_back({{"role", c.keep_as_extra ? std::string_view("extra") : sheet_role_name(c.role)},
                 {"header", c.header}});
  }
  return j.dump();
}

std::vector<ColumnChoice> column_choices_from_json(std::string_view json) {
  std::vector<ColumnChoice> out;
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& item : j) {
    if (!item.is_object() || !item.contains("role") || !item.contains("header")) continue;
    if (!item["role"].is_string() || !item["header"].is_string()) continue;
    const std::string name = item["role"].get<std::string>();
    if (name == "extra") {
      out.push_back({SheetRole::kName, item["header"].get<std::string>(), true});
    } else if (auto role = parse_sheet_role(name)) {
      out.push_back({*role, item["header"].get<std::string>()});
    }
  }
  return out;
}

}  // namespace tsunagu::io
