// The load test's limit: the same Beast server tsunagu uses, answering every request with a
// fixed ~200-byte JSON body and doing nothing else. Prints its port, runs until SIGTERM.
//   bench_bare_server [PORT] [THREADS]
#include <cstdlib>
#include <iostream>
#include <string>

#include "http/server.hpp"

int main(int argc, char** argv) {
  tsunagu::http::ServerOptions options;
  options.port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 0);
  options.threads = argc > 2 ? std::atoi(argv[2]) : 4;
  const std::string body =
      R"({"status":"ok","service":"tsunagu-bare-limit","note":"fixed body used as the limit )"
      R"(for load tests: no routing, no database, no JSON rendering, just HTTP/1.1 over Beast","pad":"0123456789"})";
  tsunagu::http::Server server(options, [&body](tsunagu::http::Request&) {
    return tsunagu::http::Response::json(200, body);
  });
  server.start();
  std::cout << server.port() << std::endl;
  server.wait_for_signal();
  return 0;
}
