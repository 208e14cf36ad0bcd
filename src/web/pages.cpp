#include "web/pages.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>

#include "core/text.hpp"
#include "io/text_search.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "web/chart.hpp"
#include "web/page_support.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace {

// Only same-site paths: "/x" but not "//evil.example" or "/\evil".
std::string safe_next(const std::string& next) {
  if (next.size() < 1 || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\')))
    return "/";
  return next;
}

std::string login_page(const std::string& next, const std::string& username,
                       const std::string& error) {
  mstch::map context{{"next", next}, {"username", username}};
  if (!error.empty()) context["error"] = error;
  return render_page("login", "ログイン", context, {});
}

std::string tally_chart(const std::string& id, const EvaluationScale& scale, const Tally& t,
                        const std::string& title) {
  std::vector<Bar> bars;
  for (const auto& [code, count] : t.by_grade) bars.push_back({scale.display(code), count});
  if (t.ungraded > 0) bars.push_back({"評価なし", t.ungraded});
  return bar_chart_svg(id, title, bars);
}

std::string deadline_label(const store::ProgressYear& y) {
  return format_wareki_date_with_western(y.deadline);
}

http::Response home_plan_admin(const route::Context& c, service::ProgressService& progress) {
  mstch::map context;
  auto open = progress.open_year_of(c.actor, "");
  if (open && *open) {
    const auto& y = **open;
    auto status = progress.year_status(c.actor, "", y.year);
    if (status) {
      mstch::array departments;
      for (const auto& d : status->departments) {
        std::string missing;
        for (const auto& m : d.missing) missing += (missing.empty() ? "" : "、") + m;
        departments.push_back(
            mstch::map{{"department", d.department},
                       {"submitted", std::to_string(d.submitted)},
                       {"projects", std::to_string(d.projects)},
                       {"missing", missing.empty() ? std::string("なし") : missing},
                       {"late", status->past_deadline && !d.missing.empty()}});
      }
      mstch::array waiting;
      if (auto views = progress.entries(c.actor, "", y.year)) {
        for (const auto& v : *views) {
          if (!v.entry || v.entry->state != EntryState::kSubmitted) continue;
          std::string departments_text;
          for (const auto& d : v.project.departments)
            departments_text += (departments_text.empty() ? "" : "・") + d;
          waiting.push_back(mstch::map{{"project_id", std::to_string(v.project.id.value)},
                                       {"year", y.year.short_name()},
                                       {"name", v.project.name},
                                       {"departments", departments_text}});
        }
      }
      bool has_waiting = !waiting.empty();
      context["open_year"] = mstch::map{{"year_label", y.year.display()},
                                        {"deadline_label", deadline_label(y)},
                                        {"past_deadline", status->past_deadline},
                                        {"departments", departments},
                                        {"waiting", waiting},
                                        {"has_waiting", has_waiting}};
    }
  }
  // The grade tallies of the open year and the year before, as charts.
  mstch::array tallies;
  FiscalYear latest = open && *open ? (*open)->year : FiscalYear::containing(Date{2024, 4, 1});
  for (FiscalYear y : {latest, latest.previous()}) {
    auto t = progress.tally(c.actor, "", y, service::TallyBy::kNone);
    if (!t || t->overall.total == 0) continue;
    tallies.push_back(mstch::map{{"year", y.short_name()},
                                 {"year_label", y.display()},
                                 {"chart", tally_chart("tally-chart-" + y.short_name(), t->scale,
                                                       t->overall, y.display() + "の評価の内訳")}});
  }
  context["tallies"] = tallies;
  mstch::array years;
  for (FiscalYear y : {latest, latest.previous()}) {
    years.push_back(mstch::map{{"year", y.short_name()}, {"year_label", y.display()}});
  }
  context["downloads"] = mstch::map{{"years", years}};
  return html_response(
      200, render_page("home_plan_admin", "ホーム（計画担当）", context, layout_for(c)));
}

http::Response home_editor(const route::Context& c, service::ProgressService& progress) {
  mstch::map context;
  auto open = progress.open_year_of(c.actor, "");
  if (open && *open) {
    const auto& y = **open;
    auto views = progress.entries(c.actor, "", y.year);
    if (views) {
      mstch::array projects;
      int remaining = 0;
      for (const auto& v : *views) {
        EntryState state = v.entry ? v.entry->state : EntryState::kDraft;
        bool done = state == EntryState::kSubmitted || state == EntryState::kApproved;
        if (!done) ++remaining;
        projects.push_back(
            mstch::map{{"category", v.category},
                       {"project_id", std::to_string(v.project.id.value)},
                       {"year", y.year.short_name()},
                       {"name", v.project.name},
                       {"state", std::string(v.entry ? entry_state_label(state) : "未入力")},
                       {"returned", state == EntryState::kReturned},
                       {"comment", v.entry ? v.entry->return_comment : std::string()},
                       {"grade", v.entry && v.entry->content.grade ? *v.entry->content.grade
                                                                   : std::string("—")}});
      }
      context["open_year"] = mstch::map{
          {"year_label", y.year.display()}, {"deadline_label", deadline_label(y)},
          {"past_deadline", false},         {"department", c.session->user.department_name},
          {"projects", projects},           {"remaining", std::to_string(remaining)},
          {"year", y.year.short_name()}};
    }
  }
  return html_response(
      200, render_page("home_editor", "ホーム（" + c.session->user.department_name + "）", context,
                       layout_for(c)));
}

http::Response home_other(const route::Context& c, service::PlanService& plans) {
  mstch::array list;
  if (auto tree = plans.plans(c.actor)) {
    for (const auto& p : *tree) {
      mstch::array goals;
      for (const auto& g : p.goals) {
        mstch::array policies;
        for (const auto& pol : g.policies) {
          policies.push_back(
              mstch::map{{"code", pol.code},
                         {"text", pol.content.text.substr(0, pol.content.text.find('\n'))},
                         {"priority", pol.content.priority}});
        }
        goals.push_back(
            mstch::map{{"no", std::to_string(g.no)}, {"title", g.title}, {"policies", policies}});
      }
      list.push_back(mstch::map{{"id", std::to_string(p.id.value)},
                                {"name", p.name},
                                {"period", p.from.japanese() + "〜" + p.to.japanese()},
                                {"goals", goals}});
    }
  }
  return html_response(
      200, render_page("home_other", "ホーム", mstch::map{{"plans", list}}, layout_for(c)));
}

http::Response plan_page(const route::Context& c, service::PlanService& plans,
                         service::ProgressService& progress, FragmentCache& cache) {
  const std::string q(trim(route::query_param(c.request, "q")));
  auto revision = plans.plan_revision(c.actor);
  if (!revision) return error_page(revision.error());
  // The projects (事業) serving each policy, for those who follow progress: 基本目標 → 施策 → 事業.
  std::map<std::int64_t, mstch::array> projects_of;
  std::string projects_key;
  if (c.actor.may(Permission::kProgressRead)) {
    auto open = progress.open_year_of(c.actor, "");
    std::string year = open && *open ? (*open)->year.short_name() : std::string();
    if (auto list = progress.projects(c.actor, ""); list && !year.empty()) {
      for (const auto& [project, category] : *list) {
        if (!project.policy) continue;
        std::string href = "/progress/" + std::to_string(project.id.value) + "/" + year;
        projects_key += std::to_string(project.policy->value) + href + project.name + "\n";
        projects_of[project.policy->value].push_back(
            mstch::map{{"name", project.name}, {"href", href}});
      }
    }
  }
  // The table is the same for everyone with the same plan revision, search, edit right and
  // projects: render it once (templates are the expensive part of the page).
  const bool editable = c.actor.may(Permission::kPlanEdit);
  const std::string key = std::to_string(c.actor.municipality.value) + "\n" +
                          std::to_string(*revision) + "\n" + (editable ? "e" : "r") + "\n" + q +
                          "\n" + projects_key;
  if (auto hit = cache.find(key)) {
    return html_response(200, render_layout("計画（施策一覧）", *hit, layout_for(c)));
  }
  auto tree = plans.plans(c.actor);
  if (!tree) return error_page(tree.error());
  static const char* kMarks[] = {"①", "②", "③", "④"};
  mstch::array plan_list;
  int count = 0;
  for (const auto& p : *tree) {
    mstch::array goals;
    for (const auto& g : p.goals) {
      mstch::array policies;
      for (const auto& pol : g.policies) {
        const PolicyContent& pc = pol.content;
        std::string all = pc.text + "\n" + pc.vision;
        for (const auto& f : pc.findings) all += "\n" + f.text + "\n" + f.source;
        for (const auto& list : {pc.directions, pc.examples, pc.notes}) {
          for (const auto& x : list) all += "\n" + x;
        }
        if (!io::search_matches(all + "\n" + pol.code, q)) continue;
        ++count;
        mstch::array findings;
        for (const auto& f : pc.findings) {
          findings.push_back(mstch::map{{"kind", std::string(finding_kind_name(f.kind))},
                                        {"text", f.text},
                                        {"source", f.source}});
        }
        std::string marks;
        for (int v : pc.viewpoints) marks += kMarks[v - 1];
        auto strings = [](const std::vector<std::string>& items) {
          mstch::array a;
          for (const auto& x : items) a.push_back(x);
          return a;
        };
        mstch::array projects = projects_of[pol.id.value];
        bool has_projects = !projects.empty();
        policies.push_back(mstch::map{{"id", std::to_string(pol.id.value)},
                                      {"projects", projects},
                                      {"has_projects", has_projects},
                                      {"editable", editable},
                                      {"code", pol.code},
                                      {"findings", findings},
                                      {"viewpoints", marks},
                                      {"priority", pc.priority},
                                      {"text", pc.text},
                                      {"vision", pc.vision},
                                      {"directions", strings(pc.directions)},
                                      {"examples", strings(pc.examples)},
                                      {"notes", strings(pc.notes)}});
      }
      if (!policies.empty()) {
        goals.push_back(
            mstch::map{{"no", std::to_string(g.no)}, {"title", g.title}, {"policies", policies}});
      }
    }
    plan_list.push_back(mstch::map{{"name", p.name},
                                   {"period", p.from.japanese() + "〜" + p.to.japanese()},
                                   {"goals", goals}});
  }
  mstch::map context{
      {"q", q}, {"plans", plan_list}, {"searched", !q.empty()}, {"count", std::to_string(count)}};
  std::string content = render_content("plan", context);
  cache.store(key, content);
  return html_response(200, render_layout("計画（施策一覧）", content, layout_for(c)));
}

std::string lines_of(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& x : items) out += (out.empty() ? "" : "\n") + x;
  return out;
}

