// The routing layer that api/ and web/ share: what a route needs to run (its access rule, the
// request context) and the table both fill. A route names its access in the table, so one walk
// over the table covers every JSON route and every page. Knows no JSON shape and no template.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/access.hpp"
#include "http/message.hpp"
#include "service/account_service.hpp"
#include "service/actor.hpp"

namespace tsunagu::route {

enum class AccessKind { kPublic, kLoggedIn, kPermission };

struct RouteInfo {
  std::string method;
  std::string pattern;  // "/api/v1/policies/{id}"
  AccessKind access = AccessKind::kPermission;
  Permission permission = Permission::kPlanRead;  // when access == kPermission
  bool page = false;  // an HTML page: no session redirects to /login, refusals are pages
};

// What a handler sees: the request, and after the guard the session and the acting user.
struct Context {
  http::Request& request;
  std::optional<service::Session> session;
  service::Actor actor;
};

using RouteHandler = std::function<http::Response(Context&)>;

// Adds a route with the access it needs (one line of the declarative table).
using AddRoute = std::function<void(std::string method, std::string pattern, AccessKind access,
                                    Permission permission, RouteHandler handler)>;

struct Route {
  RouteInfo info;
  RouteHandler handler;
};

// The application's routes in the order they were added. Not thread-safe while being filled;
// read-only afterwards.
class RouteTable {
 public:
  // An AddRoute for JSON routes (refusals answer JSON) and one for pages (refusals are pages,
  // a missing session redirects to the login form). Both must not outlive the table.
  AddRoute json_routes();
  AddRoute page_routes();

  const std::vector<Route>& routes() const { return routes_; }
  std::vector<RouteInfo> infos() const;

 private:
  std::vector<Route> routes_;
};

}  // namespace tsunagu::route
