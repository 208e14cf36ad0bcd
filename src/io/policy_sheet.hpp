// Reader for a policy table 施策一覧 in any city's layout: .xlsx, .xls, CSV (UTF-8 or CP932) or
// tab-separated text. The header row is found among the first rows and each column given its
// role from the words cities use (現状と課題 / 現状 / 課題, 施策の方向性 / 取組の方向,
// 主な事業例 / 主な事業 / 主な取組 …); `--column ROLE=HEADER` names the rest. The 基本目標 comes
// from a goal column (merged down its policies, or written once and left empty below) or from
// heading rows of their own ("基本目標1 …"), as in seed 000's 資料3. Seed 000's own form
// (policy_table.hpp) is one such layout.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "io/policy_table.hpp"
#include "io/workbook.hpp"

namespace tsunagu::io {

enum class PolicyRole {
  kGoal,      // 基本目標
  kNumber,    // No.
  kFindings,  // 現状と課題 (items marked 【現状】 / 【課題】; unmarked ones are 課題)
  kCurrent,   // 現状
  kIssues,    // 課題
  kViewpoint,   // 視点 ①〜④ (● marks a viewpoint)
  kPolicy,      // 施策
  kPriority,    // 重点施策 (a mark: ●, ○, ◎, 重点 …)
  kVision,      // 施策の将来像
  kDirections,  // 施策の方向性
  kExamples,    // 主な事業例
};

inline constexpr PolicyRole kPolicyRoles[] = {
    PolicyRole::kGoal,   PolicyRole::kNumber,     PolicyRole::kFindings, PolicyRole::kCurrent,
    PolicyRole::kIssues, PolicyRole::kViewpoint,  PolicyRole::kPolicy,   PolicyRole::kPriority,
    PolicyRole::kVision, PolicyRole::kDirections, PolicyRole::kExamples};

// "goal", "number", "findings", "current", "issues", "viewpoint", "policy", "priority",
// "vision", "directions", "examples": the names `--column ROLE=HEADER` and the API take.
std::string_view policy_role_name(PolicyRole role);
// 基本目標, No., 現状と課題, 現状, 課題, 視点, 施策, 重点施策, 施策の将来像, 施策の方向性,
// 主な事業例.
std::string_view policy_role_label(PolicyRole role);
// The header texts the vocabulary knows for a role, as docs and error messages show them.
const std::vector<std::string_view>& policy_role_vocabulary(PolicyRole role);

struct PolicyColumnChoice {
  PolicyRole role = PolicyRole::kPolicy;
  std::string header;
  friend bool operator==(const PolicyColumnChoice&, const PolicyColumnChoice&) = default;
};
// `ROLE=HEADER` as typed; error "import.bad_column" naming the roles.
Result<PolicyColumnChoice> parse_policy_column(std::string_view text);

struct PolicySheetOptions {
  std::string sheet;                        // empty: the first sheet whose header is recognised
  std::vector<PolicyColumnChoice> columns;  // roles given explicitly
};

struct PolicySheetColumn {
  int index = 0;  // 0-based
  std::string header;
  std::optional<PolicyRole> role;  // nullopt: not imported (listed as a warning)
  int viewpoint = 0;               // 1 … for the viewpoint columns ①, ②, …
  bool chosen = false;             // the role came from PolicySheetOptions::columns
};

struct PolicySheetReading {
  PolicyTable table;
  std::string sheet_name;                // "" for CSV and text
  std::vector<std::string> sheet_names;  // every sheet of the workbook
  bool header_found = false;
  int header_line = 0;
  std::vector<PolicySheetColumn> columns;
  std::vector<ErrorDetail> problems;  // each with its line and column ("C列")
  std::string code;                   // the first problem's code
  std::vector<std::string> warnings;  // columns not imported, numbers counted

  // The problems as one error ("import.*"), details kept.
  Error error() const;
};

// Reads every problem there is (for a preview); writes nothing anywhere.
PolicySheetReading read_policy_sheet(const Workbook& book, const PolicySheetOptions& options);

// A whole file: seed 000's tab-separated 資料3 form through its own strict reader (which knows
// how such a file looks when cut short), any other layout through read_policy_sheet. Nothing
// partial: on any problem, an error with one detail per problem.
Result<PolicyTable> parse_policy_file(std::string_view bytes, std::string_view file_name,
                                      const PolicySheetOptions& options = {});

// The same reading as a preview: seed 000's form is shown with its fixed columns.
Result<PolicySheetReading> preview_policy_file(std::string_view bytes, std::string_view file_name,
                                               const PolicySheetOptions& options = {});

}  // namespace tsunagu::io
