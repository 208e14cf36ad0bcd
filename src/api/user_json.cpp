#include "api/user_json.hpp"

#include "core/access.hpp"

namespace tsunagu::api {

nlohmann::json user_json(const User& u) {
  nlohmann::json j = {{"id", u.id.value},
                      {"username", u.username},
                      {"display_name", u.display_name},
                      {"role", role_name(u.role)},
                      {"role_label", role_label(u.role)}};
  if (!u.department_name.empty()) j["department"] = u.department_name;
  return j;
}

}  // namespace tsunagu::api
