#include "cli/app.hpp"

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/admin_commands.hpp"
#include "cli/case_commands.hpp"
#include "cli/common.hpp"
#include "cli/implementation_commands.hpp"
#include "cli/plan_commands.hpp"
#include "cli/progress_commands.hpp"
#include "cli/resource_commands.hpp"
#include "cli/review_commands.hpp"
#include "cli/serve_command.hpp"

namespace tsunagu::cli {

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid:
    case ErrorKind::kMalformed:
    case ErrorKind::kUnsupportedMediaType:
      return kExitRejected;
    case ErrorKind::kNotFound:
      return kExitNotFound;
    case ErrorKind::kConflict:
      return kExitConflict;
    case ErrorKind::kForbidden:
    case ErrorKind::kUnauthenticated:
    case ErrorKind::kThrottled:
      return kExitNotPermitted;
    case ErrorKind::kUnavailable:
    case ErrorKind::kInternal:
      return kExitFault;
  }
  return kExitFault;
}

namespace cli_app {
namespace {

std::string default_db() {
  const char* env = std::getenv("TSUNAGU_DB");
  return env != nullptr && *env != '\0' ? env : "tsunagu.db";
}

}  // namespace
}  // namespace cli_app

std::unique_ptr<app::Application> open_application(const std::string& db_url, std::size_t pool,
                                                   const std::string& audit_key_file) {
  app::Config config;
  config.db_url = db_url;
  config.pool = pool;
  config.audit_key_file = audit_key_file;
  if (const char* env = std::getenv("TSUNAGU_AUDIT_KEY");
      config.audit_key_file.empty() && env != nullptr) {
    config.audit_key_file = env;
  }
  return app::Application::open(config);
}

std::unique_ptr<app::Application> open_application(const Common& common) {
  return open_application(common.db_url, 4, common.audit_key);
}

void add_db_options(CLI::App* cmd, Common& common) {
  add_db_option(cmd, common);
  cmd->add_option("--municipality", common.municipality,
                  "municipality code (needed only when several)");
}

void run_command(Common& common,
                 const std::function<int(app::Application&, const service::Actor&)>& body) {
  common.ran = true;
  auto opened = open_application(common);
  auto& w = *opened;
  auto actor = operator_actor(w, common.municipality);
  if (!actor) {
    common.exit_code = report_error(*common.err, actor.error());
    return;
  }
  common.exit_code = body(w, *actor);
}

void set_callback(CLI::App* command, std::function<void()> callback) {
  command->callback(std::move(callback));
}

Result<service::Actor> operator_actor(app::Application& app, const std::string& municipality_code) {
  return app.operator_actor(municipality_code, os_user());
}

// A fault (not a rejected input): the database or the disk failed. Exit code 1.
int report_fault(std::ostream& err, const std::exception& e) {
  if (dynamic_cast<const store::StoreError*>(&e) != nullptr) {
    err << "エラー: データベースの処理に失敗しました: " << e.what() << "\n";
  } else {
    err << "エラー: " << e.what() << "\n";
  }
  return 1;
}

int report_error(std::ostream& err, const Error& e) {
  err << "エラー: " << e.message << "\n";
  std::size_t shown = 0;
  for (const auto& d : e.details) {
    if (++shown > 20) {
      err << "  …ほか " << (e.details.size() - 20) << " 件\n";
      break;
    }
    err << "  ";
    if (d.line > 0) err << d.line << "行目: ";
    if (!d.field.empty()) err << d.field << ": ";
    err << d.message << "\n";
  }
  return exit_code_for(e.kind);
}

Result<std::string> read_input_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return make_error(ErrorKind::kNotFound, "file.not_found",
                      "ファイル「" + path + "」を開けません。");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int run(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err) {
  CLI::App app{"つなぐ (Tsunagu): 再犯防止推進計画の管理と多機関連携"};
  app.require_subcommand(1);
  std::string db_url = cli_app::default_db();
  Common common{db_url, "", "", &in, &out, &err, 0};
  add_admin_commands(app, common);
  auto* import = app.add_subcommand("import", "Import a file");
  import->require_subcommand(1);
  add_plan_commands(app, import, common);

  add_serve_command(app, common);

  auto* export_group = app.add_subcommand("export", "Export a file");
  export_group->require_subcommand(1);
  add_progress_commands(app, import, export_group, common);
  add_implementation_commands(app, export_group, common);
  add_review_commands(app, common);
  add_case_commands(app, common);
  add_resource_commands(import, export_group, common);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e, out, err) == 0 ? kExitDone : kExitUsage;
  } catch (const std::exception& e) {
    return report_fault(err, e);
  }
  // Every command runs from its callback; require_subcommand leaves only a group without one.
  return common.ran ? common.exit_code : kExitUsage;
}

}  // namespace tsunagu::cli
