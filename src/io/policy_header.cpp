#include "io/policy_header.hpp"

#include <algorithm>
#include <set>

#include "core/text.hpp"
#include "io/sheet_text.hpp"

namespace tsunagu::io {
namespace {

struct PolicyRoleText {
  PolicyRole role;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<PolicyRoleText, 11> kPolicyRoleTexts = {{
    {PolicyRole::kGoal, "goal", "基本目標"},
    {PolicyRole::kNumber, "number", "No."},
    {PolicyRole::kFindings, "findings", "現状と課題"},
    {PolicyRole::kCurrent, "current", "現状"},
    {PolicyRole::kIssues, "issues", "課題"},
    {PolicyRole::kViewpoint, "viewpoint", "視点"},
    {PolicyRole::kPolicy, "policy", "施策"},
    {PolicyRole::kPriority, "priority", "重点施策"},
    {PolicyRole::kVision, "vision", "施策の将来像"},
    {PolicyRole::kDirections, "directions", "施策の方向性"},
    {PolicyRole::kExamples, "examples", "主な事業例"},
}};

// Header words by role, compared after compact_header (width folded, spaces removed).
const std::map<PolicyRole, std::vector<std::string_view>>& policy_vocabulary() {
  static const std::map<PolicyRole, std::vector<std::string_view>> words = {
      // (Not 目標 or 柱 alone: a 目標 column is as often a KPI's target value.)
      {PolicyRole::kGoal, {"基本目標", "基本方針", "施策の柱"}},
      {PolicyRole::kNumber, {"No.", "No", "NO.", "NO", "番号", "施策番号", "№"}},
      {PolicyRole::kFindings, {"現状と課題", "現状・課題", "現状及び課題", "課題と現状"}},
      {PolicyRole::kCurrent, {"現状", "現況", "現状(データ)"}},
      {PolicyRole::kIssues, {"課題", "主な課題", "解決すべき課題", "取り組むべき課題"}},
      {PolicyRole::kViewpoint, {"視点"}},
      {PolicyRole::kPolicy, {"施策", "施策名", "施策の名称", "個別施策"}},
      {PolicyRole::kPriority, {"重点", "重点施策", "重点取組", "重点項目"}},
      {PolicyRole::kVision,
       {"施策の将来像", "将来像", "目指す姿", "めざす姿", "目標とする姿", "あるべき姿"}},
      {PolicyRole::kDirections,
       {"施策の方向性", "施策の方向", "方向性", "取組の方向", "取組の方向性", "取り組みの方向",
        "取組みの方向", "施策の展開"}},
      {PolicyRole::kExamples,
       {"主な事業例", "主な事業", "主な取組", "主な取組み", "主な取り組み", "具体的な取組",
        "具体的な取り組み", "事業例", "取組例", "主な事業・取組"}},
  };
  return words;
}

std::optional<PolicyRole> role_of_header(std::string_view header) {
  const std::string key = compact_header(header);
  for (const auto& [role, words] : policy_vocabulary()) {
    for (auto w : words) {
      if (w == key) return role;
    }
  }
  return std::nullopt;
}

// ① … ⑩, or 視点① / 視点1 → its number; 0 otherwise.
int viewpoint_number(std::string_view header) {
  std::string key = compact_header(header);
  constexpr std::string_view kWord = "視点";
  const bool prefixed = key.rfind(kWord, 0) == 0;
  if (prefixed) key.erase(0, kWord.size());
  for (std::size_t i = 0; i < detail::kCircled.size(); ++i) {
    if (key == detail::kCircled[i]) return static_cast<int>(i) + 1;
  }
  if (auto n = parse_small_int(key); prefixed && n && *n >= 1 && *n <= 10) return *n;
  return 0;
}

}  // namespace

std::string_view policy_role_name(PolicyRole role) {
  for (const auto& t : kPolicyRoleTexts) {
    if (t.role == role) return t.name;
  }
  return "policy";
}

std::string_view policy_role_label(PolicyRole role) {
  for (const auto& t : kPolicyRoleTexts) {
    if (t.role == role) return t.label;
  }
  return "施策";
}

const std::vector<std::string_view>& policy_role_vocabulary(PolicyRole role) {
  return policy_vocabulary().at(role);
}

Result<PolicyColumnChoice> parse_policy_column(std::string_view text) {
  std::string roles;
  for (const auto& t : kPolicyRoleTexts) roles += (roles.empty() ? "" : ", ") + std::string(t.name);
  auto eq = text.find('=');
  if (eq == std::string_view::npos || trim(text.substr(eq + 1)).empty()) {
    return make_error(ErrorKind::kInvalid, "import.bad_column",
                      "--column は 役割=見出し の形で指定してください（例: --column "
                      "directions=取組の方向）。役割: " +
                          roles);
  }
  std::string_view name = trim(text.substr(0, eq));
  for (const auto& t : kPolicyRoleTexts) {
    if (t.name == name) return PolicyColumnChoice{t.role, std::string(trim(text.substr(eq + 1)))};
  }
  return make_error(ErrorKind::kInvalid, "import.bad_column",
                    "役割「" + std::string(name) + "」はありません。役割: " + roles);
}

namespace detail {

std::string policy_cell(const Record& r, int column) {
  const auto c = static_cast<std::size_t>(column);
  return column >= 0 && c < r.cells.size() ? std::string(trim(r.cells[c])) : std::string();
}

namespace {

class HeaderFinder {
 public:
  HeaderFinder(const std::vector<Record>& records, const PolicySheetOptions& options)
      : records_(records), options_(options) {}

