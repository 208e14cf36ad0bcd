#include "cli/scale_options.hpp"

#include <CLI/CLI.hpp>

namespace tsunagu::cli {

void add_scale_options(CLI::App* command, ScaleOptions& options) {
  command
      ->add_option("--preset", options.preset,
                   "ena (A–D, default), abc (A 順調 / B おおむね順調 / C 遅れている), five "
                   "(達成度 5–1)")
      ->check(CLI::IsMember({"ena", "abc", "five"}));
  // One value per --grade, so that a file named after the options is not taken as a grade.
  command
      ->add_option("--grade", options.grades,
                   "a custom grade CODE=LABEL, best first (repeat), e.g. --grade A=順調")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

Result<std::optional<EvaluationScale>> chosen_scale(const ScaleOptions& options) {
  std::vector<Grade> grades;
  for (const auto& g : options.grades) {
    auto eq = g.find('=');
    if (eq == std::string::npos) {
      return make_error(ErrorKind::kInvalid, "scale.invalid",
                        "--grade は A=順調 の形で指定してください。");
    }
    grades.push_back({g.substr(0, eq), g.substr(eq + 1)});
  }
  if (!grades.empty() && !options.preset.empty()) {
    return make_error(ErrorKind::kInvalid, "scale.invalid",
                      "--preset と --grade はどちらか一方だけを指定してください。");
  }
  std::optional<EvaluationScale> scale =
      grades.empty() ? EvaluationScale::preset(options.preset) : EvaluationScale(grades);
  if (scale) {
    if (auto ok = scale->validate(); !ok) return ok.error();
  }
  return scale;
}

}  // namespace tsunagu::cli
