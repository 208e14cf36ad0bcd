// The account lifecycle's JSON routes (api/user_routes.cpp).
#pragma once

#include "route/context.hpp"
#include "service/account_service.hpp"

namespace tsunagu::api {

void add_user_routes(const route::AddRoute& add, service::AccountService& accounts);

}  // namespace tsunagu::api
