// The database seam. Repositories (PlanStore, AccountStore, AuditStore, …) are written once
// against Connection; store/sqlite/ and store/postgres/ implement it. SQL uses `?` parameter
// markers and the subset both backends accept; the PostgreSQL side rewrites `?` to `$n`.
//
// How repositories write SQL, checked by tests/store/sql_scope_test.cpp:
// - every statement is a named constant at the top of its file (namespace sql), never a string
//   written at the call site; a statement built at run time starts from such a constant and
//   appends constants;
// - every statement on a table that holds a municipality's rows binds the municipality:
//   `municipality_id = ?` (or an INSERT listing municipality_id), so a row id from another
//   municipality reaches nothing. A child table without the column (person_need,
//   meeting_member, plan_role, event_project) is reached through its parent: read with a JOIN
//   on it, written with `INSERT … SELECT … FROM parent WHERE municipality_id = ? AND id = ?`,
//   deleted with `… WHERE parent_id IN (SELECT id FROM parent WHERE municipality_id = ? …)`.
//   The few statements that are deployment-wide on purpose (sign-in, the session by its token,
//   the audit chain) are listed in that test with their reasons.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tsunagu::store {

enum class Backend { kSqlite, kPostgres };

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// A fault that ends the operation. `kind` lets services react without knowing the backend
// (a unique violation becomes "already exists"; busy can be retried; an overlap is a booking
// that collides with another, refused by the store itself).
class StoreError : public std::runtime_error {
 public:
  enum class Kind {
    kUniqueViolation,
    kForeignKey,
    kCheck,
    kOverlap,
    kBusy,
    kConnection,
    kReadOnly,
    kOther
  };
  StoreError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const {
    return std::holds_alternative<std::nullptr_t>(values_.at(i));
  }
  // Integer column (a NULL reads as 0). Throws StoreError on a type mismatch.
  std::int64_t integer(std::size_t i) const;
  std::optional<std::int64_t> optional_integer(std::size_t i) const;
  // Text column (a NULL reads as ""). Integers are converted to their decimal form.
  std::string text(std::size_t i) const;

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

enum class TxMode { kRead, kWrite };

// One connection to the database. Not thread-safe: a connection serves one thread at a time
// (the pool hands it out). Every method throws StoreError on failure.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Backend backend() const = 0;
  // Runs a statement that returns rows.
  virtual Rows query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs a statement; returns the number of rows changed.
  virtual std::int64_t execute(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  virtual void begin(TxMode mode) = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
};

// For a long analytic read (the case indicators) on SQLite: the database file is memory-mapped
// for the scope, so the scan reads pages in place instead of copying them with pread. Other
// reads stay unmapped: SQLite drops a connection's whole mapping at the next read after any
// other connection commits, and on the server every audited read commits, so a mapping there is
// torn down and faulted in again on nearly every request. Open the scope before the
// transaction. Does nothing on PostgreSQL.
class MappedReadScope {
 public:
  explicit MappedReadScope(Connection& connection);
  ~MappedReadScope();
  MappedReadScope(const MappedReadScope&) = delete;
  MappedReadScope& operator=(const MappedReadScope&) = delete;

 private:
  Connection& connection_;
};

// Runs `insert` and returns what it returns, or nullopt when the store refuses the row as a
// duplicate (a unique violation). Services insert and let the database decide instead of reading
// first, which two concurrent writers would both pass. On PostgreSQL the transaction is aborted
// afterwards: return without further statements (the Transaction rolls back).
template <class F>
auto insert_unless_duplicate(F&& insert) -> std::optional<decltype(insert())> {
  try {
    return insert();
  } catch (const StoreError& e) {
    if (e.kind() != StoreError::Kind::kUniqueViolation) throw;
    return std::nullopt;
  }
}

// RAII transaction: rolls back unless commit() was called.
class Transaction {
 public:
  Transaction(Connection& connection, TxMode mode);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();
  Connection& connection() { return connection_; }

 private:
  Connection& connection_;
  bool done_ = false;
};

struct DatabaseOptions {
  std::size_t max_connections = 8;  // pool size; each server thread holds at most one
  bool migrate = true;              // apply pending migrations when opening
};

// A pool of connections to one database. Thread-safe.
class Database {
 public:
  class Lease {
   public:
    Lease(Database* owner, std::unique_ptr<Connection> connection)
        : owner_(owner), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = delete;
    ~Lease();
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

   private:
    Database* owner_;
    std::unique_ptr<Connection> connection_;
  };

  // Opens "postgresql://…" (or "postgres://…") with libpq, anything else as a SQLite file path
  // (created if missing). Applies pending migrations unless options.migrate is false.
  // Throws StoreError when the database cannot be opened or migrated.
  static std::unique_ptr<Database> open(const std::string& url, DatabaseOptions options = {});

  virtual ~Database();
  Backend backend() const { return backend_; }
  const std::string& url() const { return url_; }

  // Borrows a connection, waiting while all max_connections are in use.
  Lease connection();

  // Schema version after migration.
  int schema_version();

 protected:
  Database(Backend backend, std::string url, DatabaseOptions options,
           std::function<std::unique_ptr<Connection>()> connect);

 private:
  void give_back(std::unique_ptr<Connection> connection);
  struct Pool;
  Backend backend_;
  std::string url_;
  DatabaseOptions options_;
  std::function<std::unique_ptr<Connection>()> connect_;
  std::unique_ptr<Pool> pool_;
};

// Applies every migration newer than the database's version, each in its own transaction.
void migrate(Connection& connection);
// The same, stopping at `up_to_version` (tests of a migration over an older schema's data).
void migrate(Connection& connection, int up_to_version);
int current_schema_version(Connection& connection);
// The version the newest migration brings a database to.
int latest_schema_version();

}  // namespace tsunagu::store
