// `tsunagu agency add|list` (the agencies that coordinate) and `tsunagu indicators` (the case
// indicators of a period, as text or --json — the same JSON as GET /api/v1/indicators).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace tsunagu::cli {

void add_case_commands(CLI::App& app, Common& common);

}  // namespace tsunagu::cli
