// Sign-in and the session: /healthz, POST /api/v1/login (sets the session cookie),
// POST /api/v1/logout, GET /api/v1/session (the user and the CSRF token).
#pragma once

#include <string>

#include "route/context.hpp"
#include "service/account_service.hpp"

namespace tsunagu::api {

void add_session_routes(const route::AddRoute& add, service::AccountService& accounts,
                        const std::string& session_cookie);

}  // namespace tsunagu::api