  // The header, or nullopt with `why` saying what the closest row lacked.
  std::optional<PolicyHeader> find(std::string& why) {
    int text_rows = 0;
    for (std::size_t i = 0; i < records_.size() && text_rows < 30; ++i) {
      const Record& r = records_[i];
      if (r.blank()) continue;
      ++text_rows;
      PolicyHeader h;
      if (!read_row(r, h)) continue;
      h.line = r.line;
      h.data_from = i + 1;
      if (i + 1 < records_.size()) read_sub_header(records_[i + 1], h);
      return h;
    }
    why = "「施策」にあたる見出しの行が見つかりません（探した見出しの言葉: " + words() + "）";
    return std::nullopt;
  }

 private:
  static std::string words() {
    std::string s;
    for (auto w : policy_vocabulary().at(PolicyRole::kPolicy))
      s += (s.empty() ? "" : "、") + std::string(w);
    return s;
  }

  // The row as a header: the chosen columns and the vocabulary give roles; it is the header
  // when it has the 施策 and one other role, or every chosen column.
  bool read_row(const Record& r, PolicyHeader& h) const {
    int recognised = 0;
    std::set<std::string> chosen_found;
    for (std::size_t c = 0; c < r.cells.size(); ++c) {
      std::string text(trim(r.cells[c]));
      h.texts.push_back(text);
      if (text.empty()) continue;
      PolicySheetColumn col{static_cast<int>(c), text, std::nullopt, 0, false};
      if (auto role = role_of_text(text, col.chosen)) {
        col.role = role->first;
        col.viewpoint = role->second;
      }
      if (col.chosen) chosen_found.insert(compact_header(text));
      if (col.role) ++recognised;
      h.columns.push_back(std::move(col));
    }
    bool has_policy = false;
    for (const auto& col : h.columns) has_policy |= col.role == PolicyRole::kPolicy;
    std::set<std::string> wanted;
    for (const auto& choice : options_.columns) wanted.insert(compact_header(choice.header));
    if (!wanted.empty() && chosen_found == wanted && has_policy) return true;
    return has_policy && recognised >= 2;
  }

  // The role a header text takes: a --column choice naming it, a viewpoint (①, 視点2), the
  // vocabulary's.
  std::optional<std::pair<PolicyRole, int>> role_of_text(const std::string& text,
                                                         bool& chosen) const {
    chosen = false;
    for (const auto& choice : options_.columns) {
      if (compact_header(choice.header) == compact_header(text)) {
        chosen = true;
        return std::pair{choice.role, 0};
      }
    }
    if (int n = viewpoint_number(text); n > 0) return std::pair{PolicyRole::kViewpoint, n};
    if (auto role = role_of_header(text)) return std::pair{*role, 0};
    return std::nullopt;
  }

  // The row below the header names the viewpoints (①②③④ under a 視点 header, seed 000) or
  // the parts of a header merged over them (現状と課題 over 現状 and 課題). It is such a row when
  // its 施策 cell is empty and every other text is a header's word, or when its 施策 cell is the
  // header's own, merged down over both rows.
  void read_sub_header(const Record& below, PolicyHeader& h) const {
    int policy_column = -1;
    for (const auto& col : h.columns) {
      if (col.role == PolicyRole::kPolicy) policy_column = col.index;
    }
    const std::string below_policy = policy_cell(below, policy_column);
    const bool merged_down =
        !below_policy.empty() && below_policy == cell_at_texts(h, policy_column);
    if (!below_policy.empty() && !merged_down) return;
    bool any = false;
    for (std::size_t c = 0; c < below.cells.size(); ++c) {
      std::string sub(trim(below.cells[c]));
      if (sub.empty() || sub == cell_at_texts(h, static_cast<int>(c))) continue;
      bool chosen = false;
      if (!merged_down && !role_of_text(sub, chosen)) return;  // a data row
      any = true;
    }
    if (!any && !merged_down) return;
    for (std::size_t c = 0; c < below.cells.size(); ++c) {
      std::string sub(trim(below.cells[c]));
      h.sub_texts.push_back(sub);
      if (sub.empty() || sub == cell_at_texts(h, static_cast<int>(c))) continue;
      PolicySheetColumn* col = column(h, static_cast<int>(c));
      if (col == nullptr) {
        h.columns.push_back({static_cast<int>(c), sub, std::nullopt, 0, false});
        col = &h.columns.back();
      } else {
        col->header = col->header.empty() ? sub : col->header + " " + sub;
      }
      bool chosen = false;
      auto role = role_of_text(sub, chosen);
      if (col->chosen && !chosen) continue;  // the choice named the header above
      if (role) {
        col->role = role->first;
        col->viewpoint = role->second;
        col->chosen = chosen;
      }
    }
    ++h.data_from;
    std::sort(h.columns.begin(), h.columns.end(),
              [](const auto& a, const auto& b) { return a.index < b.index; });
  }

  static std::string cell_at_texts(const PolicyHeader& h, int c) {
    return c >= 0 && static_cast<std::size_t>(c) < h.texts.size() ? h.texts[c] : std::string();
  }
  static PolicySheetColumn* column(PolicyHeader& h, int index) {
    for (auto& col : h.columns) {
      if (col.index == index) return &col;
    }
    return nullptr;
  }

  const std::vector<Record>& records_;
  const PolicySheetOptions& options_;
};

}  // namespace

std::optional<PolicyHeader> find_policy_header(const std::vector<Record>& records,
                                               const PolicySheetOptions& options,
                                               std::string& why) {
  return HeaderFinder(records, options).find(why);
}

}  // namespace detail
}  // namespace tsunagu::io
