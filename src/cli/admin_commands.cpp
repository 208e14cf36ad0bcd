#include "cli/admin_commands.hpp"

#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <istream>
#include <ostream>

#include "cli/app.hpp"
#include "cli/demo.hpp"
#include "service/audit_key.hpp"
#include "service/audit_service.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace tsunagu::cli {
namespace admin_commands {
namespace {

struct Options {
  std::string code, name;                                    // init
  std::string user, role, department, display_name, agency;  // user add
  bool password_stdin = false;
  std::string backup_out;            // backup
  std::vector<std::string> anchors;  // audit verify --anchor
};

// Reads a password twice without echo from a terminal, or once from standard input.
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

// Runs `body` as a command that needs no operator actor, leaving its exit code in `common`.
void run_plain(Common& common, const std::function<int()>& body) {
  common.ran = true;
  common.exit_code = body();
}

int init(Common& common, const Options& o) {
  auto opened = open_application(common);
  auto& w = *opened;
  auto m = w.accounts.create_municipality(service::Actor::operator_at_cli(os_user(), {}), o.code,
                                          o.name);
  if (!m) return report_error(*common.err, m.error());
  *common.out << "データベース " << common.db_url << " に " << m->name << "（" << m->code
              << "）を登録しました。\n";
  if (!w.audit_key_file().empty()) {
    *common.out << "監査ログの鍵: " << w.audit_key_file()
                << "（サービスの利用者だけが読めるファイルです。データベースとは別に保管して"
                   "ください）\n";
  }
  *common.out << "次に管理者を追加してください: tsunagu user add admin --role admin --db "
              << common.db_url << "\n";
  return kExitDone;
}

int add_user(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto role = parse_role(o.role);
  if (!role) {
    return report_error(
        *common.err,
        make_error(ErrorKind::kInvalid, "user.invalid",
                   "役割「" + o.role +
                       "」はありません。admin, plan-admin, department-editor, case-coordinator, "
                       "case-worker, partner, auditor のいずれかです。"));
  }
  auto password = read_password(*common.in, *common.err, o.password_stdin);
  if (!password) return report_error(*common.err, password.error());
  auto added = w.accounts.add_user(
      actor, {o.user, o.display_name, *role, o.department, *password, o.agency});
  if (!added) return report_error(*common.err, added.error());
  *common.out << "利用者「" << added->username << "」（" << role_label(added->role)
              << "）を追加しました。\n";
  return kExitDone;
}

int verify_audit(Common& common, const Options& o) {
  std::vector<service::Anchor> anchors;
  for (const auto& text : o.anchors) {
    auto anchor = service::parse_anchor(text);
    if (!anchor) {
      return report_error(*common.err,
                          make_error(ErrorKind::kInvalid, "usage.invalid",
                                     "アンカー「" + text +
                                         "」は読めません。tsunagu audit anchor が表示した "
                                         "「番号:64桁の16進数」をそのまま指定してください。"));
    }
    anchors.push_back(*anchor);
  }
  auto opened = open_application(common);
  auto conn = opened->db.connection();
  auto report = opened->audit.verify(*conn, anchors);
  if (!report.intact) {
    *common.err << "監査ログの連鎖が壊れています: " << report.problem << "\n"
                << "最初に壊れている行: " << report.first_broken_seq << "\n";
    return kExitAuditBroken;
  }
  *common.out << "監査ログは改ざんされていません（" << report.rows << " 行を確認しました";
  if (report.keyed_since != 0) *common.out << "。" << report.keyed_since << "番から鍵付き";
  *common.out << "）。\n";
  if (!anchors.empty()) {
    *common.out << "保管されたアンカー " << report.anchors_matched << " 件と一致しました。\n";
  }
  return kExitDone;
}

// Writes an anchor row and prints it: the records office keeps the line outside the system.
int anchor_audit(Common& common, app::Application& w, const service::Actor& actor) {
  auto anchor = w.audit_service.anchor(actor);
  if (!anchor) return report_error(*common.err, anchor.error());
  *common.out << service::format_anchor(anchor->anchor) << "\n";
  *common.err << "監査ログの " << anchor->anchor.seq << " 番の行をアンカーにしました（"
              << anchor->written_at_text
              << "）。上の1行を紙か別の媒体に保管してください。確かめるときは:\n"
              << "  tsunagu audit verify --anchor " << service::format_anchor(anchor->anchor)
              << "\n";
  return kExitDone;
}

int backup(Common& common, const Options& o) {
  if (common.db_url.rfind("postgres", 0) == 0) {
    return report_error(
        *common.err,
        make_error(
            ErrorKind::kInvalid, "backup.invalid",
            "PostgreSQL のバックアップには pg_dump を使ってください（docs/OPERATIONS.md）。"));
  }
  store::backup_sqlite(common.db_url, o.backup_out);
  *common.out << common.db_url << " を " << o.backup_out << " にバックアップしました。\n"
              << "監査ログの鍵（" << service::default_audit_key_file(common.db_url)
              << " など）は含まれません。鍵は別に保管し、戻すときは " << o.backup_out
              << ".audit-key として置くか --audit-key で指定してください。\n";
  return kExitDone;
}

void add_user_command(CLI::App& app, Common& common, const std::shared_ptr<Options>& o) {
  auto* user = app.add_subcommand("user", "User accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add a user");
  add_db_options(user_add, common);
  user_add->add_option("NAME", o->user, "login name")->required();
  user_add
      ->add_option("--role", o->role,
                   "admin | plan-admin | department-editor | case-coordinator | case-worker | "
                   "partner | auditor")
      ->required();
  user_add->add_option("--department", o->department, "担当課 (required for department-editor)");
  user_add->add_option("--agency", o->agency,
                       "the partner's agency, registered with `tsunagu agency add`");
  user_add->add_option("--display-name", o->display_name, "name shown on screens");
  user_add->add_flag("--password-stdin", o->password_stdin,
                     "read the password from standard input");
  user_add->callback([&common, o] {
    run_command(common, [&](app::Application& w, const service::Actor& actor) {
      return add_user(common, *o, w, actor);
    });
  });
}

}  // namespace
}  // namespace admin_commands

