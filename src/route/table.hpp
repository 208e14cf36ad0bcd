// Route tables: one row per route naming its method, pattern, access and handler function, so a
// resource's file reads as the list of what it answers. A handler is a plain function
// `http::Response name(const Deps&, Context&)`, where Deps is the resource's small struct of
// service references; each row is bound to a copy of it when the table is added.
//
//   constexpr route::Row<CaseDeps> kPersonRoutes[] = {
//       {"GET", "/api/v1/persons/{id}", need(Permission::kCaseRead), get_person},
//   };
//   route::add_table(add, deps, kPersonRoutes);
#pragma once

#include <span>

#include "route/context.hpp"

namespace tsunagu::route {

// Who may call a route: anyone, any logged-in user, or holders of one permission.
struct Access {
  AccessKind kind = AccessKind::kPermission;
  Permission permission = Permission::kPlanRead;
};

constexpr Access anyone() { return {AccessKind::kPublic, Permission::kPlanRead}; }
constexpr Access signed_in() { return {AccessKind::kLoggedIn, Permission::kPlanRead}; }
constexpr Access need(Permission p) { return {AccessKind::kPermission, p}; }

template <class Deps>
using HandlerFn = http::Response (*)(const Deps&, Context&);

template <class Deps>
struct Row {
  const char* method;
  const char* pattern;
  Access access;
  HandlerFn<Deps> handler;
};

// A handler bound to the services it runs with. Deps holds references, so copying it is cheap
// and the services must outlive the route.
template <class Deps>
RouteHandler bind(const Deps& deps, HandlerFn<Deps> fn) {
  return [deps, fn](Context& c) { return fn(deps, c); };
}

template <class Deps>
void add_table(const AddRoute& add, const Deps& deps, std::span<const Row<Deps>> rows) {
  for (const auto& r : rows) {
    add(r.method, r.pattern, r.access.kind, r.access.permission, bind(deps, r.handler));
  }
}

template <class Deps, std::size_t N>
void add_table(const AddRoute& add, const Deps& deps, const Row<Deps> (&rows)[N]) {
  add_table(add, deps, std::span<const Row<Deps>>(rows, N));
}

}  // namespace tsunagu::route
