// A user as the API shows it (login, session).
#pragma once

#include <nlohmann/json.hpp>

#include "core/account.hpp"

namespace tsunagu::api {

// {"id","username","display_name","role","role_label"[,"department"]}
nlohmann::json user_json(const User& u);

}  // namespace tsunagu::api
