// The case indicators (/api/v1/indicators?from=…&to=…) in the Ministry's shape (case.statistics).
#include "api/case_routes.hpp"
#include "io/case_indicators_json.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::case_indicator_routes {
namespace {

using Deps = CaseRouteDeps;

http::Response get_indicators(const Deps& d, Context& c) {
  auto from = parse_iso_date(query_param(c.request, "from"));
  auto to = parse_iso_date(query_param(c.request, "to"));
  if (!from || !to) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "from と to を 2024-04-01 の形で指定してください。"));
  }
  auto result = d.casework.indicators(c.actor, *from, *to);
  if (!result) return error_response(result.error());
  if (service::sees_exact_figures(c.actor))
    return ok_ordered_json(io::case_indicators_json(result->first, result->second));
  const auto mask = small_number_mask(result->first, result->second);
  return ok_ordered_json(io::case_indicators_json(result->first, result->second, &mask));
}

constexpr Row<Deps> kRoutes[] = {
    {"GET", "/api/v1/indicators", need(Permission::kCaseStatistics), get_indicators},
};

}  // namespace
}  // namespace cases::case_indicator_routes

void add_case_indicator_routes(const AddRoute& add, const CaseRouteDeps& deps) {
  add_table(add, deps, cases::case_indicator_routes::kRoutes);
}

}  // namespace tsunagu::api
