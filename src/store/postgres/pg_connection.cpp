#include "store/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <unordered_map>

namespace tsunagu::store {
namespace {

// Type OIDs from pg_type.h.
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700,
              kFloat8Oid = 701, kNumericOid = 1700;

StoreError::Kind kind_of(const char* sqlstate) {
  if (sqlstate == nullptr) return StoreError::Kind::kConnection;
  std::string_view s(sqlstate);
  if (s == "23505") return StoreError::Kind::kUniqueViolation;
  if (s == "23503") return StoreError::Kind::kForeignKey;
  if (s == "23P01") return StoreError::Kind::kOverlap;  // exclusion constraint
  if (s == "23514" || s == "23502" || s.substr(0, 2) == "P0") return StoreError::Kind::kCheck;
  if (s == "40001" || s == "40P01" || s == "55P03") return StoreError::Kind::kBusy;
  if (s == "25006") return StoreError::Kind::kReadOnly;
  if (s.substr(0, 2) == "08") return StoreError::Kind::kConnection;
  return StoreError::Kind::kOther;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string reason = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw StoreError(StoreError::Kind::kConnection, "PostgreSQL に接続できません: " + reason);
    }
    execute_script("SET client_encoding = 'UTF8'; SET client_min_messages = warning;");
  }
  ~PgConnection() override { PQfinish(conn_); }

  Backend backend() const override { return Backend::kPostgres; }

  Rows query(std::string_view sql, const std::vector<Value>& params) override {
    ResultPtr result = run(sql, params);
    Rows rows;
    int n = PQntuples(result.get());
    int columns = PQnfields(result.get());
    rows.reserve(static_cast<std::size_t>(n));
    for (int r = 0; r < n; ++r) {
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(result.get(), r, c)) {
          values.emplace_back(nullptr);
          continue;
        }
        const char* text = PQgetvalue(result.get(), r, c);
        int length = PQgetlength(result.get(), r, c);
        Oid type = PQftype(result.get(), c);
        if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid) {
          std::int64_t v = 0;
          std::from_chars(text, text + length, v);
          values.emplace_back(v);
        } else if (type == kBoolOid) {
          values.emplace_back(std::int64_t{text[0] == 't' ? 1 : 0});
        } else if (type == kFloat4Oid || type == kFloat8Oid || type == kNumericOid) {
          values.emplace_back(std::strtod(text, nullptr));
        } else {
          values.emplace_back(std::string(text, static_cast<std::size_t>(length)));
        }
      }
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  std::int64_t execute(std::string_view sql, const std::vector<Value>& params) override {
    ResultPtr result = run(sql, params);
    const char* affected = PQcmdTuples(result.get());
    return affected != nullptr && *affected != '\0' ? std::stoll(affected) : 0;
  }

  void execute_script(std::string_view sql) override {
    std::string copy(sql);
    ResultPtr result(PQexec(conn_, copy.c_str()));
    check(result.get(), "script");
  }

  void begin(TxMode) override { execute_script("BEGIN"); }
  void commit() override { execute_script("COMMIT"); }
  void rollback() noexcept override {
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) PQclear(PQexec(conn_, "ROLLBACK"));
  }

 private:
  ResultPtr run(std::string_view sql, const std::vector<Value>& params) {
    std::string key(sql);
    auto it = statements_.find(key);
    if (it == statements_.end()) {
      std::string name = "s" + std::to_string(statements_.size() + 1);
      std::string rewritten = rewrite_parameter_markers(sql);
      ResultPtr prepared(PQprepare(conn_, name.c_str(), rewritten.c_str(), 0, nullptr));
      check(prepared.get(), "prepare");
      it = statements_.emplace(std::move(key), std::move(name)).first;
    }
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              values[i] = nullptr;
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              storage[i] = std::to_string(v);
              values[i] = storage[i].c_str();
            } else if constexpr (std::is_same_v<T, double>) {
              char buf[32];
              auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
              storage[i].assign(buf, end);
              values[i] = storage[i].c_str();
            } else {
              if (v.find('\0') != std::string::npos) {
                throw StoreError(StoreError::Kind::kCheck, "text contains a NUL byte");
              }
              values[i] = v.c_str();
            }
          },
          params[i]);
    }
    ResultPtr result(PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                    values.data(), nullptr, nullptr, 0));
    check(result.get(), key.substr(0, 80));
    return result;
  }

  void check(PGresult* result, std::string_view what) {
    auto status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY)
      return;
    const char* sqlstate =
        result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    throw StoreError(kind_of(sqlstate), std::string(what) + ": " + PQerrorMessage(conn_));
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> statements_;
};

}  // namespace

std::string rewrite_parameter_markers(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

std::unique_ptr<Connection> connect_postgres(const std::string& url) {
  return std::make_unique<PgConnection>(url);
}

}  // namespace tsunagu::store
