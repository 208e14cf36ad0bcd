#include "service/account_service.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

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

struct ThrottleKey {
  std::string key;
  int free_failures = 0;
  std::int64_t max_delay_ms = 0;
};

// The three keys of an attempt, always in this order (so transactions lock them alike).
std::vector<ThrottleKey> throttle_keys(const std::string& username, const std::string& address,
                                       const AuthOptions& o) {
  const std::string name = username.substr(0, 64);
  return {{"pair:" + name + "|" + address, o.free_failures_per_pair, o.max_delay_ms},
          {"user:" + name, o.free_failures_per_user, o.max_user_delay_ms},
          {"addr:" + address, o.free_failures_per_address, o.max_delay_ms}};
}

// When the next attempt may come after `failures` failures under `key`.
std::int64_t next_allowed(const ThrottleKey& key, int failures, std::int64_t now,
                          const AuthOptions& o) {
  if (failures < key.free_failures) return 0;
  const int doublings = std::min(failures - key.free_failures, 30);
  return now + std::min(key.max_delay_ms, o.first_delay_ms << doublings);
}

Error throttled(std::int64_t wait_ms) {
  const std::int64_t seconds = (wait_ms + 999) / 1000;
  const std::string when = seconds < 60 ? std::to_string(seconds) + "秒後"
                                        : std::to_string((seconds + 59) / 60) + "分後";
  Error e = make_error(ErrorKind::kThrottled, "auth.throttled",
                       "ログインの失敗が続いたため、しばらくお待ちいただいています。" + when +
                           "にもう一度お試しください。急ぐときは管理者に解除を依頼してください。");
  e.details.push_back({0, "retry_after", std::to_string(seconds)});
  return e;
}

}  // namespace

namespace {

int hash_slot_count(const AuthOptions& o) {
  if (o.max_concurrent_hashes > 0) return std::min(o.max_concurrent_hashes, 256);
  return std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 2, 256);
}

}  // namespace

AccountService::AccountService(store::Database& db, const Clock& clock, const AuditLog& audit,
                               AuthOptions options)
    : db_(db),
      clock_(clock),
      audit_(audit),
      options_(options),
      hash_slots_(hash_slot_count(options)) {}

template <class F>
Result<std::invoke_result_t<F>> AccountService::hashing(F&& work) {
  if (!hash_slots_.try_acquire_for(std::chrono::milliseconds(options_.hash_wait_ms))) {
    return make_error(ErrorKind::kUnavailable, "auth.busy",
                      "ログインが混み合っています。少し待ってからもう一度お試しください。");
  }
  struct Release {
    std::counting_semaphore<256>& slots;
    ~Release() { slots.release(); }
  } release{hash_slots_};
  return work();
}

std::int64_t AccountService::admit_attempt(const std::string& username,
                                           const std::string& address) {
  const std::int64_t now = clock_.now_ms();
  auto keys = throttle_keys(username, address, options_);
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AccountStore accounts(*c);
  std::vector<store::ThrottleRecord> records;
  std::int64_t wait = 0;
  for (const auto& k : keys) {
    records.push_back(accounts.lock_throttle(k.key));
    wait = std::max(wait, records.back().locked_until - now);
  }
  if (wait > 0) return wait;  // rolled back: nothing counted
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto r = records[i];
    if (now - r.window_start > options_.failure_memory_ms) r.failures = 0;
    ++r.failures;
    r.window_start = now;
    r.locked_until = next_allowed(keys[i], r.failures, now, options_);
    accounts.update_throttle(keys[i].key, r);
  }
  tx.commit();
  return 0;
}

