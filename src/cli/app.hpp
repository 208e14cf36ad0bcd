// The `tsunagu` command line: parses arguments, wires the layers below, prints results, and
// maps error kinds to exit codes in one place (exit_code_for).
#pragma once

#include <iosfwd>
#include <string_view>

#include "core/result.hpp"

namespace tsunagu::cli {

// The exit codes, as the README lists them; scripts of the cities depend on them.
inline constexpr int kExitDone = 0;
inline constexpr int kExitFault = 1;     // database, I/O, a fault on our side
inline constexpr int kExitUsage = 2;     // the command line itself is wrong
inline constexpr int kExitRejected = 3;  // the input breaks a rule
inline constexpr int kExitNotFound = 4;
inline constexpr int kExitConflict = 5;      // exists, stale version, overlap
inline constexpr int kExitNotPermitted = 6;  // not allowed, not logged in, throttled
inline constexpr int kExitAuditBroken = 7;   // `audit verify` found the chain broken

// The exit code for an error of `kind`: an exhaustive switch, the only such map.
int exit_code_for(ErrorKind kind);

// Runs the command line; returns the process exit code. Reads passwords from `in`, writes
// results to `out` and messages to `err`.
int run(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace tsunagu::cli
