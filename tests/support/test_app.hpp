// The whole application on a real socket, for the API and page tests: a fresh SQLite database,
// every service (argon2id at its cheapest), the Api and a Server on an OS-chosen port, and one
// municipality with an operator actor to seed data with.
#pragma once

#include <memory>

#include "api/api.hpp"
#include "http/server.hpp"
#include "service/audit_service.hpp"
#include "support/test_db.hpp"

namespace tsunagu::testing {

struct TestApp {
  TestApp();  // starts the server
  ~TestApp();

  service::SystemClock clock;
  service::AuditLog audit{clock};
  std::unique_ptr<TestDatabase> database;
  std::unique_ptr<service::AccountService> accounts;
  std::unique_ptr<service::PlanService> plans;
  std::unique_ptr<service::AuditService> audit_service;
  std::unique_ptr<service::ProgressService> progress;
  std::unique_ptr<service::ImplementationService> implementation;
  std::unique_ptr<service::ReviewService> reviews;
  std::unique_ptr<service::IndicatorService> indicators;
  std::unique_ptr<service::AuditWriter> reads;
  std::unique_ptr<service::CaseService> cases;
  std::unique_ptr<service::CaseworkService> casework;
  std::unique_ptr<service::CaseAdminService> case_admin;
  std::unique_ptr<service::ResourceService> resources;
  std::unique_ptr<api::Api> api;
  std::unique_ptr<http::Server> server;
  service::Actor operator_actor;  // the CLI operator of the test municipality
  unsigned short port = 0;
};

}  // namespace tsunagu::testing
