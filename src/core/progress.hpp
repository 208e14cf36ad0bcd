// Progress management 進行管理: projects 事業 under a plan, one progress entry per project and
// fiscal year with a grade on the plan's evaluation scale, and the department workflow
// draft → submitted → approved (or returned with a comment, then edited and submitted again).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fiscal_year.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"

namespace tsunagu {

using ProjectId = Id<struct ProjectTag>;
using CategoryId = Id<struct CategoryTag>;
using ProgressEntryId = Id<struct ProgressEntryTag>;

// One step of an evaluation scale: code "A", label "予定通り進行".
struct Grade {
  std::string code;
  std::string label;
  friend bool operator==(const Grade&, const Grade&) = default;
};

// The grades a plan evaluates its projects with, best first. Cities differ: Ena uses A–D (the
// default), others A–C or 達成度 1–5.
class EvaluationScale {
 public:
  explicit EvaluationScale(std::vector<Grade> grades) : grades_(std::move(grades)) {}
  // A 予定通り進行 / B 予定を変更、修正して進行 / C 予定通り進行していない / D その他.
  static EvaluationScale ena_default();
  static EvaluationScale three_step();        // A 順調 / B おおむね順調 / C 遅れている
  static EvaluationScale achievement_five();  // 5 … 1 (達成度)
  // The preset named "ena", "abc" or "five" (as --preset and ?preset= take them); nullopt for
  // any other name.
  static std::optional<EvaluationScale> preset(std::string_view name);

  const std::vector<Grade>& grades() const { return grades_; }
  bool has(std::string_view code) const;

  // The grade a cell means: "A(予定通り進行)", "A", "Ａ", "A（予定通り進行）", "ａ", or the
  // label alone ("予定通り進行"). nullopt when it names no grade of this scale.
  std::optional<std::string> parse(std::string_view text) const;
  // "A(予定通り進行)" as staff write it; the code alone when unknown.
  std::string display(std::string_view code) const;

  // Checks codes are non-empty and distinct. Error "scale.invalid".
  Status validate() const;

  friend bool operator==(const EvaluationScale&, const EvaluationScale&) = default;

 private:
  std::vector<Grade> grades_;
};

enum class EntryState { kDraft, kSubmitted, kApproved, kReturned };

// "draft", "submitted", "approved", "returned".
std::string_view entry_state_name(EntryState state);
// 下書き, 提出済み, 承認済み, 差し戻し.
std::string_view entry_state_label(EntryState state);
std::optional<EntryState> parse_entry_state(std::string_view name);

enum class EntryAction { kEdit, kSubmit, kApprove, kReturn, kReopen };

// The state after `action`, or an error "progress.bad_transition" saying why not: only
// drafts and returned entries are edited or submitted, only submitted entries are approved or
// returned, only approved entries are reopened.
Result<EntryState> next_state(EntryState current, EntryAction action);

// "総務課 社会福祉課" → {"総務課", "社会福祉課"}; "高齢福祉課 (地域包括支援センター)" stays
// one department (a bracketed part belongs to the name before it); a name given twice counts once.
std::vector<std::string> split_departments(std::string_view cell);

struct Category {
  CategoryId id;
  int no = 0;        // the (1) of "(1)住居・就労の確保など"
  std::string name;  // 住居・就労の確保など
};

struct Project {
  ProjectId id;
  std::optional<CategoryId> category;
  std::optional<PolicyId> policy;  // the 施策 it serves, when known
  int no = 0;                      // number within its category
  std::string name;
  std::vector<std::string> departments;  // 担当課, one or more
  std::string content;                   // 内容
  std::string code;  // the number as the city writes it, when not 1, 2 …: "0704-01"
};

// What a department writes for one project and year.
struct ProgressContent {
  std::optional<std::string> grade;            // a code of the plan's scale; empty until evaluated
  std::string done;                            // 実施内容
  std::string next_plan;                       // 次年度実施予定
  std::optional<std::int64_t> budget_planned;  // 千円
  std::optional<std::int64_t> budget_actual;   // 千円
  friend bool operator==(const ProgressContent&, const ProgressContent&) = default;
};

struct ProgressEntry {
  ProgressEntryId id;
  ProjectId project;
  FiscalYear year{2024};
  ProgressContent content;
  EntryState state = EntryState::kDraft;
  std::string return_comment;  // set when returned
  std::int64_t version = 0;
};

// Count of entries per grade code (every grade of the scale present, zero or not), plus the
// total and the entries without a grade yet.
struct Tally {
  std::vector<std::pair<std::string, int>> by_grade;  // in scale order
  int ungraded = 0;
  int total = 0;
};

Tally tally(const EvaluationScale& scale, const std::vector<ProgressContent>& entries);

// Checks an entry's content against the scale: known grade, texts within limits, budgets not
// negative. Error "progress.invalid" with details.
Status validate_progress(const EvaluationScale& scale, const ProgressContent& content);

}  // namespace tsunagu
