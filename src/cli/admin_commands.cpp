#include "cli/admin_commands.hpp"

#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <istream>
#include <ostream>

#include "cli/app.hpp"
#include "cli/demo.hpp"
#include "service/audit_key.hpp"
#include "service/audit_service.hpp"
#include "service/clock.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace tsunagu::cli {
namespace admin_commands {
namespace {

struct Options {
  std::string code, name;                                    // init
  std::string user, role, department, display_name, agency;  // user add
  bool password_stdin = false;
  bool keep_password = false;        // user add --no-first-login-change
  bool json = false;                 // user list --json
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

Result<Role> role_option(const std::string& text) {
  if (auto role = parse_role(text)) return *role;
  return make_error(ErrorKind::kInvalid, "user.invalid",
                    "役割「" + text +
                        "」はありません。admin, plan-admin, department-editor, case-coordinator, "
                        "case-worker, partner, auditor のいずれかです。");
}

int add_user(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto role = role_option(o.role);
  if (!role) return report_error(*common.err, role.error());
  auto password = read_password(*common.in, *common.err, o.password_stdin);
  if (!password) return report_error(*common.err, password.error());
  service::NewUser request{o.user, o.display_name, *role, o.department, *password, o.agency};
  request.must_change_password = !o.keep_password;
  auto added = w.accounts.add_user(actor, request);
  if (!added) return report_error(*common.err, added.error());
  *common.out << "利用者「" << added->username << "」（" << role_label(added->role)
              << "）を追加しました。\n";
  if (added->must_change_password) {
    *common.out << "初めてのログインで、本人が自分のパスワードに変えます。\n";
  }
  return kExitDone;
}

std::string state_text(const User& u) {
  if (u.disabled) return "無効";
  return u.must_change_password ? "有効（初回変更待ち）" : "有効";
}

int list_users(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto users = w.accounts.list_users(actor);
  if (!users) return report_error(*common.err, users.error());
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& u : *users) {
      out.push_back(
          {{"username", u.username},
           {"display_name", u.display_name},
           {"role", role_name(u.role)},
           {"department", u.department_name},
           {"agency", u.agency_name},
           {"disabled", u.disabled},
           {"must_change_password", u.must_change_password},
           {"last_login_at", u.last_login_at ? nlohmann::json(service::format_jst(*u.last_login_at))
                                             : nlohmann::json(nullptr)}});
    }
    *common.out << nlohmann::json{{"users", out}}.dump(2) << "\n";
    return kExitDone;
  }
  *common.out << "ユーザー名\t表示名\t役割\t担当課・機関\t状態\t最終ログイン\n";
  for (const auto& u : *users) {
    std::string place = u.department_name;
    if (!u.agency_name.empty()) place += (place.empty() ? "" : "・") + u.agency_name;
    *common.out << u.username << "\t" << u.display_name << "\t" << role_label(u.role) << "\t"
                << place << "\t" << state_text(u) << "\t"
                << (u.last_login_at ? service::format_jst(*u.last_login_at) : "-") << "\n";
  }
  return kExitDone;
}

// The user named on the command line, in the operator's municipality.
Result<User> named_user(app::Application& w, const service::Actor& actor, const Options& o) {
  return w.accounts.find_user(actor, o.user);
}

int set_disabled(Common& common, const Options& o, app::Application& w, const service::Actor& actor,
                 bool disabled) {
  auto user = named_user(w, actor, o);
  if (!user) return report_error(*common.err, user.error());
  auto changed = w.accounts.set_disabled(actor, user->id, disabled);
  if (!changed) return report_error(*common.err, changed.error());
  *common.out << "利用者「" << changed->username << "」を"
              << (disabled ? "無効にしました。ログイン中の画面はすぐに使えなくなります。"
                           : "有効にしました。")
              << "\n";
  return kExitDone;
}

int disable_user(Common& common, const Options& o, app::Application& w,
                 const service::Actor& actor) {
  return set_disabled(common, o, w, actor, true);
}

int enable_user(Common& common, const Options& o, app::Application& w,
                const service::Actor& actor) {
  return set_disabled(common, o, w, actor, false);
}

int reset_password(Common& common, const Options& o, app::Application& w,
                   const service::Actor& actor) {
  auto user = named_user(w, actor, o);
  if (!user) return report_error(*common.err, user.error());
  std::string chosen;
  if (o.password_stdin) {
    auto password = read_password(*common.in, *common.err, true);
    if (!password) return report_error(*common.err, password.error());
    chosen = *password;
  }
  auto password = w.accounts.reset_password(actor, user->id, chosen);
  if (!password) return report_error(*common.err, password.error());
  if (chosen.empty()) *common.out << *password << "\n";
  *common.err << "利用者「" << user->username
              << "」のパスワードを再設定しました。ログイン中の画面は使えなくなり、次のログインで"
                 "本人が自分のパスワードに変えます。"
              << (chosen.empty() ? "上の1行を本人に安全な方法で伝えてください（再表示はできま"
                                   "せん）。"
                                 : "")
              << "\n";
  return kExitDone;
}

int set_role(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto role = role_option(o.role);
  if (!role) return report_error(*common.err, role.error());
  auto user = named_user(w, actor, o);
  if (!user) return report_error(*common.err, user.error());
  auto changed = w.accounts.set_role(actor, user->id, {*role, o.department, o.agency});
  if (!changed) return report_error(*common.err, changed.error());
  *common.out << "利用者「" << changed->username << "」を" << role_label(changed->role)
              << "にしました。ログイン中の画面は使えなくなります（もう一度ログインします）。\n";
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
  const char* roles =
      "admin | plan-admin | department-editor | case-coordinator | case-worker | partner | "
      "auditor";
  auto* user_add = user->add_subcommand("add", "Add a user");
  add_db_options(user_add, common);
  user_add->add_option("NAME", o->user, "login name")->required();
  user_add->add_option("--role", o->role, roles)->required();
  user_add->add_option("--department", o->department, "担当課 (required for department-editor)");
  user_add->add_option("--agency", o->agency,
                       "the partner's agency, registered with `tsunagu agency add`");
  user_add->add_option("--display-name", o->display_name, "name shown on screens");
  user_add->add_flag("--password-stdin", o->password_stdin,
                     "read the password from standard input");
  user_add->add_flag("--no-first-login-change", o->keep_password,
                     "the password is the user's own: no change asked at the first login");
  on_run<Options>(user_add, common, o, add_user);

  auto* user_list = user->add_subcommand("list", "List the users with their role and state");
  add_db_options(user_list, common);
  user_list->add_flag("--json", o->json, "print JSON: {\"users\":[…]}");
  on_run<Options>(user_list, common, o, list_users);

  auto* user_disable =
      user->add_subcommand("disable", "Stop an account at once (its sessions end)");
  add_db_options(user_disable, common);
  user_disable->add_option("NAME", o->user, "login name")->required();
  on_run<Options>(user_disable, common, o, disable_user);

  auto* user_enable = user->add_subcommand("enable", "Let a disabled account sign in again");
  add_db_options(user_enable, common);
  user_enable->add_option("NAME", o->user, "login name")->required();
  on_run<Options>(user_enable, common, o, enable_user);

  auto* user_reset = user->add_subcommand(
      "reset-password", "Set a new password (generated and printed once unless given)");
  add_db_options(user_reset, common);
  user_reset->add_option("NAME", o->user, "login name")->required();
  user_reset->add_flag("--password-stdin", o->password_stdin,
                       "read the new password from standard input instead of generating one");
  on_run<Options>(user_reset, common, o, reset_password);

  auto* user_role = user->add_subcommand("set-role", "Change a user's role, department or agency");
  add_db_options(user_role, common);
  user_role->add_option("NAME", o->user, "login name")->required();
  user_role->add_option("--role", o->role, roles)->required();
  user_role->add_option("--department", o->department, "担当課 (required for department-editor)");
  user_role->add_option("--agency", o->agency, "the partner's agency");
  on_run<Options>(user_role, common, o, set_role);
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
