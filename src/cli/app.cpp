#include "cli/app.hpp"

#include <termios.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/case_commands.hpp"
#include "cli/common.hpp"
#include "cli/demo.hpp"
#include "cli/demo_files.hpp"
#include "cli/implementation_commands.hpp"
#include "cli/progress_commands.hpp"
#include "cli/resource_commands.hpp"
#include "cli/review_commands.hpp"
#include "cli/serve_command.hpp"
#include "io/plan_json.hpp"
#include "service/account_service.hpp"
#include "service/audit_service.hpp"
#include "service/plan_service.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace tsunagu::cli {

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid:
    case ErrorKind::kMalformed:
    case ErrorKind::kUnsupportedMediaType:
      return kExitRejected;
    case ErrorKind::kNotFound:
      return kExitNotFound;
    case ErrorKind::kConflict:
      return kExitConflict;
    case ErrorKind::kForbidden:
    case ErrorKind::kUnauthenticated:
    case ErrorKind::kThrottled:
      return kExitNotPermitted;
    case ErrorKind::kUnavailable:
    case ErrorKind::kInternal:
      return kExitFault;
  }
  return kExitFault;
}

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

std::string os_user() {
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "operator";
}

Result<std::string> read_password(std::istream& in, std::ostream& err, bool from_stdin) {
  std::string password;
  if (from_stdin) {
    std::getline(in, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
  }
  if (!isatty(STDIN_FILENO)) {
    return make_error(
        ErrorKind::kInvalid, "usage.invalid",
        "パスワードを入力できません。端末から実行するか --password-stdin を使ってください。");
  }
  termios old_settings{};
  tcgetattr(STDIN_FILENO, &old_settings);
  termios silent = old_settings;
  silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  std::string again;
  err << "パスワード: " << std::flush;
  tcsetattr(STDIN_FILENO, TCSANOW, &silent);
  std::getline(in, password);
  err << "\nもう一度: " << std::flush;
  std::getline(in, again);
  tcsetattr(STDIN_FILENO, TCSANOW, &old_settings);
  err << "\n";
  if (password != again)
    return make_error(ErrorKind::kInvalid, "user.invalid", "2回入力したパスワードが一致しません。");
  return password;
}

std::string default_db() {
  const char* env = std::getenv("TSUNAGU_DB");
  return env != nullptr && *env != '\0' ? env : "tsunagu.db";
}

}  // namespace

std::unique_ptr<app::Application> open_application(const std::string& db_url, std::size_t pool) {
  app::Config config;
  config.db_url = db_url;
  config.pool = pool;
  return app::Application::open(config);
}

void add_db_options(CLI::App* cmd, Common& common) {
  cmd->add_option("--db", common.db_url,
                  "SQLite file or postgresql:// URL (default: $TSUNAGU_DB or tsunagu.db)");
  cmd->add_option("--municipality", common.municipality,
                  "municipality code (needed only when several)");
}

void run_command(Common& common,
                 const std::function<int(app::Application&, const service::Actor&)>& body) {
  common.ran = true;
  auto opened = open_application(common.db_url);
  auto& w = *opened;
  auto actor = operator_actor(w, common.municipality);
  if (!actor) {
    common.exit_code = report_error(*common.err, actor.error());
    return;
  }
  common.exit_code = body(w, *actor);
}

Result<service::Actor> operator_actor(app::Application& app, const std::string& municipality_code) {
  return app.operator_actor(municipality_code, os_user());
}

// A fault (not a rejected input): the database or the disk failed. Exit code 1.
int report_fault(std::ostream& err, const std::exception& e) {
  if (dynamic_cast<const store::StoreError*>(&e) != nullptr) {
    err << "エラー: データベースの処理に失敗しました: " << e.what() << "\n";
  } else {
    err << "エラー: " << e.what() << "\n";
  }
  return 1;
}

