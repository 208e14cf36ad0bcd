// Plan indicators 指標: a baseline (value and the year it was measured), a target for the end of
// the plan (an absolute value, or a change relative to the baseline such as −20 %), and yearly
// actuals; each year is on track when its actual is at least as far along as a straight line
// from baseline to target would be by then. Indicators computed from case records (the
// Ministry's examples) use the same model, with kind kComputed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/fiscal_year.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"

namespace tsunagu {

using IndicatorId = Id<struct IndicatorTag>;

enum class TargetKind { kAbsolute, kRelativePercent };
enum class IndicatorKind { kEntered, kComputed };

struct IndicatorActual {
  FiscalYear year{2024};
  double value = 0;
  friend bool operator==(const IndicatorActual&, const IndicatorActual&) = default;
};

struct Indicator {
  IndicatorId id;
  std::string name;        // 保護司の市民への周知度
  std::string definition;  // how it is measured
  std::string unit;        // "%", "人", "件"
  std::string source;      // 市民一般調査
  IndicatorKind kind = IndicatorKind::kEntered;
  std::optional<PolicyId> policy;
  double baseline = 0;
  FiscalYear baseline_year{2023};
  TargetKind target_kind = TargetKind::kAbsolute;
  double target = 0;  // the value, or the percentage change (−20 for −20 %)
  FiscalYear target_year{2029};
  std::vector<IndicatorActual> actuals;  // ascending by year
};

// The value the indicator aims at: the target, or baseline × (1 + target/100).
double target_value(const Indicator& indicator);

// Where a straight line from baseline to target stands in `year`.
double expected_value(const Indicator& indicator, FiscalYear year);

// True when the actual of `year` is on the target's side of the expected value (higher when
// the target is above the baseline, lower when below); nullopt without an actual for `year`.
std::optional<bool> on_track(const Indicator& indicator, FiscalYear year);

// Error "indicator.invalid" with details: a name, a unit, target year after baseline year, a
// relative target not below −100 %, texts within limits.
Status validate_indicator(const Indicator& indicator);

// Percentages in a text, in order, each with the words just before it: "保護司が55.5%、更生保護
// 女性会が6.6%" → {{55.5, "保護司が"}, {6.6, "更生保護女性会が"}}. Used to take a finding's
// survey figure as a baseline.
struct Figure {
  double value = 0;
  std::string context;
};
std::vector<Figure> extract_percentages(std::string_view text);

}  // namespace tsunagu
