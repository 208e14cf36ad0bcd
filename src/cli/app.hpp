// The `tsunagu` command line: parses arguments, wires the layers below, prints results, and
// maps error codes to exit codes in one place (exit_code_for).
#pragma once

#include <iosfwd>
#include <string_view>

namespace tsunagu::cli {

// Exit codes: 0 success, 1 fault (database, I/O), 2 usage, 3 rejected input, 4 not found,
// 5 conflict (exists, stale), 6 not permitted.
int exit_code_for(std::string_view error_code);

// Runs the command line; returns the process exit code. Reads passwords from `in`, writes
// results to `out` and messages to `err`.
int run(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace tsunagu::cli
