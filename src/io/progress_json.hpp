// Progress data as JSON, shared by `tsunagu progress tally --json` and the API.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"

namespace tsunagu::io {

// {"year":"R6","A":9,"B":0,"C":0,"D":3,"total":12} (one key per grade of the scale, "ungraded"
// when some entries have no grade), with "groups":[{"label",…counts}] when groups are given.
nlohmann::ordered_json tally_json(FiscalYear year, const Tally& overall,
                                  const std::vector<std::pair<std::string, Tally>>* groups);

nlohmann::ordered_json scale_json(const EvaluationScale& scale);
nlohmann::ordered_json project_json(const Project& project, const std::string& category);
// null when there is no entry.
nlohmann::ordered_json entry_json(const EvaluationScale& scale,
                                  const std::optional<ProgressEntry>& entry);

}  // namespace tsunagu::io
