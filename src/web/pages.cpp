#include "web/pages.hpp"

#include "web/chart.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace {

http::Response redirect(const std::string& location) {
  http::Response r;
  r.status = 303;
  r.set("Location", location);
  r.set("Cache-Control", "no-store");
  return r;
}

// Only same-site paths: "/x" but not "//evil.example" or "/\evil".
std::string safe_next(const std::string& next) {
  if (next.size() < 1 || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\')))
    return "/";
  return next;
}

std::string cookie(const std::string& name, const std::string& value, bool tls, int max_age) {
  return name + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (tls ? "; Secure" : "");
}

mstch::map layout_for(const api::Context& c) {
  if (!c.session) return {};
  const User& u = c.session->user;
  mstch::map user{{"display_name", u.display_name},
                  {"role_label", std::string(role_label(u.role))},
                  {"csrf", c.session->csrf_token}};
  if (!u.department_name.empty()) user["department"] = u.department_name;
  return {{"user", user}};
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

http::Response home_plan_admin(const api::Context& c, service::ProgressService& progress) {
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
      context["open_year"] = mstch::map{{"year_label", y.year.display()},
                                        {"deadline_label", deadline_label(y)},
                                        {"past_deadline", status->past_deadline},
                                        {"departments", departments}};
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
  return html_response(
      200, render_page("home_plan_admin", "ホーム（計画担当）", context, layout_for(c)));
}

http::Response home_editor(const api::Context& c, service::ProgressService& progress) {
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
          {"projects", projects},           {"remaining", std::to_string(remaining)}};
    }
  }
  return html_response(
      200, render_page("home_editor", "ホーム（" + c.session->user.department_name + "）", context,
                       layout_for(c)));
}

http::Response home_other(const api::Context& c, service::PlanService& plans) {
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

}  // namespace

void add_pages(const api::AddRoute& add_page, PageServices s) {
  auto cookie_name = s.session_cookie;
  add_page("GET", "/login", api::AccessKind::kPublic, {}, [s](api::Context& c) {
    if (s.accounts.authenticate(c.request.cookie(s.session_cookie))) return redirect("/");
    return html_response(200, login_page(safe_next(api::query_param(c.request, "next")), "", ""));
  });

  add_page("POST", "/login", api::AccessKind::kPublic, {}, [s](api::Context& c) {
    // A login form posted from another site would log the victim into the attacker's account.
    auto origin = c.request.header("origin");
    auto host = c.request.header("host");
    if (!origin.empty() &&
        origin.find(std::string("//") + std::string(host)) == std::string_view::npos) {
      return html_response(403, login_page("/", "", "このページからはログインできません。"));
    }
    auto fields = api::form_fields(c.request);
    std::string next = safe_next(fields["next"]);
    auto session =
        s.accounts.login(fields["username"], fields["password"], c.request.remote_address);
    if (!session) {
      int status = session.error().code == "auth.throttled" ? 429 : 401;
      return html_response(status, login_page(next, fields["username"], session.error().message));
    }
    auto r = redirect(next);
    r.set("Set-Cookie", cookie(s.session_cookie, session->token, c.request.tls, 12 * 60 * 60));
    return r;
  });

  add_page("POST", "/logout", api::AccessKind::kLoggedIn, {}, [s](api::Context& c) {
    (void)s.accounts.logout(*c.session);
    auto r = redirect("/login");
    r.set("Set-Cookie", cookie(s.session_cookie, "", c.request.tls, 0));
    return r;
  });

  add_page("GET", "/", api::AccessKind::kLoggedIn, {}, [s](api::Context& c) {
    switch (c.session->user.role) {
      case Role::kPlanAdmin:
        return home_plan_admin(c, s.progress);
      case Role::kDepartmentEditor:
        return home_editor(c, s.progress);
      default:
        return home_other(c, s.plans);
    }
  });
}

}  // namespace tsunagu::web
