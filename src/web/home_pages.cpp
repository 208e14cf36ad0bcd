// GET /: each role's home. The plan administrator sees the open year's submissions by
// department, what waits for approval and the grade charts; a department editor sees its own
// projects of the open year; everyone else the plan's goals and policies.
#include "core/text.hpp"
#include "route/table.hpp"
#include "web/chart.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace home_pages {
namespace {

using route::Context;

struct Deps {
  service::PlanService& plans;
  service::ProgressService& progress;
  service::AuditService& audit;
};

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

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& x : items) out += (out.empty() ? "" : separator) + x;
  return out;
}

// The open year's submissions by department and the entries waiting for approval.
std::optional<mstch::map> open_year_for_admin(const Context& c, const Deps& d,
                                              const store::ProgressYear& y) {
  auto status = d.progress.year_status(c.actor, "", y.year);
  if (!status) return std::nullopt;
  mstch::array departments;
  for (const auto& dep : status->departments) {
    std::string missing = joined(dep.missing, "、");
    departments.push_back(mstch::map{{"department", dep.department},
                                     {"submitted", std::to_string(dep.submitted)},
                                     {"projects", std::to_string(dep.projects)},
                                     {"missing", missing.empty() ? std::string("なし") : missing},
                                     {"late", status->past_deadline && !dep.missing.empty()}});
  }
  mstch::array waiting;
  if (auto views = d.progress.entries(c.actor, "", y.year)) {
    for (const auto& v : *views) {
      if (!v.entry || v.entry->state != EntryState::kSubmitted) continue;
      waiting.push_back(mstch::map{{"project_id", std::to_string(v.project.id.value)},
                                   {"year", y.year.short_name()},
                                   {"name", v.project.name},
                                   {"departments", joined(v.project.departments, "・")}});
    }
  }
  bool has_waiting = !waiting.empty();
  return mstch::map{{"year_label", y.year.display()},
                    {"deadline_label", deadline_label(y)},
                    {"past_deadline", status->past_deadline},
                    {"departments", departments},
                    {"waiting", waiting},
                    {"has_waiting", has_waiting}};
}

// The grade tallies of `latest` and the year before, as charts.
mstch::array tally_charts(const Context& c, const Deps& d, FiscalYear latest) {
  mstch::array tallies;
  for (FiscalYear y : {latest, latest.previous()}) {
    auto t = d.progress.tally(c.actor, "", y, service::TallyBy::kNone);
    if (!t || t->overall.total == 0) continue;
    tallies.push_back(mstch::map{{"year", y.short_name()},
                                 {"year_label", y.display()},
                                 {"chart", tally_chart("tally-chart-" + y.short_name(), t->scale,
                                                       t->overall, y.display() + "の評価の内訳")}});
  }
  return tallies;
}

http::Response home_plan_admin(const Context& c, const Deps& d) {
  mstch::map context;
  auto open = d.progress.open_year_of(c.actor, "");
  if (open && *open) {
    if (auto year = open_year_for_admin(c, d, **open)) context["open_year"] = *year;
  }
  FiscalYear latest = open && *open ? (*open)->year : FiscalYear::containing(Date{2024, 4, 1});
  context["tallies"] = tally_charts(c, d, latest);
  mstch::array years;
  for (FiscalYear y : {latest, latest.previous()}) {
    years.push_back(mstch::map{{"year", y.short_name()}, {"year_label", y.display()}});
  }
  context["downloads"] = mstch::map{{"years", years}};
  return html_response(
      200, render_page("home_plan_admin", "ホーム（計画担当）", context, layout_for(c)));
}

mstch::map editor_project(const service::EntryView& v, FiscalYear year) {
  EntryState state = v.entry ? v.entry->state : EntryState::kDraft;
  return mstch::map{
      {"category", v.category},
      {"project_id", std::to_string(v.project.id.value)},
      {"year", year.short_name()},
      {"name", v.project.name},
      {"state", std::string(v.entry ? entry_state_label(state) : "未入力")},
      {"returned", state == EntryState::kReturned},
      {"comment", v.entry ? v.entry->return_comment : std::string()},
      {"grade", v.entry && v.entry->content.grade ? *v.entry->content.grade : std::string("—")}};
}

http::Response home_editor(const Context& c, const Deps& d) {
  mstch::map context;
  auto open = d.progress.open_year_of(c.actor, "");
  if (open && *open) {
    const auto& y = **open;
    if (auto views = d.progress.entries(c.actor, "", y.year)) {
      mstch::array projects;
      int remaining = 0;
      for (const auto& v : *views) {
        EntryState state = v.entry ? v.entry->state : EntryState::kDraft;
        if (state != EntryState::kSubmitted && state != EntryState::kApproved) ++remaining;
        projects.push_back(editor_project(v, y.year));
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

mstch::map plan_summary(const Plan& p) {
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
  return mstch::map{{"id", std::to_string(p.id.value)},
                    {"name", p.name},
                    {"period", p.from.japanese() + "〜" + p.to.japanese()},
                    {"goals", goals}};
}

http::Response home_other(const Context& c, const Deps& d) {
  mstch::array list;
  if (auto tree = d.plans.plans(c.actor)) {
    for (const auto& p : *tree) list.push_back(plan_summary(p));
  }
  mstch::map context{{"plans", list}};
  // The auditor signs off reads on a 第69条 ground; the coordinator sees how many wait.
  const Role role = c.session->user.role;
  if (role == Role::kAuditor || role == Role::kCaseCoordinator) {
    if (auto waiting = d.audit.count_unreviewed_grounds(c.actor)) {
      context["reviews"] =
          mstch::map{{"count", std::to_string(*waiting)}, {"auditor", role == Role::kAuditor}};
    }
  }
  return html_response(200, render_page("home_other", "ホーム", context, layout_for(c)));
}

http::Response home(const Deps& d, Context& c) {
  switch (c.session->user.role) {
    case Role::kPlanAdmin:
      return home_plan_admin(c, d);
    case Role::kDepartmentEditor:
      return home_editor(c, d);
    default:
      return home_other(c, d);
  }
}

constexpr route::Row<Deps> kPages[] = {
    {"GET", "/", route::signed_in(), home},
};

}  // namespace
}  // namespace home_pages

void add_home_pages(const route::AddRoute& add_page, service::PlanService& plans,
                    service::ProgressService& progress, service::AuditService& audit) {
  using namespace home_pages;
  route::add_table(add_page, Deps{plans, progress, audit}, kPages);
}

}  // namespace tsunagu::web
