#include "support/test_db.hpp"

#include <unistd.h>
#include <atomic>
#include <cstdlib>

#include "store/postgres/pg_connection.hpp"

namespace tsunagu::testing {

std::string backend_name(store::Backend backend) {
  return backend == store::Backend::kSqlite ? "sqlite" : "postgres";
}

std::unique_ptr<TestDatabase> TestDatabase::create(store::Backend backend,
                                                   store::DatabaseOptions options) {
  std::unique_ptr<TestDatabase> t(new TestDatabase());
  if (backend == store::Backend::kSqlite) {
    t->dir_ = std::make_unique<TempDir>();
    t->url_ = (t->dir_->path() / "test.db").string();
  } else {
    const char* env = std::getenv("TSUNAGU_TEST_PG");
    if (env == nullptr || *env == '\0') return nullptr;
    static std::atomic<int> counter{0};
    t->admin_url_ = env;
    t->name_ = "tsunagu_t" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    auto admin = store::connect_postgres(t->admin_url_);
    admin->execute_script("DROP DATABASE IF EXISTS " + t->name_);
    admin->execute_script("CREATE DATABASE " + t->name_);
    auto slash = t->admin_url_.rfind('/');
    t->url_ = t->admin_url_.substr(0, slash + 1) + t->name_;
  }
  t->db_ = store::Database::open(t->url_, options);
  return t;
}

std::unique_ptr<store::Database> TestDatabase::open_again() const {
  return store::Database::open(url_);
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (!name_.empty()) {
    try {
      auto admin = store::connect_postgres(admin_url_);
      admin->execute_script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {
    }
  }
}

}  // namespace tsunagu::testing
