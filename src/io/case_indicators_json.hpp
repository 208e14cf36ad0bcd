// The case indicators as JSON, the same for `tsunagu indicators --json` and
// GET /api/v1/indicators. Keys in reading order; percentages with one decimal, null when there
// is nothing to divide by.
#pragma once

#include <nlohmann/json.hpp>

#include "core/case_indicators.hpp"

namespace tsunagu::io {

nlohmann::ordered_json case_indicators_json(const CaseIndicators& indicators, int persons_counted);

}  // namespace tsunagu::io
