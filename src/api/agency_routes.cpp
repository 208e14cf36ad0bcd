// The partner agencies of the municipality (関係機関): listed for every case reader, added by
// the case administrator.
#include "api/case_routes.hpp"
#include "io/case_json.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::agency_routes {
namespace {

using nlohmann::ordered_json;
using Deps = CaseRouteDeps;

http::Response list_agencies(const Deps& d, Context& c) {
  auto list = d.cases.agencies(c.actor);
  if (!list) return error_response(list.error());
  ordered_json out = ordered_json::array();
  for (const auto& a : *list) out.push_back(io::agency_json(a));
  return ok_ordered_json({{"agencies", out}});
}

http::Response add_agency(const Deps& d, Context& c) {
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  auto kind = parse_agency_kind(b->value("kind", ""));
  if (!kind)
    return error_response(
        make_error(ErrorKind::kInvalid, "agency.invalid", "kind（機関の種類）が不明です。"));
  auto a = d.cases.add_agency(c.actor, b->value("name", ""), *kind);
  if (!a) return error_response(a.error());
  return ok_ordered_json(io::agency_json(*a), 201);
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",  "/api/v1/agencies", need(Permission::kCaseRead),  list_agencies},
    {"POST", "/api/v1/agencies", need(Permission::kCaseAdmin), add_agency},
};
// clang-format on

}  // namespace
}  // namespace cases::agency_routes

void add_agency_routes(const AddRoute& add, const CaseRouteDeps& deps) {
  add_table(add, deps, cases::agency_routes::kRoutes);
}

}  // namespace tsunagu::api
