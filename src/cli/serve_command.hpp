// `tsunagu serve`: the web application and the API on one address, until SIGTERM or SIGINT.
// Settings come from the flags and from a TOML file (`--config FILE`, see serve_config.hpp); a
// flag given on the command line overrides the file.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace tsunagu::cli {

// Registers `serve`; it runs from its CLI11 callback and leaves its exit code in `common` (with
// common.ran set). common.db_url is the database when neither --db nor the file names one.
// A file that cannot be read or holds an error starts nothing (exit 4 or 3, the message naming
// the key and the line).
void add_serve_command(CLI::App& app, Common& common);

}  // namespace tsunagu::cli
