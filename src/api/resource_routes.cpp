#include "api/resource_routes.hpp"

#include "api/resource_common.hpp"
#include "io/resource_json.hpp"
#include "route/decode.hpp"
#include "route/resource_decode.hpp"
#include "route/resource_query.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file, so unity batches can join files.
namespace resource_routes {
namespace {

using resource_common::answer;
using resource_common::Deps;

http::Response list_resources(const Deps& d, Context& c) {
  auto list = d.resources.resources(c.actor, resource_query(c.request));
  if (!list) return error_response(list.error());
  return ok_ordered_json({{"resources", resource_common::list_json(*list, io::resource_json)}});
}

http::Response add_resource(const Deps& d, Context& c) {
  auto fields = resource_common::json_fields(c.request);
  if (!fields) return error_response(fields.error());
  auto r = resource_request(*fields);
  if (!r) return error_response(r.error());
  return answer(d.resources.add_resource(c.actor, *r), io::resource_json, 201);
}

http::Response get_resource(const Deps& d, Context& c) {
  auto id = id_param<ResourceId>(c, "id");
  if (!id) return error_response(resource_common::bad_id());
  return answer(d.resources.resource(c.actor, *id), io::resource_json);
}

http::Response update_resource(const Deps& d, Context& c) {
  auto id = id_param<ResourceId>(c, "id");
  if (!id) return error_response(resource_common::bad_id());
  auto fields = resource_common::json_fields(c.request);
  if (!fields) return error_response(fields.error());
  auto version = resource_version(*fields);
  if (!version) return error_response(version.error());
  auto r = resource_request(*fields);
  if (!r) return error_response(r.error());
  r->id = *id;
  return answer(d.resources.update_resource(c.actor, *r, *version), io::resource_json);
}

http::Response import_resources(const Deps& d, Context& c) {
  std::string name = query_param(c.request, "name");
  auto report =
      d.resources.import_resources(c.actor, c.request.body, name.empty() ? "list.csv" : name);
  if (!report) return error_response(report.error());
  return ok_ordered_json({{"added", report->added}, {"updated", report->updated}});
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",  "/api/v1/resources",        need(Permission::kResourceRead),   list_resources},
    {"POST", "/api/v1/resources",        need(Permission::kResourceManage), add_resource},
    {"GET",  "/api/v1/resources/{id}",   need(Permission::kResourceRead),   get_resource},
    {"PUT",  "/api/v1/resources/{id}",   need(Permission::kResourceManage), update_resource},
    {"POST", "/api/v1/resources/import", need(Permission::kResourceManage), import_resources},
};
// clang-format on

}  // namespace
}  // namespace resource_routes

void add_resource_routes(const AddRoute& add, service::ResourceService& resources) {
  const resource_common::Deps deps{resources};
  for (resource_common::Table table :
       {public_resource_routes::table(), resource_common::Table(resource_routes::kRoutes),
        room_routes::table(), booking_routes::table(), event_routes::table(),
        placement_routes::table()}) {
    add_table(add, deps, table);
  }
}

}  // namespace tsunagu::api
