#include "api/progress_routes.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/progress_json.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace progress_routes {
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

struct Deps {
  service::ProgressService& progress;
  service::ReviewService& reviews;
};

// The committee's opinions on the year before `year`, with the city's responses.
ordered_json previous_opinions(const Deps& d, const Context& c, const std::string& plan,
                               FiscalYear year) {
  ordered_json opinions = ordered_json::array();
  if (auto previous = d.reviews.opinions(c.actor, plan, year.previous())) {
    for (const auto& o : *previous) {
      opinions.push_back({{"id", o.id.value},
                          {"year", o.year.short_name()},
                          {"policy_code", o.policy_code},
                          {"opinion", o.opinion},
                          {"response", o.response}});
    }
  }
  return opinions;
}

http::Response list_entries(const Deps& d, Context& c) {
  auto year = year_param(query_param(c.request, "year"));
  if (!year) return error_response(year.error());
  auto plan = query_param(c.request, "plan");
  auto views = d.progress.entries(c.actor, plan, *year);
  if (!views) return error_response(views.error());
  auto scale = d.progress.scale(c.actor, plan);
  if (!scale) return error_response(scale.error());
  ordered_json list = ordered_json::array();
  for (const auto& v : *views) {
    ordered_json extras = ordered_json::array();
    for (const auto& [name, value] : v.extras) extras.push_back({{"name", name}, {"value", value}});
    list.push_back({{"project", io::project_json(v.project, v.category)},
                    {"entry", io::entry_json(*scale, v.entry)},
                    {"extras", extras},
                    {"editable", v.editable}});
  }
  ordered_json body;
  body["year"] = year->short_name();
  body["year_label"] = year->display();
  body["scale"] = io::scale_json(*scale);
  body["projects"] = std::move(list);
  body["committee_opinions"] = previous_opinions(d, c, plan, *year);
  return ok_ordered_json(body);
}

http::Response tally(const Deps& d, Context& c) {
  auto year = year_param(query_param(c.request, "year"));
  if (!year) return error_response(year.error());
  std::string by_text = query_param(c.request, "by");
  auto parsed = service::parse_tally_by(by_text);
  if (!parsed) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "by は category、department、goal、plan のいずれかです。"));
  }
  const service::TallyBy by = *parsed;
  auto report = d.progress.tally(c.actor, query_param(c.request, "plan"), *year, by);
  if (!report) return error_response(report.error());
  std::vector<std::pair<std::string, Tally>> groups;
  for (const auto& g : report->groups) groups.emplace_back(g.label, g.tally);
  return ok_ordered_json(
      io::tally_json(*year, report->overall, by == service::TallyBy::kNone ? nullptr : &groups));
}

http::Response year_status(const Deps& d, Context& c) {
  auto year = year_param(query_param(c.request, "year"));
  if (!year) return error_response(year.error());
  auto s = d.progress.year_status(c.actor, query_param(c.request, "plan"), *year);
  if (!s) return error_response(s.error());
  ordered_json departments = ordered_json::array();
  for (const auto& dep : s->departments) {
    departments.push_back({{"department", dep.department},
                           {"projects", dep.projects},
                           {"submitted", dep.submitted},
                           {"missing", dep.missing}});
  }
  ordered_json body;
  body["year"] = year->short_name();
  body["deadline"] =
      s->deadline ? ordered_json(format_iso_date(*s->deadline)) : ordered_json(nullptr);
  body["past_deadline"] = s->past_deadline;
  body["departments"] = std::move(departments);
  return ok_ordered_json(body);
}

Result<std::vector<Grade>> grades_of(const json& b) {
  if (!b.contains("grades") || !b["grades"].is_array()) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "grades に [{\"code\",\"label\"}] を良い順に指定してください。");
  }
  std::vector<Grade> grades;
  for (const auto& g : b["grades"]) {
    if (!g.is_object() || !g.contains("code") || !g["code"].is_string() || !g.contains("label") ||
        !g["label"].is_string()) {
      return make_error(ErrorKind::kMalformed, "request.invalid",
                        "grades の各要素は {\"code\",\"label\"} です。");
    }
    grades.push_back({g["code"].get<std::string>(), g["label"].get<std::string>()});
  }
  return grades;
}

http::Response set_scale(const Deps& d, Context& c) {
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  auto grades = grades_of(*b);
  if (!grades) return error_response(grades.error());
  EvaluationScale scale(*grades);
  if (auto ok = d.progress.set_scale(c.actor, b->value("plan", ""), scale); !ok)
    return error_response(ok.error());
  return ok_ordered_json({{"scale", io::scale_json(scale)}});
}

http::Response open_year(const Deps& d, Context& c) {
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  auto year = year_param(b->value("year", ""));
  if (!year) return error_response(year.error());
  auto deadline = parse_iso_date(b->value("deadline", ""));
  if (!deadline) return error_response(deadline.error());
  if (auto ok = d.progress.open_year(c.actor, b->value("plan", ""), *year, *deadline); !ok)
    return error_response(ok.error());
  return ok_json({{"year", year->short_name()}, {"deadline", format_iso_date(*deadline)}});
}

