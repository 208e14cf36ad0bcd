// The settings of `tsunagu serve` and the TOML file that holds them (`--config FILE`, installed
// as /etc/tsunagu/tsunagu.toml). Every flag of `serve` is a top-level key of the same name with
// `_` for `-`; a flag given on the command line overrides the file, the file overrides the
// defaults. The file is read whole and checked before anything starts: a key the file may not
// hold, a value of the wrong type or out of range refuses the file, naming the key and its line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/server.hpp"

namespace tsunagu::cli {

inline constexpr int kMaxThreads = 64;          // --threads, threads: 1..64
inline constexpr int kMaxHandlerThreads = 256;  // --handler-threads, handler_threads: 1..256
inline constexpr int kMaxConnections = 100000;  // --max-connections, max_connections: 16..

// What `serve` runs with. Plain values; the defaults are those of the flags.
struct ServeConfig {
  std::string db_url = "tsunagu.db";  // key `db`: a SQLite file or a postgresql:// URL
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert;  // PEM certificate chain; with tls_key enables HTTPS; empty: plain HTTP
  std::string tls_key;   // PEM private key
  int threads = 4;       // network threads
  int handler_threads = http::default_handler_threads();  // threads that run the requests
  bool behind_tls_proxy = false;  // HTTPS ends at a proxy in front: Secure cookies, HSTS
  std::string audit_key;  // the audit chain's key file; empty: $TSUNAGU_AUDIT_KEY or beside the db
  std::vector<std::string> trusted_proxies;  // X-Forwarded-For is read from these only
  int max_connections = 1000;                // open connections at most
};

// A host and a port to listen on.
struct Endpoint {
  std::string host;         // "127.0.0.1", "0.0.0.0", "::1" (without the brackets of "[::1]:8080")
  unsigned short port = 0;  // 0: the OS chooses
};

// Reads "HOST:PORT" ("127.0.0.1:8080", "0.0.0.0:8443", "[::1]:8080"; port 0..65535). HOST is
// an IP address: the server binds it and resolves no names, so "localhost:8080" is refused.
// Errors: `config.bad_listen` (kInvalid) with a message that says the expected form; the
// message does not name the option, so that the flag and the file can each say where it came from.
Result<Endpoint> parse_listen(std::string_view text);

// Reads the TOML text `text` of a file named `source` (used in messages) over `base`: each key
// the file holds replaces that field, the others keep base's values. The keys are `db`,
// `listen`, `tls_cert`, `tls_key` (strings, not empty), `threads` (1..64) and `handler_threads`
// (1..256), `behind_tls_proxy` (true or false), `audit_key` (a string), `trusted_proxies` (an
// array of addresses or networks), `max_connections` (16..100000); `tls_cert` and `tls_key` come
// together. Errors (kInvalid): `config.syntax` when the text is not TOML, `config.invalid` for
// everything else; error.message names the file, and one detail per problem gives its line, the key
// (ErrorDetail::field) and what to write instead, in Japanese. Every problem of the file is
// reported, not only the first (a syntax error stops the reading). The value of `db` (it may
// hold a password) is never repeated in a message. Pure: reads no files; thread-safe.
Result<ServeConfig> parse_serve_config(std::string_view text, const std::string& source,
                                       ServeConfig base);

// The server options for `config`: the listen address read, the thread counts, TLS when both
// files are named. Errors (kInvalid): `config.bad_listen` (message names --listen / listen),
// `config.tls_incomplete` when only one of the TLS files is named.
Result<http::ServerOptions> server_options(const ServeConfig& config);

}  // namespace tsunagu::cli
