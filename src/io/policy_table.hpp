// Reader for a policy table 施策一覧 in the form of Komae's 資料3 (seed 000): tab-separated,
// one table per 基本目標 heading ("## 基本目標1 …" or "基本目標1 …"), two header rows
// (No. / 現状と課題 / 視点 ①〜④ / 施策 / 施策の将来像 / 施策の方向性 / 主な事業例), then one
// row per policy. Cells may hold HTML lists; "● 重点施策 ●" inside the 施策 cell marks a
// priority policy; ● under ①〜④ marks a viewpoint.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/plan.hpp"
#include "core/result.hpp"

namespace tsunagu::io {

struct PolicyDraft {
  int line = 0;  // where the row starts in the file
  int no = 0;
  PolicyContent content;
};

struct GoalDraft {
  int line = 0;
  int no = 0;
  std::string title;
  std::vector<PolicyDraft> policies;
};

struct PolicyTable {
  std::vector<GoalDraft> goals;
  std::size_t policy_count() const;
};

// Largest file accepted (bytes).
inline constexpr std::size_t kMaxPolicyTableBytes = 16 * 1024 * 1024;

// Parses a whole file. Nothing partial is returned: on any problem the result is an error whose
// details list each rejected line with a Japanese message (codes "import.not_utf8",
// "import.binary", "import.bad_columns", "import.cell_too_large", "import.bad_header",
// "import.bad_row", "import.truncated", "import.no_table", "import.too_large").
// Thread-safe.
Result<PolicyTable> parse_policy_table(std::string_view bytes);

// "## 基本目標1 一人ひとりの…" or "基本目標１ …" → {1, "一人ひとりの…"} (the title as written).
std::optional<std::pair<int, std::string>> parse_goal_heading(std::string_view line);

// "【現状】text（source）" → the finding with its source; nullopt when the item has no
// 【現状】 or 【課題】 mark.
std::optional<Finding> parse_finding(std::string_view item);

}  // namespace tsunagu::io
