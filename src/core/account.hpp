// Municipalities 自治体 and user accounts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/access.hpp"
#include "core/ids.hpp"

namespace tsunagu {

// One municipality (市区町村) or prefecture hosted by this deployment. Every record that belongs
// to a municipality carries its id.
struct Municipality {
  MunicipalityId id;
  std::string code;  // 全国地方公共団体コード or any unique short code
  std::string name;  // 狛江市
};

struct User {
  UserId id;
  MunicipalityId municipality;
  std::string username;
  std::string display_name;
  Role role = Role::kPartner;
  std::optional<DepartmentId> department;
  std::string department_name;     // empty when none
  std::optional<AgencyId> agency;  // a partner's agency (保護観察所, 社協, …)
  std::string agency_name;         // empty when none
  bool disabled = false;
  bool must_change_password = false;          // set by an admin's initial or reset password
  std::optional<std::int64_t> last_login_at;  // Unix ms of the last sign-in; none yet
};

// Usernames: 3–64 characters of ASCII letters, digits, '.', '_', '-'.
bool is_valid_username(std::string_view username);

}  // namespace tsunagu
