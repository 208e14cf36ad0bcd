// The composition root: Application::open(config) builds every service once on one database and
// the one route table (the JSON API, the pages, the static files) behind the guard.
// `tsunagu serve`, every CLI command, the HTTP test fixture and the benchmarks open the
// application this way and nowhere else.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "route/context.hpp"
#include "route/guard.hpp"
#include "service/account_service.hpp"
#include "service/audit_service.hpp"
#include "service/audit_writer.hpp"
#include "service/case_admin_service.hpp"
#include "service/case_service.hpp"
#include "service/casework_service.hpp"
#include "service/clock.hpp"
#include "service/implementation_service.hpp"
#include "service/indicator_service.hpp"
#include "service/plan_service.hpp"
#include "service/progress_service.hpp"
#include "service/resource_service.hpp"
#include "service/review_service.hpp"
#include "store/db.hpp"

namespace tsunagu::api {
class Api;
}

namespace tsunagu::app {

struct Config {
  std::string db_url;         // a SQLite path or postgresql:// URL
  std::size_t pool = 4;       // connections; serve wants one per handler thread + 2
  bool migrate = true;        // apply pending migrations when opening
  service::AuthOptions auth;  // password hashing cost, session lifetime, lock-out
  std::string session_cookie = "tsunagu_session";
  // The audit chain's key (service/audit_key.hpp); empty: beside a SQLite file, required for
  // PostgreSQL. Created when the database's chain has no key yet.
  std::string audit_key_file;
  const service::Clock* clock = nullptr;  // nullptr: the system clock; must outlive the app
};

// Not copyable. The services are safe to use from many threads as each documents; handle() is
// thread-safe.
class Application {
 public:
  // Opens (and migrates) the database named by config.db_url. Throws store::StoreError when the
  // database cannot be opened.
  static std::unique_ptr<Application> open(const Config& config);
  // The same over a database the caller keeps open (a test's throwaway database); `db` must
  // outlive the application.
  static std::unique_ptr<Application> over(store::Database& db, const Config& config);
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  // Serves one request: a static file, else the route table behind the guard. When the
  // request read a person's record, the answer is deferred until the read's audit row is
  // durable (the handler's thread is free meanwhile); the server writes it from the commit.
  http::Response respond(http::Request& request);
  // The same, waiting for a deferred answer: for callers without an event loop (tests, tools).
  http::Response handle(http::Request& request);

  // The route table, for documentation and the route × role test.
  std::vector<route::RouteInfo> routes() const;
  // Path prefixes whose bodies may exceed the normal limit (file uploads).
  static std::vector<std::string> upload_prefixes();
  // The server's check before such a body is read (http::ServerOptions::admit_large_body):
  // a signed-in session and its CSRF token, from the headers. Thread-safe.
  std::optional<http::Response> admit_large_body(const http::Request& head) const;
  // upload_prefixes and admit_large_body set on `options`; the application must outlive the
  // server.
  void configure_server(http::ServerOptions& options) const;

  // The key file the audit chain is keyed with (empty for a throwaway in-memory database).
  const std::string& audit_key_file() const { return audit_key_file_; }

  // The operator at this shell acting for the municipality with `code` (or the only one).
  Result<service::Actor> operator_actor(const std::string& municipality_code,
                                        const std::string& os_user);

 private:
  Application(std::unique_ptr<store::Database> owned, store::Database& db, const Config& config);
  void build_routes(const Config& config);
  http::Response route(http::Request& request);  // the answer, possibly not yet durable

  service::SystemClock system_clock_;
  std::unique_ptr<store::Database> owned_db_;
  std::string audit_key_file_;

 public:
  store::Database& db;
  const service::Clock& clock;
  service::AuditLog audit;
  service::AccountService accounts;
  service::PlanService plans;
  service::ProgressService progress;
  service::ImplementationService implementation;
  service::ReviewService reviews;
  service::IndicatorService indicators;
  service::AuditService audit_service;
  service::AuditWriter reads;  // group-commits the audit rows of reads of persons
  service::CaseService cases;
  service::CaseworkService casework;
  service::CaseAdminService case_admin;
  service::ResourceService resources;

 private:
  std::unique_ptr<api::Api> api_;
  route::RouteTable table_;
  std::unique_ptr<route::Guard> guard_;
  http::Router router_;
};

}  // namespace tsunagu::app
