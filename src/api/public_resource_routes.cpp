// The public directory and its open data, without login: GET /api/v1/public/resources and
// GET /opendata/resources.csv (?city=CODE, or the only municipality).
#include "api/resource_common.hpp"
#include "io/resource_json.hpp"
#include "route/resource_query.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file, so unity batches can join files.
namespace public_resource_routes {
namespace {

using resource_common::Deps;
using resource_common::list_json;

http::Response list_public(const Deps& d, Context& c) {
  auto m = public_municipality(d.resources, c.request);
  if (!m) return error_response(m.error());
  auto list = d.resources.public_resources(*m, resource_query(c.request));
  if (!list) return error_response(list.error());
  return ok_ordered_json({{"resources", list_json(*list, io::resource_json)}});
}

http::Response open_data(const Deps& d, Context& c) {
  auto m = public_municipality(d.resources, c.request);
  if (!m) return error_response(m.error());
  auto csv = d.resources.open_data_csv(*m);
  if (!csv) return error_response(csv.error());
  http::Response r;
  r.body = std::move(*csv);
  r.set("Content-Type", "text/csv; charset=utf-8");
  r.set("Content-Disposition", attachment("社会資源一覧.csv"));
  return r;
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET", "/api/v1/public/resources", anyone(), list_public},
    {"GET", "/opendata/resources.csv",  anyone(), open_data},
};
// clang-format on

}  // namespace

resource_common::Table table() { return kRoutes; }

}  // namespace public_resource_routes
}  // namespace tsunagu::api
