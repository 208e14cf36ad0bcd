#include "api/project_routes.hpp"

#include "io/progress_json.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace project_routes {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

struct Deps {
  service::ProgressService& progress;
};

http::Response list_projects(const Deps& d, Context& c) {
  auto list = d.progress.projects(c.actor, query_param(c.request, "plan"));
  if (!list) return error_response(list.error());
  ordered_json out = ordered_json::array();
  for (const auto& [project, category] : *list) out.push_back(io::project_json(project, category));
  return ok_ordered_json({{"projects", out}});
}

http::Response link_policy(const Deps& d, Context& c) {
  auto id = id_param<ProjectId>(c, "id");
  if (!id)
    return error_response(
        make_error(ErrorKind::kNotFound, "project.not_found", "指定された事業はありません。"));
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  if (!b->contains("policy_code") || !(*b)["policy_code"].is_string()) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "policy_code（例: \"4-4-2\"、空で解除）を指定してください。"));
  }
  auto r = d.progress.link_policy(c.actor, *id, (*b)["policy_code"].get<std::string>());
  if (!r) return error_response(r.error());
  return ok_ordered_json(io::project_json(*r, ""));
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",   "/api/v1/projects",      need(Permission::kProgressRead),    list_projects},
    {"PATCH", "/api/v1/projects/{id}", need(Permission::kProgressApprove), link_policy},
};
// clang-format on

}  // namespace
}  // namespace project_routes

void add_project_routes(const AddRoute& add, service::ProgressService& progress) {
  using namespace project_routes;
  add_table(add, Deps{progress}, kRoutes);
}

}  // namespace tsunagu::api
