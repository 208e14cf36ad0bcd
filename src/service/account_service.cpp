#include "service/account_service.hpp"

#include "core/text.hpp"
#include "service/password_policy.hpp"
#include "store/account_store.hpp"
#include "store/case_store.hpp"

namespace tsunagu::service {
namespace {

Error failed_login() {
  return make_error(ErrorKind::kUnauthenticated, "auth.failed",
                    "ユーザー名またはパスワードが違います。");
}

// Records one failed attempt under `key`; returns true when that locks the key.
bool note_failure(store::AccountStore& accounts, const std::string& key, int max_failures,
                  const AuthOptions& options, std::int64_t now) {
  auto record = accounts.find_throttle(key).value_or(store::ThrottleRecord{0, now, 0});
  if (now - record.window_start > options.failure_window_ms) record = {0, now, 0};
  ++record.failures;
  bool locked = record.failures >= max_failures;
  if (locked) record.locked_until = now + options.lockout_ms;
  accounts.put_throttle(key, record);
  return locked;
}

std::int64_t locked_until(store::AccountStore& accounts, const std::string& key) {
  auto record = accounts.find_throttle(key);
  return record ? record->locked_until : 0;
}

}  // namespace

AccountService::AccountService(store::Database& db, const Clock& clock, const AuditLog& audit,
                               AuthOptions options)
    : db_(db), clock_(clock), audit_(audit), options_(options) {}

const std::string& AccountService::dummy_hash() {
  std::call_once(dummy_once_,
                 [this] { dummy_hash_ = hash_password(random_token(16), options_.hashing); });
  return dummy_hash_;
}

Result<Municipality> AccountService::create_municipality(const Actor& actor,
                                                         const std::string& code,
                                                         const std::string& name) {
  if (trim(code).empty() || trim(name).empty() || find_invalid_utf8(name) || code.size() > 32 ||
      name.size() > 200) {
    return make_error(ErrorKind::kInvalid, "municipality.invalid",
                      "自治体コードと自治体名を指定してください（コードは 32 文字以内）。");
  }
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AccountStore accounts(*c);
  auto id = store::insert_unless_duplicate(
      [&] { return accounts.create_municipality(code, name, clock_.now_ms()); });
  if (!id) {
    return make_error(ErrorKind::kConflict, "municipality.exists",
                      "自治体コード「" + code + "」は登録済みです。");
  }
  Municipality m{*id, code, name};
  audit_.append(
      *c, {m.id, actor.name, "municipality.create", "municipality", std::to_string(m.id.value), "",
           sha256_hex(code + "\n" + name), kBasisOfficialDuty, ""});
  tx.commit();
  return m;
}

Result<Municipality> AccountService::find_municipality(const std::string& code) {
  auto c = db_.connection();
  store::AccountStore accounts(*c);
  if (!code.empty()) {
    if (auto m = accounts.find_municipality_by_code(code)) return *m;
    return make_error(ErrorKind::kNotFound, "municipality.not_found",
                      "自治体コード「" + code + "」は登録されていません。");
  }
  auto all = accounts.list_municipalities();
  if (all.empty()) {
    return make_error(ErrorKind::kNotFound, "municipality.not_found",
                      "自治体が登録されていません。先に tsunagu init を実行してください。");
  }
  if (all.size() > 1) {
    return make_error(ErrorKind::kInvalid, "municipality.ambiguous",
                      "複数の自治体があります。--municipality でコードを指定してください。");
  }
  return all.front();
}

Status AccountService::place_user(store::Connection& c, User& user, const std::string& department,
                                  const std::string& agency) {
  if (user.role == Role::kDepartmentEditor && trim(department).empty()) {
    return make_error(ErrorKind::kInvalid, "user.invalid",
                      "担当課の利用者には担当課（--department）を指定してください。");
  }
  if (find_invalid_utf8(department) || department.size() > 200) {
    return make_error(ErrorKind::kInvalid, "user.invalid",
                      "課の名前は UTF-8 で 200 バイト以内にしてください。");
  }
  user.department.reset();
  user.department_name.clear();
  if (!trim(department).empty()) {
    user.department_name = std::string(trim(department));
    user.department =
        store::AccountStore(c).ensure_department(user.municipality, user.department_name);
  }
  user.agency.reset();
  user.agency_name.clear();
  if (!trim(agency).empty()) {
    auto found = store::CaseStore(c).agency_by_name(user.municipality, std::string(trim(agency)));
    if (!found) {
      return make_error(ErrorKind::kInvalid, "user.invalid",
                        "機関「" + std::string(trim(agency)) +
                            "」は登録されていません。先に tsunagu agency add "
                            "で登録してください。");
    }
    user.agency = found->id;
    user.agency_name = found->name;
  }
  return Ok{};
}

void AccountService::audit_user(store::Connection& c, const Actor& actor, const char* action,
                                const User& user) {
  const std::string role(role_name(user.role));
  audit_.append(
      c, {actor.municipality, actor.name, action, "user", std::to_string(user.id.value), "",
          sha256_hex(user.username + "\n" + role + "\n" + (user.disabled ? "disabled" : "enabled")),
          kBasisOfficialDuty, R"({"role":")" + role + R"("})"});
}

Result<User> AccountService::add_user(const Actor& actor, const NewUser& request) {
  if (auto allowed = require(actor, Permission::kUserManage); !allowed) return allowed.error();
  if (!is_valid_username(request.username)) {
    return make_error(ErrorKind::kInvalid, "user.invalid",
                      "ユーザー名は半角英数字と . _ - で 3〜64 文字にしてください。");
  }
  if (auto problem = password_weakness(request.password, request.username); !problem.empty()) {
    return make_error(ErrorKind::kInvalid, "user.invalid", problem);
  }
  if (find_invalid_utf8(request.display_name) || request.display_name.size() > 200) {
    return make_error(ErrorKind::kInvalid, "user.invalid",
                      "表示名は UTF-8 で 200 バイト以内にしてください。");
  }
  // Hash before the transaction: argon2id takes ~0.1 s and must not hold the write lock.
  std::string hash = hash_password(request.password, options_.hashing);

  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AccountStore accounts(*c);
  User user;
  user.municipality = actor.municipality;
  user.username = request.username;
  user.display_name = trim(request.display_name).empty() ? request.username
                                                         : std::string(trim(request.display_name));
  user.role = request.role;
  user.must_change_password = request.must_change_password;
  if (auto placed = place_user(*c, user, request.department, request.agency); !placed) {
    return placed.error();
  }
  auto id = store::insert_unless_duplicate(
      [&] { return accounts.add_user(user, hash, clock_.now_ms()); });
  if (!id) {
    return make_error(ErrorKind::kConflict, "user.exists",
                      "ユーザー名「" + request.username + "」は使われています。");
  }
  user.id = *id;
  audit_user(*c, actor, "user.add", user);
  tx.commit();
  return user;
}

Result<std::vector<User>> AccountService::list_users(const Actor& actor) {
  if (auto allowed = require(actor, Permission::kUserManage); !allowed) return allowed.error();
  auto c = db_.connection();
  return store::AccountStore(*c).list_users(actor.municipality);
}

namespace {

Error user_not_found() {
  return make_error(ErrorKind::kNotFound, "user.not_found", "その利用者は登録されていません。");
}

}  // namespace

Result<User> AccountService::find_user(const Actor& actor, UserId id) {
  if (auto allowed = require(actor, Permission::kUserManage); !allowed) return allowed.error();
  auto c = db_.connection();
  if (auto user = store::AccountStore(*c).find_user(actor.municipality, id)) return *user;
  return user_not_found();
}

Result<User> AccountService::find_user(const Actor& actor, const std::string& username) {
  if (auto allowed = require(actor, Permission::kUserManage); !allowed) return allowed.error();
  auto c = db_.connection();
  auto record = store::AccountStore(*c).find_user_by_name(username);
  if (!record || record->user.municipality != actor.municipality) return user_not_found();
  return record->user;
}

Result<User> AccountService::set_disabled(const Actor& actor, UserId id, bool disabled) {
  if (auto allowed = require(actor, Permission::kUserManage); !allowed) return allowed.error();
  if (disabled && actor.user && actor.user->id == id) {
    return make_error(ErrorKind::kInvalid, "user.self",
                      "自分のアカウントは無効にできません。ほかの管理者に依頼してください。");
  }
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AccountStore accounts(*c);
  auto user = accounts.find_user(actor.municipality, id);
  if (!user) return user_not_found();
  accounts.set_disabled(actor.municipality, id, disabled);
  if (disabled) accounts.delete_sessions_of(actor.municipality, id);
  user->disabled = disabled;
  audit_user(*c, actor, disabled ? "user.disable" : "user.enable", *user);
  tx.commit();
  return *user;
}

Result<std::string> AccountService::reset_password(const Actor& actor, UserId id,
                                                   const std::string& password) {
  if (auto allowed = require(actor, Permission::kUserManage); !allowed) return allowed.error();
  if (actor.user && actor.user->id == id) {
    return make_error(
        ErrorKind::kInvalid, "user.self",
        "自分のパスワードは「パスワード変更」（/account/password）で変えてください。");
  }
  auto current = find_user(actor, id);
  if (!current) return current.error();
  std::string chosen = password.empty() ? generate_password() : password;
  if (auto problem = password_weakness(chosen, current->username); !problem.empty()) {
    return make_error(ErrorKind::kInvalid, "user.invalid", problem);
  }
  std::string hash = hash_password(chosen, options_.hashing);
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AccountStore accounts(*c);
  auto user = accounts.find_user(actor.municipality, id);
  if (!user) return user_not_found();
  accounts.set_password_hash(actor.municipality, id, hash, true);
  accounts.delete_sessions_of(actor.municipality, id);
  accounts.clear_throttle("user:" + user->username);
  audit_user(*c, actor, "user.reset_password", *user);
  tx.commit();
  return chosen;
}

Result<User> AccountService::set_role(const Actor& actor, UserId id, const RoleChange& change) {
  if (auto allowed = require(actor, Permission::kUserManage); !allowed) return allowed.error();
  if (actor.user && actor.user->id == id && change.role != actor.user->role) {
    return make_error(ErrorKind::kInvalid, "user.self",
                      "自分の役割は変えられません。ほかの管理者に依頼してください。");
  }
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AccountStore accounts(*c);
  auto user = accounts.find_user(actor.municipality, id);
  if (!user) return user_not_found();
  user->role = change.role;
  if (auto placed = place_user(*c, *user, change.department, change.agency); !placed) {
    return placed.error();
  }
  accounts.set_role(*user);
  accounts.delete_sessions_of(actor.municipality, id);
  audit_user(*c, actor, "user.set_role", *user);
  tx.commit();
  return *user;
}

Status AccountService::change_password(const Session& session, const std::string& current,
                                       const std::string& next) {
  std::optional<store::UserRecord> record;
  {
    auto c = db_.connection();
    record = store::AccountStore(*c).find_user_by_name(session.user.username);
  }
  if (!record || !verify_password(record->password_hash, current)) {
    return make_error(ErrorKind::kInvalid, "user.wrong_password", "いまのパスワードが違います。");
  }
  if (next == current) {
    return make_error(ErrorKind::kInvalid, "user.invalid",
                      "新しいパスワードは、いまのパスワードと違うものにしてください。");
  }
  if (auto problem = password_weakness(next, session.user.username); !problem.empty()) {
    return make_error(ErrorKind::kInvalid, "user.invalid", problem);
  }
  std::string hash = hash_password(next, options_.hashing);
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AccountStore accounts(*c);
  accounts.set_password_hash(session.user.municipality, session.user.id, hash, false);
  accounts.delete_other_sessions_of(session.user.municipality, session.user.id, session.token_hash);
  audit_.append(*c,
                {session.user.municipality, session.user.username, "user.password_change", "user",
                 std::to_string(session.user.id.value), "", "", kBasisAuthentication, ""});
  tx.commit();
  return Ok{};
}

Result<Session> AccountService::login(const std::string& username, const std::string& password,
                                      const std::string& remote_address) {
  const std::int64_t now = clock_.now_ms();
  const std::string user_key = "user:" + username.substr(0, 64);
  const std::string address_key = "addr:" + remote_address;
  {
    auto c = db_.connection();
    store::AccountStore accounts(*c);
    std::int64_t until =
        std::max(locked_until(accounts, user_key), locked_until(accounts, address_key));
    if (until > now) {
      std::int64_t minutes = (until - now + 59999) / 60000;
      return make_error(ErrorKind::kThrottled, "auth.throttled",
                        "ログインの失敗が続いたため、一時的にログインできません。" +
                            std::to_string(minutes) + "分後にもう一度お試しください。");
    }
  }
  std::optional<store::UserRecord> record;
  {
    auto c = db_.connection();
    record = store::AccountStore(*c).find_user_by_name(username);
  }
  // Verify outside any transaction (slow by design), against a dummy hash for unknown users.
  bool password_ok = verify_password(record ? record->password_hash : dummy_hash(), password);
  bool ok = record && password_ok && !record->user.disabled;

  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AccountStore accounts(*c);
  if (!ok) {
    note_failure(accounts, user_key, options_.max_failures_per_user, options_, now);
    note_failure(accounts, address_key, options_.max_failures_per_address, options_, now);
    if (record) {
      audit_.append(*c,
                    {record->user.municipality, record->user.username, "auth.login_failed", "user",
                     std::to_string(record->user.id.value), "", "", kBasisAuthentication, ""});
    }
    tx.commit();
    return failed_login();
  }
  accounts.clear_throttle(user_key);
  accounts.set_last_login(record->user.municipality, record->user.id, now);
  Session session;
  session.user = record->user;
  session.token = random_token(32);
  session.token_hash = sha256_hex(session.token);
  session.csrf_token = random_token(32);
  session.expires_at = now + options_.idle_timeout_ms;
  accounts.create_session(
      {session.token_hash, session.user, session.csrf_token, now, now, session.expires_at});
  accounts.delete_expired_sessions(now);
  audit_.append(*c, {session.user.municipality, session.user.username, "auth.login", "user",
                     std::to_string(session.user.id.value), "", "", kBasisAuthentication, ""});
  tx.commit();
  return session;
}

Result<Session> AccountService::authenticate(const std::string& token) {
  auto expired = [] {
    return make_error(ErrorKind::kUnauthenticated, "auth.required",
                      "ログインしてください（セッションが無効か期限切れです）。");
  };
  if (token.empty() || token.size() > 128) return expired();
  const std::int64_t now = clock_.now_ms();
  const std::string token_hash = sha256_hex(token);
  auto c = db_.connection();
  store::AccountStore accounts(*c);
  auto record = accounts.find_session(token_hash);
  if (!record || record->expires_at <= now || record->user.disabled ||
      now - record->created_at >= options_.absolute_timeout_ms) {
    return expired();
  }
  Session session{record->user, "", token_hash, record->csrf_token, record->expires_at};
  // Sliding expiry, written at most every touch_interval so reads stay reads.
  if (now - record->last_seen_at >= options_.touch_interval_ms) {
    session.expires_at =
        std::min(now + options_.idle_timeout_ms, record->created_at + options_.absolute_timeout_ms);
    accounts.touch_session(record->user.municipality, token_hash, now, session.expires_at);
  }
  return session;
}

Status AccountService::logout(const Session& session) {
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AccountStore(*c).delete_session(session.user.municipality, session.token_hash);
  audit_.append(*c, {session.user.municipality, session.user.username, "auth.logout", "user",
                     std::to_string(session.user.id.value), "", "", kBasisAuthentication, ""});
  tx.commit();
  return Ok{};
}

}  // namespace tsunagu::service
