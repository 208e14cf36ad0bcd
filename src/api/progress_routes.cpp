#include "api/progress_routes.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/progress_json.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

Result<FiscalYear> year_param(std::string_view text) {
  if (text.empty())
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "年度（year、例: R6）を指定してください。");
  return FiscalYear::parse(text);
}

// Reads the optional fields of an entry from a JSON body into `c`.
Status read_content(const json& b, ProgressContent& c) {
  auto bad = [](const char* key, const char* what) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      std::string("「") + key + "」は" + what + "で指定してください。");
  };
  if (b.contains("grade")) {
    if (b["grade"].is_null())
      c.grade.reset();
    else if (b["grade"].is_string())
      c.grade = b["grade"].get<std::string>();
    else
      return bad("grade", "評価の記号（文字列）か null");
  }
  for (auto [key, field] : {std::pair{"done", &c.done}, std::pair{"next_plan", &c.next_plan}}) {
    if (!b.contains(key)) continue;
    if (!b[key].is_string()) return bad(key, "文字列");
    *field = b[key].get<std::string>();
  }
  for (auto [key, field] : {std::pair{"budget_planned", &c.budget_planned},
                            std::pair{"budget_actual", &c.budget_actual}}) {
    if (!b.contains(key)) continue;
    if (b[key].is_null())
      field->reset();
    else if (b[key].is_number_integer())
      *field = b[key].get<std::int64_t>();
    else
      return bad(key, "千円単位の整数か null");
  }
  return Ok{};
}

Result<std::int64_t> version_of(const json& b) {
  if (!b.contains("version") || !b["version"].is_number_integer()) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "元にした版（version、新規は 0）を指定してください。");
  }
  return b["version"].get<std::int64_t>();
}

struct EntryTarget {
  ProjectId project;
  FiscalYear year{2024};
};

Result<EntryTarget> target_of(const http::Request& r) {
  auto id = parse_id(r.param("project"));
  if (!id)
    return make_error(ErrorKind::kNotFound, "project.not_found", "指定された事業はありません。");
  auto year = year_param(r.param("year"));
  if (!year) return year.error();
  return EntryTarget{ProjectId{*id}, *year};
}

http::Response entry_response(service::ProgressService& progress, const Context& c,
                              const Result<ProgressEntry>& e) {
  if (!e) return error_response(e.error());
  auto stored_scale = progress.scale(c.actor, "");
  EvaluationScale scale = stored_scale ? *stored_scale : EvaluationScale::ena_default();
  return ok_ordered_json(io::entry_json(scale, *e));
}

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace

