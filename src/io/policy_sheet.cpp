#include "io/policy_sheet.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

#include "core/text.hpp"
#include "io/cell_text.hpp"
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

constexpr std::array<std::string_view, 10> kCircled = {"①", "②", "③", "④", "⑤",
                                                       "⑥", "⑦", "⑧", "⑨", "⑩"};

constexpr std::size_t kMaxProblems = 100;
constexpr int kMaxNumber = 999;  // goals in a table, policies in a goal (as the strict reader)
constexpr std::string_view kGoalHeadingWord = "基本目標";

// "基本目標…" on a row of its own (after any "#"), numbered or not.
bool looks_like_goal_heading(std::string_view text) {
  text = trim(text);
  while (!text.empty() && text.front() == '#') text.remove_prefix(1);
  return trim(text).substr(0, kGoalHeadingWord.size()) == kGoalHeadingWord;
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
  for (std::size_t i = 0; i < kCircled.size(); ++i) {
    if (key == kCircled[i]) return static_cast<int>(i) + 1;
  }
  if (auto n = parse_small_int(key); prefixed && n && *n >= 1 && *n <= 10) return *n;
  return 0;
}

// A mark that says yes (a viewpoint, a 重点施策): ●, ○, ◎, 〇, ★, ✓, 1, はい, 重点 …
std::optional<bool> read_mark(std::string_view text) {
  const std::string t = compact_header(text);
  if (t.empty() || t == "-" || t == "－" || t == "ー" || t == "×" || t == "いいえ" || t == "0")
    return false;
  for (std::string_view yes :
       {"●", "○", "◎", "〇", "★", "☆", "✓", "✔", "1", "はい", "重点", "重点施策", "有"}) {
    if (t == yes) return true;
  }
  return std::nullopt;
}

std::string cell_at(const Record& r, int column) {
  const auto c = static_cast<std::size_t>(column);
  return column >= 0 && c < r.cells.size() ? std::string(trim(r.cells[c])) : std::string();
}

// A policy cell's text and whether it marks a 重点施策: a block "● 重点施策 ●" (seed 000),
// "【重点】", or a leading ★.
std::pair<std::string, bool> policy_text(std::string_view cell) {
  std::string text;
  bool priority = false;
  for (const auto& block : html_blocks(cell)) {
    std::string bare = compact_header(block);
    if (bare == "●重点施策●" || bare == "重点施策" || bare == "【重点施策】" ||
        bare == "【重点】") {
      priority = true;
      continue;
    }
    std::string piece = cell_text(block);
    for (std::string_view mark : {"【重点施策】", "【重点】", "★"}) {
      if (piece.rfind(mark, 0) == 0) {
        priority = true;
        piece = std::string(trim(std::string_view(piece).substr(mark.size())));
      }
    }
    if (piece.empty()) continue;
    if (!text.empty()) text += '\n';
    text += piece;
  }
  return {text, priority};
}

// The sheet's header row and what each column holds.
struct Header {
  int line = 0;
  std::size_t data_from = 0;           // index of the first record below the header rows
  std::vector<std::string> texts;      // the header row's texts (a repeat is skipped)
  std::vector<std::string> sub_texts;  // the sub-header's (①②③④), if any
  std::vector<PolicySheetColumn> columns;
  std::map<PolicyRole, int> column_of;  // one column per role (viewpoints apart)
  std::string policy_header;            // the 施策 column's header text
};

class HeaderFinder {
 public:
  HeaderFinder(const std::vector<Record>& records, const PolicySheetOptions& options)
      : records_(records), options_(options) {}