std::vector<std::string> items_of(const std::string& text) {
  std::vector<std::string> out;
  for (auto line : split(text, '\n')) {
    auto t = trim(line);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

// The edit form; `typed` (when a save was refused) keeps what was entered, `stored` is what the
// database holds now (shown beside it on a conflict).
http::Response policy_edit_page(const route::Context& c, const Policy& stored,
                                const PolicyContent* typed, std::int64_t version,
                                const Error* error) {
  const PolicyContent& shown = typed ? *typed : stored.content;
  static const char* kMarks[] = {"①", "②", "③", "④"};
  mstch::array viewpoints;
  for (int n = 1; n <= 4; ++n) {
    bool checked =
        std::find(shown.viewpoints.begin(), shown.viewpoints.end(), n) != shown.viewpoints.end();
    viewpoints.push_back(mstch::map{
        {"n", std::to_string(n)}, {"mark", std::string(kMarks[n - 1])}, {"checked", checked}});
  }
  bool conflict = error != nullptr && error->code == "policy.stale_version";
  mstch::map context{{"id", std::to_string(stored.id.value)},
                     {"code", stored.code},
                     {"csrf", c.session ? c.session->csrf_token : std::string()},
                     {"version", std::to_string(conflict ? stored.version : version)},
                     {"priority", shown.priority},
                     {"viewpoints", viewpoints},
                     {"text", shown.text},
                     {"vision", shown.vision},
                     {"directions", lines_of(shown.directions)},
                     {"examples", lines_of(shown.examples)},
                     {"notes", lines_of(shown.notes)},
                     {"conflict", conflict},
                     {"stored_text", stored.content.text},
                     {"stored_vision", stored.content.vision}};
  if (error != nullptr) context["error"] = error->message;
  int status = error != nullptr ? route::status_for(*error) : 200;
  return html_response(status, render_page("policy_edit", "施策 " + stored.code + " の編集",
                                           context, layout_for(c)));
}

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

http::Response entry_page(const route::Context& c, service::ProgressService& progress,
                          service::ResourceService& resources, ProjectId project_id,
                          FiscalYear year, const TypedEntry* typed, const std::string& notice,
                          const Error* error) {
  auto views = progress.entries(c.actor, "", year);
  if (!views) return error_page(views.error());
  const service::EntryView* view = nullptr;
  for (const auto& v : *views) {
    if (v.project.id == project_id) view = &v;
  }
  if (view == nullptr)
    return error_page(404, "この事業は見つからないか、担当ではないため表示できません。");
  auto stored_scale = progress.scale(c.actor, "");
  EvaluationScale scale = stored_scale ? *stored_scale : EvaluationScale::ena_default();
  const ProgressEntry* entry = view->entry ? &*view->entry : nullptr;
  ProgressContent shown = typed ? typed->content : (entry ? entry->content : ProgressContent{});
  auto number = [](const std::optional<std::int64_t>& v) {
    return v ? std::to_string(*v) : std::string();
  };

  mstch::array grades;
  for (const auto& g : scale.grades()) {
    grades.push_back(
        mstch::map{{"code", g.code}, {"label", g.label}, {"checked", shown.grade == g.code}});
  }
  mstch::array history;
  if (auto rows = progress.history(c.actor, project_id, year)) {
    for (const auto& h : *rows) {
      history.push_back(mstch::map{
          {"version", std::to_string(h.version)},
          {"action", action_label(h.action)},
          {"state", std::string(entry_state_label(h.state))},
          {"grade", h.content.grade ? scale.display(*h.content.grade) : std::string("—")},
          {"actor", h.actor}});
    }
  }
  // Events recorded as evidence for this project in this fiscal year (研修, 見学会 …).
  mstch::array events;
  if (auto linked = resources.events_for_project(c.actor, project_id)) {
    const Date first{year.western(), 4, 1}, last{year.western() + 1, 3, 31};
    for (const auto& e : *linked) {
      if (e.held_on < first || e.held_on > last) continue;
      events.push_back(mstch::map{
          {"date", format_wareki_date_with_western(e.held_on)},
          {"title", e.title},
          {"kind", std::string(event_kind_label(e.kind))},
          {"attendance", e.attendance ? std::to_string(*e.attendance) + " 人" : std::string("—")}});
    }
  }
  std::string departments;
  for (const auto& d : view->project.departments)
    departments += (departments.empty() ? "" : "・") + d;
  EntryState state = entry ? entry->state : EntryState::kDraft;
  bool reviewable = c.session && role_allows(c.session->user.role, Permission::kProgressApprove) &&
                    state == EntryState::kSubmitted;
  bool has_history = !history.empty();
  mstch::map context{
      {"project_id", std::to_string(project_id.value)},
      {"year", year.short_name()},
      {"year_label", year.display()},
      {"category", view->category},
      {"departments", departments},
      {"content", view->project.content},
      {"state", std::string(entry ? entry_state_label(state) : "未入力")},
      {"comment", entry ? entry->return_comment : std::string()},
      {"editable", view->editable},
      {"reviewable", reviewable},
      {"csrf", c.session ? c.session->csrf_token : std::string()},
      {"version", std::to_string(entry ? entry->version : 0)},
      {"grades", grades},
      {"grade_label", shown.grade ? scale.display(*shown.grade) : std::string("—")},
      {"done", shown.done},
      {"next_plan", shown.next_plan},
      {"budget_planned", typed ? typed->budget_planned_text : number(shown.budget_planned)},
      {"budget_actual", typed ? typed->budget_actual_text : number(shown.budget_actual)},
      {"history", history},
      {"has_history", has_history},
      {"events", events},
      {"has_events", !events.empty()},
  };
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

// The policy named by the route's {id}, as the reader may see it.
Result<Policy> policy_of_route(const route::Context& c, service::PlanService& plans) {
  auto id = route::parse_id(c.request.param("id"));
  if (!id) {
    return make_error(ErrorKind::kNotFound, "policy.not_found", "指定された施策はありません。");
  }
  return plans.policy(c.actor, PolicyId{*id});
}

}  // namespace

void add_pages(const route::AddRoute& add_page, PageServices s) {
  auto cookie_name = s.session_cookie;
  add_page("GET", "/login", route::AccessKind::kPublic, {}, [s](route::Context& c) {
    if (s.accounts.authenticate(c.request.cookie(s.session_cookie))) return redirect("/");
    return html_response(200, login_page(safe_next(route::query_param(c.request, "next")), "", ""));
  });

  add_page("POST", "/login", route::AccessKind::kPublic, {}, [s](route::Context& c) {
    // A login form posted from another site would log the victim into the attacker's account.
    auto origin = c.request.header("origin");
    auto host = c.request.header("host");
    auto scheme_end = origin.find("://");
    bool same_site = origin.empty() || (scheme_end != std::string_view::npos &&
                                        origin.substr(scheme_end + 3) == host);
    if (!same_site) {
      return html_response(403, login_page("/", "", "このページからはログインできません。"));
    }
    auto fields = route::form_fields(c.request);
    std::string next = safe_next(fields["next"]);
    auto session =
        s.accounts.login(fields["username"], fields["password"], c.request.remote_address);
    if (!session) {
      int status = session.error().code == "auth.throttled" ? 429 : 401;
      return html_response(status, login_page(next, fields["username"], session.error().message));
    }
    auto r = redirect(next);
    r.set("Set-Cookie", route::session_cookie_header(s.session_cookie, session->token,
                                                     c.request.tls, 12 * 60 * 60));
    return r;
  });

  add_page("POST", "/logout", route::AccessKind::kLoggedIn, {}, [s](route::Context& c) {
    (void)s.accounts.logout(*c.session);
    auto r = redirect("/login");
    r.set("Set-Cookie", route::session_cookie_header(s.session_cookie, "", c.request.tls, 0));
    return r;
  });

  add_page("GET", "/", route::AccessKind::kLoggedIn, {}, [s](route::Context& c) {
    switch (c.session->user.role) {
      case Role::kPlanAdmin:
        return home_plan_admin(c, s.progress);
      case Role::kDepartmentEditor:
        return home_editor(c, s.progress);
      default:
        return home_other(c, s.plans);
    }
  });

  add_page("GET", "/progress/{project}/{year}", route::AccessKind::kPermission,
           Permission::kProgressRead, [s](route::Context& c) {
             auto target = entry_target(c.request);
             if (!target) return error_page(404, "指定された事業はありません。");
             return entry_page(c, s.progress, s.resources, target->first, target->second, nullptr,
                               notice_text(route::query_param(c.request, "notice")), nullptr);
           });

  add_page("POST", "/progress/{project}/{year}", route::AccessKind::kPermission,
           Permission::kProgressEdit, [s](route::Context& c) {
             auto target = entry_target(c.request);
             if (!target) return error_page(404, "指定された事業はありません。");
             auto f = route::form_fields(c.request);
             TypedEntry typed;
             if (!f["grade"].empty()) typed.content.grade = f["grade"];
             typed.content.done = f["done"];
             typed.content.next_plan = f["next_plan"];
             typed.budget_planned_text = f["budget_planned"];
             typed.budget_actual_text = f["budget_actual"];
             bool bad_number = false;
             typed.content.budget_planned = budget(f["budget_planned"], bad_number);
             typed.content.budget_actual = budget(f["budget_actual"], bad_number);
             auto version = route::parse_id(f["version"]).value_or(0);
             auto [project, year] = *target;
             if (bad_number) {
               Error e = make_error(ErrorKind::kInvalid, "progress.invalid",
                                    "予算額・決算額は千円単位の数字で入力してください。");
               return entry_page(c, s.progress, s.resources, project, year, &typed, "", &e);
             }
             auto saved = s.progress.save(c.actor, project, year, typed.content, version);
             if (!saved) {
               Error e = saved.error();
               if (e.code == "progress.stale_version") {
                 e.message += " 入力した内容はこの画面に残しています。";
               }
               return entry_page(c, s.progress, s.resources, project, year, &typed, "", &e);
             }
             std::string notice = "saved";
             if (f["action"] == "submit") {
               auto submitted =
                   s.progress.act(c.actor, project, year, EntryAction::kSubmit, saved->version);
               if (!submitted) {
                 Error e = submitted.error();
                 return entry_page(c, s.progress, s.resources, project, year, nullptr,
                                   "下書きは保存しました。", &e);
               }
               notice = "submitted";
             }
             return redirect("/progress/" + std::to_string(project.value) + "/" +
                             year.short_name() + "?notice=" + notice);
           });

  add_page(
      "POST", "/progress/{project}/{year}/review", route::AccessKind::kPermission,
      Permission::kProgressApprove, [s](route::Context& c) {
        auto target = entry_target(c.request);
        if (!target) return error_page(404, "指定された事業はありません。");
        auto f = route::form_fields(c.request);
        auto [project, year] = *target;
        EntryAction action = f["action"] == "return" ? EntryAction::kReturn : EntryAction::kApprove;
        auto done = s.progress.act(c.actor, project, year, action,
                                   route::parse_id(f["version"]).value_or(0), f["comment"]);
        if (!done) {
          Error e = done.error();
          return entry_page(c, s.progress, s.resources, project, year, nullptr, "", &e);
        }
        return redirect("/progress/" + std::to_string(project.value) + "/" + year.short_name() +
                        "?notice=" + (action == EntryAction::kReturn ? "returned" : "approved"));
      });

  add_page("GET", "/plan", route::AccessKind::kPermission, Permission::kPlanRead,
           [s, cache = std::make_shared<FragmentCache>()](route::Context& c) {
             return plan_page(c, s.plans, s.progress, *cache);
           });

  add_page("GET", "/plan/policies/{id}/edit", route::AccessKind::kPermission, Permission::kPlanEdit,
           [s](route::Context& c) {
             auto policy = policy_of_route(c, s.plans);
             if (!policy) return error_page(policy.error());
             return policy_edit_page(c, *policy, nullptr, policy->version, nullptr);
           });

  add_page("POST", "/plan/policies/{id}", route::AccessKind::kPermission, Permission::kPlanEdit,
           [s](route::Context& c) {
             auto current = policy_of_route(c, s.plans);
             if (!current) return error_page(current.error());
             auto f = route::form_fields(c.request);
             PolicyContent typed =
                 current->content;  // findings are edited elsewhere; kept as stored
             typed.text = std::string(trim(f["text"]));
             typed.vision = std::string(trim(f["vision"]));
             typed.directions = items_of(f["directions"]);
             typed.examples = items_of(f["examples"]);
             typed.notes = items_of(f["notes"]);
             typed.priority = f["priority"] == "1";
             typed.viewpoints.clear();
             // form_fields keeps one value per name; read every "viewpoint=" pair from the body.
             for (auto part : split(c.request.body, '&')) {
               if (part.substr(0, 10) == "viewpoint=" && part.size() == 11 && part[10] >= '1' &&
                   part[10] <= '4') {
                 typed.viewpoints.push_back(part[10] - '0');
               }
             }
             std::sort(typed.viewpoints.begin(), typed.viewpoints.end());
             std::int64_t version = route::parse_id(f["version"]).value_or(0);
             auto saved = s.plans.update_policy(c.actor, current->id, version, typed);
             if (!saved) {
               Error e = saved.error();
               if (e.code == "policy.stale_version")
                 e.message += " あなたの入力はこの画面に残しています。";
               return policy_edit_page(c, *current, &typed, version, &e);
             }
             return redirect("/plan?q=" + saved->code);
           });
}

}  // namespace tsunagu::web
