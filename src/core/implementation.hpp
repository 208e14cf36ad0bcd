// Implementation plans 実施計画 (seed 001): for each priority policy 重点施策 an item with its
// departments, directions, the end target 計画期間終了時点の到達目標, related budget projects,
// and per fiscal year the planned work and cost (千円) and, after the year, its results.
// Each July revision 改定 is stored whole: it records last year's results and rolls the 3-year
// window one year forward; earlier revisions stay readable and can be compared item by item.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/fiscal_year.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"

namespace tsunagu {

using RevisionId = Id<struct RevisionTag>;
using ItemId = Id<struct ImplementationItemTag>;

struct ImplementationYear {
  FiscalYear year{2024};
  std::string planned_work;          // 取組内容
  std::optional<std::int64_t> cost;  // 事業費（千円）
  std::string results;               // 取組状況（成果）, after the year
  friend bool operator==(const ImplementationYear&, const ImplementationYear&) = default;
};

struct ImplementationItem {
  ItemId id;
  std::optional<PolicyId> policy;
  std::string code;   // 1-4-2
  std::string title;  // the policy's text
  std::vector<std::string> departments;
  std::vector<std::string> directions;
  std::string end_target;
  std::vector<std::string> budget_projects;  // 関連する予算事業
  std::vector<ImplementationYear> years;     // ascending
};

struct Revision {
  RevisionId id;
  FiscalYear year{2024};  // the fiscal year whose July made it
  std::string label;      // 令和6年7月策定 / 令和7年7月改定
  std::vector<ImplementationItem> items;
};

// "令和6年7月策定" for the first revision, "令和7年7月改定" for later ones.
std::string revision_label(FiscalYear year, bool first);

// The three fiscal years a revision plans: its own year and the next two.
std::vector<FiscalYear> planning_window(FiscalYear revision_year);

// The years a revision reports results for: up to three years before it, not before the
// plan's first year (the first revision reports none: ※令和6年度策定時は未記載).
std::vector<FiscalYear> results_window(FiscalYear revision_year, FiscalYear plan_start);

struct FieldChange {
  std::string field;  // "end_target", "departments", "R7.planned_work", …
  std::string before;
  std::string after;
};

enum class ItemDifference { kSame, kChanged, kAdded, kRemoved };

struct ItemComparison {
  std::string code;
  std::string title;
  ItemDifference difference = ItemDifference::kSame;
  std::vector<FieldChange> changes;
};

// The Japanese name of a compared field: "end_target" → "計画期間終了時点の到達目標",
// "R7.planned_work" → "令和7年度 取組内容".
std::string comparison_field_label(const std::string& field);

// Item by item (matched by code), field by field, in the newer revision's order (removed items
// last).
std::vector<ItemComparison> compare_revisions(const Revision& older, const Revision& newer);

// Limits as for other text: Error "implementation.invalid" with details.
Status validate_item(const ImplementationItem& item);

}  // namespace tsunagu
