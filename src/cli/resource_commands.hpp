// `tsunagu export resources` (the open-data CSV of the public resources, as served at
// /opendata/resources.csv) and `tsunagu import resources FILE` (a resource list from CSV in
// UTF-8 or CP932, or .xlsx; all-or-nothing).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace tsunagu::cli {

void add_resource_commands(CLI::App* import, CLI::App* export_group, Common& common);

}  // namespace tsunagu::cli
