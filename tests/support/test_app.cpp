#include "support/test_app.hpp"

#include <stdexcept>

namespace tsunagu::testing {

TestApp::TestApp(int handler_threads)
    : clock(std::make_unique<service::ManualClock>(kStartMs)),
      database(TestDatabase::create(store::Backend::kSqlite)) {
  app::Config config;
  config.clock = clock.get();
  config.auth.hashing = service::PasswordHashing::fastest_for_tests();
  application = app::Application::over(database->db(), config);
  auto& a = *application;
  accounts = &a.accounts;
  plans = &a.plans;
  audit_service = &a.audit_service;
  progress = &a.progress;
  implementation = &a.implementation;
  reviews = &a.reviews;
  indicators = &a.indicators;
  reads = &a.reads;
  cases = &a.cases;
  casework = &a.casework;
  case_admin = &a.case_admin;
  resources = &a.resources;
  auto m = accounts->create_municipality(service::Actor::operator_at_cli("test", {}), "131001",
                                         "テスト市");
  if (!m) throw std::runtime_error(m.error().message);
  operator_actor = service::Actor::operator_at_cli("test", m->id);
  http::ServerOptions server_options;
  server_options.port = 0;
  server_options.threads = 2;
  server_options.handler_threads = handler_threads;
  application->configure_server(server_options);
  server = std::make_unique<http::Server>(
      server_options, [this](http::Request& r) { return application->respond(r); });
  server->start();
  port = server->port();
}

TestApp::~TestApp() { server->stop(std::chrono::milliseconds(2000)); }

}  // namespace tsunagu::testing
