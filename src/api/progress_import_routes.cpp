// POST /api/v1/progress/import and /api/v1/progress/import/preview: a progress sheet's bytes
// as the body, the options as query parameters — plan, year, filename, sheet, column
// (repeatable ROLE=HEADER), preset or grade (repeatable CODE=LABEL) for a new plan. The
// preview answers how the file is read, problems included, and writes nothing.
#include <nlohmann/json.hpp>

#include "api/import_json.hpp"
#include "api/progress_routes.hpp"
#include "io/progress_json.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace progress_import_routes {
namespace {

using nlohmann::ordered_json;

struct Deps {
  service::ProgressService& progress;
};

Result<std::optional<EvaluationScale>> scale_param(const http::Request& request) {
  std::vector<Grade> grades;
  for (const auto& g : query_params(request, "grade")) {
    auto eq = g.find('=');
    if (eq == std::string::npos || eq == 0)
      return make_error(ErrorKind::kMalformed, "request.invalid",
                        "grade は A=順調 のように「記号=説明」で指定してください。");
    grades.push_back({g.substr(0, eq), g.substr(eq + 1)});
  }
  if (!grades.empty()) return std::optional<EvaluationScale>(EvaluationScale(grades));
  std::string preset = query_param(request, "preset");
  if (preset.empty()) return std::optional<EvaluationScale>();
  if (auto scale = EvaluationScale::preset(preset)) return std::optional<EvaluationScale>(*scale);
  return make_error(ErrorKind::kMalformed, "request.invalid",
                    "preset は ena、abc、five のいずれかです。");
}

Result<service::ProgressSheetImport> import_request(const http::Request& request) {
  std::string year_text = query_param(request, "year");
  if (year_text.empty())
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "年度（year、例: R6）を指定してください。");
  auto year = FiscalYear::parse(year_text);
  if (!year) return year.error();
  service::ProgressSheetImport r;
  r.plan_name = query_param(request, "plan");
  r.year = *year;
  r.file_name = query_param(request, "filename");
  r.sheet = query_param(request, "sheet");
  for (const auto& text : query_params(request, "column")) {
    auto choice = io::parse_column_choice(text);
    if (!choice) return choice.error();
    r.columns.push_back(*choice);
  }
  auto scale = scale_param(request);
  if (!scale) return scale.error();
  r.scale = *scale;
  return r;
}

ordered_json columns_json(const std::vector<io::SheetColumn>& columns) {
  ordered_json list = ordered_json::array();
  for (const auto& c : columns) {
    ordered_json j = {{"column", io::column_letters(c.index)}, {"header", c.header}};
    j["role"] = c.role ? ordered_json(io::sheet_role_name(*c.role)) : ordered_json(nullptr);
    j["chosen"] = c.chosen;
    list.push_back(j);
  }
  return list;
}

ordered_json changes_json(const service::ProjectChanges& changes) {
  ordered_json renamed = ordered_json::array();
  for (const auto& r : changes.renamed)
    renamed.push_back({{"number", r.number}, {"from", r.from}, {"to", r.to}});
  return {{"added", changes.added},
          {"renamed", renamed},
          {"gone", changes.gone},
          {"updated", changes.updated}};
}

ordered_json roles_json() {
  ordered_json list = ordered_json::array();
  for (auto role : io::kSheetRoles)
    list.push_back({{"role", io::sheet_role_name(role)}, {"label", io::sheet_role_label(role)}});
  return list;
}

http::Response preview(const Deps& d, Context& c) {
  auto request = import_request(c.request);
  if (!request) return error_response(request.error());
  auto p = d.progress.preview_sheet(c.actor, *request, c.request.body);
  if (!p) return error_response(p.error());
  const io::ProgressSheet& s = p->reading.sheet;
  ordered_json body;
  body["plan_exists"] = p->plan_exists;
  body["used_saved_mapping"] = p->used_saved_mapping;
  body["sheet"] = s.sheet_name;
  body["sheets"] = s.sheet_names;
  body["header_found"] = p->reading.header_found;
  body["header_line"] = s.header_line;
  body["columns"] = columns_json(s.columns);
  ordered_json projects = ordered_json::array();
  for (std::size_t i = 0; i < s.projects.size() && i < 10; ++i) {
    const auto& row = s.projects[i];
    projects.push_back(
        {{"line", row.line},
         {"category", row.category_no},
         {"number", row.code.empty() ? std::to_string(row.no) : row.code},
         {"name", row.name},
         {"departments", row.departments},
         {"grade", row.progress.grade ? ordered_json(p->scale.display(*row.progress.grade))
                                      : ordered_json(nullptr)}});
  }
  body["projects"] = projects;
  body["project_count"] = s.projects.size();
  body["category_count"] = s.categories.size();
  body["tally"] = io::tally_json(request->year, p->tally, nullptr);
  body["changes"] = changes_json(p->changes);
  std::vector<std::string> warnings = s.tally_mismatches;
  warnings.insert(warnings.end(), s.warnings.begin(), s.warnings.end());
  body["warnings"] = warnings;
  body["problems"] = problems_json(p->reading.problems);
  body["roles"] = roles_json();
  return ok_ordered_json(body);
}

http::Response import_sheet(const Deps& d, Context& c) {
  auto request = import_request(c.request);
  if (!request) return error_response(request.error());
  auto report = d.progress.import_sheet(c.actor, *request, c.request.body);
  if (!report) return error_response(report.error());
  ordered_json body;
  body["plan_id"] = report->plan.value;
  body["plan_created"] = report->plan_created;
  body["projects_created"] = report->projects_created;
  body["projects_updated"] = report->projects_updated;
  body["categories"] = report->categories;
  body["tally"] = io::tally_json(request->year, report->tally, nullptr);
  body["sheet"] = report->sheet_name;
  body["header_line"] = report->header_line;
  body["columns"] = columns_json(report->columns);
  body["extra_fields"] = report->extra_fields;
  body["changes"] = changes_json(report->changes);
  body["used_saved_mapping"] = report->used_saved_mapping;
  body["warnings"] = report->warnings;
  return ok_ordered_json(body);
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"POST", "/api/v1/progress/import",         need(Permission::kProgressImport), import_sheet},
    {"POST", "/api/v1/progress/import/preview", need(Permission::kProgressImport), preview},
};
// clang-format on

}  // namespace
}  // namespace progress_import_routes

void add_progress_import_routes(const AddRoute& add, service::ProgressService& progress) {
  using namespace progress_import_routes;
  add_table(add, Deps{progress}, kRoutes);
}

}  // namespace tsunagu::api
