// What every command shares: opening the layers on a database, the operator as actor, error
// printing, reading files and passwords.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "app/application.hpp"
#include "core/result.hpp"

namespace tsunagu::cli {

// The application opened on `db_url` with `pool` connections, its audit chain keyed from
// `audit_key_file` (empty: $TSUNAGU_AUDIT_KEY, else beside a SQLite file). Throws
// store::StoreError when the database cannot be opened, std::runtime_error when the key cannot.
std::unique_ptr<app::Application> open_application(const std::string& db_url, std::size_t pool = 4,
                                                   const std::string& audit_key_file = {});

// The operator at this shell, acting for the municipality with `code` (or the only one).
Result<service::Actor> operator_actor(app::Application& app, const std::string& municipality_code);

// Options every command shares, filled by CLI11.
struct Common {
  std::string db_url;
  std::string audit_key;  // --audit-key; empty: $TSUNAGU_AUDIT_KEY, else beside a SQLite file
  std::string municipality;
  std::istream* in = nullptr;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  int exit_code = 0;
  bool ran = false;  // a command registered with run_command() handled the call
};

// The application for the database and key file the command line named.
std::unique_ptr<app::Application> open_application(const Common& common);

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
void run_command(Common& common,
                 const std::function<int(app::Application&, const service::Actor&)>& body);

// Sets what `command` does when it is called (CLI::App::callback, without its header here).
void set_callback(CLI::App* command, std::function<void()> callback);

// A command's body: prints to common.out/err and returns the exit code.
template <class Options>
using CommandBody = int (*)(Common&, const Options&, app::Application&, const service::Actor&);

// Runs `body` with the command's parsed options for the operator when `command` is called.
template <class Options>
void on_run(CLI::App* command, Common& common, std::shared_ptr<Options> options,
            CommandBody<Options> body) {
  set_callback(command, [&common, options, body] {
    run_command(common, [&](app::Application& w, const service::Actor& actor) {
      return body(common, *options, w, actor);
    });
  });
}

}  // namespace tsunagu::cli
