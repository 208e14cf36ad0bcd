// What the importers of sheets share on the command line: `--column ROLE=HEADER` (repeatable,
// one value each) and the line a preview prints about the worksheet read. Used by
// `import progress-sheet` and `import policy-table`.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tsunagu::cli {

// Adds --column to `command`; `roles` lists the role names for the help text.
void add_column_option(CLI::App* command, std::vector<std::string>& columns,
                       const std::string& roles);

// "  シート: 「評価表」（このファイルのシート: 「説明」「評価表」）", or "" for a file of one
// unnamed sheet (CSV, text).
std::string sheet_line(const std::string& name, const std::vector<std::string>& names);

}  // namespace tsunagu::cli