http::Response save_entry(const Deps& d, Context& c) {
  auto t = target_of(c.request);
  if (!t) return error_response(t.error());
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  auto version = version_of(*b);
  if (!version) return error_response(version.error());
  ProgressContent content;
  if (auto ok = read_content(*b, content); !ok) return error_response(ok.error());
  return entry_response(d.progress, c,
                        d.progress.save(c.actor, t->project, t->year, content, *version));
}

// One step of the entry workflow (submit, approve, return, reopen) with an optional comment.
http::Response act(const Deps& d, Context& c, EntryAction action) {
  auto t = target_of(c.request);
  if (!t) return error_response(t.error());
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  auto version = version_of(*b);
  if (!version) return error_response(version.error());
  std::string comment = b->contains("comment") && (*b)["comment"].is_string()
                            ? (*b)["comment"].get<std::string>()
                            : "";
  return entry_response(d.progress, c,
                        d.progress.act(c.actor, t->project, t->year, action, *version, comment));
}

http::Response submit(const Deps& d, Context& c) { return act(d, c, EntryAction::kSubmit); }
http::Response approve(const Deps& d, Context& c) { return act(d, c, EntryAction::kApprove); }
http::Response send_back(const Deps& d, Context& c) { return act(d, c, EntryAction::kReturn); }
http::Response reopen(const Deps& d, Context& c) { return act(d, c, EntryAction::kReopen); }

http::Response history(const Deps& d, Context& c) {
  auto t = target_of(c.request);
  if (!t) return error_response(t.error());
  auto rows = d.progress.history(c.actor, t->project, t->year);
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
}

http::Response csv_download(const io::ProgressSheetData& data, const http::Request& request,
                            const std::string& name) {
  const bool cp932 = query_param(request, "encoding") == "cp932";
  auto csv = io::progress_csv(data, cp932 ? io::CsvEncoding::kCp932 : io::CsvEncoding::kUtf8Bom);
  http::Response r;
  r.body = std::move(csv.bytes);
  r.set("Content-Type", std::string("text/csv; charset=") + (cp932 ? "Shift_JIS" : "utf-8"));
  if (!csv.unmappable.empty()) r.set("X-Tsunagu-Unmappable", std::to_string(csv.unmappable.size()));
  r.set("Content-Disposition", attachment(name + ".csv"));
  return r;
}

http::Response export_sheet(const Deps& d, Context& c) {
  auto year = year_param(query_param(c.request, "year"));
  if (!year) return error_response(year.error());
  auto data = d.progress.sheet(c.actor, query_param(c.request, "plan"), *year);
  if (!data) return error_response(data.error());
  std::string format = query_param(c.request, "format");
  std::string name = "進行管理シート_" + year->short_name();
  if (format == "csv") return csv_download(*data, c.request, name);
  if (format.empty() || format == "xlsx") {
    return file_download(
        [&data](const std::string& path) { return io::write_progress_xlsx(*data, path); },
        kXlsxType, name + ".xlsx");
  }
  return error_response(
      make_error(ErrorKind::kMalformed, "request.invalid", "format は xlsx か csv です。"));
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",  "/api/v1/progress",                          need(Permission::kProgressRead),    list_entries},
    {"GET",  "/api/v1/progress/tally",                    need(Permission::kProgressRead),    tally},
    {"GET",  "/api/v1/progress/status",                   need(Permission::kProgressApprove), year_status},
    {"PUT",  "/api/v1/progress/scale",                    need(Permission::kProgressApprove), set_scale},
    {"POST", "/api/v1/progress/open",                     need(Permission::kProgressApprove), open_year},
    {"PUT",  "/api/v1/progress/{project}/{year}",         need(Permission::kProgressEdit),    save_entry},
    {"POST", "/api/v1/progress/{project}/{year}/submit",  need(Permission::kProgressEdit),    submit},
    {"POST", "/api/v1/progress/{project}/{year}/approve", need(Permission::kProgressApprove), approve},
    {"POST", "/api/v1/progress/{project}/{year}/return",  need(Permission::kProgressApprove), send_back},
    {"POST", "/api/v1/progress/{project}/{year}/reopen",  need(Permission::kProgressApprove), reopen},
    {"GET",  "/api/v1/progress/{project}/{year}/history", need(Permission::kProgressRead),    history},
    {"GET",  "/api/v1/progress/export",                   need(Permission::kProgressRead),    export_sheet},
};
// clang-format on

}  // namespace
}  // namespace progress_routes

void add_progress_routes(const AddRoute& add, service::ProgressService& progress,
                         service::ReviewService& reviews) {
  using namespace progress_routes;
  add_table(add, Deps{progress, reviews}, kRoutes);
  add_progress_import_routes(add, progress);
}

}  // namespace tsunagu::api
