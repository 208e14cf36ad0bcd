// The plan registry: Plan 計画 → BasicGoal 基本目標 → Policy 施策, with each policy's
// findings 現状と課題, viewpoints 視点①〜④, future vision 将来像, directions 方向性, example
// projects 主な事業例 and notes ※.
//
// A Plan is the unit a city manages: its 進行管理, 実施計画 and indicators hang on it. It is
// either a plan of its own (Ena's, Toyota's: a family of one) or a 基本計画 (plan family,
// seed 001) that brings several member plans together under its 基本理念 and shared 基本目標;
// each member plan (地域福祉計画 1 … 再犯防止計画 4 …) has a position and its own policies under
// those goals, cited goal-position-number (1-4-1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fiscal_year.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"

namespace tsunagu {

enum class FindingKind { kCurrent, kIssue };  // 現状, 課題

// "現状" or "課題".
std::string_view finding_kind_name(FindingKind kind);
std::optional<FindingKind> parse_finding_kind(std::string_view name);

// One statement of 現状と課題 with the survey or hearing it comes from, such as 市民一般調査
// (empty when the source text names none).
struct Finding {
  FindingKind kind = FindingKind::kIssue;
  std::string text;
  std::string source;
  friend bool operator==(const Finding&, const Finding&) = default;
};

// What an editor may change about a policy.
struct PolicyContent {
  std::string text;                     // 施策
  bool priority = false;                // 重点施策
  std::vector<int> viewpoints;          // 1..4, ascending, no repeats
  std::vector<Finding> findings;        // 現状と課題
  std::string vision;                   // 施策の将来像
  std::vector<std::string> directions;  // 施策の方向性
  std::vector<std::string> examples;    // 主な事業例
  std::vector<std::string> notes;       // ※ notes
  friend bool operator==(const PolicyContent&, const PolicyContent&) = default;
};

struct Policy {
  PolicyId id;
  int no = 0;                // number within its goal (and member plan)
  std::string code;          // "4-2", or "4-4-2" when the plan has a place in its plan family
  std::int64_t version = 0;  // bumped on every change; a stale edit is refused
  PolicyContent content;
  int member = 0;  // position of its member plan in a family; 0 in a plan of its own
};

struct BasicGoal {
  GoalId id;
  int no = 0;
  std::string title;
  std::vector<Policy> policies;
};

// A part of a member plan that the law times on its own, such as 介護保険事業計画 第9期
// (R6–R8) inside 高齢者計画: a row of the period table (seed 001 §4).
struct PlanTerm {
  std::string name;   // 介護保険事業計画
  std::string label;  // 第9期
  FiscalYear from{2024};
  FiscalYear to{2026};
  friend bool operator==(const PlanTerm&, const PlanTerm&) = default;
};

// One of the plans a 基本計画 brings together, at its position (1–99).
struct MemberPlan {
  int position = 0;
  std::string name;  // 再犯防止計画
  FiscalYear from{2024};
  FiscalYear to{2029};
  std::vector<PlanTerm> terms;
  friend bool operator==(const MemberPlan&, const MemberPlan&) = default;
};

struct Plan {
  PlanId id;
  std::string name;  // e.g. 第1次再犯防止推進計画, or the 基本計画's name
  FiscalYear from{2024};
  FiscalYear to{2029};
  std::optional<int> family_position;  // a plan of its own cited as a family member (1-4-1)
  std::vector<BasicGoal> goals;        // policies within a goal ordered by member, then no
  bool family = false;                 // a 基本計画 of member plans
  std::string philosophy;              // 基本理念
  std::vector<MemberPlan> members;     // by position
  std::int64_t version = 1;            // bumped by every change to the family's header

  // The member plan at `position`, or null.
  const MemberPlan* member_at(int position) const;
};

// The code a policy is cited by: goal-no, or goal-position-no inside a plan family (1-4-1).
std::string policy_code(std::optional<int> family_position, int goal_no, int policy_no);

// Largest text a single field may hold (bytes); larger input is refused, not truncated.
inline constexpr std::size_t kMaxFieldBytes = 64 * 1024;
// Longest a plan name may be (characters).
inline constexpr std::size_t kMaxPlanNameChars = 200;

// Checks an edit before it is stored: non-empty text, viewpoints 1..4 without repeats, no list
// item empty, no field over kMaxFieldBytes, valid UTF-8. Error code "policy.invalid" with one
// detail per problem.
Status validate_policy_content(const PolicyContent& content);

// Checks a plan name and period. Error code "plan.invalid".
Status validate_plan_header(std::string_view name, FiscalYear from, FiscalYear to);

// Longest a 基本理念 may be (bytes), and most goals and member plans a family holds.
inline constexpr std::size_t kMaxPhilosophyBytes = kMaxFieldBytes;
inline constexpr int kMaxFamilyGoals = 99;
inline constexpr int kMaxMemberPosition = 99;
inline constexpr std::size_t kMaxMemberTerms = 20;

// What the plan office edits about a 基本計画: name, period, 基本理念 and the shared goals
// (number and title; a goal's policies are the member plans').
struct FamilyHeader {
  std::string name;
  FiscalYear from{2024};
  FiscalYear to{2029};
  std::string philosophy;
  std::vector<BasicGoal> goals;  // no and title only, ascending by no
};

// A goal as staff type it on one line: "1=一人ひとり…", "1 一人ひとり…", "１．一人ひとり…" (width
// folded). Error "plan.invalid" naming the line.
Result<BasicGoal> parse_goal_line(std::string_view line);

// A term as staff type it: "介護保険事業計画 第9期 R6-R8" (name, label, period; width folded).
// Error "plan.invalid" naming the line, or the period's.
Result<PlanTerm> parse_term_line(std::string_view line);

// Checks a family's header: the plan header rules, the 基本理念's size, goal numbers 1..99
// ascending without repeats, titles non-empty. Error code "plan.invalid" with one detail per
// problem.
Status validate_family_header(const FamilyHeader& header);

// A chapter of free text in the 計画書 (seed 001 §5): 計画策定の趣旨, 計画の位置付け … The rest of
// the 計画書 (基本理念, 基本目標, 施策体系, 施策一覧, 現状と課題) is drawn from the registry.
struct DocumentSection {
  std::string key;  // one of kDocumentSections
  std::string text;
  std::int64_t version = 0;  // 0: never written
};

struct DocumentSectionKind {
  std::string_view key;
  std::string_view chapter;  // 第1章 はじめに
  std::string_view heading;  // 第1節 計画策定の趣旨
};

// The editable sections in the 計画書's order.
inline constexpr DocumentSectionKind kDocumentSections[] = {
    {"purpose", "はじめに", "計画策定の趣旨"},
    {"position", "はじめに", "計画の位置付け"},
    {"period", "はじめに", "計画期間"},
    {"structure", "はじめに", "計画策定体制"},
    {"promotion", "計画の推進に向けて", "計画の推進体制"},
    {"evaluation", "計画の推進に向けて", "計画の評価方法"},
};

// The kind named `key`, or null.
const DocumentSectionKind* find_document_section(std::string_view key);

// Checks a member plan: position 1..99, a name, a period inside the family's, and at most
// kMaxMemberTerms terms, each inside the member's period. Error code "plan.invalid".
Status validate_member(const MemberPlan& member, FiscalYear family_from, FiscalYear family_to);

}  // namespace tsunagu
