// The HTTP layer on real sockets with OS-chosen ports: limits, timeouts, slow and idle clients,
// graceful stop, TLS. No domain here: the handler is a plain function.
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <atomic>
#include <cstdlib>
#include <future>
#include <thread>

#include "http/router.hpp"
#include "support/http_client.hpp"
#include "support/test_support.hpp"

namespace tsunagu::http {
namespace {

using tsunagu::testing::http_call;
namespace net = boost::asio;

ServerOptions test_options() {
  ServerOptions o;
  o.port = 0;
  o.threads = 2;
  o.header_timeout = std::chrono::milliseconds(500);
  o.body_timeout = std::chrono::milliseconds(2000);
  o.body_limit = 1024;
  o.upload_body_limit = 64 * 1024;
  o.upload_prefixes = {"/upload"};
  return o;
}

Response echo(Request& r) {
  Response res = Response::json(200, R"({"path":")" + json_escape(r.path) + R"(","bytes":)" +
                                         std::to_string(r.body.size()) + "}");
  return res;
}

TEST(Server, AnswersOnAnOsChosenPort) {
  Server server(test_options(), echo);
  server.start();
  ASSERT_NE(server.port(), 0);
  auto r = http_call(server.port(), {"GET", "/a%20b?x=1", {}, ""});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"path":"/a b","bytes":0})");
}

TEST(Server, OversizedBodiesGet413ButUploadsMayBeLarger) {
  Server server(test_options(), echo);
  server.start();
  auto big = http_call(server.port(), {"POST", "/api", {}, std::string(2048, 'x')});
  EXPECT_EQ(big.status, 413);
  EXPECT_NE(big.body.find("http.body_too_large"), std::string::npos);
  auto upload = http_call(server.port(), {"POST", "/upload", {}, std::string(2048, 'x')});
  EXPECT_EQ(upload.status, 200);
  EXPECT_NE(upload.body.find("2048"), std::string::npos);
}

TEST(Server, MalformedTargetIs400) {
  Server server(test_options(), echo);
  server.start();
  EXPECT_EQ(http_call(server.port(), {"GET", "/bad%zz", {}, ""}).status, 400);
  EXPECT_EQ(http_call(server.port(), {"GET", "/nul%00", {}, ""}).status, 400);
}

// Event-driven, not timed: the others are served while every idle connection is still open
// (a server that served them only after cutting the idle ones would fail the first half), and
// a half-sent request is cut off once its header timeout passes (the read waits for that).
TEST(Server, SlowAndIdleClientsDoNotStarveOthers) {
  auto patient = test_options();
  patient.header_timeout = std::chrono::seconds(60);
  Server server(patient, echo);
  server.start();
  net::io_context ioc;
  std::vector<net::ip::tcp::socket> idle;
  for (int i = 0; i < 100; ++i) {
    idle.emplace_back(ioc);
    idle.back().connect({net::ip::make_address("127.0.0.1"), server.port()});
    net::write(idle.back(),
               net::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\n")));  // never finished
  }
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(http_call(server.port(), {"GET", "/ok", {}, ""}).status, 200);
  for (auto& socket : idle) {
    socket.non_blocking(true);
    char byte;
    boost::system::error_code ec;
    socket.read_some(net::buffer(&byte, 1), ec);
    EXPECT_EQ(ec, net::error::would_block) << "an idle connection was closed early";
  }
}

TEST(Server, AHalfSentRequestIsCutOffAfterTheHeaderTimeout) {
  Server server(test_options(), echo);  // header timeout 500 ms
  server.start();
  net::io_context ioc;
  net::ip::tcp::socket socket(ioc);
  socket.connect({net::ip::make_address("127.0.0.1"), server.port()});
  net::write(socket, net::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\n")));
  char byte;
  boost::system::error_code ec;
  socket.read_some(net::buffer(&byte, 1), ec);  // returns when the server closes it
  EXPECT_TRUE(ec == net::error::eof || ec == net::error::connection_reset) << ec.message();
}

TEST(Server, StopFinishesTheRequestInFlight) {
  std::promise<void> entered;
  Server server(test_options(), [&](Request& r) {
    entered.set_value();
    // Still in flight when stop() begins: stop() must wait for it, not cut it off.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return echo(r);
  });
  server.start();
  auto port = server.port();
  auto pending = std::async(std::launch::async, [port] {
    return http_call(port, {"GET", "/slow", {}, ""});
  });
  entered.get_future().wait();
  server.stop(std::chrono::milliseconds(5000));
  auto r = pending.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"path":"/slow","bytes":0})");
  EXPECT_THROW(http_call(port, {"GET", "/after", {}, ""}), std::exception);
}

TEST(Server, ServesHttpsWhenGivenACertificate) {
  tsunagu::testing::TempDir dir;
  std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " +
      (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string() + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0)
      << "openssl is needed (scripts/install-deps.sh installs it)";
  auto options = test_options();
  options.tls_certificate_file = (dir / "cert.pem").string();
  options.tls_key_file = (dir / "key.pem").string();
  Server server(options, echo);
  server.start();
  EXPECT_TRUE(server.tls());
  std::string curl =
      "openssl s_client -connect 127.0.0.1:" + std::to_string(server.port()) +
      " -quiet 2>/dev/null <<'EOF'\nGET /tls HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nEOF\n";
  FILE* pipe = popen(curl.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[512];
  while (auto n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  pclose(pipe);
  EXPECT_NE(out.find("200 OK"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("path":"/tls")"), std::string::npos);
  // Plain HTTP to the TLS port gets nothing useful.
  EXPECT_THROW(http_call(server.port(), {"GET", "/", {}, ""}), std::exception);
}

TEST(Router, CapturesSegmentsAndAnswers404And405) {
  Router router;
  router.add("GET", "/items/{id}",
             [](Request& r) { return Response::json(200, std::string(r.param("id"))); });
  Request get{"GET", "", "/items/42", "", {}, "", "", false, {}};
  EXPECT_EQ(router.dispatch(get).body, "42");
  Request post{"POST", "", "/items/42", "", {}, "", "", false, {}};
  auto r405 = router.dispatch(post);
  EXPECT_EQ(r405.status, 405);
  EXPECT_EQ(r405.header("Allow"), "GET");
  Request missing{"GET", "", "/items", "", {}, "", "", false, {}};
  EXPECT_EQ(router.dispatch(missing).status, 404);
  Request empty{"GET", "", "/items/", "", {}, "", "", false, {}};
  EXPECT_EQ(router.dispatch(empty).status, 404);
}

TEST(Request, ReadsCookies) {
  Request r;
  r.headers = {{"cookie", "a=1; tsunagu_session=abc; b=2"}};
  EXPECT_EQ(r.cookie("tsunagu_session"), "abc");
  EXPECT_EQ(r.cookie("c"), "");
}

}  // namespace
}  // namespace tsunagu::http
