// The SQL a C++ source file holds, read without compiling it: the named constants (string
// literals, raw strings, object-like #defines and `std::string(kOther) + "…"` compositions,
// resolved to their text) and the string literals that read as SQL outside any constant (SQL
// written at a call site). Used by tests/store/sql_scope_test.cpp; a reader for this
// codebase's habits, not a C++ parser.
#pragma once

#include <string>
#include <vector>

namespace tsunagu::testing {

struct SqlStatement {
  std::string name;  // the constant, kFindPlan
  int line = 0;      // where it is defined
  std::string text;  // resolved: macros and the constants it is built from spelled out
};

struct SourceSql {
  // Constants whose text holds SELECT, INSERT, UPDATE or DELETE, except those used only to build
  // other constants (such a building block is checked as part of each constant built from it).
  std::vector<SqlStatement> statements;
  // "line N: text" for each string literal outside a constant that reads as a piece of SQL, and
  // each use outside a constant of a #define whose text does.
  std::vector<std::string> inline_sql;
};

SourceSql read_sql(const std::string& source);

}  // namespace tsunagu::testing