int report_error(std::ostream& err, const Error& e) {
  err << "エラー: " << e.message << "\n";
  std::size_t shown = 0;
  for (const auto& d : e.details) {
    if (++shown > 20) {
      err << "  …ほか " << (e.details.size() - 20) << " 件\n";
      break;
    }
    err << "  ";
    if (d.line > 0) err << d.line << "行目: ";
    if (!d.field.empty()) err << d.field << ": ";
    err << d.message << "\n";
  }
  return exit_code_for(e.kind);
}

Result<std::string> read_input_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return make_error(ErrorKind::kNotFound, "file.not_found",
                      "ファイル「" + path + "」を開けません。");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int run(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err) {
  CLI::App app{"つなぐ (Tsunagu): 再犯防止推進計画の管理と多機関連携"};
  app.require_subcommand(1);
  std::string db_url = default_db();
  std::string municipality;
  auto add_db = [&](CLI::App* cmd) {
    cmd->add_option("--db", db_url,
                    "SQLite file or postgresql:// URL (default: $TSUNAGU_DB or tsunagu.db)");
  };
  auto add_municipality = [&](CLI::App* cmd) {
    cmd->add_option("--municipality", municipality,
                    "municipality code (needed only when the database hosts several)");
  };

  // init
  std::string init_code, init_name;
  auto* init = app.add_subcommand("init", "Create the database and the first municipality");
  add_db(init);
  init->add_option("--code", init_code, "municipality code (e.g. 132195)")->required();
  init->add_option("--name", init_name, "municipality name (e.g. 狛江市)")->required();

  // demo
  auto* demo =
      app.add_subcommand("demo", "Create (or reuse) a demo database from the seed documents");
  add_db(demo);

  // import policy-table
  auto* import = app.add_subcommand("import", "Import a file");
  import->require_subcommand(1);
  auto* import_policy =
      import->add_subcommand("policy-table", "Import a policy table (資料3 form, TSV)");
  std::string plan_name, period, import_file;
  int plan_number = 0;
  add_db(import_policy);
  add_municipality(import_policy);
  import_policy->add_option("--plan", plan_name, "plan name; created if it does not exist")
      ->required();
  import_policy->add_option("--period", period, "plan period for a new plan, e.g. R6-R11");
  import_policy->add_option("--plan-number", plan_number,
                            "the plan's place among the plans of its 基本計画 (codes like 1-4-1)");
  import_policy->add_option("FILE", import_file, "tab-separated policy table")->required();

  // plan show
  auto* plan = app.add_subcommand("plan", "The plan registry");
  plan->require_subcommand(1);
  auto* plan_show = plan->add_subcommand("show", "Print the plans (outline, or --json)");
  bool as_json = false;
  add_db(plan_show);
  add_municipality(plan_show);
  plan_show->add_flag("--json", as_json, "print JSON");

  // user add
  auto* user = app.add_subcommand("user", "User accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add a user");
  std::string user_name, role_text, department, display_name, agency_name;
  bool password_stdin = false;
  add_db(user_add);
  add_municipality(user_add);
  user_add->add_option("NAME", user_name, "login name")->required();
  user_add
      ->add_option("--role", role_text,
                   "admin | plan-admin | department-editor | case-coordinator | case-worker | "
                   "partner | auditor")
      ->required();
  user_add->add_option("--department", department, "担当課 (required for department-editor)");
  user_add->add_option("--agency", agency_name,
                       "the partner's agency, registered with `tsunagu agency add`");
  user_add->add_option("--display-name", display_name, "name shown on screens");
  user_add->add_flag("--password-stdin", password_stdin, "read the password from standard input");

  // audit verify
  auto* audit = app.add_subcommand("audit", "The audit log");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "Check the hash chain of the audit log");
  add_db(audit_verify);

  // backup
  auto* backup = app.add_subcommand("backup", "Copy a live SQLite database (online backup API)");
  std::string backup_out;
  add_db(backup);
  backup->add_option("--out", backup_out, "backup file to write")->required();

  Common common{db_url, "", &in, &out, &err, 0};
  auto* export_group = app.add_subcommand("export", "Export a file");
  export_group->require_subcommand(1);
  add_progress_commands(app, import, export_group, common);
  add_implementation_commands(app, export_group, common);
  add_review_commands(app, common);
  add_case_commands(app, common);
  add_resource_commands(import, export_group, common);
  add_serve_command(app, common);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e, out, err) == 0 ? kExitDone : kExitUsage;
  } catch (const std::exception& e) {
    return report_fault(err, e);
  }
  if (common.ran) return common.exit_code;

  auto fail = [&](const Error& e) { return report_error(err, e); };

  try {
    if (*init) {
      auto opened = open_application(db_url);
      auto& w = *opened;
      auto m = w.accounts.create_municipality(service::Actor::operator_at_cli(os_user(), {}),
                                              init_code, init_name);
      if (!m) return fail(m.error());
      out << "データベース " << db_url << " に " << m->name << "（" << m->code
          << "）を登録しました。\n"
          << "次に管理者を追加してください: tsunagu user add admin --role admin --db " << db_url
          << "\n";
      return 0;
    }

    if (*demo) {
      auto opened = open_application(db_url);
      auto& w = *opened;
      auto existing = w.accounts.find_municipality("");
      if (existing && existing->code != kDemoCode) {
        return fail(make_error(
            ErrorKind::kConflict, "demo.exists",
            "このデータベースにはデモ以外のデータがあります。別の --db を指定してください。"));
      }
      if (!existing) {
        auto m = w.accounts.create_municipality(service::Actor::operator_at_cli(os_user(), {}),
                                                kDemoCode, "狛江市（デモ）");
        if (!m) return fail(m.error());
        auto actor = service::Actor::operator_at_cli(os_user(), m->id);
        const std::string plan = "第1次再犯防止推進計画";
        for (const auto& file : embedded_files()) {
          if (file.path != "/policy_table_komae.tsv") continue;
          auto report = w.plans.import_policy_table(
              actor, {plan, FiscalYear(2024), FiscalYear(2029), 4}, file.bytes);
          if (!report) return fail(report.error());
        }
        // Ena's progress sheet (seed 003) as this plan's R6 results, and R7 open for input.
        for (const auto& file : embedded_files()) {
          if (file.path != "/progress_sheet_ena.tsv") continue;
          auto report = w.progress.import_sheet(
              actor, {plan, FiscalYear(2024), "progress_sheet_ena.tsv"}, file.bytes);
          if (!report) return fail(report.error());
        }
        if (auto opened = w.progress.open_year(actor, plan, FiscalYear(2025), Date{2026, 12, 25});
            !opened) {
          return fail(opened.error());
        }
        // The first implementation plan (令和6年7月策定) for the three priority policies, and an
        // opinion of the committee on R6 with the city's response.
        if (auto linked = seed_demo_project_links(w, actor, plan); !linked) {
          return fail(linked.error());
        }
        if (auto seeded = seed_demo_implementation(w, actor, plan); !seeded) {
          return fail(seeded.error());
        }
        auto opinion = w.reviews.add_opinion(
            actor, plan, FiscalYear(2024), "4-4-2",
            "自立準備ホームなど一時的な住まいの紹介先が少ない。民間賃貸住宅の活用を検討されたい。");
        if (!opinion) return fail(opinion.error());
        if (auto answered =
                w.reviews.respond(actor, opinion->id, opinion->version,
                                  "居住支援協議会と連携し、民間賃貸住宅への入居支援を拡充します。");
            !answered) {
          return fail(answered.error());
        }
        if (auto agencies = seed_demo_agencies(w, actor); !agencies) return fail(agencies.error());
        for (const auto& a : kDemoAccounts) {
          auto added = w.accounts.add_user(
              actor, {a.username, a.display_name, a.role, a.department, a.password, a.agency});
          if (!added) return fail(added.error());
        }
        if (auto persons = seed_demo_cases(w, actor); !persons) return fail(persons.error());
        if (auto places = seed_demo_resources(w, actor); !places) return fail(places.error());
        out << "デモデータベース " << db_url << " を作成しました（人物はすべて架空です）。\n";
      } else {
        out << "デモデータベース " << db_url << " は作成済みです。\n";
      }
      out << "デモ用アカウント（ユーザー名 / パスワード / 役割）:\n";
      for (const auto& a : kDemoAccounts) {
        out << "  " << a.username << " / " << a.password << " / " << role_label(a.role) << "\n";
      }
      return 0;
    }

    if (*import_policy) {
      auto bytes = read_input_file(import_file);
      if (!bytes) return fail(bytes.error());
      service::PolicyTableImport request{plan_name, std::nullopt, std::nullopt, std::nullopt};
      if (!period.empty()) {
        auto dash = period.find('-');
        if (dash == std::string::npos) {
          return fail(
              make_error(ErrorKind::kInvalid, "fiscal_year.unreadable",
                         "--period は R6-R11 のように「始まり-終わり」で指定してください。"));
        }
        auto from = FiscalYear::parse(period.substr(0, dash));
        if (!from) return fail(from.error());
        auto to = FiscalYear::parse(period.substr(dash + 1));
        if (!to) return fail(to.error());
        request.from = *from;
        request.to = *to;
      }
      if (plan_number != 0) request.family_position = plan_number;
      auto opened = open_application(db_url);
      auto& w = *opened;
      auto actor = operator_actor(w, municipality);
      if (!actor) return fail(actor.error());
      auto report = w.plans.import_policy_table(*actor, request, *bytes);
      if (!report) return fail(report.error());
      out << "「" << plan_name << "」に取り込みました: 基本目標 " << report->goals << "、施策 "
          << report->policies << "（追加 " << report->changes.policies_added << "、変更 "
          << report->changes.policies_changed << "、変更なし " << report->changes.policies_unchanged
          << "、削除 " << report->changes.policies_removed << "）\n";
      return 0;
    }

    if (*plan_show) {
      auto opened = open_application(db_url);
      auto& w = *opened;
      auto actor = operator_actor(w, municipality);
      if (!actor) return fail(actor.error());
      auto plans = w.plans.plans(*actor);
      if (!plans) return fail(plans.error());
      out << (as_json ? io::plans_to_json_text(*plans, 2) + "\n" : io::plans_to_outline(*plans));
      return 0;
    }

    if (*user_add) {
      auto role = parse_role(role_text);
      if (!role) {
        return fail(make_error(
            ErrorKind::kInvalid, "user.invalid",
            "役割「" + role_text +
                "」はありません。admin, plan-admin, department-editor, case-coordinator, "
                "case-worker, partner, auditor のいずれかです。"));
      }
      auto password = read_password(in, err, password_stdin);
      if (!password) return fail(password.error());
      auto opened = open_application(db_url);
      auto& w = *opened;
      auto actor = operator_actor(w, municipality);
      if (!actor) return fail(actor.error());
      auto added = w.accounts.add_user(
          *actor, {user_name, display_name, *role, department, *password, agency_name});
      if (!added) return fail(added.error());
      out << "利用者「" << added->username << "」（" << role_label(added->role)
          << "）を追加しました。\n";
      return 0;
    }

    if (*audit_verify) {
      auto opened = open_application(db_url);
      auto& w = *opened;
      auto conn = w.db.connection();
      auto report = service::AuditLog::verify(*conn);
      if (!report.intact) {
        err << "監査ログの連鎖が壊れています: " << report.problem << "\n"
            << "最初に壊れている行: " << report.first_broken_seq << "\n";
        return kExitAuditBroken;
      }
      out << "監査ログは改ざんされていません（" << report.rows << " 行を確認しました）。\n";
      return 0;
    }

    if (*backup) {
      if (db_url.rfind("postgres", 0) == 0) {
        return fail(make_error(
            ErrorKind::kInvalid, "backup.invalid",
            "PostgreSQL のバックアップには pg_dump を使ってください（docs/OPERATIONS.md）。"));
      }
      store::backup_sqlite(db_url, backup_out);
      out << db_url << " を " << backup_out << " にバックアップしました。\n";
      return 0;
    }
  } catch (const std::exception& e) {
    return report_fault(err, e);
  }
  return 2;
}

}  // namespace tsunagu::cli
