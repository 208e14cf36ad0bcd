// A user as the API shows it (login, session).
#pragma once

#include <nlohmann/json.hpp>

#include "core/account.hpp"

namespace tsunagu::api {

// {"id","username","display_name","role","role_label"[,"department"][,"agency"]
//  [,"must_change_password":true]}
nlohmann::json user_json(const User& u);

// The same with the account's state for the admin: "disabled", "must_change_password" and
// "last_login_at" ("2026-12-02 10:00:00 JST", or null).
nlohmann::json user_admin_json(const User& u);

}  // namespace tsunagu::api
