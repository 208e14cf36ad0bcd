// A small blocking HTTP/1.1 client for tests, talking to a real server over a real socket.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace tsunagu::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; repeated headers joined by "\n"
  std::string body;
};

struct HttpCall {
  std::string method = "GET";
  std::string target = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// One request on a new connection. Throws on connection failure.
HttpResult http_call(unsigned short port, const HttpCall& call);

// A logged-in test user: the cookie and the CSRF token from POST /api/v1/login.
struct Login {
  int status = 0;
  std::string cookie;  // "tsunagu_session=…"
  std::string csrf;
  std::string set_cookie;
};
Login login(unsigned short port, const std::string& username, const std::string& password);

// Calls with the login's cookie, and its CSRF token on anything but GET.
HttpResult http_as(unsigned short port, const Login& who, std::string method, std::string target,
                   std::string body = "", bool with_csrf = true);

}  // namespace tsunagu::testing
