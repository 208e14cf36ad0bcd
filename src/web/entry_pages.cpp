// /progress/{project}/{year}: a project's 進行管理 entry for a fiscal year. GET shows it with
// its history and the events recorded as evidence; POST saves the draft (and submits it when
// asked); POST …/review approves or returns it. A refused save keeps what was typed.
#include <charconv>

#include "core/text.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace entry_pages {
namespace {

using route::Context;

struct Deps {
  service::ProgressService& progress;
  service::ResourceService& resources;
};

// What a person typed into the entry form, kept when the save is refused so nothing is lost.
struct TypedEntry {
  ProgressContent content;
  std::string budget_planned_text;
  std::string budget_actual_text;
};

std::string notice_text(const std::string& code) {
  if (code == "saved") return "下書きを保存しました。";
  if (code == "submitted") return "提出しました。計画担当の確認をお待ちください。";
  if (code == "approved") return "承認しました。";
  if (code == "returned") return "差し戻しました。担当課に理由が表示されます。";
  return "";
}

std::string action_label(const std::string& action) {
  if (action == "import") return "取込";
  if (action == "edit") return "編集";
  if (action == "submit") return "提出";
  if (action == "approve") return "承認";
  if (action == "return") return "差し戻し";
  if (action == "reopen") return "再開";
  return action;
}

mstch::array history_rows(const Context& c, const Deps& d, ProjectId project, FiscalYear year,
                          const EvaluationScale& scale) {
  mstch::array history;
  auto rows = d.progress.history(c.actor, project, year);
  if (!rows) return history;
  for (const auto& h : *rows) {
    history.push_back(
        mstch::map{{"version", std::to_string(h.version)},
                   {"action", action_label(h.action)},
                   {"state", std::string(entry_state_label(h.state))},
                   {"grade", h.content.grade ? scale.display(*h.content.grade) : std::string("—")},
                   {"actor", h.actor}});
  }
  return history;
}

// Events recorded as evidence for this project in this fiscal year (研修, 見学会 …).
mstch::array event_rows(const Context& c, const Deps& d, ProjectId project, FiscalYear year) {
  mstch::array events;
  auto linked = d.resources.events_for_project(c.actor, project);
  if (!linked) return events;
  const Date first{year.western(), 4, 1}, last{year.western() + 1, 3, 31};
  for (const auto& e : *linked) {
    if (e.held_on < first || e.held_on > last) continue;
    events.push_back(mstch::map{
        {"date", format_wareki_date_with_western(e.held_on)},
        {"title", e.title},
        {"kind", std::string(event_kind_label(e.kind))},
        {"attendance", e.attendance ? std::to_string(*e.attendance) + " 人" : std::string("—")}});
  }
  return events;
}

std::string number_text(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : std::string();
}

// The form's fields: the stored entry, or what was typed when a save was refused.
mstch::map form_context(const Context& c, const service::EntryView& view,
                        const EvaluationScale& scale, const TypedEntry* typed) {
  const ProgressEntry* entry = view.entry ? &*view.entry : nullptr;
  ProgressContent shown = typed ? typed->content : (entry ? entry->content : ProgressContent{});
  mstch::array grades;
  for (const auto& g : scale.grades()) {
    grades.push_back(
        mstch::map{{"code", g.code}, {"label", g.label}, {"checked", shown.grade == g.code}});
  }
  EntryState state = entry ? entry->state : EntryState::kDraft;
  bool reviewable = c.session && role_allows(c.session->user.role, Permission::kProgressApprove) &&
                    state == EntryState::kSubmitted;
  std::string departments;
  for (const auto& dep : view.project.departments)
    departments += (departments.empty() ? "" : "・") + dep;
  return mstch::map{
      {"category", view.category},
      {"departments", departments},
      {"content", view.project.content},
      {"state", std::string(entry ? entry_state_label(state) : "未入力")},
      {"comment", entry ? entry->return_comment : std::string()},
      {"editable", view.editable},
      {"reviewable", reviewable},
      {"csrf", c.session ? c.session->csrf_token : std::string()},
      {"version", std::to_string(entry ? entry->version : 0)},
      {"grades", grades},
      {"grade_label", shown.grade ? scale.display(*shown.grade) : std::string("—")},
      {"done", shown.done},
      {"next_plan", shown.next_plan},
      {"budget_planned", typed ? typed->budget_planned_text : number_text(shown.budget_planned)},
      {"budget_actual", typed ? typed->budget_actual_text : number_text(shown.budget_actual)},
  };
}

http::Response entry_page(const Context& c, const Deps& d, ProjectId project_id, FiscalYear year,
                          const TypedEntry* typed, const std::string& notice, const Error* error) {
  auto plan = d.progress.plan_name_of(c.actor, project_id);
  if (!plan) return error_page(404, "この事業は見つからないか、担当ではないため表示できません。");
  auto views = d.progress.entries(c.actor, *plan, year);
  if (!views) return error_page(views.error());
  const service::EntryView* view = nullptr;
  for (const auto& v : *views) {
    if (v.project.id == project_id) view = &v;
  }
  if (view == nullptr)
    return error_page(404, "この事業は見つからないか、担当ではないため表示できません。");
  auto stored_scale = d.progress.scale(c.actor, *plan);
  EvaluationScale scale = stored_scale ? *stored_scale : EvaluationScale::ena_default();
  mstch::map context = form_context(c, *view, scale, typed);
  mstch::array extras;
  for (const auto& [name, value] : view->extras)
    extras.push_back(mstch::map{{"name", name}, {"value", value}});
  context["has_extras"] = !extras.empty();
  context["extras"] = extras;
  context["project_id"] = std::to_string(project_id.value);
  context["year"] = year.short_name();
  context["year_label"] = year.display();
  mstch::array history = history_rows(c, d, project_id, year, scale);
  context["has_history"] = !history.empty();
  context["history"] = history;
  mstch::array events = event_rows(c, d, project_id, year);
  context["has_events"] = !events.empty();
  context["events"] = events;
  if (!notice.empty()) context["notice"] = notice;
  if (error != nullptr) context["error"] = error->message;
  int status = error != nullptr ? route::status_for(*error) : 200;
  return html_response(
      status, render_page("entry", view->project.name + "（" + year.japanese() + "）", context,
                          layout_for(c)));
}

// Reads "/progress/{project}/{year}".
std::optional<std::pair<ProjectId, FiscalYear>> entry_target(const http::Request& r) {
  auto id = route::parse_id(r.param("project"));
  auto year = FiscalYear::parse(r.param("year"));
  if (!id || !year) return std::nullopt;
  return std::pair{ProjectId{*id}, *year};
}

std::optional<std::int64_t> budget(const std::string& text, bool& bad) {
  std::string folded = fold_width(trim(text));
  if (folded.empty()) return std::nullopt;
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(folded.data(), folded.data() + folded.size(), v);
  if (ec != std::errc() || ptr != folded.data() + folded.size() || v < 0) {
    bad = true;
    return std::nullopt;
  }
  return v;
}

http::Response show_entry(const Deps& d, Context& c) {
  auto target = entry_target(c.request);
  if (!target) return error_page(404, "指定された事業はありません。");
  return entry_page(c, d, target->first, target->second, nullptr,
                    notice_text(route::query_param(c.request, "notice")), nullptr);
}

// The typed entry; `bad_number` is set when a budget is not a whole number of 千円.
TypedEntry typed_entry(std::map<std::string, std::string>& f, bool& bad_number) {
  TypedEntry typed;
  if (!f["grade"].empty()) typed.content.grade = f["grade"];
  typed.content.done = f["done"];
  typed.content.next_plan = f["next_plan"];
  typed.budget_planned_text = f["budget_planned"];
  typed.budget_actual_text = f["budget_actual"];
  typed.content.budget_planned = budget(f["budget_planned"], bad_number);
  typed.content.budget_actual = budget(f["budget_actual"], bad_number);
  return typed;
}

std::string entry_href(ProjectId project, FiscalYear year, const std::string& notice) {
  return "/progress/" + std::to_string(project.value) + "/" + year.short_name() +
         "?notice=" + notice;
}

http::Response save_entry(const Deps& d, Context& c) {
  auto target = entry_target(c.request);
  if (!target) return error_page(404, "指定された事業はありません。");
  auto f = route::form_fields(c.request);
  bool bad_number = false;
  TypedEntry typed = typed_entry(f, bad_number);
  auto version = route::parse_id(f["version"]).value_or(0);
  auto [project, year] = *target;
  if (bad_number) {
    Error e = make_error(ErrorKind::kInvalid, "progress.invalid",
                         "予算額・決算額は千円単位の数字で入力してください。");
    return entry_page(c, d, project, year, &typed, "", &e);
  }
  auto saved = d.progress.save(c.actor, project, year, typed.content, version);
  if (!saved) {
    Error e = saved.error();
    if (e.code == "progress.stale_version") e.message += " 入力した内容はこの画面に残しています。";
    return entry_page(c, d, project, year, &typed, "", &e);
  }
  if (f["action"] != "submit") return redirect(entry_href(project, year, "saved"));
  auto submitted = d.progress.act(c.actor, project, year, EntryAction::kSubmit, saved->version);
  if (!submitted) {
    Error e = submitted.error();
    return entry_page(c, d, project, year, nullptr, "下書きは保存しました。", &e);
  }
  return redirect(entry_href(project, year, "submitted"));
}

http::Response review_entry(const Deps& d, Context& c) {
  auto target = entry_target(c.request);
  if (!target) return error_page(404, "指定された事業はありません。");
  auto f = route::form_fields(c.request);
  auto [project, year] = *target;
  EntryAction action = f["action"] == "return" ? EntryAction::kReturn : EntryAction::kApprove;
  auto done = d.progress.act(c.actor, project, year, action,
                             route::parse_id(f["version"]).value_or(0), f["comment"]);
  if (!done) {
    Error e = done.error();
    return entry_page(c, d, project, year, nullptr, "", &e);
  }
  return redirect(
      entry_href(project, year, action == EntryAction::kReturn ? "returned" : "approved"));
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"GET",  "/progress/{project}/{year}",        route::need(Permission::kProgressRead),    show_entry},
    {"POST", "/progress/{project}/{year}",        route::need(Permission::kProgressEdit),    save_entry},
    {"POST", "/progress/{project}/{year}/review", route::need(Permission::kProgressApprove), review_entry},
};
// clang-format on

}  // namespace
}  // namespace entry_pages

void add_entry_pages(const route::AddRoute& add_page, service::ProgressService& progress,
                     service::ResourceService& resources) {
  using namespace entry_pages;
  route::add_table(add_page, Deps{progress, resources}, kPages);
}

}  // namespace tsunagu::web
