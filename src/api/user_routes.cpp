// The account lifecycle over JSON: the admin's list, add, disable and enable, password reset
// and role change (GET/POST /api/v1/users…), and every user's own password change
// (POST /api/v1/account/password). The same use cases as /admin/users and /account/password.
#include "api/user_routes.hpp"
#include "api/user_json.hpp"
#include "route/account_decode.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"
#include "service/clock.hpp"
#include "service/password_policy.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace user_routes {
namespace {

using nlohmann::json;

struct Deps {
  service::AccountService& accounts;
};

Result<Fields> body_fields(const http::Request& request) {
  auto body = parse_json_body(request);
  if (!body) return body.error();
  return Fields::from_json(std::move(body.value()));
}

http::Response list(const Deps& d, Context& c) {
  auto users = d.accounts.list_users(c.actor);
  if (!users) return error_response(users.error());
  json out = json::array();
  for (const auto& u : *users) out.push_back(user_admin_json(u));
  return ok_json({{"users", out}});
}

http::Response add(const Deps& d, Context& c) {
  auto fields = body_fields(c.request);
  if (!fields) return error_response(fields.error());
  auto request = decode_new_user(*fields);
  if (!request) return error_response(request.error());
  const bool generated = request->password.empty();
  if (generated) request->password = service::generate_password();
  auto user = d.accounts.add_user(c.actor, *request);
  if (!user) return error_response(user.error());
  json body = {{"user", user_admin_json(*user)}};
  if (generated) body["password"] = request->password;
  return ok_json(body, 201);
}

http::Response set_disabled(const Deps& d, Context& c, bool disabled) {
  auto id = id_param<UserId>(c);
  if (!id)
    return error_response(
        make_error(ErrorKind::kNotFound, "user.not_found", "その利用者は登録されていません。"));
  auto user = d.accounts.set_disabled(c.actor, *id, disabled);
  if (!user) return error_response(user.error());
  return ok_json({{"user", user_admin_json(*user)}});
}

http::Response disable(const Deps& d, Context& c) { return set_disabled(d, c, true); }
http::Response enable(const Deps& d, Context& c) { return set_disabled(d, c, false); }

http::Response reset_password(const Deps& d, Context& c) {
  auto id = id_param<UserId>(c);
  if (!id)
    return error_response(
        make_error(ErrorKind::kNotFound, "user.not_found", "その利用者は登録されていません。"));
  std::string chosen;
  if (!c.request.body.empty()) {
    auto fields = body_fields(c.request);
    if (!fields) return error_response(fields.error());
    auto text = fields->text({"password", "新しいパスワード"});
    if (!text) return error_response(text.error());
    chosen = *text;
  }
  auto password = d.accounts.reset_password(c.actor, *id, chosen);
  if (!password) return error_response(password.error());
  json body = {{"must_change_password", true}};
  if (chosen.empty()) body["password"] = *password;
  return ok_json(body);
}

http::Response set_role(const Deps& d, Context& c) {
  auto id = id_param<UserId>(c);
  if (!id)
    return error_response(
        make_error(ErrorKind::kNotFound, "user.not_found", "その利用者は登録されていません。"));
  auto fields = body_fields(c.request);
  if (!fields) return error_response(fields.error());
  auto change = decode_role_change(*fields);
  if (!change) return error_response(change.error());
  auto user = d.accounts.set_role(c.actor, *id, *change);
  if (!user) return error_response(user.error());
  return ok_json({{"user", user_admin_json(*user)}});
}

http::Response change_password(const Deps& d, Context& c) {
  auto fields = body_fields(c.request);
  if (!fields) return error_response(fields.error());
  auto current = fields->text({"current", "いまのパスワード"});
  if (!current) return error_response(current.error());
  auto next = fields->text({"new", "新しいパスワード"});
  if (!next) return error_response(next.error());
  if (auto done = d.accounts.change_password(*c.session, *current, *next, c.request.remote_address);
      !done) {
    return error_response(done.error());
  }
  http::Response r;
  r.status = 204;
  return r;
}

http::Response throttles(const Deps& d, Context& c) {
  auto list = d.accounts.throttles(c.actor);
  if (!list) return error_response(list.error());
  json out = json::array();
  for (const auto& t : *list) {
    out.push_back({{"kind", t.kind},
                   {"subject", t.subject},
                   {"failures", t.failures},
                   {"waiting", t.waiting},
                   {"until", t.locked_until > 0 ? json(service::format_jst(t.locked_until))
                                                : json(nullptr)}});
  }
  return ok_json({{"throttles", out}});
}

http::Response clear_throttle(const Deps& d, Context& c) {
  auto fields = body_fields(c.request);
  if (!fields) return error_response(fields.error());
  auto kind = fields->text({"kind", "種類"});
  if (!kind) return error_response(kind.error());
  auto subject = fields->text({"subject", "対象"});
  if (!subject) return error_response(subject.error());
  if (auto done = d.accounts.clear_throttle(c.actor, *kind, *subject); !done) {
    return error_response(done.error());
  }
  http::Response r;
  r.status = 204;
  return r;
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",  "/api/v1/users",                     need(Permission::kUserManage), list},
    {"POST", "/api/v1/users",                     need(Permission::kUserManage), add},
    {"POST", "/api/v1/users/{id}/disable",        need(Permission::kUserManage), disable},
    {"POST", "/api/v1/users/{id}/enable",         need(Permission::kUserManage), enable},
    {"POST", "/api/v1/users/{id}/reset-password", need(Permission::kUserManage), reset_password},
    {"PUT",  "/api/v1/users/{id}/role",           need(Permission::kUserManage), set_role},
    {"POST", "/api/v1/account/password",          signed_in(),                   change_password},
    {"GET",  "/api/v1/login-throttles",           need(Permission::kUserManage), throttles},
    {"POST", "/api/v1/login-throttles/clear",     need(Permission::kUserManage), clear_throttle},
};
// clang-format on

}  // namespace
}  // namespace user_routes

void add_user_routes(const AddRoute& add, service::AccountService& accounts) {
  using namespace user_routes;
  add_table(add, Deps{accounts}, kRoutes);
}

}  // namespace tsunagu::api
