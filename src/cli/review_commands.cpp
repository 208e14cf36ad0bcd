#include "cli/review_commands.hpp"

#include <cstdio>
#include <ostream>

namespace tsunagu::cli {
namespace review_commands {
namespace {

struct Options {
  std::string plan, year, policy, text, name, unit, source, definition, baseline_year = "",
                                                                        target_year, project;
  std::int64_t id = 0;
  double baseline = 0, target = 0, target_change = 0, value = 0;
  int finding = 0, figure = 1;
  bool json = false;
  const CLI::Option* target_opt = nullptr;  // set at registration, counted after parsing
  const CLI::Option* change_opt = nullptr;
};

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

int run_add(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto year = FiscalYear::parse(o.year);
  if (!year) return report_error(*common.err, year.error());
  auto r = w.reviews.add_opinion(actor, o.plan, *year, o.policy, o.text);
  if (!r) return report_error(*common.err, r.error());
  *common.out << "意見を記録しました（番号 " << r->id.value
              << "）。市の考え方は tsunagu review respond --id " << r->id.value
              << " で記録します。\n";
  return 0;
}

int run_respond(Common& common, const Options& o, app::Application& w,
                const service::Actor& actor) {
  auto all = w.reviews.opinions(actor, "", std::nullopt);
  std::int64_t version = 0;
  if (all) {
    for (const auto& op : *all) {
      if (op.id.value == o.id) version = op.version;
    }
  }
  auto r = w.reviews.respond(actor, OpinionId{o.id}, version, o.text);
  if (!r) return report_error(*common.err, r.error());
  *common.out << "意見 " << o.id << " に市の考え方を記録しました。\n";
  return 0;
}

int run_list(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  std::optional<FiscalYear> year;
  if (!o.year.empty()) {
    auto y = FiscalYear::parse(o.year);
    if (!y) return report_error(*common.err, y.error());
    year = *y;
  }
  auto r = w.reviews.opinions(actor, o.plan, year);
  if (!r) return report_error(*common.err, r.error());
  for (const auto& op : *r) {
    *common.out << "[" << op.id.value << "] " << op.year.display()
                << (op.policy_code.empty() ? "" : " 施策 " + op.policy_code)
                << "\n  意見: " << op.opinion
                << "\n  市の考え方: " << (op.response.empty() ? "（未回答）" : op.response) << "\n";
  }
  return 0;
}

int run_actual(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto year = FiscalYear::parse(o.year);
  if (!year) return report_error(*common.err, year.error());
  auto r = w.indicators.record_actual(actor, IndicatorId{o.id}, *year, o.value);
  if (!r) return report_error(*common.err, r.error());
  auto track = on_track(*r, *year);
  *common.out << "「" << r->name << "」の " << year->display() << " の実績 " << number(o.value)
              << r->unit << " を記録しました（"
              << (track && *track ? "目標に向けて順調" : "目標の見込みより遅れ") << "）。\n";
  return 0;
}

int run_ilist(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto r = w.indicators.indicators(actor, o.plan);
  if (!r) return report_error(*common.err, r.error());
  for (const auto& s : *r) {
    const auto& i = s.indicator;
    *common.out << "[" << i.id.value << "] " << i.name << "　基準 " << number(i.baseline) << i.unit
                << "（" << i.baseline_year.short_name() << "）→ 目標 " << number(s.target_value)
                << i.unit << "（" << i.target_year.short_name() << "）\n";
    for (std::size_t k = 0; k < i.actuals.size(); ++k) {
      *common.out << "    " << i.actuals[k].year.short_name() << " " << number(i.actuals[k].value)
                  << i.unit << " " << (s.years[k].second && *s.years[k].second ? "順調" : "遅れ")
                  << "\n";
    }
  }
  return 0;
}

int run_link(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto r = w.progress.link_policy(actor, ProjectId{o.id}, o.policy);
  if (!r) return report_error(*common.err, r.error());
  *common.out << "事業「" << r->name << "」を施策 " << o.policy << " に結び付けました。\n";
  return 0;
}

int run_iadd(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  service::NewIndicator request;
  Indicator& i = request.indicator;
  i.name = o.name;
  i.unit = o.unit;
  i.definition = o.definition;
  i.source = o.source;
  i.baseline = o.baseline;
  auto by = FiscalYear::parse(o.baseline_year);
  if (!by) return report_error(*common.err, by.error());
  i.baseline_year = *by;
  if (o.target_opt->count() == 0 && o.change_opt->count() == 0) {
    return report_error(*common.err,
                        make_error(ErrorKind::kInvalid, "indicator.invalid",
                                   "--target か --target-change を指定してください。"));
  }
  i.target_kind = o.change_opt->count() > 0 ? TargetKind::kRelativePercent : TargetKind::kAbsolute;
  i.target = o.change_opt->count() > 0 ? o.target_change : o.target;
  if (!o.target_year.empty()) {
    auto ty = FiscalYear::parse(o.target_year);
    if (!ty) return report_error(*common.err, ty.error());
    i.target_year = *ty;
  }
  request.policy_code = o.policy;
  request.baseline_finding = o.finding;
  request.baseline_figure = o.figure;
  auto r = w.indicators.add(actor, o.plan, request);
  if (!r) return report_error(*common.err, r.error());
  *common.out << "指標「" << r->name << "」（番号 " << r->id.value << "）を登録しました: 基準値 "
              << number(r->baseline) << r->unit << "（" << r->baseline_year.japanese()
              << "）→ 目標 " << number(target_value(*r)) << r->unit << "（"
              << r->target_year.japanese() << "）\n";
  return 0;
}

void add_review_group(CLI::App& app, Common& common, const std::shared_ptr<Options>& o) {
  auto* review = app.add_subcommand(
      "review", "Advisory committee opinions (推進委員会の意見) and the city's responses");
  review->require_subcommand(1);

  auto* add = review->add_subcommand("add", "Record an opinion of the committee on a year");
  add_db_options(add, common);
  add->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  add->add_option("--year", o->year, "the fiscal year reviewed, e.g. R6")->required();
  add->add_option("--policy", o->policy,
                  "policy code the opinion is about, e.g. 4-4-2 (omit for the whole plan)");
  add->add_option("--opinion", o->text, "the opinion")->required();
  on_run(add, common, o, run_add);

  auto* respond =
      review->add_subcommand("respond", "Record the city's response (市の考え方) to an opinion");
  add_db_options(respond, common);
  respond->add_option("--id", o->id, "opinion number")->required();
  respond->add_option("--response", o->text, "the response")->required();
  on_run(respond, common, o, run_respond);

  auto* list = review->add_subcommand("list", "List opinions and responses");
  add_db_options(list, common);
  list->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  list->add_option("--year", o->year, "only this fiscal year");
  on_run(list, common, o, run_list);
}

void add_indicator_add(CLI::App* indicator, Common& common, const std::shared_ptr<Options>& o) {
  auto* iadd = indicator->add_subcommand("add", "Add an indicator");
  add_db_options(iadd, common);
  iadd->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  iadd->add_option("--name", o->name, "indicator name")->required();
  iadd->add_option("--unit", o->unit, "unit: %, 人, 件 … (default % with --from-finding)");
  iadd->add_option("--definition", o->definition, "how it is measured");
  iadd->add_option("--source", o->source, "data source, e.g. 市民一般調査");
  iadd->add_option("--policy", o->policy, "policy code it measures, e.g. 2-4-1");
  iadd->add_option("--baseline", o->baseline, "baseline value");
  iadd->add_option("--from-finding", o->finding,
                   "take the baseline from this finding (1-based) of --policy");
  iadd->add_option("--figure", o->figure, "which percentage of that finding (1-based, default 1)");
  iadd->add_option("--baseline-year", o->baseline_year, "fiscal year of the baseline, e.g. R5")
      ->required();
  auto* target_opt = iadd->add_option("--target", o->target, "target value at the end of the plan");
  auto* change_opt = iadd->add_option("--target-change", o->target_change,
                                      "target as % change from the baseline, e.g. -20");
  target_opt->excludes(change_opt);
  iadd->add_option("--target-year", o->target_year,
                   "target fiscal year (default: the plan's last year)");
  o->target_opt = target_opt;
  o->change_opt = change_opt;
  on_run(iadd, common, o, run_iadd);
}

void add_indicator_group(CLI::App& app, Common& common, const std::shared_ptr<Options>& o) {
  auto* indicator = app.add_subcommand("plan-indicator",
                                       "Plan indicators (指標): baseline, target, yearly actuals");
  indicator->require_subcommand(1);
  add_indicator_add(indicator, common, o);
  auto* actual = indicator->add_subcommand("actual", "Record a year's actual value");
  add_db_options(actual, common);
  actual->add_option("--id", o->id, "indicator number")->required();
  actual->add_option("--year", o->year, "fiscal year, e.g. R6")->required();
  actual->add_option("--value", o->value, "actual value")->required();
  on_run(actual, common, o, run_actual);

  auto* ilist = indicator->add_subcommand("list", "List indicators with their progress");
  add_db_options(ilist, common);
  ilist->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  on_run(ilist, common, o, run_ilist);

  auto* progress = app.get_subcommand("progress");
  auto* link = progress->add_subcommand("link", "Link a project to the policy it serves");
  add_db_options(link, common);
  link->add_option("--project", o->id, "project number (id)")->required();
  link->add_option("--policy", o->policy, "policy code, e.g. 4-4-2 (empty to unlink)")->required();
  on_run(link, common, o, run_link);
}

}  // namespace
}  // namespace review_commands

void add_review_commands(CLI::App& app, Common& common) {
  using namespace review_commands;
  auto o = std::make_shared<Options>();
  add_review_group(app, common, o);
  add_indicator_group(app, common, o);
}

}  // namespace tsunagu::cli
