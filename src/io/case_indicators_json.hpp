// The case indicators as JSON, the same for `tsunagu indicators --json` and
// GET /api/v1/indicators. Keys in reading order; percentages with one decimal, null when there
// is nothing to divide by.
#pragma once

#include <nlohmann/json.hpp>

#include "core/case_indicators.hpp"
#include "core/small_numbers.hpp"

namespace tsunagu::io {

// With `mask` (roles without case access): each hidden count is the text "10未満", a hidden
// percentage or average null, and "small_numbers" says that the rule was applied.
nlohmann::ordered_json case_indicators_json(const CaseIndicators& indicators, int persons_counted,
                                            const IndicatorMask* mask = nullptr);

}  // namespace tsunagu::io
