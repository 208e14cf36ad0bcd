#include "api/implementation_routes.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/implementation_export.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file, so unity batches can join files.
namespace implementation_routes {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

Result<FiscalYear> year_of(std::string_view text) {
  if (text.empty())
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "年度（例: R7）を指定してください。");
  return FiscalYear::parse(text);
}

Result<std::optional<std::vector<std::string>>> string_list(const json& b, const char* key) {
  if (!b.contains(key)) return std::optional<std::vector<std::string>>();
  if (!b[key].is_array())
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      std::string("「") + key + "」は文字列の配列で指定してください。");
  std::vector<std::string> out;
  for (const auto& v : b[key]) {
    if (!v.is_string())
      return make_error(ErrorKind::kMalformed, "request.invalid",
                        std::string("「") + key + "」は文字列の配列で指定してください。");
    out.push_back(v.get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Result<service::ItemPatch> read_patch(const json& b) {
  service::ItemPatch patch;
  for (auto [key, field] :
       {std::pair{"departments", &patch.departments}, std::pair{"directions", &patch.directions},
        std::pair{"budget_projects", &patch.budget_projects}}) {
    auto list = string_list(b, key);
    if (!list) return list.error();
    *field = std::move(*list);
  }
  for (auto [key, field] :
       {std::pair{"end_target", &patch.end_target}, std::pair{"code", &patch.code}}) {
    if (!b.contains(key)) continue;
    if (!b[key].is_string())
      return make_error(ErrorKind::kMalformed, "request.invalid",
                        std::string("「") + key + "」は文字列で指定してください。");
    *field = b[key].get<std::string>();
  }
  if (b.contains("years")) {
    if (!b["years"].is_array())
      return make_error(ErrorKind::kMalformed, "request.invalid",
                        "「years」は配列で指定してください。");
    for (const auto& y : b["years"]) {
      if (!y.is_object() || !y.contains("year") || !y["year"].is_string()) {
        return make_error(ErrorKind::kMalformed, "request.invalid",
                          "years の各要素には year（例: \"R7\"）が必要です。");
      }
      auto fy = FiscalYear::parse(y["year"].get<std::string>());
      if (!fy) return fy.error();
      service::ItemPatch::Year row;
      row.year = *fy;
      if (y.contains("planned_work") && y["planned_work"].is_string())
        row.planned_work = y["planned_work"].get<std::string>();
      if (y.contains("results") && y["results"].is_string())
        row.results = y["results"].get<std::string>();
      if (y.contains("cost")) {
        if (y["cost"].is_null())
          row.cost = std::optional<std::int64_t>();
        else if (y["cost"].is_number_integer())
          row.cost = std::optional<std::int64_t>(y["cost"].get<std::int64_t>());
        else
          return make_error(ErrorKind::kMalformed, "request.invalid",
                            "cost は千円単位の整数か null で指定してください。");
      }
      patch.years.push_back(row);
    }
  }
  return patch;
}

http::Response view_response(const Result<service::RevisionView>& view, int status = 200) {
  if (!view) return error_response(view.error());
  return ok_ordered_json(io::revision_json(view->revision, view->plan_from, view->latest), status);
}

struct Deps {
  service::ImplementationService& implementation;
};

http::Response list_revisions(const Deps& d, Context& c) {
  auto list = d.implementation.revisions(c.actor, query_param(c.request, "plan"));
  if (!list) return error_response(list.error());
  ordered_json out = ordered_json::array();
  for (const auto& r : *list) out.push_back({{"year", r.year.short_name()}, {"label", r.label}});
  return ok_ordered_json({{"revisions", out}});
}

http::Response create_revision(const Deps& d, Context& c) {
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  auto year = year_of(b->value("year", ""));
  if (!year) return error_response(year.error());
  return view_response(d.implementation.create_revision(c.actor, b->value("plan", ""), *year), 201);
}

http::Response compare_revisions(const Deps& d, Context& c) {
  auto from = year_of(query_param(c.request, "from"));
  if (!from) return error_response(from.error());
  auto to = year_of(query_param(c.request, "to"));
  if (!to) return error_response(to.error());
  auto result = d.implementation.compare(c.actor, query_param(c.request, "plan"), *from, *to);
  if (!result) return error_response(result.error());
  return ok_ordered_json({{"from", from->short_name()},
                          {"to", to->short_name()},
                          {"items", io::comparison_json(*result)}});
}

http::Response get_revision(const Deps& d, Context& c) {
  auto year = year_of(c.request.param("year"));
  if (!year) return error_response(year.error());
  return view_response(d.implementation.revision(c.actor, query_param(c.request, "plan"), *year));
}

http::Response patch_item(const Deps& d, Context& c) {
  auto year = year_of(c.request.param("year"));
  if (!year) return error_response(year.error());
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  auto patch = read_patch(*b);
  if (!patch) return error_response(patch.error());
  return view_response(d.implementation.update_item(c.actor, b->value("plan", ""), *year,
                                                    std::string(c.request.param("code")), *patch));
}

http::Response export_revision(const Deps& d, Context& c) {
  auto year = year_of(c.request.param("year"));
  if (!year) return error_response(year.error());
  auto view = d.implementation.revision(c.actor, query_param(c.request, "plan"), *year);
  if (!view) return error_response(view.error());
  return file_download(
      [&view](const std::string& path) {
        return io::write_implementation_xlsx(view->revision, view->plan_from, view->plan_to, path);
      },
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "実施計画_" + year->short_name() + ".xlsx");
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",   "/api/v1/implementation-plans",                    need(Permission::kPlanRead), list_revisions},
    {"POST",  "/api/v1/implementation-plans",                    need(Permission::kPlanEdit), create_revision},
    {"GET",   "/api/v1/implementation-plans/compare",            need(Permission::kPlanRead), compare_revisions},
    {"GET",   "/api/v1/implementation-plans/{year}",             need(Permission::kPlanRead), get_revision},
    {"PATCH", "/api/v1/implementation-plans/{year}/items/{code}", need(Permission::kPlanEdit), patch_item},
    {"GET",   "/api/v1/implementation-plans/{year}/export",      need(Permission::kPlanRead), export_revision},
};
// clang-format on

}  // namespace
}  // namespace implementation_routes

void add_implementation_routes(const AddRoute& add,
                               service::ImplementationService& implementation) {
  using namespace implementation_routes;
  add_table(add, Deps{implementation}, kRoutes);
}

}  // namespace tsunagu::api
