#include "api/plan_routes.hpp"

#include <mutex>

#include "api/import_json.hpp"
#include "io/plan_json.hpp"
#include "io/policy_sheet.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

PlanCache::Entry PlanCache::find(std::int64_t municipality, std::int64_t revision) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(municipality);
  if (it == entries_.end() || it->second.revision != revision) return {};
  return it->second;
}

void PlanCache::put(std::int64_t municipality, Entry entry) {
  std::unique_lock lock(mutex_);
  entries_[municipality] = std::move(entry);
}

using namespace tsunagu::route;
namespace plan_routes {
namespace {

using nlohmann::json;

struct Deps {
  service::PlanService& plans;
  PlanCache& cache;
};

http::Response get_plans(const Deps& d, Context& c) {
  auto revision = d.plans.plan_revision(c.actor);
  if (!revision) return error_response(revision.error());
  const std::int64_t key = c.actor.municipality.value;
  auto entry = d.cache.find(key, *revision);
  if (entry.revision != *revision) {
    auto tree = d.plans.plans(c.actor);
    if (!tree) return error_response(tree.error());
    entry.revision = *revision;
    entry.body = io::plans_to_json_text(*tree);
    entry.etag = "\"p" + std::to_string(key) + "-" + std::to_string(*revision) + "\"";
    d.cache.put(key, entry);
  }
  if (c.request.header("if-none-match") == entry.etag) {
    http::Response not_modified;
    not_modified.status = 304;
    not_modified.set("ETag", entry.etag);
    return not_modified;
  }
  auto response = http::Response::json(200, std::move(entry.body));
  response.set("ETag", entry.etag);
  return response;
}

// The import's options as query parameters: plan, filename (for the format), sheet, column
// (repeatable ROLE=HEADER); the file is the body.
Result<service::PolicyTableImport> policy_import_request(const http::Request& request) {
  service::PolicyTableImport r{query_param(request, "plan"), std::nullopt, std::nullopt,
                               std::nullopt};
  r.file_name = query_param(request, "filename");
  r.family_name = query_param(request, "family");
  if (auto position = query_param(request, "position"); !position.empty()) {
    auto n = parse_id(position);
    if (!n || *n < 1 || *n > kMaxMemberPosition) {
      return make_error(ErrorKind::kMalformed, "request.invalid",
                        "position は 1〜99 の整数で指定してください。");
    }
    r.family_position = static_cast<int>(*n);
  }
  if (auto period = query_param(request, "period"); !period.empty()) {
    auto p = parse_fiscal_period(period);
    if (!p) return p.error();
    r.from = p->from;
    r.to = p->to;
  }
  r.sheet = query_param(request, "sheet");
  for (const auto& text : query_params(request, "column")) {
    auto choice = io::parse_policy_column(text);
    if (!choice) return choice.error();
    r.columns.push_back(*choice);
  }
  return r;
}

http::Response import_plan(const Deps& d, Context& c) {
  auto request = policy_import_request(c.request);
  if (!request) return error_response(request.error());
  auto report = d.plans.import_policy_table(c.actor, *request, c.request.body);
  if (!report) return error_response(report.error());
  return ok_json({{"plan_id", report->plan.value},
                  {"plan_created", report->plan_created},
                  {"goals", report->goals},
                  {"policies", report->policies},
                  {"added", report->changes.policies_added},
                  {"changed", report->changes.policies_changed},
                  {"removed", report->changes.policies_removed},
                  {"position", report->position},
                  {"member_created", report->member_created},
                  {"warnings", report->warnings}});
}

// How the file is read — the sheet, the header row, each column's role, the goals and their
// policies, the problems — written nowhere.
http::Response preview_plan_import(const Deps& d, Context& c) {
  auto request = policy_import_request(c.request);
  if (!request) return error_response(request.error());
  auto preview = d.plans.preview_policy_table(c.actor, *request, c.request.body);
  if (!preview) return error_response(preview.error());
  const io::PolicySheetReading& r = preview->reading;
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (const auto& col : r.columns) {
    nlohmann::ordered_json j = {{"column", io::column_letters(col.index)}, {"header", col.header}};
    j["role"] = col.role ? nlohmann::ordered_json(io::policy_role_name(*col.role))
                         : nlohmann::ordered_json(nullptr);
    if (col.viewpoint > 0) j["viewpoint"] = col.viewpoint;
    j["chosen"] = col.chosen;
    columns.push_back(j);
  }
  nlohmann::ordered_json goals = nlohmann::ordered_json::array();
  for (const auto& g : r.table.goals) {
    nlohmann::ordered_json policies = nlohmann::ordered_json::array();
    for (const auto& p : g.policies) {
      policies.push_back({{"line", p.line},
                          {"no", p.no},
                          {"code", policy_code(preview->position, g.no, p.no)},
                          {"text", p.content.text},
                          {"priority", p.content.priority}});
    }
    goals.push_back({{"no", g.no}, {"title", g.title}, {"line", g.line}, {"policies", policies}});
  }
  nlohmann::ordered_json body = {
      {"sheet", r.sheet_name},
      {"sheets", r.sheet_names},
      {"header_found", r.header_found},
      {"header_line", r.header_line},
      {"plan_exists", preview->plan_exists},
      {"position", preview->position ? nlohmann::ordered_json(*preview->position)
                                     : nlohmann::ordered_json(nullptr)},
      {"family_warnings", preview->family_warnings},
      {"family_problems", preview->family_problems},
      {"columns", columns},
      {"goals", goals},
      {"policy_count", r.table.policy_count()},
      {"problems", problems_json(r.problems)},
      {"warnings", r.warnings}};
  return ok_ordered_json(std::move(body));
}

Error policy_not_found() {
  return make_error(ErrorKind::kNotFound, "policy.not_found", "指定された施策はありません。");
}

http::Response get_policy(const Deps& d, Context& c) {
  auto id = id_param<PolicyId>(c, "id");
  if (!id) return error_response(policy_not_found());
  auto policy = d.plans.policy(c.actor, *id);
  if (!policy) return error_response(policy.error());
  auto response = ok_ordered_json(io::policy_to_json(*policy));
  response.set("ETag", "\"v" + std::to_string(policy->version) + "\"");
  return response;
}

// A stale edit answers 409 with what is stored now, so nothing typed is lost and it can be merged.
http::Response conflict_with_current(const Error& e, const Policy& current) {
  auto response = error_response(e);
  if (response.status == 409) {
    auto body = nlohmann::ordered_json::parse(response.body);
    body["current"] = io::policy_to_json(current);
    response.body = body.dump();
  }
  return response;
}

http::Response patch_policy(const Deps& d, Context& c) {
  auto id = id_param<PolicyId>(c, "id");
  if (!id) return error_response(policy_not_found());
  auto body = parse_json_body(c.request);
  if (!body) return error_response(body.error());
  const json& b = body.value();
  if (!b.contains("version") || !b["version"].is_number_integer()) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "編集の元にした版（version）を指定してください。他の人の変更"
                                     "を上書きしないために必要です。"));
  }
  auto current = d.plans.policy(c.actor, *id);
  if (!current) return error_response(current.error());
  auto content = io::policy_content_from_json(b, current->content);
  if (!content) return error_response(content.error());
  auto updated = d.plans.update_policy(c.actor, *id, b["version"].get<std::int64_t>(), *content);
  if (!updated) return conflict_with_current(updated.error(), *current);
  return ok_ordered_json(io::policy_to_json(*updated));
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",   "/api/v1/plans",         need(Permission::kPlanRead),   get_plans},
    {"POST",  "/api/v1/plans/import",  need(Permission::kPlanImport), import_plan},
    {"POST",  "/api/v1/plans/import/preview", need(Permission::kPlanImport), preview_plan_import},
    {"GET",   "/api/v1/policies/{id}", need(Permission::kPlanRead),   get_policy},
    {"PATCH", "/api/v1/policies/{id}", need(Permission::kPlanEdit),   patch_policy},
};
// clang-format on

}  // namespace
}  // namespace plan_routes

void add_plan_routes(const AddRoute& add, service::PlanService& plans, PlanCache& cache) {
  using namespace plan_routes;
  add_table(add, Deps{plans, cache}, kRoutes);
}

}  // namespace tsunagu::api
