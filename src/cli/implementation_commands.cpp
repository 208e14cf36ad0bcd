#include "cli/implementation_commands.hpp"

#include <ostream>

#include "io/implementation_export.hpp"

namespace tsunagu::cli {
namespace implementation_commands {
namespace {

struct Options {
  std::string plan, revision, from, to, item, year, end_target, planned, results, out, code;
  std::vector<std::string> departments, budget_projects;
  std::int64_t cost = -1;
  bool json = false;
  const CLI::App* set = nullptr;  // `implementation set`, to ask which options were given
};

int run_create(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto year = FiscalYear::parse(o.revision);
  if (!year) return report_error(*common.err, year.error());
  auto view = w.implementation.create_revision(actor, o.plan, *year);
  if (!view) return report_error(*common.err, view.error());
  *common.out << "実施計画（" << view->revision.label
              << "）を作成しました: " << view->revision.items.size() << " 項目\n";
  return 0;
}

int run_show(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto year = FiscalYear::parse(o.revision);
  if (!year) return report_error(*common.err, year.error());
  auto view = w.implementation.revision(actor, o.plan, *year);
  if (!view) return report_error(*common.err, view.error());
  if (o.json) {
    *common.out << io::revision_json(view->revision, view->plan_from, view->latest).dump(2) << "\n";
    return 0;
  }
  *common.out << "実施計画（" << view->revision.label << "）" << (view->latest ? "" : "　※過去の版")
              << "\n";
  for (const auto& item : view->revision.items) {
    *common.out << "\n" << item.code << " " << item.title << "\n";
    if (!item.end_target.empty()) *common.out << "  到達目標: " << item.end_target << "\n";
    for (const auto& y : item.years) {
      if (y.planned_work.empty() && y.results.empty() && !y.cost) continue;
      *common.out << "  " << y.year.short_name();
      if (y.cost) *common.out << "（" << *y.cost << "千円）";
      if (!y.planned_work.empty()) *common.out << " 予定: " << y.planned_work;
      if (!y.results.empty()) *common.out << " 成果: " << y.results;
      *common.out << "\n";
    }
  }
  return 0;
}

int run_compare(Common& common, const Options& o, app::Application& w,
                const service::Actor& actor) {
  auto from = FiscalYear::parse(o.from);
  if (!from) return report_error(*common.err, from.error());
  auto to = FiscalYear::parse(o.to);
  if (!to) return report_error(*common.err, to.error());
  auto result = w.implementation.compare(actor, o.plan, *from, *to);
  if (!result) return report_error(*common.err, result.error());
  if (o.json) {
    *common.out << io::comparison_json(*result).dump(2) << "\n";
    return 0;
  }
  for (const auto& c : *result) {
    const char* kind = c.difference == ItemDifference::kSame      ? "変更なし"
                       : c.difference == ItemDifference::kChanged ? "変更あり"
                       : c.difference == ItemDifference::kAdded   ? "追加"
                                                                  : "削除";
    *common.out << c.code << " " << kind << "\n";
    for (const auto& ch : c.changes) {
      *common.out << "  " << comparison_field_label(ch.field) << ": 「" << ch.before << "」→「"
                  << ch.after << "」\n";
    }
  }
  return 0;
}

int run_export_plan(Common& common, const Options& o, app::Application& w,
                    const service::Actor& actor) {
  auto year = FiscalYear::parse(o.revision);
  if (!year) return report_error(*common.err, year.error());
  auto view = w.implementation.revision(actor, o.plan, *year);
  if (!view) return report_error(*common.err, view.error());
  if (auto ok =
          io::write_implementation_xlsx(view->revision, view->plan_from, view->plan_to, o.out);
      !ok) {
    return report_error(*common.err, ok.error());
  }
  *common.out << o.out << " に実施計画（" << view->revision.label << "）を書き出しました。\n";
  return 0;
}

int run_set(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto year = FiscalYear::parse(o.revision);
  if (!year) return report_error(*common.err, year.error());
  service::ItemPatch patch;
  if (o.set->count("--end-target") > 0) patch.end_target = o.end_target;
  if (o.set->count("--code") > 0) patch.code = o.code;
  if (o.set->count("--department") > 0) patch.departments = o.departments;
  if (o.set->count("--budget-project") > 0) patch.budget_projects = o.budget_projects;
  if (!o.year.empty()) {
    auto fy = FiscalYear::parse(o.year);
    if (!fy) return report_error(*common.err, fy.error());
    service::ItemPatch::Year y;
    y.year = *fy;
    if (o.set->count("--planned") > 0) y.planned_work = o.planned;
    if (o.set->count("--results") > 0) y.results = o.results;
    if (o.set->count("--cost") > 0) y.cost = std::optional<std::int64_t>(o.cost);
    patch.years.push_back(y);
  }
  auto view = w.implementation.update_item(actor, o.plan, *year, o.item, patch);
  if (!view) return report_error(*common.err, view.error());
  *common.out << view->revision.label << " の " << o.item << " を更新しました。\n";
  return 0;
}

void add_set(CLI::App* group, Common& common, const std::shared_ptr<Options>& o) {
  auto* set = group->add_subcommand("set", "Edit an item of the latest revision");
  add_db_options(set, common);
  set->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  set->add_option("--revision", o->revision, "fiscal year of the revision, e.g. R7")->required();
  set->add_option("--item", o->item, "item code, e.g. 4-4-2")->required();
  set->add_option("--end-target", o->end_target, "計画期間終了時点の到達目標");
  set->add_option("--code", o->code, "a new item code (default: the policy's, e.g. 1-6-1)");
  set->add_option("--department", o->departments, "担当課 (repeat for several; replaces the list)");
  set->add_option("--budget-project", o->budget_projects,
                  "関連する予算事業 (repeat; replaces the list)");
  set->add_option("--year", o->year, "the fiscal year the next three options are for, e.g. R7");
  set->add_option("--planned", o->planned, "取組内容 for --year");
  set->add_option("--cost", o->cost, "事業費 in 千円 for --year");
  set->add_option("--results", o->results, "取組状況（成果） for --year");
  o->set = set;
  on_run(set, common, o, run_set);
}

}  // namespace
}  // namespace implementation_commands

void add_implementation_commands(CLI::App& app, CLI::App* export_group, Common& common) {
  using namespace implementation_commands;
  auto o = std::make_shared<Options>();
  auto* group = app.add_subcommand("implementation",
                                   "Implementation plans (実施計画) and their July revisions");
  group->require_subcommand(1);

  auto* create = group->add_subcommand(
      "create", "Create the first revision, or the July revision of a later year");
  add_db_options(create, common);
  create->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  create
      ->add_option("--revision", o->revision,
                   "fiscal year of the revision, e.g. R6 (令和6年7月策定)")
      ->required();
  on_run(create, common, o, run_create);

  auto* show = group->add_subcommand("show", "Print a revision");
  add_db_options(show, common);
  show->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  show->add_option("--revision", o->revision, "fiscal year of the revision, e.g. R7")->required();
  show->add_flag("--json", o->json, "print JSON");
  on_run(show, common, o, run_show);

  add_set(group, common, o);

  auto* compare = group->add_subcommand("compare", "Compare two revisions item by item");
  add_db_options(compare, common);
  compare->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  compare->add_option("--from", o->from, "older revision, e.g. R6")->required();
  compare->add_option("--to", o->to, "newer revision, e.g. R7")->required();
  compare->add_flag("--json", o->json, "print JSON");
  on_run(compare, common, o, run_compare);

  auto* export_plan = export_group->add_subcommand("implementation-plan",
                                                   "Write a revision as .xlsx (seed 001 layout)");
  add_db_options(export_plan, common);
  export_plan->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  export_plan->add_option("--revision", o->revision, "fiscal year of the revision, e.g. R7")
      ->required();
  export_plan->add_option("--out", o->out, "file to write")->required();
  on_run(export_plan, common, o, run_export_plan);
}

}  // namespace tsunagu::cli
