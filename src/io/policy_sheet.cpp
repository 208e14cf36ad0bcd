#include "io/policy_sheet.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

#include "core/text.hpp"
#include "io/cell_text.hpp"
#include "io/policy_header.hpp"
#include "io/sheet_text.hpp"

namespace tsunagu::io {
namespace {

constexpr std::size_t kMaxProblems = 100;
constexpr int kMaxNumber = 999;  // goals in a table, policies in a goal (as the strict reader)
constexpr std::string_view kGoalHeadingWord = "基本目標";

// "基本目標…" on a row of its own (after any "#"), numbered or not.
bool looks_like_goal_heading(std::string_view text) {
  text = trim(text);
  while (!text.empty() && text.front() == '#') text.remove_prefix(1);
  return trim(text).substr(0, kGoalHeadingWord.size()) == kGoalHeadingWord;
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

class PolicyRowReader {
 public:
  PolicyRowReader(detail::PolicyHeader& header, PolicySheetReading& out) : h_(header), out_(out) {}

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
    const std::string policy_cell_text = raw(r, PolicyRole::kPolicy);
    // The header's own 施策 cell merged down a row below it.
    if (!h_.policy_header.empty() && policy_cell_text == h_.policy_header) return;
    auto [text, priority] = policy_text(policy_cell_text);
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
  std::string raw(const Record& r, PolicyRole role) const {
    return detail::policy_cell(r, column(role));
  }
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
      std::string mark = detail::policy_cell(r, c);
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
      std::string mark = detail::policy_cell(r, col->index);
      auto yes = read_mark(mark);
      if (!yes) {
        problem("import.bad_row", r.line, column_letters(col->index) + "列",
                "視点" +
                    std::string(detail::kCircled[static_cast<std::size_t>(col->viewpoint - 1)]) +
                    " の欄「" + mark + "」は ● か空欄にしてください。");
      } else if (*yes) {
        add(col->viewpoint);
      }
    }
    // One 視点 column listing its numbers: "①③", "1、3".
    if (int c = column(PolicyRole::kViewpoint); c >= 0) {
      std::string text = fold_width(detail::policy_cell(r, c));
      for (std::size_t i = 0; i < detail::kCircled.size(); ++i) {
        if (text.find(detail::kCircled[i]) != std::string::npos) add(static_cast<int>(i) + 1);
      }
      for (char ch : text) {
        if (ch >= '1' && ch <= '9') add(ch - '0');
      }
    }
    std::sort(vp.begin(), vp.end());
  }

  GoalDraft& goal() { return out_.table.goals[*goal_]; }
  PolicyDraft& policy() { return out_.table.goals[policy_goal_].policies[*policy_]; }

  detail::PolicyHeader& h_;
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
  auto header = detail::find_policy_header(*records, options, why);
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
