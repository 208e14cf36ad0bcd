#include "store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <chrono>
#include <thread>
#include <unordered_map>

namespace tsunagu::store {
namespace {

StoreError error_from(sqlite3* db, int rc, std::string_view what) {
  int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  std::string message =
      std::string(what) + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  auto kind = StoreError::Kind::kOther;
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      kind = StoreError::Kind::kUniqueViolation;
      break;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      kind = StoreError::Kind::kForeignKey;
      break;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_TRIGGER:
    case SQLITE_CONSTRAINT_NOTNULL:
      kind = StoreError::Kind::kCheck;
      break;
    default:
      if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED)
        kind = StoreError::Kind::kBusy;
      if ((rc & 0xFF) == SQLITE_READONLY) kind = StoreError::Kind::kReadOnly;
      if ((rc & 0xFF) == SQLITE_CONSTRAINT) kind = StoreError::Kind::kCheck;
  }
  // The overlap rules (booking_no_overlap) are triggers that raise this name.
  if (kind == StoreError::Kind::kCheck && message.find("_overlap") != std::string::npos) {
    kind = StoreError::Kind::kOverlap;
  }
  return StoreError(kind, message);
}

// Before the first connection: SQLite's memory statistics take one process-wide mutex around
// every allocation, which the handler threads then queue on (perf showed it as the largest
// lock in the person read). Nothing here reads those statistics.
void configure_library_once() {
  static const bool configured = [] {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  }();
  (void)configured;
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const std::string& path) {
    configure_library_once();
    int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      auto error = error_from(db_, rc, "open " + path);
      sqlite3_close(db_);
      throw error;
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
    // Reads through a memory map (no pread copy per page) and an 8 MiB page cache per
    // connection: the case indicators over 100,000 persons read the database end to end.
    execute_script(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
        "PRAGMA trusted_schema=OFF; PRAGMA cache_size=-8192;");
  }

  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Backend backend() const override { return Backend::kSqlite; }

  Rows query(std::string_view sql, const std::vector<Value>& params) override {
    sqlite3_stmt* stmt = prepare(sql, params);
    Rows rows;
    int columns = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) throw fail(stmt, rc, sql);
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int i = 0; i < columns; ++i) {
        switch (sqlite3_column_type(stmt, i)) {
          case SQLITE_INTEGER:
            values.emplace_back(std::int64_t{sqlite3_column_int64(stmt, i)});
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(stmt, i));
            break;
          case SQLITE_NULL:
            values.emplace_back(nullptr);
            break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
            values.emplace_back(
                std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
          }
        }
      }
      rows.emplace_back(std::move(values));
    }
    sqlite3_reset(stmt);
    return rows;
  }

  std::int64_t execute(std::string_view sql, const std::vector<Value>& params) override {
    sqlite3_stmt* stmt = prepare(sql, params);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) throw fail(stmt, rc, sql);
    sqlite3_reset(stmt);
    return sqlite3_changes64(db_);
  }

  void execute_script(std::string_view sql) override {
    std::string copy(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string text = message != nullptr ? message : "";
      sqlite3_free(message);
      throw error_from(db_, rc, "script: " + text);
    }
  }

  void begin(TxMode mode) override {
    execute(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN", {});
  }
  void commit() override { execute("COMMIT", {}); }
  void rollback() noexcept override {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

  sqlite3* handle() { return db_; }

 private:
  sqlite3_stmt* prepare(std::string_view sql, const std::vector<Value>& params) {
    auto it = statements_.find(sql);  // no key built per query
    sqlite3_stmt* stmt = nullptr;
    if (it != statements_.end()) {
      stmt = it->second;
    } else {
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) throw error_from(db_, rc, "prepare: " + std::string(sql));
      statements_.emplace(std::string(sql), stmt);
    }
    sqlite3_clear_bindings(stmt);
    for (std::size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      int rc = std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>)
              return sqlite3_bind_null(stmt, index);
            else if constexpr (std::is_same_v<T, std::int64_t>)
              return sqlite3_bind_int64(stmt, index, v);
            else if constexpr (std::is_same_v<T, double>)
              return sqlite3_bind_double(stmt, index, v);
            else
              return sqlite3_bind_text(stmt, index, v.data(), static_cast<int>(v.size()),
                                       SQLITE_TRANSIENT);
          },
          params[i]);
      if (rc != SQLITE_OK) throw error_from(db_, rc, "bind");
    }
    return stmt;
  }

  StoreError fail(sqlite3_stmt* stmt, int rc, std::string_view sql) {
    auto error = error_from(db_, rc, std::string(sql.substr(0, 80)));
    sqlite3_reset(stmt);
    return error;
  }

  sqlite3* db_ = nullptr;
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> statements_;
};

}  // namespace

std::unique_ptr<Connection> connect_sqlite(const std::string& path) {
  return std::make_unique<SqliteConnection>(path);
}

void backup_sqlite(const std::string& source_path, const std::string& target_path) {
  SqliteConnection source(source_path);
  sqlite3* target = nullptr;
  int rc = sqlite3_open_v2(target_path.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                           nullptr);
  if (rc != SQLITE_OK) {
    auto error = error_from(target, rc, "open " + target_path);
    sqlite3_close(target);
    throw error;
  }
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", source.handle(), "main");
  if (backup == nullptr) {
    auto error = error_from(target, sqlite3_errcode(target), "backup");
    sqlite3_close(target);
    throw error;
  }
  // 256 pages a step; a busy source (a writer holding the lock) is waited for, not failed.
  do {
    rc = sqlite3_backup_step(backup, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    auto error = error_from(target, rc, "backup to " + target_path);
    sqlite3_close(target);
    throw error;
  }
  rc = sqlite3_exec(target, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
  sqlite3_close(target);
  if (rc != SQLITE_OK)
    throw StoreError(StoreError::Kind::kOther, "backup: cannot finalise " + target_path);
}

}  // namespace tsunagu::store
