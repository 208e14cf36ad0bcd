// `tsunagu review add|respond|list` (committee opinions and 市の考え方),
// `tsunagu plan-indicator add|actual|list` and `tsunagu progress link`.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace tsunagu::cli {

void add_review_commands(CLI::App& app, Common& common);

}  // namespace tsunagu::cli
