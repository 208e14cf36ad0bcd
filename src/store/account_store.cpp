#include "store/account_store.hpp"

namespace tsunagu::store {
namespace sql {

constexpr const char* kInsertMunicipality =
    "INSERT INTO municipality (code, name, created_at) VALUES (?, ?, ?) RETURNING id";
constexpr const char* kMunicipalityById = "SELECT id, code, name FROM municipality WHERE id = ?";
constexpr const char* kMunicipalityByCode =
    "SELECT id, code, name FROM municipality WHERE code = ?";
constexpr const char* kMunicipalities = "SELECT id, code, name FROM municipality ORDER BY id";
constexpr const char* kDepartmentByName =
    "SELECT id FROM department WHERE municipality_id = ? AND name = ?";
constexpr const char* kInsertDepartment =
    "INSERT INTO department (municipality_id, name) VALUES (?, ?) RETURNING id";
constexpr const char* kInsertUser =
    "INSERT INTO app_user (municipality_id, username, display_name, role, department_id, "
    "agency_id, password_hash, disabled, must_change_password, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

// Columns 0..11 of every user query, in the order read_user() expects.
#define TSUNAGU_USER_COLUMNS                                                       \
  "u.id, u.municipality_id, u.username, u.display_name, u.role, u.department_id, " \
  "COALESCE(d.name, ''), u.disabled, u.agency_id, COALESCE(a.name, ''), "          \
  "u.must_change_password, u.last_login_at"
#define TSUNAGU_USER_FROM                                              \
  " FROM app_user u LEFT JOIN department d ON d.id = u.department_id " \
  "LEFT JOIN agency a ON a.id = u.agency_id "

constexpr const char* kUserByName =
    "SELECT " TSUNAGU_USER_COLUMNS ", u.password_hash" TSUNAGU_USER_FROM "WHERE u.username = ?";
constexpr const char* kUserById =
    "SELECT " TSUNAGU_USER_COLUMNS TSUNAGU_USER_FROM "WHERE u.municipality_id = ? AND u.id = ?";
constexpr const char* kUsersOf = "SELECT " TSUNAGU_USER_COLUMNS TSUNAGU_USER_FROM
                                 "WHERE u.municipality_id = ? ORDER BY u.username";
constexpr const char* kSessionByHash =
    "SELECT " TSUNAGU_USER_COLUMNS
    ", s.csrf_token, s.created_at, s.last_seen_at, s.expires_at "
    "FROM user_session s JOIN app_user u ON u.id = s.user_id "
    "LEFT JOIN department d ON d.id = u.department_id LEFT JOIN agency a ON a.id = u.agency_id "
    "WHERE s.token_hash = ?";
#undef TSUNAGU_USER_COLUMNS
#undef TSUNAGU_USER_FROM

constexpr const char* kSetPassword =
    "UPDATE app_user SET password_hash = ?, must_change_password = ? WHERE municipality_id = ? "
    "AND id = ?";
constexpr const char* kSetRole =
    "UPDATE app_user SET role = ?, department_id = ?, agency_id = ? WHERE municipality_id = ? "
    "AND id = ?";
constexpr const char* kSetLastLogin =
    "UPDATE app_user SET last_login_at = ? WHERE municipality_id = ? AND id = ?";
constexpr const char* kSetDisabled =
    "UPDATE app_user SET disabled = ? WHERE municipality_id = ? AND id = ?";
constexpr const char* kInsertSession =
    "INSERT INTO user_session (token_hash, municipality_id, user_id, csrf_token, created_at, "
    "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kTouchSession =
    "UPDATE user_session SET last_seen_at = ?, expires_at = ? WHERE municipality_id = ? "
    "AND token_hash = ?";
constexpr const char* kDeleteSession =
    "DELETE FROM user_session WHERE municipality_id = ? AND token_hash = ?";
constexpr const char* kDeleteSessionsOf =
    "DELETE FROM user_session WHERE municipality_id = ? AND user_id = ?";
constexpr const char* kDeleteOtherSessionsOf =
    "DELETE FROM user_session WHERE municipality_id = ? AND user_id = ? AND token_hash <> ?";
constexpr const char* kDeleteExpired = "DELETE FROM user_session WHERE expires_at <= ?";
constexpr const char* kThrottle =
    "SELECT failures, window_start, locked_until FROM login_throttle WHERE throttle_key = ?";
constexpr const char* kDeleteThrottle = "DELETE FROM login_throttle WHERE throttle_key = ?";
constexpr const char* kInsertThrottle =
    "INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until) "
    "VALUES (?, ?, ?, ?)";
// Check and count in one transaction: the row exists, then the UPDATE locks it (PostgreSQL: a
// row lock; SQLite: the write transaction) until the transaction ends, so parallel attempts
// queue on it and each sees the count the one before left.
constexpr const char* kEnsureThrottle =
    "INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until) "
    "VALUES (?, 0, 0, 0) ON CONFLICT (throttle_key) DO NOTHING";
constexpr const char* kLockThrottle =
    "UPDATE login_throttle SET failures = failures WHERE throttle_key = ? "
    "RETURNING failures, window_start, locked_until";
constexpr const char* kUpdateThrottle =
    "UPDATE login_throttle SET failures = ?, window_start = ?, locked_until = ? "
    "WHERE throttle_key = ?";
constexpr const char* kActiveThrottles =
    "SELECT throttle_key, failures, window_start, locked_until FROM login_throttle "
    "WHERE failures > 0 ORDER BY locked_until DESC, throttle_key LIMIT ?";
constexpr const char* kDeleteThrottlesWithPrefix =
    "DELETE FROM login_throttle WHERE substr(throttle_key, 1, ?) = ?";

}  // namespace sql

namespace {

Municipality read_municipality(const Row& r) {
  return {MunicipalityId{r.integer(0)}, r.text(1), r.text(2)};
}

User read_user(const Row& r) {
  User u;
  u.id = UserId{r.integer(0)};
  u.municipality = MunicipalityId{r.integer(1)};
  u.username = r.text(2);
  u.display_name = r.text(3);
  u.role = parse_role(r.text(4)).value_or(Role::kPartner);
  if (auto d = r.optional_integer(5)) u.department = DepartmentId{*d};
  u.department_name = r.text(6);
  u.disabled = r.integer(7) != 0;
  if (auto a = r.optional_integer(8)) u.agency = AgencyId{*a};
  u.agency_name = r.text(9);
  u.must_change_password = r.integer(10) != 0;
  u.last_login_at = r.optional_integer(11);
  return u;
}

}  // namespace

MunicipalityId AccountStore::create_municipality(const std::string& code, const std::string& name,
                                                 std::int64_t now) {
  auto rows = c_.query(sql::kInsertMunicipality, {code, name, now});
  return MunicipalityId{rows.at(0).integer(0)};
}

std::optional<Municipality> AccountStore::find_municipality(MunicipalityId id) {
  auto rows = c_.query(sql::kMunicipalityById, {id.value});
  if (rows.empty()) return std::nullopt;
  return read_municipality(rows[0]);
}

std::optional<Municipality> AccountStore::find_municipality_by_code(const std::string& code) {
  auto rows = c_.query(sql::kMunicipalityByCode, {code});
  if (rows.empty()) return std::nullopt;
  return read_municipality(rows[0]);
}

std::vector<Municipality> AccountStore::list_municipalities() {
  std::vector<Municipality> out;
  for (const auto& r : c_.query(sql::kMunicipalities)) out.push_back(read_municipality(r));
  return out;
}

DepartmentId AccountStore::ensure_department(MunicipalityId municipality, const std::string& name) {
  auto rows = c_.query(sql::kDepartmentByName, {municipality.value, name});
  if (!rows.empty()) return DepartmentId{rows[0].integer(0)};
  rows = c_.query(sql::kInsertDepartment, {municipality.value, name});
  return DepartmentId{rows.at(0).integer(0)};
}

UserId AccountStore::add_user(const User& user, const std::string& password_hash,
                              std::int64_t now) {
  Value department = nullptr;
  if (user.department) department = user.department->value;
  Value agency = nullptr;
  if (user.agency) agency = user.agency->value;
  auto rows = c_.query(sql::kInsertUser, {user.municipality.value, user.username, user.display_name,
                                          std::string(role_name(user.role)), department, agency,
                                          password_hash, std::int64_t{user.disabled ? 1 : 0},
                                          std::int64_t{user.must_change_password ? 1 : 0}, now});
  return UserId{rows.at(0).integer(0)};
}

std::optional<UserRecord> AccountStore::find_user_by_name(const std::string& username) {
  auto rows = c_.query(sql::kUserByName, {username});
  if (rows.empty()) return std::nullopt;
  return UserRecord{read_user(rows[0]), rows[0].text(12)};
}

std::optional<User> AccountStore::find_user(MunicipalityId municipality, UserId id) {
  auto rows = c_.query(sql::kUserById, {municipality.value, id.value});
  if (rows.empty()) return std::nullopt;
  return read_user(rows[0]);
}

std::vector<User> AccountStore::list_users(MunicipalityId municipality) {
  std::vector<User> out;
  for (const auto& r : c_.query(sql::kUsersOf, {municipality.value})) out.push_back(read_user(r));
  return out;
}

void AccountStore::set_password_hash(MunicipalityId municipality, UserId id,
                                     const std::string& password_hash, bool must_change) {
  c_.execute(sql::kSetPassword,
             {password_hash, std::int64_t{must_change ? 1 : 0}, municipality.value, id.value});
}

void AccountStore::set_role(const User& user) {
  Value department = nullptr;
  if (user.department) department = user.department->value;
  Value agency = nullptr;
  if (user.agency) agency = user.agency->value;
  c_.execute(sql::kSetRole, {std::string(role_name(user.role)), department, agency,
                             user.municipality.value, user.id.value});
}

void AccountStore::set_last_login(MunicipalityId municipality, UserId id, std::int64_t at) {
  c_.execute(sql::kSetLastLogin, {at, municipality.value, id.value});
}

void AccountStore::set_disabled(MunicipalityId municipality, UserId id, bool disabled) {
  c_.execute(sql::kSetDisabled, {std::int64_t{disabled ? 1 : 0}, municipality.value, id.value});
}

void AccountStore::create_session(const SessionRecord& s) {
  c_.execute(sql::kInsertSession, {s.token_hash, s.user.municipality.value, s.user.id.value,
                                   s.csrf_token, s.created_at, s.last_seen_at, s.expires_at});
}

std::optional<SessionRecord> AccountStore::find_session(const std::string& token_hash) {
  auto rows = c_.query(sql::kSessionByHash, {token_hash});
  if (rows.empty()) return std::nullopt;
  const Row& r = rows[0];
  return SessionRecord{token_hash,    read_user(r),  r.text(12),
                       r.integer(13), r.integer(14), r.integer(15)};
}

void AccountStore::touch_session(MunicipalityId municipality, const std::string& token_hash,
                                 std::int64_t last_seen_at, std::int64_t expires_at) {
  c_.execute(sql::kTouchSession, {last_seen_at, expires_at, municipality.value, token_hash});
}

void AccountStore::delete_session(MunicipalityId municipality, const std::string& token_hash) {
  c_.execute(sql::kDeleteSession, {municipality.value, token_hash});
}

std::int64_t AccountStore::delete_sessions_of(MunicipalityId municipality, UserId user) {
  return c_.execute(sql::kDeleteSessionsOf, {municipality.value, user.value});
}

std::int64_t AccountStore::delete_other_sessions_of(MunicipalityId municipality, UserId user,
                                                    const std::string& kept_token_hash) {
  return c_.execute(sql::kDeleteOtherSessionsOf, {municipality.value, user.value, kept_token_hash});
}

std::int64_t AccountStore::delete_expired_sessions(std::int64_t now) {
  return c_.execute(sql::kDeleteExpired, {now});
}

std::optional<ThrottleRecord> AccountStore::find_throttle(const std::string& key) {
  auto rows = c_.query(sql::kThrottle, {key});
  if (rows.empty()) return std::nullopt;
  return ThrottleRecord{static_cast<int>(rows[0].integer(0)), rows[0].integer(1),
                        rows[0].integer(2)};
}

void AccountStore::put_throttle(const std::string& key, const ThrottleRecord& r) {
  c_.execute(sql::kDeleteThrottle, {key});
  c_.execute(sql::kInsertThrottle, {key, std::int64_t{r.failures}, r.window_start, r.locked_until});
}

void AccountStore::clear_throttle(const std::string& key) {
  c_.execute(sql::kDeleteThrottle, {key});
}

ThrottleRecord AccountStore::lock_throttle(const std::string& key) {
  c_.execute(sql::kEnsureThrottle, {key});
  auto rows = c_.query(sql::kLockThrottle, {key});
  return ThrottleRecord{static_cast<int>(rows.at(0).integer(0)), rows.at(0).integer(1),
                        rows.at(0).integer(2)};
}

void AccountStore::update_throttle(const std::string& key, const ThrottleRecord& r) {
  c_.execute(sql::kUpdateThrottle, {std::int64_t{r.failures}, r.window_start, r.locked_until, key});
}

std::vector<std::pair<std::string, ThrottleRecord>> AccountStore::active_throttles(int limit) {
  std::vector<std::pair<std::string, ThrottleRecord>> out;
  for (const auto& r : c_.query(sql::kActiveThrottles, {std::int64_t{limit}})) {
    out.emplace_back(r.text(0),
                     ThrottleRecord{static_cast<int>(r.integer(1)), r.integer(2), r.integer(3)});
  }
  return out;
}

std::int64_t AccountStore::clear_throttles_with_prefix(const std::string& prefix) {
  return c_.execute(sql::kDeleteThrottlesWithPrefix,
                    {static_cast<std::int64_t>(prefix.size()), prefix});
}

}  // namespace tsunagu::store
