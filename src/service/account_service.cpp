#include "service/account_service.hpp"

#include "core/text.hpp"
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

Result<User> AccountService::add_user(const Actor& actor, const NewUser& request) {
  if (auto allowed = require(actor, Permission::kUserManage); !allowed) return allowed.error();
  if (!is_valid_username(request.username)) {
    return make_error(ErrorKind::kInvalid, "user.invalid",
                      "ユーザー名は半角英数字と . _ - で 3〜64 文字にしてください。");
  }
  if (auto problem = password_problem(request.password); !problem.empty()) {
    return make_error(ErrorKind::kInvalid, "user.invalid", problem);
  }
  if (request.role == Role::kDepartmentEditor && trim(request.department).empty()) {
    return make_error(ErrorKind::kInvalid, "user.invalid",
                      "担当課の利用者には --department で課の名前を指定してください。");
  }
  if (find_invalid_utf8(request.display_name) || find_invalid_utf8(request.department) ||
      request.display_name.size() > 200 || request.department.size() > 200) {
    return make_error(ErrorKind::kInvalid, "user.invalid",
                      "表示名と課の名前は UTF-8 で 200 バイト以内にしてください。");
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
  if (!trim(request.department).empty()) {
    user.department_name = std::string(trim(request.department));
    user.department = accounts.ensure_department(actor.municipality, user.department_name);
  }
  if (!trim(request.agency).empty()) {
    auto agency =
        store::CaseStore(*c).agency_by_name(actor.municipality, std::string(trim(request.agency)));
    if (!agency) {
      return make_error(ErrorKind::kInvalid, "user.invalid",
                        "機関「" + std::string(trim(request.agency)) +
                            "」は登録されていません。先に tsunagu agency add "
                            "で登録してください。");
    }
    user.agency = agency->id;
    user.agency_name = agency->name;
  }
  auto id = store::insert_unless_duplicate(
      [&] { return accounts.add_user(user, hash, clock_.now_ms()); });
  if (!id) {
    return make_error(ErrorKind::kConflict, "user.exists",
                      "ユーザー名「" + request.username + "」は使われています。");
  }
  user.id = *id;
  audit_.append(
      *c, {actor.municipality, actor.name, "user.add", "user", std::to_string(user.id.value), "",
           sha256_hex(user.username + "\n" + std::string(role_name(user.role))), kBasisOfficialDuty,
           R"({"role":")" + std::string(role_name(user.role)) + R"("})"});
  tx.commit();
  return user;
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
