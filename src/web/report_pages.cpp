// The pages staff print and file: the year's 進行管理シート with its charts, the 実施計画 of each
// revision, and two revisions side by side. Each is a plain table that prints on A4 landscape
// (app.css @page) and links to the same data as Excel.
#include "web/report_pages.hpp"

#include <algorithm>
#include <set>

#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"
#include "web/chart.hpp"
#include "web/page_support.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace report_pages {
namespace {

using route::Context;
using Deps = ReportServices;

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& x : items) out += (out.empty() ? "" : separator) + x;
  return out;
}

mstch::array strings(const std::vector<std::string>& items) {
  mstch::array a;
  for (const auto& x : items) a.push_back(x);
  return a;
}

std::string money(const std::optional<std::int64_t>& v) {
  if (!v) return "";
  std::string digits = std::to_string(*v), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// The fiscal years a plan's progress can be looked at for: from its first year to the year open
// for input (or the first year, before any was opened).
std::vector<FiscalYear> progress_years(const Plan& plan,
                                       const std::optional<store::ProgressYear>& open) {
  FiscalYear last = open ? std::max(open->year, plan.from) : plan.from;
  std::vector<FiscalYear> years;
  for (FiscalYear y = plan.from; y <= last; y = y.next()) years.push_back(y);
  return years;
}

std::vector<Series> series_of(const EvaluationScale& scale, bool with_ungraded) {
  std::vector<Series> out;
  for (const auto& g : scale.grades()) out.push_back({g.code, scale.display(g.code)});
  if (with_ungraded) out.push_back({"未", "評価なし"});
  return out;
}

StackedRow row_of(const std::string& label, const Tally& t, bool with_ungraded) {
  StackedRow row{label, {}};
  for (const auto& [code, count] : t.by_grade) row.values.push_back(count);
  if (with_ungraded) row.values.push_back(t.ungraded);
  return row;
}

// The plan named by ?plan= (or the municipality's only plan).
Result<Plan> plan_of(const route::Context& c, service::PlanService& plans) {
  auto all = plans.plans(c.actor);
  if (!all) return all.error();
  std::string name = route::query_param(c.request, "plan");
  for (auto& p : *all) {
    if (name.empty() ? all->size() == 1 : p.name == name) return std::move(p);
  }
  if (all->empty())
    return make_error(ErrorKind::kNotFound, "plan.not_found", "計画がまだ登録されていません。");
  return make_error(ErrorKind::kNotFound, "plan.not_found", "計画を選んでください。");
}

// The sheet's rows grouped by category, numbered through.
mstch::array sheet_groups(const std::vector<service::EntryView>& views) {
  mstch::array groups;
  mstch::array rows;
  std::string category;
  int no = 0;
  auto flush = [&] {
    if (!rows.empty()) groups.push_back(mstch::map{{"category", category}, {"rows", rows}});
    rows = mstch::array{};
  };
  for (const auto& v : views) {
    if (v.category != category) {
      flush();
      category = v.category;
    }
    const ProgressContent content = v.entry ? v.entry->content : ProgressContent{};
    rows.push_back(
        mstch::map{{"no", std::to_string(++no)},
                   {"project_id", std::to_string(v.project.id.value)},
                   {"name", v.project.name},
                   {"departments", joined(v.project.departments, "・")},
                   {"content", v.project.content},
                   {"grade", content.grade ? *content.grade : std::string()},
                   {"state", std::string(v.entry ? entry_state_label(v.entry->state) : "未入力")},
                   {"approved", v.entry && v.entry->state == EntryState::kApproved},
                   {"done", content.done},
                   {"next_plan", content.next_plan},
                   {"budget_planned", money(content.budget_planned)},
                   {"budget_actual", money(content.budget_actual)}});
  }
  flush();
  return groups;
}

// A chart of this year's grades grouped `by` (goal, or the plans of a 基本計画), or "" when
// there are fewer than two groups to compare. Each project counts once, under its policy's goal
// or plan; projects without a policy are 「施策未設定」.
std::string grouped_chart(const Context& c, const ReportServices& s, const std::string& plan,
                          FiscalYear year, service::TallyBy by, const std::string& id,
                          const std::string& title) {
  auto report = s.progress.tally(c.actor, plan, year, by);
  if (!report || report->groups.size() < 2) return "";
  bool ungraded = report->overall.ungraded > 0;
  std::vector<StackedRow> rows;
  for (const auto& g : report->groups) rows.push_back(row_of(g.label, g.tally, ungraded));
  return stacked_bar_chart_svg(id, year.display() + title, series_of(report->scale, ungraded),
                               rows);
}

// Grades by category, goal and plan for this year and, on one scale, by year: approved entries
// only, as in every tally (a draft is not yet the city's evaluation).
mstch::map sheet_charts(const Context& c, const ReportServices& s, const std::string& plan,
                        FiscalYear year, const std::vector<FiscalYear>& years) {
  mstch::map context;
  auto by_category = s.progress.tally(c.actor, plan, year, service::TallyBy::kCategory);
  if (by_category && by_category->overall.total > 0) {
    bool ungraded = by_category->overall.ungraded > 0;
    std::vector<StackedRow> chart_rows;
    for (const auto& g : by_category->groups)
      chart_rows.push_back(row_of(g.label.empty() ? "区分なし" : g.label, g.tally, ungraded));
    context["category_chart"] =
        stacked_bar_chart_svg("category-chart", year.display() + "の区分別の評価（承認済み）",
                              series_of(by_category->scale, ungraded), chart_rows);
    mstch::array tally;
    for (const auto& [code, count] : by_category->overall.by_grade)
      tally.push_back(mstch::map{{"grade", by_category->scale.display(code)},
                                 {"count", std::to_string(count)}});
    if (ungraded)
      tally.push_back(mstch::map{{"grade", std::string("評価なし")},
                                 {"count", std::to_string(by_category->overall.ungraded)}});
    context["tally"] = tally;
    context["tally_total"] = std::to_string(by_category->overall.total);
    context["goal_chart"] = grouped_chart(c, s, plan, year, service::TallyBy::kGoal, "goal-chart",
                                          "の基本目標別の評価（承認済み）");
    context["plan_chart"] = grouped_chart(c, s, plan, year, service::TallyBy::kPlan, "plan-chart",
                                          "の計画別の評価（承認済み）");
  }
  std::vector<StackedRow> year_rows;
  std::optional<EvaluationScale> year_scale;
  for (FiscalYear y : years) {
    auto t = s.progress.tally(c.actor, plan, y, service::TallyBy::kNone);
    if (!t || t->overall.total == 0) continue;
    year_scale = t->scale;
    year_rows.push_back(row_of(y.display(), t->overall, false));
  }
  if (year_rows.size() > 1) {
    context["year_chart"] = stacked_bar_chart_svg("year-chart", "年度別の評価の推移（承認済み）",
                                                  series_of(*year_scale, false), year_rows);
  }
  return context;
}

http::Response progress_sheet_page(const Deps& s, Context& c) {
  auto plan = plan_of(c, s.plans);
  if (!plan) return error_page(plan.error());
  auto open = s.progress.open_year_of(c.actor, plan->name);
  if (!open) return error_page(open.error());
  const auto years = progress_years(*plan, *open);
  FiscalYear year = years.back();
  if (auto asked = route::query_param(c.request, "year"); !asked.empty()) {
    auto parsed = FiscalYear::parse(asked);
    if (!parsed || *parsed < years.front() || *parsed > years.back()) {
      return error_page(404, "その年度の進行管理シートはありません。" + years.front().japanese() +
                                 "から" + years.back().japanese() + "までを選べます。");
    }
    year = *parsed;
  }
  auto views = s.progress.entries(c.actor, plan->name, year);
  if (!views) return error_page(views.error());
  auto scale = s.progress.scale(c.actor, plan->name);
  if (!scale) return error_page(scale.error());

  mstch::map context = sheet_charts(c, s, plan->name, year, years);
  context["groups"] = sheet_groups(*views);
  context["plan"] = plan->name;
  context["title"] = plan->name + " 進行管理シート（" + year.display() + "）";
  context["year"] = year.short_name();
  context["year_label"] = year.display();
  context["years"] = year_links(years, year);
  context["empty"] = views->empty();
  context["scale_legend"] = joined(
      [&] {
        std::vector<std::string> labels;
        for (const auto& g : scale->grades()) labels.push_back(scale->display(g.code));
        return labels;
      }(),
      "　");
  return html_response(
      200, render_page("progress_sheet", "進行管理シート（" + year.display() + "）", context,
                       layout_for(c)));
}

mstch::map item_context(const ImplementationItem& item) {
  mstch::array years;
  for (const auto& y : item.years) {
    years.push_back(mstch::map{{"year_label", y.year.display()},
                               {"planned_work", y.planned_work},
                               {"cost", money(y.cost)},
                               {"results", y.results}});
  }
  return mstch::map{{"code", item.code},
                    {"title", item.title},
                    {"departments", joined(item.departments, "・")},
                    {"directions", strings(item.directions)},
                    {"end_target", item.end_target},
                    {"budget_projects", strings(item.budget_projects)},
                    {"years", years}};
}

// ?year= (a revision's year) or the latest revision; nullopt with a page when there is none.
Result<FiscalYear> revision_year(const route::Context& c,
                                 const std::vector<store::RevisionHeader>& revisions,
                                 const std::string& param) {
  std::string asked = route::query_param(c.request, param);
  if (asked.empty()) return revisions.back().year;
  auto year = FiscalYear::parse(asked);
  if (!year) return year.error();
  return *year;
}

mstch::array revision_links(const std::vector<store::RevisionHeader>& revisions,
                            FiscalYear current) {
  mstch::array out;
  for (const auto& r : revisions) {
    out.push_back(mstch::map{
        {"year", r.year.short_name()}, {"label", r.label}, {"current", r.year == current}});
  }
  return out;
}

http::Response implementation_page(const Deps& s, Context& c) {
  auto plan = plan_of(c, s.plans);
  if (!plan) return error_page(plan.error());
  auto revisions = s.implementation.revisions(c.actor, plan->name);
  if (!revisions) return error_page(revisions.error());
  mstch::map context{{"plan", plan->name}};
  if (revisions->empty()) {
    context["none"] = true;
    return html_response(200, render_page("implementation", "実施計画", context, layout_for(c)));
  }
  auto year = revision_year(c, *revisions, "year");
  if (!year) return error_page(400, year.error().message);
  auto view = s.implementation.revision(c.actor, plan->name, *year);
  if (!view) return error_page(view.error());
  mstch::array items;
  for (const auto& item : view->revision.items) items.push_back(item_context(item));
  std::optional<FiscalYear> previous;
  for (const auto& r : *revisions) {
    if (r.year < *year) previous = r.year;
  }
  context["revision"] = mstch::map{
      {"year", year->short_name()},
      {"label", view->revision.label},
      {"title", plan->name + " 実施計画（" + view->revision.label + "）"},
      {"items", items},
      {"previous", previous ? previous->short_name() : std::string()},
      {"has_previous", previous.has_value()},
  };
  context["revisions"] = revision_links(*revisions, *year);
  return html_response(
      200, render_page("implementation", "実施計画（" + view->revision.label + "）", context,
                       layout_for(c)));
}

// Every field of an item as (field name, text), in reading order; years over `window`.
std::vector<std::pair<std::string, std::string>> item_fields(const ImplementationItem* item,
                                                             const std::set<FiscalYear>& window) {
  std::vector<std::pair<std::string, std::string>> out;
  auto text = [&](auto get) { return item ? get(*item) : std::string(); };
  out.emplace_back("departments", text([](const auto& i) { return joined(i.departments, "\n"); }));
  out.emplace_back("directions", text([](const auto& i) { return joined(i.directions, "\n"); }));
  out.emplace_back("end_target", text([](const auto& i) { return i.end_target; }));
  out.emplace_back("budget_projects",
                   text([](const auto& i) { return joined(i.budget_projects, "\n"); }));
  for (FiscalYear y : window) {
    const ImplementationYear* found = nullptr;
    if (item) {
      for (const auto& iy : item->years) {
        if (iy.year == y) found = &iy;
      }
    }
    std::string prefix = y.short_name() + ".";
    out.emplace_back(prefix + "planned_work", found ? found->planned_work : "");
    out.emplace_back(prefix + "cost", found ? money(found->cost) : "");
    out.emplace_back(prefix + "results", found ? found->results : "");
  }
  return out;
}

const ImplementationItem* find_item(const Revision& r, const std::string& code) {
  for (const auto& i : r.items) {
    if (i.code == code) return &i;
  }
  return nullptr;
}

std::string difference_status(const ItemComparison& cmp) {
  switch (cmp.difference) {
    case ItemDifference::kSame:
      return "変更なし";
    case ItemDifference::kChanged:
      return std::to_string(cmp.changes.size()) + "項目を変更";
    case ItemDifference::kAdded:
      return "この版で追加";
    case ItemDifference::kRemoved:
      return "この版で削除";
  }
  return "";
}

// One item's fields before and after, side by side, with what changed marked.
mstch::map comparison_item(const ItemComparison& cmp, const Revision& older,
                           const Revision& newer) {
  const ImplementationItem* a = find_item(older, cmp.code);
  const ImplementationItem* b = find_item(newer, cmp.code);
  std::set<FiscalYear> window;
  for (const auto* item : {a, b}) {
    if (!item) continue;
    for (const auto& y : item->years) window.insert(y.year);
  }
  std::set<std::string> changed;
  for (const auto& ch : cmp.changes) changed.insert(ch.field);
  auto before_fields = item_fields(a, window);
  auto after_fields = item_fields(b, window);
  mstch::array rows;
  for (std::size_t i = 0; i < after_fields.size(); ++i) {
    const auto& [field, after] = after_fields[i];
    const std::string& before_text = before_fields[i].second;
    if (before_text.empty() && after.empty()) continue;
    bool differs = cmp.difference != ItemDifference::kSame && before_text != after;
    rows.push_back(mstch::map{{"label", comparison_field_label(field)},
                              {"before", before_text},
                              {"after", after},
                              {"changed", differs || changed.count(field) > 0}});
  }
  return mstch::map{{"code", cmp.code},
                    {"title", cmp.title},
                    {"status", difference_status(cmp)},
                    {"same", cmp.difference == ItemDifference::kSame},
                    {"rows", rows}};
}

http::Response compare_page(const Deps& s, Context& c) {
  auto plan = plan_of(c, s.plans);
  if (!plan) return error_page(plan.error());
  auto revisions = s.implementation.revisions(c.actor, plan->name);
  if (!revisions) return error_page(revisions.error());
  if (revisions->size() < 2) {
    return error_page(404, "比べる前の版がありません。実施計画が改定されると比較できます。");
  }
  auto to = revision_year(c, *revisions, "to");
  if (!to) return error_page(400, to.error().message);
  std::optional<FiscalYear> before;
  for (const auto& r : *revisions) {
    if (r.year < *to) before = r.year;
  }
  FiscalYear from_default = before ? *before : revisions->front().year;
  auto from = route::query_param(c.request, "from").empty() ? Result<FiscalYear>(from_default)
                                                            : revision_year(c, *revisions, "from");
  if (!from) return error_page(400, from.error().message);
  if (*from == *to) return error_page(400, "違う版を二つ選んでください。");
  auto older = s.implementation.revision(c.actor, plan->name, *from);
  if (!older) return error_page(older.error());
  auto newer = s.implementation.revision(c.actor, plan->name, *to);
  if (!newer) return error_page(newer.error());

  const auto comparisons = compare_revisions(older->revision, newer->revision);
  mstch::array items;
  int changed_items = 0;
  for (const auto& cmp : comparisons) {
    if (cmp.difference != ItemDifference::kSame) ++changed_items;
    items.push_back(comparison_item(cmp, older->revision, newer->revision));
  }
  mstch::map context{{"plan", plan->name},
                     {"from", from->short_name()},
                     {"to", to->short_name()},
                     {"from_label", older->revision.label},
                     {"to_label", newer->revision.label},
                     {"items", items},
                     {"summary", std::to_string(comparisons.size()) + "件の重点施策のうち" +
                                     std::to_string(changed_items) + "件に変更があります。"},
                     {"revisions", revision_links(*revisions, *to)}};
  return html_response(200, render_page("implementation_compare",
                                        "実施計画の比較（" + older->revision.label + " → " +
                                            newer->revision.label + "）",
                                        context, layout_for(c)));
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"GET", "/progress/sheet",         route::need(Permission::kProgressRead), progress_sheet_page},
    {"GET", "/implementation",         route::need(Permission::kPlanRead),     implementation_page},
    {"GET", "/implementation/compare", route::need(Permission::kPlanRead),     compare_page},
};
// clang-format on

}  // namespace
}  // namespace report_pages

void add_report_pages(const route::AddRoute& add_page, ReportServices s) {
  using namespace report_pages;
  route::add_table(add_page, s, kPages);
}

}  // namespace tsunagu::web
