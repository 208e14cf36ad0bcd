#include "support/test_app.hpp"

#include <stdexcept>

namespace tsunagu::testing {

TestApp::TestApp() : database(TestDatabase::create(store::Backend::kSqlite)) {
  service::AuthOptions options;
  options.hashing = service::PasswordHashing::fastest_for_tests();
  auto& db = database->db();
  accounts = std::make_unique<service::AccountService>(db, clock, audit, options);
  plans = std::make_unique<service::PlanService>(db, clock, audit);
  audit_service = std::make_unique<service::AuditService>(db);
  progress = std::make_unique<service::ProgressService>(db, clock, audit);
  implementation = std::make_unique<service::ImplementationService>(db, clock, audit);
  reviews = std::make_unique<service::ReviewService>(db, clock, audit);
  indicators = std::make_unique<service::IndicatorService>(db, clock, audit);
  reads = std::make_unique<service::AuditWriter>(db, audit);
  cases = std::make_unique<service::CaseService>(db, clock, audit, *reads);
  casework = std::make_unique<service::CaseworkService>(db, clock, audit, *reads, *cases);
  case_admin = std::make_unique<service::CaseAdminService>(db, clock, audit);
  resources = std::make_unique<service::ResourceService>(db, clock, audit, *cases);
  auto m = accounts->create_municipality(service::Actor::operator_at_cli("test", {}), "131001",
                                         "テスト市");
  if (!m) throw std::runtime_error(m.error().message);
  operator_actor = service::Actor::operator_at_cli("test", m->id);
  api = std::make_unique<api::Api>(api::Services{*accounts, *plans, *audit_service, *progress,
                                                 *implementation, *reviews, *indicators, *cases,
                                                 *casework, *case_admin, *resources});
  http::ServerOptions server_options;
  server_options.port = 0;
  server_options.threads = 2;
  server_options.upload_prefixes = api::Api::upload_prefixes();
  server = std::make_unique<http::Server>(server_options,
                                          [this](http::Request& r) { return api->handle(r); });
  server->start();
  port = server->port();
}

TestApp::~TestApp() { server->stop(std::chrono::milliseconds(2000)); }

}  // namespace tsunagu::testing
