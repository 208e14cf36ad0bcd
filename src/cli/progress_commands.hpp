// `tsunagu import progress-sheet`, `tsunagu progress tally|open|status`,
// `tsunagu export progress-sheet`.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace tsunagu::cli {

// Registers the commands; each runs from its CLI11 callback and leaves its exit code in
// `common` (with common.ran set). `import` and `export_group` are the shared command groups.
void add_progress_commands(CLI::App& app, CLI::App* import, CLI::App* export_group, Common& common);

}  // namespace tsunagu::cli
