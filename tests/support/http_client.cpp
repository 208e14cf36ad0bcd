#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

namespace tsunagu::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

HttpResult http_call(unsigned short port, const HttpCall& call) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  stream.expires_after(std::chrono::seconds(30));
  bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(call.method), call.target, 11);
  req.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [k, v] : call.headers) req.set(k, v);
  req.body() = call.body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (call.method == "HEAD") parser.skip(true);
  bhttp::read(stream, buffer, parser);
  auto res = parser.release();
  HttpResult out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto& slot = out.headers[name];
    if (!slot.empty()) slot += "\n";
    slot += std::string(field.value());
  }
  out.body = res.body();
  beast::error_code ec;
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  return out;
}

Login login(unsigned short port, const std::string& username, const std::string& password) {
  nlohmann::json body = {{"username", username}, {"password", password}};
  auto r = http_call(
      port, {"POST", "/api/v1/login", {{"Content-Type", "application/json"}}, body.dump()});
  Login out;
  out.status = r.status;
  if (r.status != 200) return out;
  out.set_cookie = r.headers["set-cookie"];
  out.cookie = out.set_cookie.substr(0, out.set_cookie.find(';'));
  out.csrf = nlohmann::json::parse(r.body)["csrf_token"];
  return out;
}

HttpResult http_as(unsigned short port, const Login& who, std::string method, std::string target,
                   std::string body, bool with_csrf) {
  HttpCall call{std::move(method), std::move(target), {{"Cookie", who.cookie}}, std::move(body)};
  if (!call.body.empty()) call.headers.emplace_back("Content-Type", "application/json");
  if (with_csrf && call.method != "GET") call.headers.emplace_back("X-CSRF-Token", who.csrf);
  return http_call(port, call);
}

}  // namespace tsunagu::testing
