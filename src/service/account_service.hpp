// AccountService: municipalities, user accounts, login with throttling, sessions stored in the
// database (so several servers can share one PostgreSQL), logout. Thread-safe: every call
// borrows its own connection from the pool.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "core/account.hpp"
#include "core/result.hpp"
#include "service/actor.hpp"
#include "service/audit_log.hpp"
#include "service/clock.hpp"
#include "service/crypto.hpp"
#include "store/db.hpp"

namespace tsunagu::service {

struct AuthOptions {
  PasswordHashing hashing;
  std::int64_t idle_timeout_ms = 2LL * 60 * 60 * 1000;       // a session unused for 2 h ends
  std::int64_t absolute_timeout_ms = 12LL * 60 * 60 * 1000;  // and any session after 12 h
  std::int64_t touch_interval_ms = 5LL * 60 * 1000;          // last-seen written at most this often
  int max_failures_per_user = 5;  // failed logins for one username before it is locked
  int max_failures_per_address = 30;
  std::int64_t failure_window_ms = 15LL * 60 * 1000;
  std::int64_t lockout_ms = 15LL * 60 * 1000;
};

struct NewUser {
  std::string username;
  std::string display_name;  // defaults to the username
  Role role = Role::kPartner;
  std::string department;  // 担当課 name; created on first use; required for department-editor
  std::string password;
  std::string agency;  // a registered agency's name (partners: 保護観察所, 社協, …); optional
};

// A logged-in user's session. `token` is only filled by login() (it goes into the cookie).
struct Session {
  User user;
  std::string token;
  std::string token_hash;
  std::string csrf_token;
  std::int64_t expires_at = 0;
};

class AccountService {
 public:
  AccountService(store::Database& db, const Clock& clock, const AuditLog& audit,
                 AuthOptions options = {});

  // Creates a municipality (the first one at `tsunagu init`). Errors "municipality.exists",
  // "municipality.invalid".
  Result<Municipality> create_municipality(const Actor& actor, const std::string& code,
                                           const std::string& name);
  // The municipality with `code`, or the only one when `code` is empty. Errors
  // "municipality.not_found", "municipality.ambiguous" (several exist; name one).
  Result<Municipality> find_municipality(const std::string& code);

  // Errors: "auth.forbidden", "user.invalid" (bad name, password, missing department),
  // "user.exists".
  Result<User> add_user(const Actor& actor, const NewUser& request);

  // Checks the password and opens a session. Errors "auth.failed" (unknown user, wrong password
  // or disabled: one message for all, so names cannot be probed) and "auth.throttled".
  Result<Session> login(const std::string& username, const std::string& password,
                        const std::string& remote_address);

  // The session behind a cookie token. Error "auth.required" when unknown or expired.
  Result<Session> authenticate(const std::string& token);

  Status logout(const Session& session);

 private:
  store::Database& db_;
  const Clock& clock_;
  const AuditLog& audit_;
  AuthOptions options_;
  // Verified against when the user does not exist, so that both cases take equally long.
  // Computed on first need: most commands never log anyone in.
  const std::string& dummy_hash();
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

}  // namespace tsunagu::service