void add_progress_routes(const AddRoute& add, service::ProgressService& progress,
                         service::ReviewService& reviews) {
  add("GET", "/api/v1/progress", AccessKind::kPermission, Permission::kProgressRead,
      [&progress, &reviews](Context& c) {
        auto year = year_param(query_param(c.request, "year"));
        if (!year) return error_response(year.error());
        auto plan = query_param(c.request, "plan");
        auto views = progress.entries(c.actor, plan, *year);
        if (!views) return error_response(views.error());
        auto scale = progress.scale(c.actor, plan);
        if (!scale) return error_response(scale.error());
        ordered_json list = ordered_json::array();
        for (const auto& v : *views) {
          list.push_back({{"project", io::project_json(v.project, v.category)},
                          {"entry", io::entry_json(*scale, v.entry)},
                          {"editable", v.editable}});
        }
        ordered_json body;
        body["year"] = year->short_name();
        body["year_label"] = year->display();
        body["scale"] = io::scale_json(*scale);
        body["projects"] = std::move(list);
        ordered_json opinions = ordered_json::array();
        if (auto previous = reviews.opinions(c.actor, plan, year->previous())) {
          for (const auto& o : *previous) {
            opinions.push_back({{"id", o.id.value},
                                {"year", o.year.short_name()},
                                {"policy_code", o.policy_code},
                                {"opinion", o.opinion},
                                {"response", o.response}});
          }
        }
        body["committee_opinions"] = std::move(opinions);
        return ok_ordered_json(body);
      });

  add("GET", "/api/v1/progress/tally", AccessKind::kPermission, Permission::kProgressRead,
      [&progress](Context& c) {
        auto year = year_param(query_param(c.request, "year"));
        if (!year) return error_response(year.error());
        std::string by_text = query_param(c.request, "by");
        auto by = by_text == "category"     ? service::TallyBy::kCategory
                  : by_text == "department" ? service::TallyBy::kDepartment
                  : by_text == "goal"       ? service::TallyBy::kGoal
                                            : service::TallyBy::kNone;
        if (!by_text.empty() && by == service::TallyBy::kNone) {
          return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                           "by は category、department、goal のいずれかです。"));
        }
        auto report = progress.tally(c.actor, query_param(c.request, "plan"), *year, by);
        if (!report) return error_response(report.error());
        std::vector<std::pair<std::string, Tally>> groups;
        for (const auto& g : report->groups) groups.emplace_back(g.label, g.tally);
        return ok_ordered_json(io::tally_json(*year, report->overall,
                                              by == service::TallyBy::kNone ? nullptr : &groups));
      });

  add("GET", "/api/v1/progress/status", AccessKind::kPermission, Permission::kProgressApprove,
      [&progress](Context& c) {
        auto year = year_param(query_param(c.request, "year"));
        if (!year) return error_response(year.error());
        auto s = progress.year_status(c.actor, query_param(c.request, "plan"), *year);
        if (!s) return error_response(s.error());
        ordered_json departments = ordered_json::array();
        for (const auto& d : s->departments) {
          departments.push_back({{"department", d.department},
                                 {"projects", d.projects},
                                 {"submitted", d.submitted},
                                 {"missing", d.missing}});
        }
        ordered_json body;
        body["year"] = year->short_name();
        body["deadline"] =
            s->deadline ? ordered_json(format_iso_date(*s->deadline)) : ordered_json(nullptr);
        body["past_deadline"] = s->past_deadline;
        body["departments"] = std::move(departments);
        return ok_ordered_json(body);
      });

  add("PUT", "/api/v1/progress/scale", AccessKind::kPermission, Permission::kProgressApprove,
      [&progress](Context& c) {
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        if (!b->contains("grades") || !(*b)["grades"].is_array()) {
          return error_response(
              make_error(ErrorKind::kMalformed, "request.invalid",
                         "grades に [{\"code\",\"label\"}] を良い順に指定してください。"));
        }
        std::vector<Grade> grades;
        for (const auto& g : (*b)["grades"]) {
          if (!g.is_object() || !g.contains("code") || !g["code"].is_string() ||
              !g.contains("label") || !g["label"].is_string()) {
            return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                             "grades の各要素は {\"code\",\"label\"} です。"));
          }
          grades.push_back({g["code"].get<std::string>(), g["label"].get<std::string>()});
        }
        EvaluationScale scale(grades);
        if (auto ok = progress.set_scale(c.actor, b->value("plan", ""), scale); !ok)
          return error_response(ok.error());
        return ok_ordered_json({{"scale", io::scale_json(scale)}});
      });

  add("POST", "/api/v1/progress/open", AccessKind::kPermission, Permission::kProgressApprove,
      [&progress](Context& c) {
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto year = year_param(b->value("year", ""));
        if (!year) return error_response(year.error());
        auto deadline = parse_iso_date(b->value("deadline", ""));
        if (!deadline) return error_response(deadline.error());
        if (auto ok = progress.open_year(c.actor, b->value("plan", ""), *year, *deadline); !ok)
          return error_response(ok.error());
        return ok_json({{"year", year->short_name()}, {"deadline", format_iso_date(*deadline)}});
      });

  add("PUT", "/api/v1/progress/{project}/{year}", AccessKind::kPermission,
      Permission::kProgressEdit, [&progress](Context& c) {
        auto t = target_of(c.request);
        if (!t) return error_response(t.error());
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto version = version_of(*b);
        if (!version) return error_response(version.error());
        ProgressContent content;
        if (auto ok = read_content(*b, content); !ok) return error_response(ok.error());
        return entry_response(progress, c,
                              progress.save(c.actor, t->project, t->year, content, *version));
      });

  struct ActionRoute {
    const char* name;
    EntryAction action;
    Permission permission;
  };
  for (auto [name, action, permission] :
       {ActionRoute{"submit", EntryAction::kSubmit, Permission::kProgressEdit},
        ActionRoute{"approve", EntryAction::kApprove, Permission::kProgressApprove},
        ActionRoute{"return", EntryAction::kReturn, Permission::kProgressApprove},
        ActionRoute{"reopen", EntryAction::kReopen, Permission::kProgressApprove}}) {
    add("POST", std::string("/api/v1/progress/{project}/{year}/") + name, AccessKind::kPermission,
        permission, [&progress, action = action](Context& c) {
          auto t = target_of(c.request);
          if (!t) return error_response(t.error());
          auto b = parse_json_body(c.request);
          if (!b) return error_response(b.error());
          auto version = version_of(*b);
          if (!version) return error_response(version.error());
          std::string comment = b->contains("comment") && (*b)["comment"].is_string()
                                    ? (*b)["comment"].get<std::string>()
                                    : "";
          return entry_response(
              progress, c, progress.act(c.actor, t->project, t->year, action, *version, comment));
        });
  }

  add("GET", "/api/v1/progress/{project}/{year}/history", AccessKind::kPermission,
      Permission::kProgressRead, [&progress](Context& c) {
        auto t = target_of(c.request);
        if (!t) return error_response(t.error());
        auto rows = progress.history(c.actor, t->project, t->year);
        if (!rows) return error_response(rows.error());
        ordered_json list = ordered_json::array();
        for (const auto& h : *rows) {
          list.push_back(
              {{"version", h.version},
               {"action", h.action},
               {"state", entry_state_name(h.state)},
               {"grade", h.content.grade ? ordered_json(*h.content.grade) : ordered_json(nullptr)},
               {"done", h.content.done},
               {"next_plan", h.content.next_plan},
               {"comment", h.comment},
               {"at", h.at},
               {"actor", h.actor}});
        }
        return ok_ordered_json({{"history", list}});
      });

  add("POST", "/api/v1/progress/import", AccessKind::kPermission, Permission::kProgressImport,
      [&progress](Context& c) {
        auto year = year_param(query_param(c.request, "year"));
        if (!year) return error_response(year.error());
        std::string file_name = query_param(c.request, "filename");
        auto report = progress.import_sheet(
            c.actor, {query_param(c.request, "plan"), *year, file_name}, c.request.body);
        if (!report) return error_response(report.error());
        ordered_json body;
        body["plan_id"] = report->plan.value;
        body["projects_created"] = report->projects_created;
        body["projects_updated"] = report->projects_updated;
        body["tally"] = io::tally_json(*year, report->tally, nullptr);
        body["warnings"] = report->warnings;
        return ok_ordered_json(body);
      });

  add("GET", "/api/v1/progress/export", AccessKind::kPermission, Permission::kProgressRead,
      [&progress](Context& c) {
        auto year = year_param(query_param(c.request, "year"));
        if (!year) return error_response(year.error());
        auto data = progress.sheet(c.actor, query_param(c.request, "plan"), *year);
        if (!data) return error_response(data.error());
        std::string format = query_param(c.request, "format");
        http::Response r;
        std::string name = "進行管理シート_" + year->short_name();
        if (format == "csv") {
          auto csv = io::progress_csv(*data, query_param(c.request, "encoding") == "cp932"
                                                 ? io::CsvEncoding::kCp932
                                                 : io::CsvEncoding::kUtf8Bom);
          r.body = std::move(csv.bytes);
          r.set("Content-Type",
                "text/csv; charset=" + std::string(query_param(c.request, "encoding") == "cp932"
                                                       ? "Shift_JIS"
                                                       : "utf-8"));
          if (!csv.unmappable.empty())
            r.set("X-Tsunagu-Unmappable", std::to_string(csv.unmappable.size()));
        } else if (format.empty() || format == "xlsx") {
          return file_download(
              [&data](const std::string& path) { return io::write_progress_xlsx(*data, path); },
              kXlsxType, name + ".xlsx");
        } else {
          return error_response(
              make_error(ErrorKind::kMalformed, "request.invalid", "format は xlsx か csv です。"));
        }
        r.set("Content-Disposition", attachment(name + ".csv"));
        return r;
      });
}

}  // namespace tsunagu::api
