// AccountStore: municipalities, departments, users, sessions and login throttling.
// A thin repository over one Connection; the caller owns the transaction. Not thread-safe
// (neither is the connection). Methods throw StoreError on database faults; a duplicate key
// surfaces as StoreError::Kind::kUniqueViolation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/account.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

struct UserRecord {
  User user;
  std::string password_hash;
};

struct SessionRecord {
  std::string token_hash;  // SHA-256 of the cookie token; the token itself is never stored
  User user;
  std::string csrf_token;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;
};

// Failed sign-ins under one key ("user:NAME", "addr:ADDRESS", "pair:NAME|ADDRESS").
struct ThrottleRecord {
  int failures = 0;
  std::int64_t window_start = 0;  // the last failure, Unix ms (failures are forgotten later)
  std::int64_t locked_until = 0;  // no attempt before this, Unix ms
};

class AccountStore {
 public:
  explicit AccountStore(Connection& connection) : c_(connection) {}

  MunicipalityId create_municipality(const std::string& code, const std::string& name,
                                     std::int64_t now);
  std::optional<Municipality> find_municipality(MunicipalityId id);
  std::optional<Municipality> find_municipality_by_code(const std::string& code);
  std::vector<Municipality> list_municipalities();

  DepartmentId ensure_department(MunicipalityId municipality, const std::string& name);

  UserId add_user(const User& user, const std::string& password_hash, std::int64_t now);
  // Sign-in: user names are unique in the deployment, so this is the one read of a user that
  // names no municipality; the record says which it is.
  std::optional<UserRecord> find_user_by_name(const std::string& username);
  std::optional<User> find_user(MunicipalityId municipality, UserId id);
  std::vector<User> list_users(MunicipalityId municipality);
  // A new password hash; `must_change` asks the user for their own at the next sign-in.
  void set_password_hash(MunicipalityId municipality, UserId id, const std::string& password_hash,
                         bool must_change);
  void set_disabled(MunicipalityId municipality, UserId id, bool disabled);
  // Role, department and agency of `user` (its municipality and id name the row).
  void set_role(const User& user);
  void set_last_login(MunicipalityId municipality, UserId id, std::int64_t at);

  void create_session(const SessionRecord& session);
  // The session and its user, whatever its expiry (the caller decides). Found by the token's
  // hash alone: the municipality is what the session says.
  std::optional<SessionRecord> find_session(const std::string& token_hash);
  void touch_session(MunicipalityId municipality, const std::string& token_hash,
                     std::int64_t last_seen_at, std::int64_t expires_at);
  void delete_session(MunicipalityId municipality, const std::string& token_hash);
  // Every session of the user; returns how many ended.
  std::int64_t delete_sessions_of(MunicipalityId municipality, UserId user);
  // Every session of the user but the one it is using.
  std::int64_t delete_other_sessions_of(MunicipalityId municipality, UserId user,
                                        const std::string& kept_token_hash);
  // Every expired session of the deployment.
  std::int64_t delete_expired_sessions(std::int64_t now);

  std::optional<ThrottleRecord> find_throttle(const std::string& key);
  void put_throttle(const std::string& key, const ThrottleRecord& record);
  void clear_throttle(const std::string& key);
  // The record under `key` (created empty when none), locked until the write transaction ends.
  ThrottleRecord lock_throttle(const std::string& key);
  void update_throttle(const std::string& key, const ThrottleRecord& record);
  // Keys with failures, the longest-locked first.
  std::vector<std::pair<std::string, ThrottleRecord>> active_throttles(int limit);
  // Every key starting with `prefix` ("pair:yamada|"); returns how many.
  std::int64_t clear_throttles_with_prefix(const std::string& prefix);

 private:
  Connection& c_;
};

}  // namespace tsunagu::store