  // The header, or nullopt with `why` saying what the closest row lacked.
  std::optional<Header> find(std::string& why) {
    int text_rows = 0;
    for (std::size_t i = 0; i < records_.size() && text_rows < 30; ++i) {
      const Record& r = records_[i];
      if (r.blank()) continue;
      ++text_rows;
      Header h;
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
  bool read_row(const Record& r, Header& h) const {
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
  void read_sub_header(const Record& below, Header& h) const {
    int policy_column = -1;
    for (const auto& col : h.columns) {
      if (col.role == PolicyRole::kPolicy) policy_column = col.index;
    }
    const std::string policy_cell = cell_at(below, policy_column);
    const bool merged_down = !policy_cell.empty() && policy_cell == cell_at_texts(h, policy_column);
    if (!policy_cell.empty() && !merged_down) return;
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

  static std::string cell_at_texts(const Header& h, int c) {
    return c >= 0 && static_cast<std::size_t>(c) < h.texts.size() ? h.texts[c] : std::string();
  }
  static PolicySheetColumn* column(Header& h, int index) {
    for (auto& col : h.columns) {
      if (col.index == index) return &col;
    }
    return nullptr;
  }

  const std::vector<Record>& records_;
  const PolicySheetOptions& options_;
};

class PolicyRowReader {
 public:
  PolicyRowReader(Header& header, PolicySheetReading& out) : h_(header), out_(out) {}

  // Gives every role one column; two for a role, or a chosen header missing, is a problem.
  void assign(const PolicySheetOptions& options) {
    for (const auto& choice : options.columns) {
      bool found = false;
      for (const auto* texts : {&h_.texts, &h_.sub_texts}) {
        for (const auto& t : *texts) found |= compact_header(t) == compact_header(choice.header);
      }
      if (!found) {
        problem("import.bad_header", h_.line, "",
                "--column " + std::string(policy_role_name(choice.role)) + "=" + choice.header +
                    ": 見出しの行（" + std::to_string(h_.line) + "行目）に「" + choice.header +
                    "」がありません。");
      }
    }
    // A role given with --column is that column's alone: the vocabulary's column for the same
    // role is not imported, and of a chosen header merged over two columns the first is read.
    std::set<PolicyRole> chosen_roles;
    for (const auto& col : h_.columns) {
      if (col.chosen && col.role) chosen_roles.insert(*col.role);
    }
    std::set<PolicyRole> taken;
    std::set<int> overridden;
    for (auto& col : h_.columns) {
      if (!col.role || !chosen_roles.count(*col.role) || col.viewpoint > 0) continue;
      if (!col.chosen || !taken.insert(*col.role).second) {
        out_.warnings.push_back(column_letters(col.index) + "列「" + col.header + "」は " +
                                std::string(policy_role_label(*col.role)) +
                                " に --column で別の列を指定したため取り込みません。");
        overridden.insert(col.index);
        col.role.reset();
      }
    }
    std::map<PolicyRole, std::vector<const PolicySheetColumn*>> by_role;
    for (const auto& col : h_.columns) {
      if (overridden.count(col.index)) continue;
      if (!col.role) {
        out_.warnings.push_back(column_letters(col.index) + "列「" + col.header +
                                "」は施策の表の項目にないため取り込みません（--column "
                                "ROLE=見出し で役割を指定できます）。");
        continue;
      }
      if (*col.role == PolicyRole::kViewpoint && col.viewpoint > 0) {
        viewpoints_.push_back(&col);
        continue;
      }
      by_role[*col.role].push_back(&col);
    }
    for (const auto& [role, cols] : by_role) {
      if (cols.size() > 1) {
        std::string names;
        for (const auto* c : cols)
          names +=
              (names.empty() ? "" : "、") + column_letters(c->index) + "列「" + c->header + "」";
        problem("import.bad_header", h_.line, column_letters(cols[1]->index) + "列",
                std::string(policy_role_label(role)) + "の列が" + std::to_string(cols.size()) +
                    "つあります（" + names + "）。使う列を --column " +
                    std::string(policy_role_name(role)) + "=見出し で指定してください。");
        continue;
      }
      h_.column_of[role] = cols[0]->index;
    }
    if (auto it = h_.column_of.find(PolicyRole::kPolicy); it != h_.column_of.end())
      h_.policy_header = cell_at_header(it->second);
  }

  std::string cell_at_header(int c) const {
    return static_cast<std::size_t>(c) < h_.texts.size() ? h_.texts[c] : std::string();
  }

  void read(const Record& r) {
    if (stopped_ || out_.problems.size() >= kMaxProblems || r.blank()) return;
    if (repeats_header(r)) return;
    std::vector<std::string> filled;
    for (const auto& c : r.cells) {
      if (!trim(c).empty()) filled.emplace_back(trim(c));
    }
    if (filled.size() == 1) {
      if (auto heading = parse_goal_heading(filled[0])) {
        start_goal(r.line, heading->first, heading->second, filled[0]);
        return;
      }
      if (column(PolicyRole::kGoal) < 0 && looks_like_goal_heading(filled[0])) {
        problem("import.bad_row", r.line, "",
                "基本目標の見出し「" + filled[0] +
                    "」に番号がありません。「基本目標1 …」の形にしてください。");
        return;
      }
    }
    if (column(PolicyRole::kGoal) >= 0) read_goal_cell(r);
    const std::string policy_cell = raw(r, PolicyRole::kPolicy);
    // The header's own 施策 cell merged down a row below it.
    if (!h_.policy_header.empty() && policy_cell == h_.policy_header) return;
    auto [text, priority] = policy_text(policy_cell);
    const std::string number = raw(r, PolicyRole::kNumber);
    // A row continues the policy above (its 施策 merged down, or left empty below) only when it
    // has no number of its own, or the same one.
    const bool same_number = number.empty() || number == policy_number_text_;
    if (text.empty()) {
      if (only_goal(r, filled)) return;  // the goal's own row
      if (policy_ && same_number) {
        continue_policy(r);
        return;
      }
      problem("import.bad_row", r.line, field(PolicyRole::kPolicy),
              "施策の欄が空です。施策を入れるか、行を削除してください。");
      return;
    }
    if (!goal_) {
      problem("import.bad_header", r.line, "",
              "この施策の基本目標がわかりません。基本目標の列を --column goal=見出し で指定するか、"
              "表の上に「基本目標1 …」の行を入れてください。");
      return;
    }
    if (policy_ && policy_goal_ == *goal_ && text == policy_text_ && same_number) {
      continue_policy(r);  // the 施策 merged down several rows
      return;
    }
    start_policy(r, text, priority);
  }

  void finish(int last_line) {
    for (const auto& g : out_.table.goals) {
      if (g.policies.empty()) {
        problem("import.truncated", g.line, "",
                "基本目標" + std::to_string(g.no) + " に施策の行がありません（" +
                    std::to_string(last_line) +
                    "行目まで）。ファイルが途中で切れていないか確かめてください。");
      }
      for (const auto& p : g.policies) {
        if (auto ok = validate_policy_content(p.content); !ok) {
          for (const auto& d : ok.error().details)
            problem("import.bad_row", p.line, "", d.field + ": " + d.message);
        }
      }
    }
    if (out_.table.goals.empty() && out_.problems.empty())
      problem("import.no_table", 0, "", "見出しの下に施策の行がありません。");
  }

 private:
  int column(PolicyRole role) const {
    auto it = h_.column_of.find(role);
    return it == h_.column_of.end() ? -1 : it->second;
  }
  std::string raw(const Record& r, PolicyRole role) const { return cell_at(r, column(role)); }
  std::string field(PolicyRole role) const {
    int c = column(role);
    return c < 0 ? std::string() : column_letters(c) + "列";
  }

  void problem(const char* code, int line, std::string field, std::string message) {
    if (out_.problems.empty()) out_.code = code;
    out_.problems.push_back({line, std::move(field), std::move(message)});
  }

  // The header again (seed 000 repeats its two header rows under every 基本目標).
  bool repeats_header(const Record& r) const {
    int texts = 0;
    for (std::size_t c = 0; c < r.cells.size(); ++c) {
      std::string text(trim(r.cells[c]));
      if (text.empty()) continue;
      bool same = (c < h_.texts.size() && h_.texts[c] == text) ||
                  (c < h_.sub_texts.size() && h_.sub_texts[c] == text);
      if (!same) return false;
      ++texts;
    }
    return texts > 0;
  }

  bool only_goal(const Record& r, const std::vector<std::string>& filled) const {
    return filled.size() == 1 && column(PolicyRole::kGoal) >= 0 &&
           !raw(r, PolicyRole::kGoal).empty();
  }

  // A goal cell: a new text starts a goal ("基本目標1 …", "1．…", or a title numbered next),
  // the same text or an empty cell stays in it.
  void read_goal_cell(const Record& r) {
    std::string text = raw(r, PolicyRole::kGoal);
    if (text.empty() || text == goal_text_) return;
    int no = 0;
    std::string title = text;
    if (auto heading = parse_goal_heading(text)) {
      std::tie(no, title) = *heading;
    } else if (auto numbered = parse_numbered_heading(text, false)) {
      std::tie(no, title) = *numbered;
    } else if (auto bare = parse_small_int(text); bare && *bare > 0) {
      no = *bare;
      title.clear();
    }
    start_goal(r.line, no, title, text);
  }

  void start_goal(int line, int no, const std::string& title, const std::string& text) {
    goal_text_ = text;
    policy_.reset();
    auto known = no > 0 ? goal_by_no_.find(no) : goal_by_no_.end();
    if (no == 0) {
      if (auto it = goal_by_title_.find(title); it != goal_by_title_.end())
        known = goal_by_no_.find(it->second);
    }
    if (known != goal_by_no_.end()) {
      const GoalDraft& g = out_.table.goals[known->second];
      if (!title.empty() && g.title != title) {
        problem("import.bad_row", line, field(PolicyRole::kGoal),
                "基本目標" + std::to_string(g.no) + " の名前が " + std::to_string(g.line) +
                    "行目（" + g.title + "）と違います（" + title + "）。");
      }
      goal_ = known->second;
      return;
    }
    if (no == 0) no = goal_by_no_.empty() ? 1 : goal_by_no_.rbegin()->first + 1;
    if (no > kMaxNumber || out_.table.goals.size() >= static_cast<std::size_t>(kMaxNumber)) {
      problem("import.bad_row", line, field(PolicyRole::kGoal),
              "基本目標は " + std::to_string(kMaxNumber) + " までです。");
      stopped_ = true;
      return;
    }
    if (title.empty())
      problem("import.bad_header", line, field(PolicyRole::kGoal), "基本目標の名前がありません。");
    out_.table.goals.push_back(GoalDraft{line, no, title, {}});
    goal_ = out_.table.goals.size() - 1;
    goal_by_no_[no] = *goal_;
    goal_by_title_.emplace(title, no);
  }

  void start_policy(const Record& r, const std::string& text, bool priority) {
    PolicyDraft draft;
    draft.line = r.line;
    draft.content.text = text;
    draft.content.priority = priority;
    draft.no = policy_number(r);
    if (draft.no == 0) return;
    auto [it, fresh] = numbers_[*goal_].emplace(draft.no, r.line);
    if (!fresh) {
      problem("import.bad_row", r.line, field(PolicyRole::kNumber),
              "基本目標" + std::to_string(goal().no) + " の施策 " + std::to_string(draft.no) +
                  " が " + std::to_string(it->second) + "行目と重複しています。");
      return;
    }
    goal().policies.push_back(std::move(draft));
    policy_ = goal().policies.size() - 1;
    policy_goal_ = *goal_;
    policy_text_ = text;
    policy_number_text_ = raw(r, PolicyRole::kNumber);
    seen_.clear();
    if (int c = column(PolicyRole::kPriority); c >= 0) {
      std::string mark = cell_at(r, c);
      auto yes = read_mark(mark);
      if (!yes) {
        problem("import.bad_row", r.line, field(PolicyRole::kPriority),
                "重点施策の欄「" + mark + "」は ● か空欄にしてください。");
      } else {
        policy().content.priority |= *yes;
      }
    }
    policy().content.vision = cell_text(raw(r, PolicyRole::kVision));
    add_items(r);
  }

  // The number as written (1, 2 …, or the last part of a code such as 4-2 or 1-4-1), else the
  // next in its goal; 0 (reported) past 999.
  int policy_number(const Record& r) {
    std::string text = fold_width(raw(r, PolicyRole::kNumber));
    if (auto dash = text.rfind('-'); dash != std::string::npos) text.erase(0, dash + 1);
    if (auto no = parse_small_int(text); no && *no > 0 && *no <= kMaxNumber) return *no;
    if (!text.empty()) {
      problem("import.bad_row", r.line, field(PolicyRole::kNumber),
              "No. 欄「" + raw(r, PolicyRole::kNumber) + "」は施策の番号（1〜" +
                  std::to_string(kMaxNumber) + "）ではありません。");
      return 0;
    }
    const auto& used = numbers_[*goal_];
    const int next = used.empty() ? 1 : used.rbegin()->first + 1;
    if (next > kMaxNumber) {
      problem("import.bad_row", r.line, field(PolicyRole::kNumber),
              "基本目標" + std::to_string(goal().no) + " の施策は " + std::to_string(kMaxNumber) +
                  " までです。");
      stopped_ = true;
      return 0;
    }
    return next;
  }

  void continue_policy(const Record& r) {
    if (policy().content.vision.empty())
      policy().content.vision = cell_text(raw(r, PolicyRole::kVision));
    add_items(r);
  }

  // The lists of a row: findings, viewpoints, directions, examples (a policy spread over several
  // rows gathers those of each, without repeating an item merged down).
  void add_items(const Record& r) {
    PolicyContent& c = policy().content;
    for (auto role :
         {PolicyRole::kFindings, PolicyRole::kCurrent, PolicyRole::kIssues, PolicyRole::kDirections,
          PolicyRole::kExamples, PolicyRole::kVision, PolicyRole::kPolicy}) {
      if (!html_lists_closed(raw(r, role))) {
        problem("import.truncated", r.line, field(role),
                "HTML のリスト（<ul>、<li>、<p>）が閉じていません。ファイルが途中で切れていないか"
                "確かめてください。");
        return;
      }
    }
    add_findings(r, PolicyRole::kFindings, FindingKind::kIssue);
    add_findings(r, PolicyRole::kCurrent, FindingKind::kCurrent);
    add_findings(r, PolicyRole::kIssues, FindingKind::kIssue);
    add_viewpoints(r);
    auto directions = cell_items(raw(r, PolicyRole::kDirections));
    auto examples = cell_items(raw(r, PolicyRole::kExamples));
    append_new(c.directions, directions.items, 'd');
    append_new(c.examples, examples.items, 'e');
    append_new(c.notes, directions.notes, 'n');
    append_new(c.notes, examples.notes, 'n');
  }

  // Adds the items the policy does not hold yet under `list` (a merge repeats them per row).
  void append_new(std::vector<std::string>& to, const std::vector<std::string>& items, char list) {
    for (const auto& item : items) {
      if (seen_.insert(list + item).second) to.push_back(item);
    }
  }

  // Items marked 【現状】 or 【課題】 keep their mark; the others take the column's kind.
  void add_findings(const Record& r, PolicyRole role, FindingKind kind) {
    for (const auto& item : cell_items(raw(r, role)).items) {
      auto finding = parse_finding(item);
      if (!finding) {
        finding = parse_finding("【" + std::string(finding_kind_name(kind)) + "】" + item);
      }
      if (!finding) continue;
      std::string key = std::string("f") + std::string(finding_kind_name(finding->kind)) + "\t" +
                        finding->text + "\t" + finding->source;
      if (seen_.insert(std::move(key)).second)
        policy().content.findings.push_back(std::move(*finding));
    }
  }

  void add_viewpoints(const Record& r) {
    auto& vp = policy().content.viewpoints;
    auto add = [&](int n) {
      if (std::find(vp.begin(), vp.end(), n) == vp.end()) vp.push_back(n);
    };
    for (const auto* col : viewpoints_) {
      std::string mark = cell_at(r, col->index);
      auto yes = read_mark(mark);
      if (!yes) {
        problem("import.bad_row", r.line, column_letters(col->index) + "列",
                "視点" + std::string(kCircled[static_cast<std::size_t>(col->viewpoint - 1)]) +
                    " の欄「" + mark + "」は ● か空欄にしてください。");
      } else if (*yes) {
        add(col->viewpoint);
      }
    }
    // One 視点 column listing its numbers: "①③", "1、3".
    if (int c = column(PolicyRole::kViewpoint); c >= 0) {
      std::string text = fold_width(cell_at(r, c));
      for (std::size_t i = 0; i < kCircled.size(); ++i) {
        if (text.find(kCircled[i]) != std::string::npos) add(static_cast<int>(i) + 1);
      }
      for (char ch : text) {
        if (ch >= '1' && ch <= '9') add(ch - '0');
      }
    }
    std::sort(vp.begin(), vp.end());
  }

  GoalDraft& goal() { return out_.table.goals[*goal_]; }
  PolicyDraft& policy() { return out_.table.goals[policy_goal_].policies[*policy_]; }

  Header& h_;
  PolicySheetReading& out_;
  std::vector<const PolicySheetColumn*> viewpoints_;
  // Positions in out_.table (pointers would not survive the vectors growing).
  std::optional<std::size_t> goal_;
  std::string goal_text_;
  std::optional<std::size_t> policy_;  // in the goal at policy_goal_
  std::size_t policy_goal_ = 0;
  std::string policy_text_, policy_number_text_;
  std::set<std::string> seen_;                         // the current policy's list items, by list
  std::map<int, std::size_t> goal_by_no_;              // → index in out_.table.goals
  std::map<std::string, int> goal_by_title_;           // → number
  std::map<std::size_t, std::map<int, int>> numbers_;  // goal index → policy no → line
  bool stopped_ = false;                               // a limit was passed
};

// Seed 000's own form: tab-separated, its header row "No. 現状と課題 視点 …".
bool is_siryo3_form(std::string_view bytes, TableFormat format) {
  return format != TableFormat::kXlsx && format != TableFormat::kXls &&
         bytes.find("No.\t現状と課題\t視点") != std::string_view::npos;
}

// Reads one sheet; false when it has no header row (`why` says what was missing).
bool read_one(const Sheet& sheet, const PolicySheetOptions& options, PolicySheetReading& out,
              std::string& why) {
  std::vector<Record> filled;
  const std::vector<Record>* records = &sheet.records;
  if (!sheet.merged.empty()) {
    auto merged = fill_merged(sheet);
    if (!merged) {
      out.code = merged.error().code;
      out.problems.push_back({0, "", merged.error().message});
      return true;
    }
    filled = std::move(*merged);
    records = &filled;
  }
  auto header = HeaderFinder(*records, options).find(why);
  if (!header) return false;
  out.header_found = true;
  out.sheet_name = sheet.name;
  out.header_line = header->line;
  PolicyRowReader rows(*header, out);
  rows.assign(options);
  out.columns = header->columns;
  if (!out.problems.empty()) return true;
  // Goal headings above the header row (seed 000 puts 基本目標1 there) count too.
  for (std::size_t i = 0; i < header->data_from; ++i) {
    const Record& r = (*records)[i];
    if (r.line >= header->line) break;
    std::vector<std::string> texts;
    for (const auto& c : r.cells) {
      if (!trim(c).empty()) texts.emplace_back(trim(c));
    }
    if (texts.size() == 1 && parse_goal_heading(texts[0])) rows.read(r);
  }
  int last = header->line;
  for (std::size_t i = header->data_from; i < records->size(); ++i) {
    rows.read((*records)[i]);
    last = (*records)[i].line;
  }
  rows.finish(last);
  return true;
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

Error PolicySheetReading::error() const { return problems_error(problems, code); }

PolicySheetReading read_policy_sheet(const Workbook& book, const PolicySheetOptions& options) {
  PolicySheetReading out;
  for (const auto& s : book.sheets) out.sheet_names.push_back(s.name);
  auto fail = [&](const char* code, std::string message) {
    out.code = code;
    out.problems.push_back({0, "", std::move(message)});
    return out;
  };
  std::string whys;
  for (const auto& sheet : book.sheets) {
    if (!options.sheet.empty() ? sheet.name != options.sheet : sheet.hidden) continue;
    std::string why;
    if (read_one(sheet, options, out, why)) return out;
    if (!options.sheet.empty()) {
      return fail("import.no_table", "シート「" + sheet.name + "」: " + why +
                                         "。見出しの名前が違うときは --column policy=見出し "
                                         "のように列を指定してください。");
    }
    whys += (whys.empty() ? "" : "。") +
            (sheet.name.empty() ? std::string() : "シート「" + sheet.name + "」: ") + why;
  }
  if (!options.sheet.empty()) {
    return fail("import.no_sheet",
                "シート「" + options.sheet +
                    "」がありません。このファイルのシート: " + quoted_names(out.sheet_names));
  }
  return fail("import.no_table",
              "施策の表が見つかりません（" + whys +
                  "）。見出しの名前が違うときは --column policy=見出し のように列を指定して"
                  "ください。");
}

Result<PolicyTable> parse_policy_file(std::string_view bytes, std::string_view file_name,
                                      const PolicySheetOptions& options) {
  if (bytes.size() > kMaxPolicyTableBytes)
    return make_error(ErrorKind::kInvalid, "import.too_large", "ファイルが 16MiB を超えています。");
  const TableFormat format = detect_table_format(bytes, file_name);
  if (options.columns.empty() && is_siryo3_form(bytes, format)) return parse_policy_table(bytes);
  // A 資料3-like text with columns chosen is tab-separated whatever its name says.
  auto book = read_workbook(bytes, is_siryo3_form(bytes, format) ? "policy.tsv" : file_name);
  if (!book) return book.error();
  PolicySheetReading reading = read_policy_sheet(*book, options);
  if (!reading.problems.empty()) return reading.error();
  return std::move(reading.table);
}

Result<PolicySheetReading> preview_policy_file(std::string_view bytes, std::string_view file_name,
                                               const PolicySheetOptions& options) {
  if (bytes.size() > kMaxPolicyTableBytes)
    return make_error(ErrorKind::kInvalid, "import.too_large", "ファイルが 16MiB を超えています。");
  const bool siryo3 = is_siryo3_form(bytes, detect_table_format(bytes, file_name));
  auto book = read_workbook(bytes, siryo3 ? "policy.tsv" : file_name);
  if (!book) return book.error();
  PolicySheetReading reading = read_policy_sheet(*book, options);
  if (options.columns.empty() && siryo3) {
    // What the import will use: the strict reader's table, or its problems.
    auto strict = parse_policy_table(bytes);
    reading.problems.clear();
    reading.code.clear();
    if (strict) {
      reading.table = std::move(*strict);
    } else {
      reading.code = strict.error().code;
      reading.problems = strict.error().details;
      if (reading.problems.empty()) reading.problems.push_back({0, "", strict.error().message});
    }
  }
  return reading;
}

}  // namespace tsunagu::io
