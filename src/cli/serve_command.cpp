#include "cli/serve_command.hpp"

#include <sys/resource.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <ostream>

#include "cli/serve_config.hpp"
#include "http/server.hpp"

namespace tsunagu::cli {
namespace serve_command {
namespace {

// The flags as CLI11 fills them, and which of them the command line gave.
struct Flags {
  std::string config_file;
  ServeConfig values;
  CLI::Option* db = nullptr;
  CLI::Option* listen = nullptr;
  CLI::Option* tls_cert = nullptr;
  CLI::Option* tls_key = nullptr;
  CLI::Option* threads = nullptr;
  CLI::Option* handler_threads = nullptr;
  CLI::Option* behind_tls_proxy = nullptr;
  CLI::Option* audit_key = nullptr;
  CLI::Option* trusted_proxies = nullptr;
  CLI::Option* max_connections = nullptr;
};

bool given(const CLI::Option* option) { return option->count() > 0; }

// Each connection is a file descriptor: the soft limit (often 1024) is raised to the hard one
// so that max_connections, the database and the log all fit.
void raise_descriptor_limit(std::size_t connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = static_cast<rlim_t>(connections) + 256;
  if (limit.rlim_cur >= wanted) return;
  limit.rlim_cur = std::min(limit.rlim_max, std::max(wanted, limit.rlim_cur));
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur < wanted) {
    spdlog::warn(
        "file descriptors limited to {}: fewer than max_connections {} + 256; raise "
        "LimitNOFILE",
        static_cast<unsigned long long>(limit.rlim_cur), connections);
  }
}

// Defaults, then the file (if any), then the flags the command line gave.
Result<ServeConfig> settings(const Flags& flags, const std::string& default_db) {
  ServeConfig config;
  config.db_url = default_db;
  if (!flags.config_file.empty()) {
    auto text = read_input_file(flags.config_file);
    if (!text) return text.error();
    auto read = parse_serve_config(*text, flags.config_file, config);
    if (!read) return read.error();
    config = *read;
  }
  const ServeConfig& v = flags.values;
  if (given(flags.db)) config.db_url = v.db_url;
  if (given(flags.listen)) config.listen = v.listen;
  if (given(flags.tls_cert)) config.tls_cert = v.tls_cert;
  if (given(flags.tls_key)) config.tls_key = v.tls_key;
  if (given(flags.threads)) config.threads = v.threads;
  if (given(flags.handler_threads)) config.handler_threads = v.handler_threads;
  if (given(flags.behind_tls_proxy)) config.behind_tls_proxy = v.behind_tls_proxy;
  if (given(flags.audit_key)) config.audit_key = v.audit_key;
  if (given(flags.trusted_proxies)) config.trusted_proxies = v.trusted_proxies;
  if (given(flags.max_connections)) config.max_connections = v.max_connections;
  return config;
}

int serve(const Flags& flags, Common& common) {
  auto config = settings(flags, common.db_url);
  if (!config) return report_error(*common.err, config.error());
  auto options = server_options(*config);
  if (!options) return report_error(*common.err, options.error());
  // A connection for every handler thread, the audit writer, and one spare.
  auto opened = open_application(
      config->db_url, static_cast<std::size_t>(config->handler_threads) + 2, config->audit_key);
  auto& w = *opened;
  w.configure_server(*options);
  raise_descriptor_limit(options->max_connections);
  http::Server server(*options, [&w](http::Request& r) { return w.respond(r); });
  server.start();
  const std::string host =
      options->host.find(':') != std::string::npos ? "[" + options->host + "]" : options->host;
  *common.out << "つなぐを " << (server.tls() ? "https" : "http") << "://" << host << ":"
              << server.port() << "/ で起動しました（停止: Ctrl+C）。\n"
              << std::flush;
  server.wait_for_signal();
  *common.out << "停止しました。\n";
  return 0;
}

}  // namespace
}  // namespace serve_command

void add_serve_command(CLI::App& app, Common& common) {
  using namespace serve_command;
  auto flags = std::make_shared<Flags>();
  auto& v = flags->values;
  auto* cmd = app.add_subcommand("serve", "Serve the web application and the API");
  cmd->add_option("--config", flags->config_file,
                  "TOML file with the settings below as keys (db, listen, tls_cert, tls_key, "
                  "threads, handler_threads); a flag given here overrides the file");
  flags->db = cmd->add_option(
      "--db", v.db_url, "SQLite file or postgresql:// URL (default: $TSUNAGU_DB or tsunagu.db)");
  flags->listen = cmd->add_option("--listen", v.listen, "HOST:PORT (default 127.0.0.1:8080)");
  flags->tls_cert =
      cmd->add_option("--tls-cert", v.tls_cert, "PEM certificate chain (enables HTTPS)");
  flags->tls_key = cmd->add_option("--tls-key", v.tls_key, "PEM private key");
  flags->threads = cmd->add_option("--threads", v.threads, "network threads (default 4)")
                       ->check(CLI::Range(1, kMaxThreads));
  flags->handler_threads =
      cmd->add_option("--handler-threads", v.handler_threads,
                      "threads that run requests (default: two per core, at least 4)")
          ->check(CLI::Range(1, kMaxHandlerThreads));
  flags->behind_tls_proxy = cmd->add_flag(
      "--behind-tls-proxy", v.behind_tls_proxy,
      "HTTPS ends at a proxy in front of this server: Secure __Host- cookies and HSTS");
  flags->audit_key =
      cmd->add_option("--audit-key", v.audit_key,
                      "the audit chain's key file (default: $TSUNAGU_AUDIT_KEY, or beside a "
                      "SQLite file as FILE.audit-key)");
  flags->trusted_proxies =
      cmd->add_option("--trusted-proxy", v.trusted_proxies,
                      "a reverse proxy's address or network (repeatable): the client's address "
                      "is taken from X-Forwarded-For only when the request comes from one");
  flags->max_connections =
      cmd->add_option("--max-connections", v.max_connections,
                      "open connections at most (default 1000); at the cap the longest-idle one "
                      "is closed for a new one")
          ->check(CLI::Range(16, kMaxConnections));
  cmd->callback([&common, flags] {
    common.ran = true;
    common.exit_code = serve(*flags, common);
  });
}

}  // namespace tsunagu::cli