void AccountService::forgive_attempt(store::Connection& c, const std::string& username,
                                     const std::string& address) {
  auto keys = throttle_keys(username, address, options_);
  store::AccountStore accounts(c);
  accounts.clear_throttle(keys[0].key);
  accounts.clear_throttle(keys[1].key);
  auto r = accounts.lock_throttle(keys[2].key);
  r.failures = std::max(0, r.failures - 1);
  if (r.failures < keys[2].free_failures) r.locked_until = 0;
  accounts.update_throttle(keys[2].key, r);
}

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
  auto hashed = hashing([&] { return hash_password(request.password, options_.hashing); });
  if (!hashed) return hashed.error();
  const std::string& hash = *hashed;

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
  auto hash = hashing([&] { return hash_password(chosen, options_.hashing); });
  if (!hash) return hash.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AccountStore accounts(*c);
  auto user = accounts.find_user(actor.municipality, id);
  if (!user) return user_not_found();
  accounts.set_password_hash(actor.municipality, id, *hash, true);
  accounts.delete_sessions_of(actor.municipality, id);
  accounts.clear_throttle("user:" + user->username);
  accounts.clear_throttles_with_prefix("pair:" + user->username + "|");
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
                                       const std::string& next, const std::string& remote_address) {
  // Guessing the current password from a stolen session is throttled like a sign-in.
  if (auto wait = admit_attempt(session.user.username, remote_address); wait > 0) {
    return throttled(wait);
  }
  std::optional<store::UserRecord> record;
  {
    auto c = db_.connection();
    record = store::AccountStore(*c).find_user_by_name(session.user.username);
  }
  auto current_ok = hashing(
      [&] { return record.has_value() && verify_password(record->password_hash, current); });
  if (!current_ok) return current_ok.error();
  if (!*current_ok) {
    return make_error(ErrorKind::kInvalid, "user.wrong_password", "いまのパスワードが違います。");
  }
  {
    // The right current password: the attempt is not held against the user while they find a
    // new password the checks accept.
    auto c = db_.connection();
    store::Transaction tx(*c, store::TxMode::kWrite);
    forgive_attempt(*c, session.user.username, remote_address);
    tx.commit();
  }
  if (next == current) {
    return make_error(ErrorKind::kInvalid, "user.invalid",
                      "新しいパスワードは、いまのパスワードと違うものにしてください。");
  }
  if (auto problem = password_weakness(next, session.user.username); !problem.empty()) {
    return make_error(ErrorKind::kInvalid, "user.invalid", problem);
  }
  auto hash = hashing([&] { return hash_password(next, options_.hashing); });
  if (!hash) return hash.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AccountStore accounts(*c);
  accounts.set_password_hash(session.user.municipality, session.user.id, *hash, false);
  accounts.delete_other_sessions_of(session.user.municipality, session.user.id, session.token_hash);
  audit_.append(*c,
                {session.user.municipality, session.user.username, "user.password_change", "user",
                 std::to_string(session.user.id.value), "", "", kBasisAuthentication, ""});
  tx.commit();
  return Ok{};
}

Result<Session> AccountService::login(const std::string& username, const std::string& password,
                                      const std::string& remote_address) {
  if (auto wait = admit_attempt(username, remote_address); wait > 0) return throttled(wait);
  std::optional<store::UserRecord> record;
  {
    auto c = db_.connection();
    record = store::AccountStore(*c).find_user_by_name(username);
  }
  // Verify outside any transaction (slow by design), against a dummy hash for unknown users.
  const std::string& hash = record ? record->password_hash : dummy_hash();
  auto password_ok = hashing([&] { return verify_password(hash, password); });
  if (!password_ok) return password_ok.error();
  bool ok = record && *password_ok && !record->user.disabled;

  const std::int64_t now = clock_.now_ms();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AccountStore accounts(*c);
  if (!ok) {
    // The attempt was counted when it was admitted.
    if (record) {
      audit_.append(*c,
                    {record->user.municipality, record->user.username, "auth.login_failed", "user",
                     std::to_string(record->user.id.value), "", "", kBasisAuthentication, ""});
    }
    tx.commit();
    return failed_login();
  }
  forgive_attempt(*c, username, remote_address);
  accounts.set_last_login(record->user.municipality, record->user.id, now);
  Session session;
  session.user = record->user;
  session.user.last_login_at = now;
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

Result<std::vector<ThrottleInfo>> AccountService::throttles(const Actor& actor) {
  if (auto allowed = require(actor, Permission::kUserManage); !allowed) return allowed.error();
  auto c = db_.connection();
  store::AccountStore accounts(*c);
  std::vector<ThrottleInfo> out;
  for (const auto& [key, record] : accounts.active_throttles(1000)) {
    auto colon = key.find(':');
    if (colon == std::string::npos) continue;
    ThrottleInfo info{key.substr(0, colon), key.substr(colon + 1), record.failures,
                      record.locked_until, record.locked_until > clock_.now_ms()};
    if (info.kind != "addr") {
      // A user name (or a pair) is shown to its own municipality's admin only.
      auto name = info.subject.substr(0, info.subject.find('|'));
      auto user = accounts.find_user_by_name(name);
      if (!user || user->user.municipality != actor.municipality) continue;
    }
    out.push_back(std::move(info));
  }
  return out;
}

Status AccountService::clear_throttle(const Actor& actor, const std::string& kind,
                                      const std::string& subject) {
  if (auto allowed = require(actor, Permission::kUserManage); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AccountStore accounts(*c);
  std::string target_id;
  if (kind == "user") {
    auto user = accounts.find_user_by_name(subject);
    if (!user || user->user.municipality != actor.municipality) {
      return make_error(ErrorKind::kNotFound, "user.not_found", "その利用者は登録されていません。");
    }
    accounts.clear_throttle("user:" + subject);
    accounts.clear_throttles_with_prefix("pair:" + subject + "|");
    target_id = std::to_string(user->user.id.value);
  } else if (kind == "addr" && !subject.empty()) {
    accounts.clear_throttle("addr:" + subject);
    target_id = sha256_hex(subject).substr(0, 16);  // no address in the log
  } else {
    return make_error(ErrorKind::kInvalid, "request.invalid",
                      "解除するのは利用者（user）かアドレス（addr）です。");
  }
  audit_.append(*c, {actor.municipality, actor.name, "auth.throttle_clear",
                     kind == "user" ? "user" : "address", target_id, "", "", kBasisOfficialDuty,
                     R"({"kind":")" + kind + R"("})"});
  tx.commit();
  return Ok{};
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
