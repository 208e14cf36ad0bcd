#include "cli/family_commands.hpp"

#include <CLI/CLI.hpp>

#include <ostream>

#include "cli/app.hpp"
#include "cli/scale_options.hpp"
#include "core/text.hpp"

namespace tsunagu::cli {
namespace family_commands {
namespace {

struct Options {
  std::string name, rename, period, philosophy, family, plan, section, text, file;
  std::vector<std::string> goals;  // "1=一人ひとりの状況に合わせた切れ目がない相談支援"
  std::vector<int> remove_goals;
  std::vector<std::string> terms;  // "介護保険事業計画 第9期 R6-R8"
  int position = 0;
  ScaleOptions scale;
};

// Adds the --goal values to `goals` (a number already there is retitled) and drops
// --remove-goal numbers; the result is ascending.
Status apply_goals(const Options& o, std::vector<BasicGoal>& goals) {
  for (const auto& text : o.goals) {
    auto goal = parse_goal_line(text);
    if (!goal) return goal.error();
    auto it = std::find_if(goals.begin(), goals.end(),
                           [&](const BasicGoal& g) { return g.no == goal->no; });
    if (it == goals.end()) {
      goals.push_back(*goal);
    } else {
      it->title = goal->title;
    }
  }
  std::erase_if(goals, [&](const BasicGoal& g) {
    return std::find(o.remove_goals.begin(), o.remove_goals.end(), g.no) != o.remove_goals.end();
  });
  std::sort(goals.begin(), goals.end(),
            [](const BasicGoal& a, const BasicGoal& b) { return a.no < b.no; });
  return Ok{};
}

void print_family(std::ostream& out, const Plan& p) {
  out << "基本計画「" << p.name << "」（" << p.from.japanese() << "〜" << p.to.japanese() << "、版 "
      << p.version << "）\n";
  for (const auto& g : p.goals) out << "  基本目標" << g.no << " " << g.title << "\n";
  for (const auto& m : p.members) {
    out << "  計画" << m.position << " " << m.name << "（" << m.from.japanese() << "〜"
        << m.to.japanese() << "）\n";
    for (const auto& t : m.terms)
      out << "    " << t.name << " " << t.label << "（" << t.from.japanese() << "〜"
          << t.to.japanese() << "）\n";
  }
}

int create_family(Common& common, const Options& o, app::Application& w,
                  const service::Actor& actor) {
  auto period = parse_fiscal_period(o.period);
  if (!period) return report_error(*common.err, period.error());
  FamilyHeader header{o.name, period->from, period->to, o.philosophy, {}};
  if (auto ok = apply_goals(o, header.goals); !ok) return report_error(*common.err, ok.error());
  auto scale = chosen_scale(o.scale);
  if (!scale) return report_error(*common.err, scale.error());
  auto id = w.plans.create_family(actor, header, scale->value_or(EvaluationScale::ena_default()));
  if (!id) return report_error(*common.err, id.error());
  *common.out << "基本計画「" << o.name << "」（" << period->from.japanese() << "〜"
              << period->to.japanese() << "、基本目標 " << header.goals.size()
              << "）を作りました。計画は tsunagu plan member か import policy-table --family "
                 "で加えます。\n";
  return kExitDone;
}

int edit_family(Common& common, const Options& o, app::Application& w,
                const service::Actor& actor) {
  auto plans = w.plans.plans(actor);
  if (!plans) return report_error(*common.err, plans.error());
  auto it = std::find_if(plans->begin(), plans->end(),
                         [&](const Plan& p) { return p.name == o.name && p.family; });
  if (it == plans->end()) {
    return report_error(*common.err, make_error(ErrorKind::kNotFound, "plan.not_found",
                                                "基本計画「" + o.name + "」はありません。"));
  }
  FamilyHeader header{o.rename.empty() ? it->name : o.rename,
                      it->from,
                      it->to,
                      o.philosophy.empty() ? it->philosophy : o.philosophy,
                      {}};
  for (const auto& g : it->goals) header.goals.push_back({{}, g.no, g.title, {}});
  if (!o.period.empty()) {
    auto period = parse_fiscal_period(o.period);
    if (!period) return report_error(*common.err, period.error());
    header.from = period->from;
    header.to = period->to;
  }
  if (auto ok = apply_goals(o, header.goals); !ok) return report_error(*common.err, ok.error());
  auto saved = w.plans.update_family(actor, o.name, it->version, header);
  if (!saved) return report_error(*common.err, saved.error());
  *common.out << "基本計画を変えました。\n";
  print_family(*common.out, *saved);
  return kExitDone;
}

int save_member(Common& common, const Options& o, app::Application& w,
                const service::Actor& actor) {
  service::MemberEdit edit{o.family,     o.plan,       o.rename,    std::nullopt,
                           std::nullopt, std::nullopt, std::nullopt};
  if (o.position != 0) edit.position = o.position;
  if (!o.period.empty()) {
    auto period = parse_fiscal_period(o.period);
    if (!period) return report_error(*common.err, period.error());
    edit.from = period->from;
    edit.to = period->to;
  }
  if (!o.terms.empty()) {
    edit.terms.emplace();
    for (const auto& text : o.terms) {
      if (text == "none") continue;
      auto term = parse_term_line(text);
      if (!term) return report_error(*common.err, term.error());
      edit.terms->push_back(*term);
    }
  }
  auto saved = w.plans.save_member(actor, edit);
  if (!saved) return report_error(*common.err, saved.error());
  print_family(*common.out, *saved);
  return kExitDone;
}

// `plan section`: one chapter of free text of the 計画書, from --text or --file (UTF-8).
int save_section(Common& common, const Options& o, app::Application& w,
                 const service::Actor& actor) {
  std::string text = o.text;
  if (!o.file.empty()) {
    auto bytes = read_input_file(o.file);
    if (!bytes) return report_error(*common.err, bytes.error());
    text = std::move(*bytes);
  }
  auto sections = w.plans.document_sections(actor, o.plan);
  if (!sections) return report_error(*common.err, sections.error());
  std::int64_t version = 0;
  for (const auto& s : *sections) {
    if (s.key == o.section) version = s.version;
  }
  auto saved = w.plans.save_document_section(actor, o.plan, o.section, version, text);
  if (!saved) return report_error(*common.err, saved.error());
  *common.out << "計画書の「" << find_document_section(o.section)->heading
              << "」を保存しました（版 " << saved->version << "）。\n";
  return kExitDone;
}

}  // namespace
}  // namespace family_commands

void add_family_commands(CLI::App* plan, Common& common) {
  using namespace family_commands;
  auto o = std::make_shared<Options>();
  auto* family = plan->add_subcommand("family", "A 基本計画: several plans under shared goals");
  family->require_subcommand(1);

  auto* create =
      family->add_subcommand("create", "Create a 基本計画 with its period, 基本理念 and 基本目標");
  add_db_options(create, common);
  create->add_option("--name", o->name, "the 基本計画's name")->required();
  create->add_option("--period", o->period, "its period, e.g. R6-R11")->required();
  create->add_option("--philosophy", o->philosophy, "基本理念 (text)");
  create->add_option("--goal", o->goals, "a shared goal as N=TITLE (repeat for each)")
      ->allow_extra_args(false);
  add_scale_options(create, o->scale);
  on_run(create, common, o, create_family);

  auto* edit =
      family->add_subcommand("edit", "Change a 基本計画's name, period, 基本理念 or goals");
  add_db_options(edit, common);
  edit->add_option("--name", o->name, "the 基本計画's name now")->required();
  edit->add_option("--rename", o->rename, "a new name");
  edit->add_option("--period", o->period, "a new period, e.g. R6-R11");
  edit->add_option("--philosophy", o->philosophy, "a new 基本理念");
  edit->add_option("--goal", o->goals, "add or retitle a goal: N=TITLE (repeatable)")
      ->allow_extra_args(false);
  edit->add_option("--remove-goal", o->remove_goals,
                   "delete goal N (refused while policies use it; repeatable)")
      ->allow_extra_args(false);
  on_run(edit, common, o, edit_family);

  auto* member = plan->add_subcommand(
      "member", "Add a plan to a 基本計画, or change its position, name, period or terms");
  add_db_options(member, common);
  member->add_option("--family", o->family, "the 基本計画")->required();
  member->add_option("--plan", o->plan, "the plan's name (e.g. 再犯防止計画)")->required();
  member->add_option("--position", o->position, "its place 1-99 (the 4 of 1-4-1)");
  member->add_option("--rename", o->rename, "a new name for the plan");
  member->add_option("--period", o->period, "its period (default: the family's), e.g. R6-R8");
  member
      ->add_option("--term", o->terms,
                   "a part timed by law: \"NAME LABEL PERIOD\", e.g. \"介護保険事業計画 第9期 "
                   "R6-R8\" (repeatable; \"none\" clears)")
      ->allow_extra_args(false);
  on_run(member, common, o, save_member);

  auto* section = plan->add_subcommand(
      "section",
      "Write a chapter of the 計画書: purpose, position, period, structure, promotion, "
      "evaluation");
  add_db_options(section, common);
  section->add_option("--plan", o->plan,
                      "the plan or 基本計画 (needed only when there are several)");
  section->add_option("--section", o->section, "which section")
      ->required()
      ->check(
          CLI::IsMember({"purpose", "position", "period", "structure", "promotion", "evaluation"}));
  auto* text = section->add_option("--text", o->text, "the text (blank lines separate paragraphs)");
  section->add_option("--file", o->file, "read the text from a UTF-8 file")->excludes(text);
  on_run(section, common, o, save_section);
}

}  // namespace tsunagu::cli
