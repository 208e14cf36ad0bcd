// The account forms and their JSON twins, read once for the admin's pages and the API:
// username, display_name, role, department, agency, password.
#pragma once

#include "core/result.hpp"
#include "route/fields.hpp"
#include "service/account_service.hpp"

namespace tsunagu::route {

// A new user as an admin adds them; the password may be blank (the system generates one).
// The user must change it at the first sign-in. Errors "field.invalid" (a role that is none).
Result<service::NewUser> decode_new_user(const Fields& f);

// A change of role, department and agency. Errors as above.
Result<service::RoleChange> decode_role_change(const Fields& f);

}  // namespace tsunagu::route
