#include "cli/plan_commands.hpp"

#include <CLI/CLI.hpp>

#include <ostream>

#include "cli/app.hpp"
#include "cli/family_commands.hpp"
#include "cli/scale_options.hpp"
#include "cli/sheet_options.hpp"
#include "io/plan_json.hpp"
#include "io/policy_sheet.hpp"

namespace tsunagu::cli {
namespace plan_commands {
namespace {

struct Options {
  std::string plan, period, file, sheet, family;
  std::vector<std::string> columns;  // ROLE=HEADER
  int plan_number = 0;
  bool json = false, preview = false;
  ScaleOptions scale;
};

// --period R6-R11 into the request's first and last year.
Status read_period(const std::string& period, service::PolicyTableImport& request) {
  if (period.empty()) return Ok{};
  auto p = parse_fiscal_period(period);
  if (!p) return p.error();
  request.from = p->from;
  request.to = p->to;
  return Ok{};
}

std::string role_text(const io::PolicySheetColumn& c) {
  if (!c.role) return "取り込みません";
  std::string text = std::string(io::policy_role_label(*c.role));
  if (c.viewpoint > 0) text += std::to_string(c.viewpoint);
  return text + " (" + std::string(io::policy_role_name(*c.role)) + ")" +
         (c.chosen ? "　※指定" : "");
}

int print_preview(Common& common, const Options& o, const service::PolicyTablePreview& preview) {
  const io::PolicySheetReading& r = preview.reading;
  std::ostream& out = *common.out;
  out << "「" << o.file << "」の読み取り結果（データベースには何も書き込んでいません）\n";
  out << sheet_line(r.sheet_name, r.sheet_names);
  if (r.header_found) {
    out << "  見出し: " << r.header_line << "行目\n  列:\n";
    for (const auto& c : r.columns)
      out << "    " << io::column_letters(c.index) << "列「" << c.header << "」 → " << role_text(c)
          << "\n";
  }
  for (const auto& g : r.table.goals) {
    out << "  基本目標" << g.no << " " << g.title << "（" << g.line << "行目）: 施策 "
        << g.policies.size() << "\n";
    for (const auto& p : g.policies) {
      out << "    "
          << policy_code(o.plan_number != 0 && !o.family.empty() ? std::optional<int>(o.plan_number)
                                                                 : std::nullopt,
                         g.no, p.no)
          << " " << p.content.text << (p.content.priority ? "　★重点施策" : "") << "（" << p.line
          << "行目）\n";
    }
  }
  out << "  基本目標 " << r.table.goals.size() << "、施策 " << r.table.policy_count()
      << (preview.plan_exists ? "（既にある計画の施策はこの表で置き換わります）" : "（新しい計画）")
      << "\n";
  for (const auto& w : r.warnings) *common.err << "注意: " << w << "\n";
  if (!r.problems.empty()) return report_error(*common.err, r.error());
  out << "このまま取り込むには --preview を外して実行してください。\n";
  return kExitDone;
}

int import_policy_table(Common& common, const Options& o) {
  std::ostream& err = *common.err;
  auto bytes = read_input_file(o.file);
  if (!bytes) return report_error(err, bytes.error());
  service::PolicyTableImport request{o.plan, std::nullopt, std::nullopt, std::nullopt};
  if (auto period = read_period(o.period, request); !period)
    return report_error(err, period.error());
  if (o.plan_number != 0) request.family_position = o.plan_number;
  request.file_name = o.file;
  request.family_name = o.family;
  request.sheet = o.sheet;
  for (const auto& text : o.columns) {
    auto choice = io::parse_policy_column(text);
    if (!choice) return report_error(err, choice.error());
    request.columns.push_back(*choice);
  }
  run_command(common, [&](app::Application& w, const service::Actor& actor) {
    if (o.preview) {
      auto preview = w.plans.preview_policy_table(actor, request, *bytes);
      if (!preview) return report_error(err, preview.error());
      return print_preview(common, o, *preview);
    }
    auto report = w.plans.import_policy_table(actor, request, *bytes);
    if (!report) return report_error(err, report.error());
    for (const auto& w : report->warnings) *common.err << "注意: " << w << "\n";
    if (!o.family.empty()) {
      *common.out << "基本計画「" << o.family << "」の計画" << report->position << "　";
    }
    *common.out << "「" << o.plan << "」に取り込みました: 基本目標 " << report->goals << "、施策 "
                << report->policies << "（追加 " << report->changes.policies_added << "、変更 "
                << report->changes.policies_changed << "、変更なし "
                << report->changes.policies_unchanged << "、削除 "
                << report->changes.policies_removed << "）\n";
    return kExitDone;
  });
  return common.exit_code;
}

int create_plan(Common& common, const Options& o, app::Application& w,
                const service::Actor& actor) {
  service::PolicyTableImport period{o.plan, std::nullopt, std::nullopt, std::nullopt};
  if (auto ok = read_period(o.period, period); !ok) return report_error(*common.err, ok.error());
  auto scale = chosen_scale(o.scale);
  if (!scale) return report_error(*common.err, scale.error());
  EvaluationScale chosen = scale->value_or(EvaluationScale::ena_default());
  auto id = w.plans.create_plan(actor, o.plan, *period.from, *period.to, chosen);
  if (!id) return report_error(*common.err, id.error());
  *common.out << "計画「" << o.plan << "」（" << period.from->japanese() << "〜"
              << period.to->japanese() << "）を作りました。評価の段階:";
  for (const auto& g : chosen.grades()) *common.out << " " << chosen.display(g.code);
  *common.out << "\n";
  return kExitDone;
}

int show_plans(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto plans = w.plans.plans(actor);
  if (!plans) return report_error(*common.err, plans.error());
  *common.out << (o.json ? io::plans_to_json_text(*plans, 2) + "\n" : io::plans_to_outline(*plans));
  return kExitDone;
}

}  // namespace
}  // namespace plan_commands

void add_plan_commands(CLI::App& app, CLI::App* import, Common& common) {
  using namespace plan_commands;
  auto o = std::make_shared<Options>();

  auto* policy = import->add_subcommand(
      "policy-table",
      "Import a policy table 施策一覧 (資料3 text, .xlsx, .xls, CSV) of any layout");
  add_db_options(policy, common);
  policy->add_option("--plan", o->plan, "plan name; created if it does not exist")->required();
  policy->add_option("--family", o->family,
                     "the 基本計画 the plan belongs to: its goals are the family's, --position "
                     "its place (1-4-1)");
  policy->add_option("--period", o->period,
                     "plan period for a new plan, e.g. R6-R11 (in a family: default the "
                     "family's)");
  policy->add_option("--plan-number,--position", o->plan_number,
                     "the plan's place among the plans of its 基本計画 (codes like 1-4-1)");
  policy->add_option("--sheet", o->sheet,
                     "worksheet to read (default: the first whose header row is recognised)");
  add_column_option(policy, o->columns,
                    "goal, number, findings, current, issues, viewpoint, policy, priority, "
                    "vision, directions, examples");
  policy->add_flag("--preview", o->preview, "print how the file is read; write nothing");
  policy
      ->add_option("FILE", o->file, "資料3 tab-separated text, .xlsx, .xls or CSV (UTF-8 or CP932)")
      ->required();
  policy->callback([&common, o] {
    common.ran = true;
    common.exit_code = import_policy_table(common, *o);
  });

  auto* plan = app.add_subcommand("plan", "The plan registry");
  plan->require_subcommand(1);
  auto* create = plan->add_subcommand(
      "create", "Create an empty plan with its period and evaluation scale, before any import");
  add_db_options(create, common);
  create->add_option("--plan,--name", o->plan, "plan name")->required();
  create->add_option("--period", o->period, "the plan's period, e.g. R6-R10")->required();
  add_scale_options(create, o->scale);
  on_run(create, common, o, create_plan);

  auto* show = plan->add_subcommand("show", "Print the plans (outline, or --json)");
  add_db_options(show, common);
  show->add_flag("--json", o->json, "print JSON");
  show->callback([&common, o] {
    run_command(common, [&](app::Application& w, const service::Actor& actor) {
      return show_plans(common, *o, w, actor);
    });
  });
  add_family_commands(plan, common);
}

}  // namespace tsunagu::cli
