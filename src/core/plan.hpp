// The plan registry: Plan 計画 → BasicGoal 基本目標 → Policy 施策, with each policy's
// findings 現状と課題, viewpoints 視点①〜④, future vision 将来像, directions 方向性, example
// projects 主な事業例 and notes ※.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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
  int no = 0;                // number within its goal
  std::string code;          // "4-2", or "4-4-2" when the plan has a place in its plan family
  std::int64_t version = 0;  // bumped on every change; a stale edit is refused
  PolicyContent content;
};

struct BasicGoal {
  GoalId id;
  int no = 0;
  std::string title;
  std::vector<Policy> policies;
};

struct Plan {
  PlanId id;
  std::string name;  // e.g. 第1次再犯防止推進計画
  FiscalYear from{2024};
  FiscalYear to{2029};
  std::optional<int> family_position;  // place among the plans of a 基本計画 (再犯防止計画 is 4)
  std::vector<BasicGoal> goals;
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

}  // namespace tsunagu
