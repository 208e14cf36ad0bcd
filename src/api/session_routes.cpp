#include "api/session_routes.hpp"

#include "api/user_json.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace session_routes {
namespace {

using nlohmann::json;

constexpr std::int64_t kSessionSeconds = 12 * 60 * 60;

struct Deps {
  service::AccountService& accounts;
  const std::string& cookie;  // the session cookie's name
};

http::Response health(const Deps&, Context&) { return ok_json({{"status", "ok"}}); }

http::Response login(const Deps& d, Context& c) {
  auto body = parse_json_body(c.request);
  if (!body) return error_response(body.error());
  const json& b = body.value();
  if (!b.contains("username") || !b["username"].is_string() || !b.contains("password") ||
      !b["password"].is_string()) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "username と password を文字列で指定してください。"));
  }
  auto session = d.accounts.login(b["username"].get<std::string>(),
                                  b["password"].get<std::string>(), c.request.remote_address);
  if (!session) return error_response(session.error());
  auto response =
      ok_json({{"user", user_json(session->user)}, {"csrf_token", session->csrf_token}});
  response.set("Set-Cookie",
               session_cookie_header(d.cookie, session->token, c.request.tls, kSessionSeconds));
  return response;
}

http::Response logout(const Deps& d, Context& c) {
  if (auto done = d.accounts.logout(*c.session); !done) return error_response(done.error());
  http::Response response;
  response.status = 204;
  response.set("Set-Cookie", session_cookie_header(d.cookie, "", c.request.tls, 0));
  return response;
}

http::Response session(const Deps&, Context& c) {
  return ok_json({{"user", user_json(c.session->user)}, {"csrf_token", c.session->csrf_token}});
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",  "/healthz",         anyone(),    health},
    {"POST", "/api/v1/login",    anyone(),    login},
    {"POST", "/api/v1/logout",   signed_in(), logout},
    {"GET",  "/api/v1/session",  signed_in(), session},
};
// clang-format on

}  // namespace
}  // namespace session_routes

void add_session_routes(const AddRoute& add, service::AccountService& accounts,
                        const std::string& session_cookie) {
  using namespace session_routes;
  add_table(add, Deps{accounts, session_cookie}, kRoutes);
}

}  // namespace tsunagu::api
