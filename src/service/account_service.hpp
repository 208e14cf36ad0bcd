// AccountService: municipalities, user accounts, login with throttling, sessions stored in the
// database (so several servers can share one PostgreSQL), logout. Thread-safe: every call
// borrows its own connection from the pool.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <type_traits>
#include <vector>

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
  // Sign-in throttling, three keys per attempt: the user name from this address, the user name
  // from anywhere, this address for any name. Each attempt is counted before the password is
  // checked (one transaction checks and counts, so parallel requests get no extra guesses); past
  // a key's free failures the next attempt waits first_delay, doubling with each failure up to
  // the key's maximum. A success clears the user name's keys. There is no hard lock: others can
  // slow a named account by max_user_delay at most, while the guessing address waits longer.
  int free_failures_per_pair = 5;
  int free_failures_per_user = 20;
  int free_failures_per_address = 100;
  std::int64_t first_delay_ms = 1000;
  std::int64_t max_delay_ms = 15LL * 60 * 1000;            // the pair and the address
  std::int64_t max_user_delay_ms = 60LL * 1000;            // the user name from anywhere
  std::int64_t failure_memory_ms = 24LL * 60 * 60 * 1000;  // forgotten a day after the last
  // Password hashing (argon2id, 64 MiB each) at most this many at once (0: one per core, at
  // least 2); a request that waits longer than hash_wait_ms is answered 503.
  int max_concurrent_hashes = 0;
  std::int64_t hash_wait_ms = 5000;
};

// A throttle as the admin sees it.
struct ThrottleInfo {
  std::string kind;     // "pair", "user", "addr"
  std::string subject;  // the user name, the address, or "NAME|ADDRESS"
  int failures = 0;
  std::int64_t locked_until = 0;  // Unix ms; 0 or past: not waiting
  bool waiting = false;           // locked_until is still ahead
};

struct NewUser {
  std::string username;
  std::string display_name;  // defaults to the username
  Role role = Role::kPartner;
  std::string department;  // 担当課 name; created on first use; required for department-editor
  std::string password;
  std::string agency;  // a registered agency's name (partners: 保護観察所, 社協, …); optional
  // The user sets their own password at the first sign-in: true when an admin chose or
  // generated it (the admin page, `user add`); the demo's fictional accounts are exempt.
  bool must_change_password = false;
};

// What an admin may change about a user besides the password.
struct RoleChange {
  Role role = Role::kPartner;
  std::string department;  // 担当課; required for department-editor
  std::string agency;      // a registered agency's name; optional
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

  // The municipality's users, by user name. Errors "auth.forbidden".
  Result<std::vector<User>> list_users(const Actor& actor);
  // Errors "auth.forbidden", "user.not_found".
  Result<User> find_user(const Actor& actor, UserId id);
  Result<User> find_user(const Actor& actor, const std::string& username);

  // Disables (the user's sessions end at once: the next request answers 401 or the login page)
  // or enables an account. Errors "auth.forbidden", "user.not_found", "user.self" (an admin's
  // own account: nobody could then enable it from this session).
  Result<User> set_disabled(const Actor& actor, UserId id, bool disabled);

  // A new password for the user, `password` or (empty) a generated one, which the user must
  // change at the next sign-in; the user's sessions end. Returns the password, to be shown
  // once. Errors "auth.forbidden", "user.not_found", "user.invalid" (a weak password),
  // "user.self" (an admin's own password is changed at /account/password).
  Result<std::string> reset_password(const Actor& actor, UserId id, const std::string& password);

  // Role, department and agency; the user's sessions end. Errors "auth.forbidden",
  // "user.not_found", "user.invalid", "user.self" (an admin's own role).
  Result<User> set_role(const Actor& actor, UserId id, const RoleChange& change);

  // The signed-in user's own password: `current` must be right, `next` strong; every other
  // session of the user ends, this one stays. Errors "user.wrong_password" (current wrong),
  // "user.invalid" (next weak or the same as current).
  Status change_password(const Session& session, const std::string& current,
                         const std::string& next, const std::string& remote_address);

  // The sign-in throttles with failures: the municipality's user names (and their pairs) and
  // every address. Errors "auth.forbidden".
  Result<std::vector<ThrottleInfo>> throttles(const Actor& actor);
  // Clears every throttle of a user name of the municipality (its pairs too), or of an address.
  // Audited. Errors "auth.forbidden", "user.not_found".
  Status clear_throttle(const Actor& actor, const std::string& kind, const std::string& subject);

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
  // Counts an attempt under the keys of (username, address) in one write transaction: 0 when
  // admitted, else the milliseconds to wait (nothing counted).
  std::int64_t admit_attempt(const std::string& username, const std::string& address);
  // After a success: the user name's keys cleared, the address's count given back.
  void forgive_attempt(store::Connection& c, const std::string& username,
                       const std::string& address);
  // Runs argon2id work under the concurrency bound; error "auth.busy" when no slot frees soon.
  template <class F>
  Result<std::invoke_result_t<F>> hashing(F&& work);
  std::counting_semaphore<256> hash_slots_;
  // Sets the department (created on first use) and the agency (registered) of `user` from their
  // names. Errors "user.invalid".
  Status place_user(store::Connection& c, User& user, const std::string& department,
                    const std::string& agency);
  // Writes one account change to the audit log inside the caller's transaction.
  void audit_user(store::Connection& c, const Actor& actor, const char* action, const User& user);
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

}  // namespace tsunagu::service
