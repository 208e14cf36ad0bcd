#include "route/context.hpp"

namespace tsunagu::route {

AddRoute RouteTable::json_routes() {
  return [this](std::string method, std::string pattern, AccessKind access, Permission permission,
                RouteHandler handler) {
    routes_.push_back(
        {{std::move(method), std::move(pattern), access, permission, false}, std::move(handler)});
  };
}

AddRoute RouteTable::page_routes() {
  return [this](std::string method, std::string pattern, AccessKind access, Permission permission,
                RouteHandler handler) {
    routes_.push_back(
        {{std::move(method), std::move(pattern), access, permission, true}, std::move(handler)});
  };
}

std::vector<RouteInfo> RouteTable::infos() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const auto& r : routes_) out.push_back(r.info);
  return out;
}

}  // namespace tsunagu::route
