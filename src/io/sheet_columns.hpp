// The columns of a progress sheet 進行管理シート as cities title them. Each column has a role
// (事業名, 担当課, 評価…) found from the vocabulary municipalities use, or given by the user
// (`--column grade=達成度`); a column with no role is kept as a named extra field. Headers are
// compared folded: full-width letters and digits made half-width, white space removed, and a
// leading or bracketed year taken off (R6評価, 令和4年度実績, 2007年度実績, 評価（R6）).
// Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fiscal_year.hpp"
#include "core/result.hpp"

namespace tsunagu::io {

enum class SheetRole {
  kCategory,     // 施策 / 分野: the group a project belongs to
  kNumber,       // No. / 事業番号 (1, 2 … or a code such as 0704-01)
  kName,         // 事業名 / 事務事業名
  kDepartments,  // 担当課 / 所管課
  kContent,      // 内容 / 事業概要
  kGrade,        // 評価 / 達成度
  kDone,         // 実施内容 / 取組実績
  kNextPlan,     // 次年度実施予定 / 今後の方向性
  kBudget,       // 予算額
  kSettlement,   // 決算額
};

inline constexpr SheetRole kSheetRoles[] = {
    SheetRole::kCategory, SheetRole::kNumber,    SheetRole::kName, SheetRole::kDepartments,
    SheetRole::kContent,  SheetRole::kGrade,     SheetRole::kDone, SheetRole::kNextPlan,
    SheetRole::kBudget,   SheetRole::kSettlement};

// "category", "number", "name", "departments", "content", "grade", "done", "next_plan",
// "budget", "settlement": the names `--column ROLE=HEADER` and the API take.
std::string_view sheet_role_name(SheetRole role);
std::optional<SheetRole> parse_sheet_role(std::string_view name);
// 施策・分野, 番号, 事業名, 担当課, 内容, 評価, 実施内容, 次年度実施予定, 予算額, 決算額.
std::string_view sheet_role_label(SheetRole role);

// A header as compared: `key` folded without its year; `year` the year it names, if any.
struct HeaderKey {
  std::string key;
  std::optional<FiscalYear> year;
  bool thousand_yen = true;  // a budget header in 円 rather than 千円 sets false
};

// Folds a header. A year written without its era (28年度評価) is read in the era of `context`;
// an unreadable year is left in the key.
HeaderKey fold_header(std::string_view header, FiscalYear context);

// The role the vocabulary gives a folded key, if any.
std::optional<SheetRole> role_of_key(std::string_view key);

// The header texts the vocabulary knows for a role, as shown in docs and error messages.
const std::vector<std::string_view>& role_vocabulary(SheetRole role);

// `ROLE=HEADER` as typed on the command line; `extra=HEADER` keeps a column the vocabulary
// would give a role as an extra field instead. Error "import.bad_column" naming the roles.
struct ColumnChoice {
  SheetRole role = SheetRole::kName;
  std::string header;
  bool keep_as_extra = false;  // extra=HEADER: no role, whatever the vocabulary says
  friend bool operator==(const ColumnChoice&, const ColumnChoice&) = default;
};
Result<ColumnChoice> parse_column_choice(std::string_view text);

// [{"role":"grade","header":"達成度"}, …], as a plan's saved mapping keeps them. Reading skips
// entries with an unknown role (a mapping saved by a later version).
std::string column_choices_json(const std::vector<ColumnChoice>& choices);
std::vector<ColumnChoice> column_choices_from_json(std::string_view json);

}  // namespace tsunagu::io