std::string os_user() {
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "operator";
}

void add_db_option(CLI::App* command, Common& common) {
  command->add_option("--db", common.db_url,
                      "SQLite file or postgresql:// URL (default: $TSUNAGU_DB or tsunagu.db)");
  command->add_option("--audit-key", common.audit_key,
                      "the audit chain's key file (default: $TSUNAGU_AUDIT_KEY, or beside a "
                      "SQLite file as FILE.audit-key)");
}

void add_admin_commands(CLI::App& app, Common& common) {
  using namespace admin_commands;
  auto o = std::make_shared<Options>();

  auto* init_cmd = app.add_subcommand("init", "Create the database and the first municipality");
  add_db_option(init_cmd, common);
  init_cmd->add_option("--code", o->code, "municipality code (e.g. 132195)")->required();
  init_cmd->add_option("--name", o->name, "municipality name (e.g. 狛江市)")->required();
  init_cmd->callback([&common, o] { run_plain(common, [&] { return init(common, *o); }); });

  auto* demo =
      app.add_subcommand("demo", "Create (or reuse) a demo database from the seed documents");
  add_db_option(demo, common);
  demo->callback([&common] { run_plain(common, [&] { return run_demo(common); }); });

  add_user_command(app, common, o);

  auto* audit = app.add_subcommand("audit", "The audit log");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "Check the hash chain of the audit log");
  add_db_option(audit_verify, common);
  audit_verify->add_option("--anchor", o->anchors,
                           "SEQ:MAC printed by `tsunagu audit anchor` (repeatable): the log must "
                           "still hold that row as it was");
  audit_verify->callback(
      [&common, o] { run_plain(common, [&] { return verify_audit(common, *o); }); });
  auto* audit_anchor = audit->add_subcommand(
      "anchor", "Record the chain's head and print it (SEQ:MAC) for keeping outside the system");
  add_db_options(audit_anchor, common);
  audit_anchor->callback([&common] {
    run_command(common, [&](app::Application& w, const service::Actor& actor) {
      return anchor_audit(common, w, actor);
    });
  });

  auto* backup_cmd =
      app.add_subcommand("backup", "Copy a live SQLite database (online backup API)");
  add_db_option(backup_cmd, common);
  backup_cmd->add_option("--out", o->backup_out, "backup file to write")->required();
  backup_cmd->callback([&common, o] { run_plain(common, [&] { return backup(common, *o); }); });
}

}  // namespace tsunagu::cli
