// GET /plan: the plan's goals and policies with search, and the projects (事業) serving each
// policy for those who follow progress; the table is rendered once per plan revision, search,
// edit right and projects. GET /plan/policies/{id}/edit and POST /plan/policies/{id}: the
// policy editor, which keeps what was typed when a save is refused and shows what is stored
// beside it on a conflict.
#include <algorithm>
#include <map>
#include <memory>

#include "core/text.hpp"
#include "io/text_search.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace plan_pages {
namespace {

using route::Context;

constexpr const char* kMarks[] = {"①", "②", "③", "④"};

struct Deps {
  service::PlanService& plans;
  service::ProgressService& progress;
  std::shared_ptr<FragmentCache> cache;  // the rendered plan table
};

// The projects of the open year serving each policy, and a key that changes when they do.
struct PolicyProjects {
  std::map<std::int64_t, mstch::array> by_policy;
  std::string key;
};

PolicyProjects projects_by_policy(const Context& c, service::ProgressService& progress) {
  PolicyProjects out;
  if (!c.actor.may(Permission::kProgressRead)) return out;
  auto open = progress.open_year_of(c.actor, "");
  std::string year = open && *open ? (*open)->year.short_name() : std::string();
  auto list = progress.projects(c.actor, "");
  if (!list || year.empty()) return out;
  for (const auto& [project, category] : *list) {
    if (!project.policy) continue;
    std::string href = "/progress/" + std::to_string(project.id.value) + "/" + year;
    out.key += std::to_string(project.policy->value) + href + project.name + "\n";
    out.by_policy[project.policy->value].push_back(
        mstch::map{{"name", project.name}, {"href", href}});
  }
  return out;
}

bool matches(const Policy& pol, const std::string& q) {
  const PolicyContent& pc = pol.content;
  std::string all = pc.text + "\n" + pc.vision;
  for (const auto& f : pc.findings) all += "\n" + f.text + "\n" + f.source;
  for (const auto& list : {pc.directions, pc.examples, pc.notes}) {
    for (const auto& x : list) all += "\n" + x;
  }
  return io::search_matches(all + "\n" + pol.code, q);
}

mstch::array strings(const std::vector<std::string>& items) {
  mstch::array a;
  for (const auto& x : items) a.push_back(x);
  return a;
}

mstch::map policy_row(const Policy& pol, bool editable, const mstch::array& projects,
                      const std::string& member) {
  const PolicyContent& pc = pol.content;
  mstch::array findings;
  for (const auto& f : pc.findings) {
    findings.push_back(mstch::map{
        {"kind", std::string(finding_kind_name(f.kind))}, {"text", f.text}, {"source", f.source}});
  }
  std::string marks;
  for (int v : pc.viewpoints) marks += kMarks[v - 1];
  return mstch::map{{"id", std::to_string(pol.id.value)},
                    {"projects", projects},
                    {"has_projects", !projects.empty()},
                    {"editable", editable},
                    {"code", pol.code},
                    {"member", member},
                    {"findings", findings},
                    {"viewpoints", marks},
                    {"priority", pc.priority},
                    {"text", pc.text},
                    {"vision", pc.vision},
                    {"directions", strings(pc.directions)},
                    {"examples", strings(pc.examples)},
                    {"notes", strings(pc.notes)}};
}

// The plans' goals with the policies matching `q`; `count` is the number of matches.
mstch::array plan_rows(const std::vector<Plan>& tree, const std::string& q, bool editable,
                       PolicyProjects& projects, int& count) {
  mstch::array plan_list;
  for (const auto& p : tree) {
    mstch::array goals;
    for (const auto& g : p.goals) {
      mstch::array policies;
      for (const auto& pol : g.policies) {
        if (!matches(pol, q)) continue;
        ++count;
        const MemberPlan* member = p.member_at(pol.member);
        policies.push_back(policy_row(pol, editable, projects.by_policy[pol.id.value],
                                      member ? member->name : std::string()));
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
  return plan_list;
}

http::Response plan_page(const Deps& d, Context& c) {
  const std::string q(trim(route::query_param(c.request, "q")));
  auto revision = d.plans.plan_revision(c.actor);
  if (!revision) return error_page(revision.error());
  auto projects = projects_by_policy(c, d.progress);
  // The table is the same for everyone with the same plan revision, search, edit right and
  // projects: render it once (templates are the expensive part of the page).
  const bool editable = c.actor.may(Permission::kPlanEdit);
  const std::string key = std::to_string(c.actor.municipality.value) + "\n" +
                          std::to_string(*revision) + "\n" + (editable ? "e" : "r") + "\n" + q +
                          "\n" + projects.key;
  if (auto hit = d.cache->find(key)) {
    return html_response(200, render_layout("計画（施策一覧）", *hit, layout_for(c)));
  }
  auto tree = d.plans.plans(c.actor);
  if (!tree) return error_page(tree.error());
  int count = 0;
  mstch::array plan_list = plan_rows(*tree, q, editable, projects, count);
  mstch::map context{
      {"q", q}, {"plans", plan_list}, {"searched", !q.empty()}, {"count", std::to_string(count)}};
  std::string content = render_content("plan", context);
  d.cache->store(key, content);
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
http::Response policy_edit_page(const Context& c, const Policy& stored, const PolicyContent* typed,
                                std::int64_t version, const Error* error) {
  const PolicyContent& shown = typed ? *typed : stored.content;
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

// The policy named by the route's {id}, as the reader may see it.
Result<Policy> policy_of_route(const route::Context& c, service::PlanService& plans) {
  auto id = route::parse_id(c.request.param("id"));
  if (!id) {
    return make_error(ErrorKind::kNotFound, "policy.not_found", "指定された施策はありません。");
  }
  return plans.policy(c.actor, PolicyId{*id});
}

http::Response edit_form(const Deps& d, Context& c) {
  auto policy = policy_of_route(c, d.plans);
  if (!policy) return error_page(policy.error());
  return policy_edit_page(c, *policy, nullptr, policy->version, nullptr);
}

// The form's content over the stored one (findings are edited elsewhere; kept as stored).
PolicyContent typed_content(const PolicyContent& stored, const http::Request& request) {
  auto f = route::form_fields(request);
  PolicyContent typed = stored;
  typed.text = std::string(trim(f["text"]));
  typed.vision = std::string(trim(f["vision"]));
  typed.directions = items_of(f["directions"]);
  typed.examples = items_of(f["examples"]);
  typed.notes = items_of(f["notes"]);
  typed.priority = f["priority"] == "1";
  typed.viewpoints.clear();
  for (const auto& v : route::form_values(request, "viewpoint")) {
    if (v.size() == 1 && v[0] >= '1' && v[0] <= '4') typed.viewpoints.push_back(v[0] - '0');
  }
  std::sort(typed.viewpoints.begin(), typed.viewpoints.end());
  return typed;
}

http::Response save_policy(const Deps& d, Context& c) {
  auto current = policy_of_route(c, d.plans);
  if (!current) return error_page(current.error());
  PolicyContent typed = typed_content(current->content, c.request);
  std::int64_t version = route::parse_id(route::form_fields(c.request)["version"]).value_or(0);
  auto saved = d.plans.update_policy(c.actor, current->id, version, typed);
  if (!saved) {
    Error e = saved.error();
    if (e.code == "policy.stale_version") e.message += " あなたの入力はこの画面に残しています。";
    return policy_edit_page(c, *current, &typed, version, &e);
  }
  return redirect("/plan?q=" + saved->code);
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"GET",  "/plan",                    route::need(Permission::kPlanRead), plan_page},
    {"GET",  "/plan/policies/{id}/edit", route::need(Permission::kPlanEdit), edit_form},
    {"POST", "/plan/policies/{id}",      route::need(Permission::kPlanEdit), save_policy},
};
// clang-format on

}  // namespace
}  // namespace plan_pages

void add_plan_pages(const route::AddRoute& add_page, service::PlanService& plans,
                    service::ProgressService& progress) {
  using namespace plan_pages;
  route::add_table(add_page, Deps{plans, progress, std::make_shared<FragmentCache>()}, kPages);
}

}  // namespace tsunagu::web
