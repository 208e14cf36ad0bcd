#include "api/user_json.hpp"

#include "core/access.hpp"
#include "service/clock.hpp"

namespace tsunagu::api {

nlohmann::json user_json(const User& u) {
  nlohmann::json j = {{"id", u.id.value},
                      {"username", u.username},
                      {"display_name", u.display_name},
                      {"role", role_name(u.role)},
                      {"role_label", role_label(u.role)}};
  if (!u.department_name.empty()) j["department"] = u.department_name;
  if (!u.agency_name.empty()) j["agency"] = u.agency_name;
  if (u.must_change_password) j["must_change_password"] = true;
  return j;
}

nlohmann::json user_admin_json(const User& u) {
  nlohmann::json j = user_json(u);
  j["disabled"] = u.disabled;
  j["must_change_password"] = u.must_change_password;
  j["last_login_at"] = u.last_login_at ? nlohmann::json(service::format_jst(*u.last_login_at))
                                       : nlohmann::json(nullptr);
  return j;
}

}  // namespace tsunagu::api
