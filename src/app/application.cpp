#include "app/application.hpp"

#include <spdlog/spdlog.h>

#include <future>
#include <stdexcept>

#include "api/api.hpp"
#include "service/audit_key.hpp"
#include "service/crypto.hpp"
#include "web/case_pages.hpp"
#include "web/pages.hpp"
#include "web/render.hpp"
#include "web/report_pages.hpp"
#include "web/resource_pages.hpp"
#include "web/static_files.hpp"

namespace tsunagu::app {
namespace {

// The key of the database's audit chain: read from its file, or created there when the chain
// has none yet (a new database, or one from before keys: its upgrade row follows).
std::string audit_key_for(store::Database& db, const std::string& path) {
  if (path.empty()) {
    if (db.url().empty() || db.url() == ":memory:") return service::random_bytes(32);
    throw std::runtime_error(
        "PostgreSQL では監査キーのファイルを指定してください（サーバーは設定ファイルの "
        "audit_key、CLI は環境変数 TSUNAGU_AUDIT_KEY。docs/OPERATIONS.md「監査ログの鍵」）。");
  }
  auto key = service::read_audit_key(path);
  if (key) return *key;
  if (key.error().code != "audit_key.missing") throw std::runtime_error(key.error().message);
  {
    auto c = db.connection();
    store::Transaction tx(*c, store::TxMode::kRead);
    if (store::AuditStore(*c).head().keyed_since != 0) {
      throw std::runtime_error("監査ログは鍵付きですが、監査キーのファイル " + path +
                               " がありません。バックアップから戻してください"
                               "（docs/OPERATIONS.md「監査ログの鍵」）。");
    }
  }
  auto created = service::create_audit_key(path);
  if (created) return *created;
  // Another process opening the same new database may have written it first.
  if (auto again = service::read_audit_key(path)) return *again;
  throw std::runtime_error(created.error().message);
}

std::string key_file_for(const store::Database& db, const Config& config) {
  return config.audit_key_file.empty() ? service::default_audit_key_file(db.url())
                                       : config.audit_key_file;
}

}  // namespace

std::unique_ptr<Application> Application::open(const Config& config) {
  auto db = store::Database::open(config.db_url, {config.pool, config.migrate});
  auto& ref = *db;
  return std::unique_ptr<Application>(new Application(std::move(db), ref, config));
}

std::unique_ptr<Application> Application::over(store::Database& db, const Config& config) {
  return std::unique_ptr<Application>(new Application(nullptr, db, config));
}

Application::Application(std::unique_ptr<store::Database> owned, store::Database& database,
                         const Config& config)
    : owned_db_(std::move(owned)),
      audit_key_file_(key_file_for(database, config)),
      db(database),
      clock(config.clock != nullptr ? *config.clock : system_clock_),
      audit(clock, audit_key_for(database, audit_key_file_)),
      accounts(db, clock, audit, config.auth),
      plans(db, clock, audit),
      progress(db, clock, audit),
      implementation(db, clock, audit),
      reviews(db, clock, audit),
      indicators(db, clock, audit),
      audit_service(db, audit, clock),
      reads(db, audit),
      cases(db, clock, audit, reads),
      casework(db, clock, audit, reads, cases),
      case_admin(db, clock, audit),
      resources(db, clock, audit, cases) {
  if (!audit.key_chain(*db.connection())) {
    throw std::runtime_error("監査キーのファイル " + audit_key_file_ +
                             " はこのデータベースのものではありません（最新の行のリンクが一致しま"
                             "せん）。正しいキーのファイルを指定してください。");
  }
  build_routes(config);
}

Application::~Application() = default;

void Application::build_routes(const Config& config) {
  api_ = std::make_unique<api::Api>(
      api::Services{accounts, plans, audit_service, progress, implementation, reviews, indicators,
                    cases, casework, case_admin, resources},
      api::ApiOptions{config.session_cookie});
  api_->add_routes(table_.json_routes());
  auto page = table_.page_routes();
  web::add_pages(page,
                 {accounts, audit_service, plans, progress, resources, config.session_cookie});
  web::add_report_pages(page, {plans, progress, implementation});
  web::add_case_pages(page, {cases, casework, resources});
  web::add_resource_pages(page, {resources, cases});

  guard_ = std::make_unique<route::Guard>(
      accounts, route::GuardOptions{config.session_cookie},
      [](int status, const std::string& message) { return web::error_page(status, message); });
  for (const auto& r : table_.routes()) {
    const route::Route* entry = &r;  // the table is complete: its elements no longer move
    router_.add(r.info.method, r.info.pattern, [this, entry](http::Request& request) {
      return guard_->run(entry->info, entry->handler, request);
    });
  }
}

http::Response Application::route(http::Request& request) {
  if (request.method == "GET" || request.method == "HEAD") {
    if (request.path.substr(0, 5) != "/api/" && request.path != "/healthz" && request.path != "/") {
      if (auto file = web::static_file(request.path)) return *file;
    }
  }
  return router_.dispatch(request);
}

http::Response Application::respond(http::Request& request) {
  service::DeferredReads reads;
  http::Response response = route(request);
  auto durability = reads.release();
  if (!durability) return response;
  http::Response pending;
  auto ready = std::make_shared<http::Response>(std::move(response));
  pending.deferred = [durability, ready](http::Completion complete) {
    durability->then([ready, complete](std::exception_ptr error) {
      // Nothing read is shown unless its audit row committed.
      if (error) {
        spdlog::error("audit batch failed; a read was not answered");
        complete(http::Response::internal_error());
        return;
      }
      complete(std::move(*ready));
    });
  };
  return pending;
}

http::Response Application::handle(http::Request& request) {
  http::Response response = respond(request);
  if (!response.deferred) return response;
  std::promise<http::Response> answered;
  auto future = answered.get_future();
  response.deferred([&answered](http::Response r) { answered.set_value(std::move(r)); });
  return future.get();
}

std::vector<route::RouteInfo> Application::routes() const { return table_.infos(); }

std::vector<std::string> Application::upload_prefixes() {
  return {"/api/v1/plans/import", "/api/v1/progress/import", "/api/v1/resources/import"};
}

std::optional<http::Response> Application::admit_large_body(const http::Request& head) const {
  return guard_->admit_upload(head);
}

void Application::configure_server(http::ServerOptions& options) const {
  options.upload_prefixes = upload_prefixes();
  options.admit_large_body = [this](const http::Request& head) { return admit_large_body(head); };
}

Result<service::Actor> Application::operator_actor(const std::string& municipality_code,
                                                   const std::string& os_user) {
  auto m = accounts.find_municipality(municipality_code);
  if (!m) return m.error();
  return service::Actor::operator_at_cli(os_user, m->id);
}

}  // namespace tsunagu::app
