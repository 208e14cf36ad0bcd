// What every command shares: opening the layers on a database, the operator as actor, error
// printing, reading files and passwords.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "service/account_service.hpp"
#include "service/audit_service.hpp"
#include "service/audit_writer.hpp"
#include "service/case_admin_service.hpp"
#include "service/case_service.hpp"
#include "service/casework_service.hpp"
#include "service/implementation_service.hpp"
#include "service/indicator_service.hpp"
#include "service/plan_service.hpp"
#include "service/progress_service.hpp"
#include "service/resource_service.hpp"
#include "service/review_service.hpp"
#include "store/db.hpp"

namespace tsunagu::cli {

// The layers opened on one database. Not copyable.
struct Wiring {
  explicit Wiring(const std::string& db_url, std::size_t pool = 4);
  service::SystemClock clock;
  std::unique_ptr<store::Database> db;
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

  // The operator at this shell, acting for the municipality with `code` (or the only one).
  Result<service::Actor> operator_actor(const std::string& municipality_code);
};

// Options every command shares, filled by CLI11.
struct Common {
  std::string db_url;
  std::string municipality;
  std::istream* in = nullptr;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  int exit_code = 0;
  bool ran = false;  // a command registered with run_command() handled the call
};

// Prints "エラー: …" and the details (line numbers) to `err`; returns the exit code.
int report_error(std::ostream& err, const Error& e);
Result<std::string> read_input_file(const std::string& path);

}  // namespace tsunagu::cli

namespace CLI {
class App;
}

namespace tsunagu::cli {

// Adds --db and --municipality to a command, bound to `common`.
void add_db_options(CLI::App* command, Common& common);

// Runs `body(wiring, actor)` for the operator, leaving its exit code in `common`.
void run_command(Common& common, const std::function<int(Wiring&, const service::Actor&)>& body);

}  // namespace tsunagu::cli
