// /plan/family: the plan office keeps its 基本計画 in the browser — creates one (name, period,
// 基本理念, goals one a line), changes it (a stale save keeps what was typed), and adds or
// changes its member plans (position, name, period, terms one a line). Server-rendered forms;
// the same PlanService calls as `tsunagu plan family` and `tsunagu plan member`.
#include "core/text.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace plan_family_pages {
namespace {

using route::Context;

struct Deps {
  service::PlanService& plans;
};

// What the forms show: the stored family, or what was typed when a save was refused.
struct Typed {
  std::string name, period, philosophy, goals;                 // the header form
  std::string member, position, member_period, rename, terms;  // the member form
};

std::string period_text(FiscalYear from, FiscalYear to) {
  return from.short_name() + "-" + to.short_name();
}

Typed typed_of(const Plan& p) {
  Typed t{p.name, period_text(p.from, p.to), p.philosophy, "", "", "", "", "", ""};
  for (const auto& g : p.goals) t.goals += std::to_string(g.no) + " " + g.title + "\n";
  return t;
}

std::string back_to(const std::string& name) {
  return "/plan/family?plan=" + http::percent_encode(name);
}

http::Response family_page(const Context& c, const std::vector<Plan>& tree, const Plan* family,
                           const Typed& typed, const Error* error) {
  mstch::array families, members;
  for (const auto& p : tree) {
    if (p.family) families.push_back(mstch::map{{"name", p.name}, {"href", back_to(p.name)}});
  }
  if (family != nullptr) {
    for (const auto& m : family->members) {
      std::string terms;
      for (const auto& t : m.terms)
        terms += (terms.empty() ? "" : "、") + t.name + " " + t.label + "（" +
                 period_text(t.from, t.to) + "）";
      members.push_back(mstch::map{{"position", std::to_string(m.position)},
                                   {"name", m.name},
                                   {"period", period_text(m.from, m.to)},
                                   {"terms", terms}});
    }
  }
  mstch::map context{{"families", families},
                     {"has_families", !families.empty()},
                     {"editing", family != nullptr},
                     {"current", family ? family->name : std::string()},
                     {"version", family ? std::to_string(family->version) : std::string()},
                     {"members", members},
                     {"name", typed.name},
                     {"period", typed.period},
                     {"philosophy", typed.philosophy},
                     {"goals", typed.goals},
                     {"member", typed.member},
                     {"position", typed.position},
                     {"member_period", typed.member_period},
                     {"rename", typed.rename},
                     {"terms", typed.terms},
                     {"csrf", c.session ? c.session->csrf_token : std::string()}};
  if (error != nullptr && error->code == "plan.stale_version" && family != nullptr) {
    Typed stored = typed_of(*family);
    context["stored"] = mstch::map{{"name", stored.name},
                                   {"period", stored.period},
                                   {"philosophy", stored.philosophy},
                                   {"goals", stored.goals}};
  }
  if (error != nullptr) {
    context["error"] = error->message;
    mstch::array details;
    for (const auto& d : error->details) details.push_back(d.field + ": " + d.message);
    context["has_details"] = !details.empty();
    context["details"] = details;
  }
  const int status = error != nullptr ? route::status_for(*error) : 200;
  return html_response(
      status, render_page("plan_family", family ? family->name + " の基本計画" : "基本計画",
                          context, layout_for(c)));
}

const Plan* family_named(const std::vector<Plan>& tree, const std::string& name) {
  for (const auto& p : tree) {
    if (p.family && p.name == name) return &p;
  }
  return nullptr;
}

http::Response show(const Deps& d, Context& c) {
  auto tree = d.plans.plans(c.actor);
  if (!tree) return error_page(tree.error());
  const std::string name = route::query_param(c.request, "plan");
  const Plan* family = family_named(*tree, name);
  if (family == nullptr && tree->size() == 1 && name.empty() && tree->front().family)
    family = &tree->front();
  if (!name.empty() && family == nullptr)
    return error_page(404, "基本計画「" + name + "」はありません。");
  Typed typed = family ? typed_of(*family) : Typed{};
  return family_page(c, *tree, family, typed, nullptr);
}

// The header form into a FamilyHeader. Errors name the line or field to fix.
Result<FamilyHeader> header_of(const Typed& t) {
  auto period = parse_fiscal_period(t.period);
  if (!period) return period.error();
  FamilyHeader h{
      std::string(trim(t.name)), period->from, period->to, std::string(trim(t.philosophy)), {}};
  for (auto line : split(t.goals, '\n')) {
    if (trim(line).empty()) continue;
    auto goal = parse_goal_line(line);
    if (!goal) return goal.error();
    h.goals.push_back(*goal);
  }
  return h;
}

http::Response save_header(const Deps& d, Context& c) {
  auto f = route::form_fields(c.request);
  Typed typed{f["name"], f["period"], f["philosophy"], f["goals"], "", "", "", "", ""};
  const std::string current = f["current"];
  auto tree = d.plans.plans(c.actor);
  if (!tree) return error_page(tree.error());
  const Plan* family = family_named(*tree, current);
  auto refuse = [&](const Error& e) { return family_page(c, *tree, family, typed, &e); };
  auto header = header_of(typed);
  if (!header) return refuse(header.error());
  if (current.empty()) {
    auto id = d.plans.create_family(c.actor, *header, EvaluationScale::ena_default());
    if (!id) return refuse(id.error());
  } else {
    if (family == nullptr) return error_page(404, "基本計画「" + current + "」はありません。");
    auto saved =
        d.plans.update_family(c.actor, current, route::parse_id(f["version"]).value_or(0), *header);
    if (!saved) {
      Error e = saved.error();
      if (e.code == "plan.stale_version") e.message += " あなたの入力はこの画面に残しています。";
      return refuse(e);
    }
  }
  return redirect(back_to(header->name));
}

http::Response save_member(const Deps& d, Context& c) {
  auto f = route::form_fields(c.request);
  const std::string current = f["current"];
  auto tree = d.plans.plans(c.actor);
  if (!tree) return error_page(tree.error());
  const Plan* family = family_named(*tree, current);
  if (family == nullptr) return error_page(404, "基本計画「" + current + "」はありません。");
  Typed typed = typed_of(*family);
  typed.member = f["member"];
  typed.position = f["position"];
  typed.member_period = f["member_period"];
  typed.rename = f["rename"];
  typed.terms = f["terms"];
  auto refuse = [&](const Error& e) { return family_page(c, *tree, family, typed, &e); };
  service::MemberEdit edit{current,
                           std::string(trim(typed.member)),
                           std::string(trim(typed.rename)),
                           std::nullopt,
                           std::nullopt,
                           std::nullopt,
                           std::nullopt};
  if (!trim(typed.position).empty()) {
    auto n = route::parse_id(fold_width(trim(typed.position)));
    if (!n || *n < 1 || *n > kMaxMemberPosition) {
      return refuse(make_error(ErrorKind::kInvalid, "plan.invalid",
                               "計画の位置は 1〜99 の数字で指定してください。"));
    }
    edit.position = static_cast<int>(*n);
  }
  if (!trim(typed.member_period).empty()) {
    auto p = parse_fiscal_period(typed.member_period);
    if (!p) return refuse(p.error());
    edit.from = p->from;
    edit.to = p->to;
  }
  // Terms left empty are kept as they are; 「なし」 clears them.
  if (!trim(typed.terms).empty()) {
    edit.terms.emplace();
    for (auto line : split(typed.terms, '\n')) {
      if (trim(line).empty() || trim(line) == "なし") continue;
      auto term = parse_term_line(line);
      if (!term) return refuse(term.error());
      edit.terms->push_back(*term);
    }
  }
  edit.expected_version = route::parse_id(f["version"]).value_or(0);
  auto saved = d.plans.save_member(c.actor, edit);
  if (!saved) return refuse(saved.error());
  return redirect(back_to(current));
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"GET",  "/plan/family",         route::need(Permission::kPlanImport), show},
    {"POST", "/plan/family",         route::need(Permission::kPlanImport), save_header},
    {"POST", "/plan/family/members", route::need(Permission::kPlanImport), save_member},
};
// clang-format on

}  // namespace
}  // namespace plan_family_pages

void add_plan_family_pages(const route::AddRoute& add_page, service::PlanService& plans) {
  using namespace plan_family_pages;
  route::add_table(add_page, Deps{plans}, kPages);
}

}  // namespace tsunagu::web
