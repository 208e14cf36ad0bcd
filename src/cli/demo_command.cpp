// `tsunagu demo`: a demo database built from the seed documents and the fictional content of
// demo.cpp, with the demo accounts the README lists. Run twice, it reuses what it made.
#include <ostream>

#include "cli/admin_commands.hpp"
#include "cli/app.hpp"
#include "cli/demo.hpp"
#include "cli/demo_files.hpp"

namespace tsunagu::cli {
namespace demo_command {
namespace {

struct DemoAccount {
  const char* username;
  const char* password;
  Role role;
  const char* department;
  const char* display_name;
  const char* agency = "";
};

// Fictional demo accounts; printed by `tsunagu demo` and in the README.
constexpr DemoAccount kDemoAccounts[] = {
    {"admin", "demo-admin-pass", Role::kAdmin, "", "システム管理者（デモ）"},
    {"plan-admin", "demo-plan-pass", Role::kPlanAdmin, "福祉政策課", "計画担当 山田（デモ）"},
    {"dept-editor", "demo-dept-pass", Role::kDepartmentEditor, "社会福祉課",
     "社会福祉課 佐藤（デモ）"},
    {"coordinator", "demo-case-pass", Role::kCaseCoordinator, "福祉相談課",
     "調整担当 鈴木（デモ）"},
    {"caseworker", "demo-worker-pass", Role::kCaseWorker, "福祉相談課", "支援担当 伊藤（デモ）"},
    {"partner", "demo-partner-pass", Role::kPartner, "", "保護司 高橋（デモ）", "狛江地区保護司会"},
    {"probation", "demo-probation-pass", Role::kPartner, "", "保護観察官 渡辺（デモ）",
     "架空保護観察所"},
    {"auditor", "demo-audit-pass", Role::kAuditor, "", "監査担当 田中（デモ）"},
};
constexpr const char* kDemoCode = "demo";
constexpr const char* kDemoPlan = "あいとぴあレインボープラン";

std::string_view embedded(std::string_view path) {
  for (const auto& file : embedded_files()) {
    if (file.path == path) return file.bytes;
  }
  return {};
}

// Komae's 基本計画 (seed 001) with seed 000's policy table as its 再犯防止計画, Ena's progress
// sheet (seed 003) as its R6 results with R7 open for input, the 実施計画 across its plans, and
// an opinion of the committee on R6 with the response.
Status seed_demo_plan(app::Application& w, const service::Actor& actor) {
  const std::string plan = kDemoPlan;
  if (auto family = seed_demo_family(w, actor, plan, embedded("/policy_table_komae.tsv")); !family)
    return family;
  auto sheet = w.progress.import_sheet(actor, {plan, FiscalYear(2024), "progress_sheet_ena.tsv"},
                                       embedded("/progress_sheet_ena.tsv"));
  if (!sheet) return sheet.error();
  if (auto opened = w.progress.open_year(actor, plan, FiscalYear(2025), Date{2026, 12, 25});
      !opened) {
    return opened.error();
  }
  if (auto linked = seed_demo_project_links(w, actor, plan); !linked) return linked.error();
  if (auto seeded = seed_demo_implementation(w, actor, plan); !seeded) return seeded.error();
  auto opinion = w.reviews.add_opinion(
      actor, plan, FiscalYear(2024), "4-4-2",
      "自立準備ホームなど一時的な住まいの紹介先が少ない。民間賃貸住宅の活用を検討されたい。");
  if (!opinion) return opinion.error();
  auto answered =
      w.reviews.respond(actor, opinion->id, opinion->version,
                        "居住支援協議会と連携し、民間賃貸住宅への入居支援を拡充します。");
  if (!answered) return answered.error();
  return Ok{};
}

Status seed_demo(app::Application& w) {
  auto m = w.accounts.create_municipality(service::Actor::operator_at_cli(os_user(), {}), kDemoCode,
                                          "狛江市（デモ）");
  if (!m) return m.error();
  auto actor = service::Actor::operator_at_cli(os_user(), m->id);
  if (auto plan = seed_demo_plan(w, actor); !plan) return plan.error();
  if (auto agencies = seed_demo_agencies(w, actor); !agencies) return agencies.error();
  for (const auto& a : kDemoAccounts) {
    auto added = w.accounts.add_user(
        actor, {a.username, a.display_name, a.role, a.department, a.password, a.agency});
    if (!added) return added.error();
  }
  if (auto persons = seed_demo_cases(w, actor); !persons) return persons.error();
  if (auto places = seed_demo_resources(w, actor); !places) return places.error();
  return Ok{};
}

}  // namespace
}  // namespace demo_command

int run_demo(Common& common) {
  using namespace demo_command;
  auto opened = open_application(common);
  auto& w = *opened;
  std::ostream& out = *common.out;
  auto existing = w.accounts.find_municipality("");
  if (existing && existing->code != kDemoCode) {
    return report_error(
        *common.err,
        make_error(
            ErrorKind::kConflict, "demo.exists",
            "このデータベースにはデモ以外のデータがあります。別の --db を指定してください。"));
  }
  if (!existing) {
    if (auto seeded = seed_demo(w); !seeded) return report_error(*common.err, seeded.error());
    out << "デモデータベース " << common.db_url << " を作成しました（人物はすべて架空です）。\n";
  } else {
    out << "デモデータベース " << common.db_url << " は作成済みです。\n";
  }
  out << "デモ用アカウント（ユーザー名 / パスワード / 役割）:\n";
  for (const auto& a : kDemoAccounts) {
    out << "  " << a.username << " / " << a.password << " / " << role_label(a.role) << "\n";
  }
  return kExitDone;
}

}  // namespace tsunagu::cli
