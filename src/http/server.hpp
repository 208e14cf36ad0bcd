// Server: HTTP/1.1 on Boost.Beast/Asio, asynchronous, on a small pool of threads.
//
// Protection against slow or idle clients: a request's header must arrive within
// header_timeout and its body within body_timeout, or the connection is closed; bodies are
// limited (body_limit, or upload_body_limit under the upload prefixes) and answered with 413.
// TCP_NODELAY is set on every connection and the acceptor drains its queue on each wake-up.
// stop() stops accepting, closes idle keep-alive connections, lets requests in flight finish
// (up to the grace period) and joins the threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "http/trusted_proxies.hpp"

namespace tsunagu::http {

// Two per core, at least four.
int default_handler_threads();

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: the OS chooses (tests); see Server::port()
  int threads = 4;             // network threads (reading, writing, TLS)
  // Threads the handlers run on, apart from the network threads (0 runs handlers on the
  // network threads). Handlers block on database round trips, but no longer on the audit
  // commit of a read (the server answers from the commit), so the default is two per core:
  // more only queue for the CPU and lengthen the tail (docs/PERFORMANCE.md).
  int handler_threads = default_handler_threads();
  std::size_t body_limit = 1024 * 1024;
  std::size_t upload_body_limit = 32 * 1024 * 1024;
  std::vector<std::string> upload_prefixes;  // path prefixes that take upload_body_limit
  std::size_t header_limit = 16 * 1024;
  std::chrono::milliseconds header_timeout{10'000};  // also the keep-alive idle limit
  std::chrono::milliseconds body_timeout{60'000};
  std::optional<std::string> tls_certificate_file;  // PEM; with tls_key_file enables HTTPS
  std::optional<std::string> tls_key_file;
  // A TLS-terminating proxy is in front and only it reaches this server: every request counts
  // as HTTPS (Request::tls), so cookies are Secure and responses carry HSTS.
  bool behind_tls_proxy = false;
  // Addresses ("10.0.0.5", "::1") or networks ("10.0.0.0/8") of the reverse proxies in front:
  // from them, the client's address is read from X-Forwarded-For (the nearest address that is
  // not itself one of them); from anyone else the header is ignored. Checked by Server's
  // constructor (std::invalid_argument names a bad entry).
  std::vector<std::string> trusted_proxies;
  // Open connections at most. At the cap a new connection closes the one that has waited
  // longest for a request (an idle keep-alive or a slow sender); when none waits, the new one
  // is refused. Either is logged once per burst.
  std::size_t max_connections = 1000;
  // Asked with the method, target and headers before a body larger than body_limit is read
  // (an upload): a response refuses it unread (the session and the CSRF token come in the
  // headers), nullopt reads on. Runs on a network thread: keep it short.
  std::function<std::optional<Response>(const Request& head)> admit_large_body;
};

class Server {
 public:
  // Throws std::runtime_error when the TLS files cannot be read.
  Server(ServerOptions options, Handler handler);
  ~Server();  // stops if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the threads. Throws std::system_error when the address is taken.
  void start();
  // The bound port (after start()).
  unsigned short port() const;
  bool tls() const;

  // Graceful stop; safe to call from any thread, more than once.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(10'000));
  // Blocks until SIGTERM or SIGINT arrives, then stops gracefully.
  void wait_for_signal();

  struct Impl;  // defined in server.cpp; public only so that its connection classes can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tsunagu::http
