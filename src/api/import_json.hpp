// JSON pieces the import routes share: a reading's problems, each with its row and column.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace tsunagu::api {

// [{"line":12,"column":"C列","message":"…"}, …]
nlohmann::ordered_json problems_json(const std::vector<ErrorDetail>& problems);

}  // namespace tsunagu::api
