#include "core/indicator.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/plan.hpp"
#include "core/text.hpp"

namespace tsunagu {

double target_value(const Indicator& i) {
  return i.target_kind == TargetKind::kAbsolute ? i.target : i.baseline * (1.0 + i.target / 100.0);
}

double expected_value(const Indicator& i, FiscalYear year) {
  const double span = i.target_year.western() - i.baseline_year.western();
  if (span <= 0) return target_value(i);
  double progress = (year.western() - i.baseline_year.western()) / span;
  progress = std::clamp(progress, 0.0, 1.0);
  return i.baseline + (target_value(i) - i.baseline) * progress;
}

std::optional<bool> on_track(const Indicator& i, FiscalYear year) {
  for (const auto& a : i.actuals) {
    if (a.year != year) continue;
    double expected = expected_value(i, year);
    constexpr double kTolerance = 1e-9;
    return target_value(i) >= i.baseline ? a.value + kTolerance >= expected
                                         : a.value - kTolerance <= expected;
  }
  return std::nullopt;
}

Status validate_indicator(const Indicator& i) {
  std::vector<ErrorDetail> problems;
  if (trim(i.name).empty()) problems.push_back({0, "name", "指標名を入力してください。"});
  if (trim(i.unit).empty())
    problems.push_back({0, "unit", "単位（%、人、件など）を入力してください。"});
  if (i.target_year <= i.baseline_year)
    problems.push_back({0, "target_year", "目標年度は基準年度より後にしてください。"});
  if (i.target_kind == TargetKind::kRelativePercent && i.target < -100) {
    problems.push_back({0, "target", "基準値からの変化率は -100% より小さくできません。"});
  }
  if (!std::isfinite(i.baseline) || !std::isfinite(i.target))
    problems.push_back({0, "baseline", "数値が正しくありません。"});
  for (const auto* text : {&i.name, &i.definition, &i.unit, &i.source}) {
    if (text->size() > kMaxFieldBytes || find_invalid_utf8(*text)) {
      problems.push_back({0, "text", "文字は UTF-8 で 64KiB 以内にしてください。"});
    }
  }
  if (problems.empty()) return Ok{};
  Error e = make_error(ErrorKind::kInvalid, "indicator.invalid", "指標の内容に誤りがあります。");
  e.details = std::move(problems);
  return e;
}

std::vector<Figure> extract_percentages(std::string_view text) {
  std::vector<Figure> out;
  std::string folded = fold_width(text);  // ％ → %, full-width digits → ASCII
  std::size_t context_start = 0;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if (folded[i] != '%') continue;
    std::size_t end = i;
    std::size_t start = end;
    while (start > 0 &&
           ((folded[start - 1] >= '0' && folded[start - 1] <= '9') || folded[start - 1] == '.'))
      --start;
    if (start == end) continue;
    double value = 0;
    auto [ptr, ec] = std::from_chars(folded.data() + start, folded.data() + end, value);
    if (ec != std::errc()) continue;
    // The words before the number back to the previous separator (、。 or the previous figure).
    std::string_view before(folded.data() + context_start, start - context_start);
    for (std::string_view sep : {"、", "。", "「", "」", "（", "）", "，"}) {
      auto pos = before.rfind(sep);
      if (pos != std::string_view::npos) before.remove_prefix(pos + sep.size());
    }
    out.push_back({value, std::string(trim(before))});
    context_start = i + 1;
  }
  return out;
}

}  // namespace tsunagu
