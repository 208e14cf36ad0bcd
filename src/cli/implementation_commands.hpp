// `tsunagu implementation create|show|set|compare` and `tsunagu export implementation-plan`.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace tsunagu::cli {

void add_implementation_commands(CLI::App& app, CLI::App* export_group, Common& common);

}  // namespace tsunagu::cli
