// The whole application on a real socket, for the API and page tests: a fresh SQLite database,
// the Application (argon2id at its cheapest) and a Server on an OS-chosen port, and one
// municipality with an operator actor to seed data with. The services are the application's
// own, reachable under their usual names. Time is a manual clock that starts at 2026-06-01
// 10:00 JST and moves only when a test advances it (session expiry, due dates, lock-outs).
#pragma once

#include <cstdint>
#include <memory>

#include "app/application.hpp"
#include "http/server.hpp"
#include "support/test_db.hpp"

namespace tsunagu::testing {

struct TestApp {
  // Starts the server with `handler_threads` threads for the handlers.
  explicit TestApp(int handler_threads = 16);
  ~TestApp();

  static constexpr std::int64_t kStartMs = 1780275600000;  // 2026-06-01T01:00:00Z

  // Declared first: the application reads it until the server has stopped.
  std::unique_ptr<service::ManualClock> clock;

  std::unique_ptr<TestDatabase> database;
  std::unique_ptr<app::Application> application;
  service::AccountService* accounts = nullptr;
  service::PlanService* plans = nullptr;
  service::AuditService* audit_service = nullptr;
  service::ProgressService* progress = nullptr;
  service::ImplementationService* implementation = nullptr;
  service::ReviewService* reviews = nullptr;
  service::IndicatorService* indicators = nullptr;
  service::AuditWriter* reads = nullptr;
  service::CaseService* cases = nullptr;
  service::CaseworkService* casework = nullptr;
  service::CaseAdminService* case_admin = nullptr;
  service::ResourceService* resources = nullptr;
  std::unique_ptr<http::Server> server;
  service::Actor operator_actor;  // the CLI operator of the test municipality
  unsigned short port = 0;
};

}  // namespace tsunagu::testing
