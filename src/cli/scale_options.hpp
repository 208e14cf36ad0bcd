// The evaluation scale as commands take it: --preset ena|abc|five or --grade CODE=LABEL
// (repeatable, best first). Shared by `progress scale`, `plan create` and
// `import progress-sheet`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "core/result.hpp"

namespace CLI {
class App;
}

namespace tsunagu::cli {

struct ScaleOptions {
  std::string preset;               // "", "ena", "abc", "five"
  std::vector<std::string> grades;  // "A=順調"
};

// Adds --preset and --grade to `command`.
void add_scale_options(CLI::App* command, ScaleOptions& options);

// The scale named, or nullopt when neither option was given. Error "scale.invalid".
Result<std::optional<EvaluationScale>> chosen_scale(const ScaleOptions& options);

}  // namespace tsunagu::cli
