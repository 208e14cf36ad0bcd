// A fresh database for one test, on either backend. SQLite: a file in a temporary directory.
// PostgreSQL: a new database on the throwaway server named by TSUNAGU_TEST_PG (started by
// scripts/with-postgres.sh under `make test`), dropped afterwards.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "store/db.hpp"
#include "support/test_support.hpp"

namespace tsunagu::testing {

class TestDatabase {
 public:
  // nullopt when the backend is PostgreSQL and no test server is configured.
  static std::unique_ptr<TestDatabase> create(store::Backend backend,
                                              store::DatabaseOptions options = {});
  ~TestDatabase();

  store::Database& db() { return *db_; }
  const std::string& url() const { return url_; }
  // Opens another pool on the same database (a second server, say).
  std::unique_ptr<store::Database> open_again() const;

 private:
  TestDatabase() = default;
  std::unique_ptr<TempDir> dir_;
  std::string admin_url_;
  std::string name_;
  std::string url_;
  std::unique_ptr<store::Database> db_;
};

std::string backend_name(store::Backend backend);

// The message to skip with when TSUNAGU_TEST_PG is not set.
inline constexpr const char* kNoPostgres =
    "TSUNAGU_TEST_PG is not set: run through `make test` (scripts/with-postgres.sh)";

}  // namespace tsunagu::testing
