// Who is acting: a logged-in user, or the operator at the command line (who already holds the
// database file, so the CLI acts with every permission but is still named in the audit log).
#pragma once

#include <string>

#include "core/access.hpp"
#include "core/account.hpp"
#include "core/case_access.hpp"
#include "core/result.hpp"

namespace tsunagu::service {

struct Actor {
  std::string name;  // audit name: the username, or "cli:<os user>"
  MunicipalityId municipality;
  std::optional<User> user;  // empty for the command-line operator

  static Actor of(const User& user) { return Actor{user.username, user.municipality, user}; }
  static Actor operator_at_cli(std::string os_user, MunicipalityId municipality) {
    return Actor{"cli:" + std::move(os_user), municipality, std::nullopt};
  }
  bool may(Permission permission) const {
    return !user.has_value() || role_allows(user->role, permission);
  }
  // The command-line operator, a case coordinator or a case worker.
  bool is_case_staff() const { return !user.has_value() || tsunagu::is_case_staff(user->role); }
};

// Error "auth.forbidden" unless the actor holds `permission`.
inline Status require(const Actor& actor, Permission permission) {
  if (actor.may(permission)) return Ok{};
  return make_error(ErrorKind::kForbidden, "auth.forbidden", "この操作を行う権限がありません。");
}

}  // namespace tsunagu::service
