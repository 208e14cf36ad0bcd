#include "cli/case_commands.hpp"

#include <ostream>

#include "io/case_indicators_json.hpp"

namespace tsunagu::cli {
namespace case_commands {
namespace {

struct Options {
  std::string name, kind, from, to;
  bool json = false;
  int meeting_access_days = 0;
};

std::string ratio_text(const Ratio& r) {
  std::string out = std::to_string(r.numerator) + " / " + std::to_string(r.denominator) + " 人";
  if (auto p = r.percent()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "（%.1f%%）", *p);
    out += buf;
  } else {
    out += "（対象なし）";
  }
  return out;
}

int run_settings(Common& common, const Options& o, app::Application& w,
                 const service::Actor& actor) {
  if (o.meeting_access_days != 0) {
    if (auto set = w.case_admin.set_meeting_access_days(actor, o.meeting_access_days); !set)
      return report_error(*common.err, set.error());
  }
  auto days = w.case_admin.meeting_access_days(actor);
  if (!days) return report_error(*common.err, days.error());
  *common.out << "支援会議の構成員が閲覧できる期間: 最後の会議から " << *days << " 日\n";
  return 0;
}

int run_add(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto kind = parse_agency_kind(o.kind);
  if (!kind) {
    return report_error(*common.err, make_error(ErrorKind::kInvalid, "agency.invalid",
                                                "種類「" + o.kind + "」はありません。"));
  }
  auto a = w.cases.add_agency(actor, o.name, *kind);
  if (!a) return report_error(*common.err, a.error());
  *common.out << "機関「" << a->name << "」（" << agency_kind_label(a->kind)
              << "）を登録しました（番号 " << a->id.value << "）。\n";
  return 0;
}

int run_indicators(Common& common, const Options& o, app::Application& w,
                   const service::Actor& actor) {
  auto from = parse_iso_date(o.from);
  if (!from) return report_error(*common.err, from.error());
  auto to = parse_iso_date(o.to);
  if (!to) return report_error(*common.err, to.error());
  auto result = w.casework.indicators(actor, *from, *to);
  if (!result) return report_error(*common.err, result.error());
  const auto& [x, counted] = *result;
  if (o.json) {
    *common.out << io::case_indicators_json(x, counted).dump(2) << "\n";
    return 0;
  }
  auto& out = *common.out;
  out << "期間 " << format_wareki_date_with_western(x.from) << " 〜 "
      << format_wareki_date_with_western(x.to) << "（統計への計上に同意した " << counted
      << " 人）\n"
      << "支援者が支援開始時より終結時に増えた人: " << ratio_text(x.supporters_increased) << "\n"
      << "終結から2年後も地域の支援者が関わっている人: "
      << ratio_text(x.local_supporter_after_two_years) << "\n"
      << "つなぎの結果:";
  int total = 0;
  for (const auto& [state, n] : x.referrals_by_outcome) {
    out << " " << referral_state_label(state) << " " << n;
    total += n;
  }
  out << "（計 " << total << " 件）\n"
      << "つなぎから最初の会議までの日数: ";
  if (x.median_days_to_first_meeting) {
    out << "中央値 " << *x.median_days_to_first_meeting << " 日、平均 "
        << *x.mean_days_to_first_meeting << " 日（" << x.referrals_with_meeting << " 件）\n";
  } else {
    out << "対象なし\n";
  }
  out << "釈放前に支援につながった人: " << ratio_text(x.connected_before_release) << "\n"
      << "定義は docs/INDICATORS.md にあります。\n";
  return 0;
}

}  // namespace
}  // namespace case_commands

void add_case_commands(CLI::App& app, Common& common) {
  using namespace case_commands;
  auto o = std::make_shared<Options>();
  auto* agency = app.add_subcommand("agency", "Agencies that coordinate cases (関係機関)");
  agency->require_subcommand(1);
  auto* add = agency->add_subcommand("add", "Register an agency");
  add_db_options(add, common);
  add->add_option("NAME", o->name, "e.g. 東京保護観察所")->required();
  std::string kinds;
  for (AgencyKind k : kAllAgencyKinds)
    kinds += (kinds.empty() ? "" : " | ") + std::string(agency_kind_name(k));
  add->add_option("--kind", o->kind, kinds)->required();
  on_run(add, common, o, run_add);
  auto* list = agency->add_subcommand("list", "List the agencies");
  add_db_options(list, common);
  list->callback([&common] {
    run_command(common, [&](app::Application& w, const service::Actor& actor) {
      auto all = w.cases.agencies(actor);
      if (!all) return report_error(*common.err, all.error());
      for (const auto& a : *all) {
        *common.out << a.id.value << "\t" << a.name << "\t" << agency_kind_label(a.kind) << "\n";
      }
      return 0;
    });
  });

  auto* settings = app.add_subcommand(
      "case-settings", "The municipality's case-access settings (show, or change with a flag)");
  add_db_options(settings, common);
  settings->add_option("--meeting-access-days", o->meeting_access_days,
                       "days a 支援会議's member agencies keep access after the newest meeting "
                       "(30-3650; default 365)");
  on_run(settings, common, o, run_settings);

  auto* indicators = app.add_subcommand(
      "indicators", "The case indicators of a period (法務省の例示指標), over consenting persons");
  add_db_options(indicators, common);
  indicators->add_option("--from", o->from, "first day, e.g. 2024-04-01")->required();
  indicators->add_option("--to", o->to, "last day, e.g. 2025-03-31")->required();
  indicators->add_flag("--json", o->json, "print JSON (as GET /api/v1/indicators)");
  on_run(indicators, common, o, run_indicators);
}

}  // namespace tsunagu::cli
