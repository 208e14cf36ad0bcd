// The plan registry at the command line: `import policy-table` (資料3 form, TSV) and
// `plan show` (an outline, or --json).
#pragma once

#include "cli/common.hpp"

namespace CLI {
class App;
}

namespace tsunagu::cli {

void add_plan_commands(CLI::App& app, CLI::App* import, Common& common);

}  // namespace tsunagu::cli
