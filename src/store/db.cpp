#include "store/db.hpp"

#include <condition_variable>
#include <mutex>

#include "store/postgres/pg_connection.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace tsunagu::store {

std::int64_t Row::integer(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<std::int64_t>(&v)) return *p;
  if (std::holds_alternative<std::nullptr_t>(v)) return 0;
  if (auto s = std::get_if<std::string>(&v)) {
    try {
      return std::stoll(*s);
    } catch (const std::exception&) {
    }
  }
  throw StoreError(StoreError::Kind::kOther, "column " + std::to_string(i) + " is not an integer");
}

std::optional<std::int64_t> Row::optional_integer(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

std::string Row::text(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto s = std::get_if<std::string>(&v)) return *s;
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (auto d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

Transaction::Transaction(Connection& connection, TxMode mode) : connection_(connection) {
  connection_.begin(mode);
}

Transaction::~Transaction() {
  if (!done_) connection_.rollback();
}

void Transaction::commit() {
  connection_.commit();
  done_ = true;
}

struct Database::Pool {
  std::mutex mutex;
  std::condition_variable available;
  std::vector<std::unique_ptr<Connection>> idle;  // guarded by mutex
  std::size_t open = 0;                           // guarded by mutex
};

Database::Database(Backend backend, std::string url, DatabaseOptions options,
                   std::function<std::unique_ptr<Connection>()> connect)
    : backend_(backend),
      url_(std::move(url)),
      options_(options),
      connect_(std::move(connect)),
      pool_(std::make_unique<Pool>()) {}

Database::~Database() = default;

Database::Lease::~Lease() {
  if (connection_) owner_->give_back(std::move(connection_));
}

MappedReadScope::MappedReadScope(Connection& connection) : connection_(connection) {
  if (connection_.backend() == Backend::kSqlite)
    connection_.execute_script("PRAGMA mmap_size=268435456");
}

MappedReadScope::~MappedReadScope() {
  if (connection_.backend() != Backend::kSqlite) return;
  try {
    connection_.execute_script("PRAGMA mmap_size=0");
  } catch (...) {
    // The connection is broken anyway; the pool will find out on its next use.
  }
}

Database::Lease Database::connection() {
  std::unique_lock lock(pool_->mutex);
  for (;;) {
    if (!pool_->idle.empty()) {
      auto c = std::move(pool_->idle.back());
      pool_->idle.pop_back();
      return Lease(this, std::move(c));
    }
    if (pool_->open < options_.max_connections) {
      ++pool_->open;
      lock.unlock();
      try {
        return Lease(this, connect_());
      } catch (...) {
        lock.lock();
        --pool_->open;
        pool_->available.notify_one();
        throw;
      }
    }
    pool_->available.wait(lock);
  }
}

void Database::give_back(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(pool_->mutex);
  pool_->idle.push_back(std::move(connection));
  pool_->available.notify_one();
}

int Database::schema_version() {
  auto c = connection();
  return current_schema_version(*c);
}

std::unique_ptr<Database> Database::open(const std::string& url, DatabaseOptions options) {
  std::unique_ptr<Database> db;
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    db.reset(
        new Database(Backend::kPostgres, url, options, [url] { return connect_postgres(url); }));
  } else {
    std::string path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
    db.reset(
        new Database(Backend::kSqlite, path, options, [path] { return connect_sqlite(path); }));
  }
  if (options.migrate) {
    auto c = db->connection();
    migrate(*c);
  }
  return db;
}

}  // namespace tsunagu::store
