// The guard every route passes before its handler: the session (from the cookie), the
// permission the route names, the CSRF token on anything that changes state. A refusal is
// answered as the route asks: JSON for the API, a page (or a redirect to /login) for pages.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "http/message.hpp"
#include "route/context.hpp"
#include "service/account_service.hpp"

namespace tsunagu::route {

// Renders a refusal for a page route: status and Japanese message → an HTML page.
using PageRefusal = std::function<http::Response(int status, const std::string& message)>;

struct GuardOptions {
  std::string session_cookie = "tsunagu_session";
};

// Thread-safe; the services must outlive it.
class Guard {
 public:
  Guard(service::AccountService& accounts, GuardOptions options, PageRefusal page_refusal);

  // Checks access for `info`, then runs `handler`; a JSON field of the wrong type that escapes
  // the handler answers 400 request.invalid. Sets Cache-Control: no-store and nosniff.
  http::Response run(const RouteInfo& info, const RouteHandler& handler,
                     http::Request& request) const;

  // Before an upload's body is read: its session (cookie) and CSRF token (X-CSRF-Token header)
  // must be valid, else the JSON refusal to send instead of reading on. nullopt: read on (the
  // route's own permission is checked once the body is in).
  std::optional<http::Response> admit_upload(const http::Request& head) const;

  const GuardOptions& options() const { return options_; }

 private:
  http::Response refuse(const RouteInfo& info, const http::Request& request, const Error& e) const;

  service::AccountService& accounts_;
  GuardOptions options_;
  PageRefusal page_refusal_;
};

}  // namespace tsunagu::route
