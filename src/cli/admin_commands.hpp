// Setting a database up and looking after it: `init` (the database and the first municipality),
// `demo` (a demo database from the seed documents), `user add`, `audit verify` (the hash chain)
// and `backup` (a live SQLite copy).
#pragma once

#include "cli/common.hpp"

namespace CLI {
class App;
}

namespace tsunagu::cli {

void add_admin_commands(CLI::App& app, Common& common);

// Adds --db alone (for commands that act before or without a municipality).
void add_db_option(CLI::App* command, Common& common);

// The operator's login name at this shell ("operator" when $USER is unset).
std::string os_user();

}  // namespace tsunagu::cli
