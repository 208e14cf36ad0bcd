// 実施計画 as staff file it (seed 001's table): one block per item with the code and policy,
// departments, directions beside the end target, the results of past years, and the planned
// work and cost of the three planned years. Also the JSON used by the CLI and the API.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/implementation.hpp"
#include "core/result.hpp"

namespace tsunagu::io {

// Writes an .xlsx at `path` (A4 landscape, wrapped text). Error "export.failed".
Status write_implementation_xlsx(const Revision& revision, FiscalYear plan_from, FiscalYear plan_to,
                                 const std::string& path);

nlohmann::ordered_json revision_json(const Revision& revision, FiscalYear plan_from, bool latest);
nlohmann::ordered_json comparison_json(const std::vector<ItemComparison>& comparison);

}  // namespace tsunagu::io
