// The account lifecycle's pages: the admin's list of users with add, disable and enable
// (/admin/users), one user's role and password reset (/admin/users/{id}), and every user's own
// password (/account/password), where a user whose password an admin set is sent first.
#include "route/account_decode.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"
#include "service/clock.hpp"
#include "service/password_policy.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace account_pages {
namespace {

using route::Context;

struct Deps {
  service::AccountService& accounts;
};

std::string place_of(const User& u) {
  if (!u.department_name.empty() && !u.agency_name.empty()) {
    return u.department_name + "・" + u.agency_name;
  }
  return !u.department_name.empty() ? u.department_name : u.agency_name;
}

std::string state_of(const User& u) {
  if (u.disabled) return "無効";
  if (u.must_change_password) return "有効（初回のパスワード変更待ち）";
  return "有効";
}

mstch::array role_options(Role selected) {
  mstch::array out;
  for (Role r : kAllRoles) {
    out.push_back(mstch::map{{"value", std::string(role_name(r))},
                             {"label", std::string(role_label(r))},
                             {"selected", r == selected}});
  }
  return out;
}

mstch::map user_view(const User& u, const Context& c) {
  return {{"id", std::to_string(u.id.value)},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role_label", std::string(role_label(u.role))},
          {"place", place_of(u)},
          {"state", state_of(u)},
          {"disabled", u.disabled},
          {"self", c.session->user.id == u.id},
          {"last_login",
           u.last_login_at ? service::format_jst(*u.last_login_at) : std::string("まだありません")},
          {"csrf", c.session->csrf_token}};
}

// A password shown once, after an add or a reset.
struct Shown {
  std::string username;
  std::string password;
  std::string what;  // "初期パスワード", "新しいパスワード"
};

http::Response users_page(const Deps& d, Context& c, int status, const std::string& notice,
                          const std::optional<Error>& error, const service::NewUser& form,
                          const std::optional<Shown>& shown) {
  auto users = d.accounts.list_users(c.actor);
  if (!users) return error_page(users.error());
  mstch::array rows;
  for (const auto& u : *users) rows.push_back(user_view(u, c));
  mstch::map context{{"users", rows},
                     {"count", std::to_string(users->size())},
                     {"csrf", c.session->csrf_token},
                     {"roles", role_options(form.role)},
                     {"form_username", form.username},
                     {"form_display_name", form.display_name},
                     {"form_department", form.department},
                     {"form_agency", form.agency}};
  if (!notice.empty()) context["notice"] = notice;
  if (error) context["error"] = mstch::map{{"message", error->message}};
  if (shown) {
    context["shown"] = mstch::map{
        {"username", shown->username}, {"password", shown->password}, {"what", shown->what}};
  }
  if (auto throttles = d.accounts.throttles(c.actor)) {
    mstch::array list;
    for (const auto& t : *throttles) {
      std::string label =
          t.kind == "addr"   ? "アドレス " + t.subject
          : t.kind == "user" ? "利用者 " + t.subject + "（すべてのアドレスから）"
                             : "利用者 " + t.subject.substr(0, t.subject.find('|')) +
                                   "（アドレス " + t.subject.substr(t.subject.find('|') + 1) + "）";
      const bool addr = t.kind == "addr";
      list.push_back(mstch::map{
          {"label", label},
          {"failures", std::to_string(t.failures)},
          {"until", t.waiting ? service::format_jst(t.locked_until) + " まで待ち" : "待ちなし"},
          {"kind", std::string(addr ? "addr" : "user")},
          {"subject", addr ? t.subject : t.subject.substr(0, t.subject.find('|'))},
          {"csrf", c.session->csrf_token}});
    }
    if (!list.empty()) context["throttles"] = list;
  }
  return html_response(status, render_page("admin_users", "利用者の管理", context, layout_for(c)));
}

http::Response list_users(const Deps& d, Context& c) {
  service::NewUser blank;
  blank.role = Role::kPartner;
  std::string notice;
  auto done = route::query_param(c.request, "done");
  if (done == "disabled")
    notice = "利用者を無効にしました。ログイン中の画面はすぐに使えなくなります。";
  if (done == "enabled") notice = "利用者を有効にしました。";
  if (done == "unthrottled") notice = "ログインの待ち時間を解除しました。";
  return users_page(d, c, 200, notice, std::nullopt, blank, std::nullopt);
}

http::Response add_user(const Deps& d, Context& c) {
  auto request = route::decode_new_user(route::Fields::from_form(c.request));
  service::NewUser form;
  if (!request) return users_page(d, c, 422, "", request.error(), form, std::nullopt);
  form = *request;
  form.password.clear();
  const bool generated = request->password.empty();
  if (generated) request->password = service::generate_password();
  auto user = d.accounts.add_user(c.actor, *request);
  if (!user) {
    return users_page(d, c, route::status_for(user.error()), "", user.error(), form, std::nullopt);
  }
  std::optional<Shown> shown;
  if (generated) shown = Shown{user->username, request->password, "初期パスワード"};
  service::NewUser blank;
  blank.role = Role::kPartner;
  return users_page(d, c, 201, "利用者「" + user->username + "」を追加しました。", std::nullopt,
                    blank, shown);
}

http::Response user_page(Context& c, const User& u, int status, const std::string& notice,
                         const std::optional<Error>& error, const std::optional<Shown>& shown) {
  mstch::map context = user_view(u, c);
  context["roles"] = role_options(u.role);
  context["form_department"] = u.department_name;
  context["form_agency"] = u.agency_name;
  if (!notice.empty()) context["notice"] = notice;
  if (error) context["error"] = mstch::map{{"message", error->message}};
  if (shown) {
    context["shown"] = mstch::map{
        {"username", shown->username}, {"password", shown->password}, {"what", shown->what}};
  }
  return html_response(status,
                       render_page("admin_user", "利用者 " + u.username, context, layout_for(c)));
}

Result<User> user_of(const Deps& d, const Context& c) {
  auto id = route::id_param<UserId>(c);
  if (!id) {
    return make_error(ErrorKind::kNotFound, "user.not_found", "その利用者は登録されていません。");
  }
  return d.accounts.find_user(c.actor, *id);
}

http::Response show_user(const Deps& d, Context& c) {
  auto user = user_of(d, c);
  if (!user) return error_page(user.error());
  std::string notice;
  if (route::query_param(c.request, "done") == "role") {
    notice = "役割を変更しました。この利用者はもう一度ログインします。";
  }
  return user_page(c, *user, 200, notice, std::nullopt, std::nullopt);
}

http::Response set_disabled(const Deps& d, Context& c, bool disabled) {
  auto user = user_of(d, c);
  if (!user) return error_page(user.error());
  auto changed = d.accounts.set_disabled(c.actor, user->id, disabled);
  if (!changed) {
    return user_page(c, *user, route::status_for(changed.error()), "", changed.error(),
                     std::nullopt);
  }
  return redirect(std::string("/admin/users?done=") + (disabled ? "disabled" : "enabled"));
}

http::Response disable(const Deps& d, Context& c) { return set_disabled(d, c, true); }
http::Response enable(const Deps& d, Context& c) { return set_disabled(d, c, false); }

http::Response reset_password(const Deps& d, Context& c) {
  auto user = user_of(d, c);
  if (!user) return error_page(user.error());
  auto chosen = route::form_fields(c.request)["password"];
  auto password = d.accounts.reset_password(c.actor, user->id, chosen);
  if (!password) {
    return user_page(c, *user, route::status_for(password.error()), "", password.error(),
                     std::nullopt);
  }
  auto after = d.accounts.find_user(c.actor, user->id);
  std::optional<Shown> shown;
  if (chosen.empty()) shown = Shown{user->username, *password, "新しいパスワード"};
  return user_page(c, after ? *after : *user, 200,
                   "パスワードを再設定しました。この利用者のログイン中の画面は使えなくなりました。",
                   std::nullopt, shown);
}

http::Response set_role(const Deps& d, Context& c) {
  auto user = user_of(d, c);
  if (!user) return error_page(user.error());
  auto change = route::decode_role_change(route::Fields::from_form(c.request));
  if (!change) return user_page(c, *user, 422, "", change.error(), std::nullopt);
  auto changed = d.accounts.set_role(c.actor, user->id, *change);
  if (!changed) {
    return user_page(c, *user, route::status_for(changed.error()), "", changed.error(),
                     std::nullopt);
  }
  return redirect("/admin/users/" + std::to_string(user->id.value) + "?done=role");
}

http::Response password_page(Context& c, int status, const std::string& notice,
                             const std::string& error) {
  mstch::map context{{"csrf", c.session->csrf_token},
                     {"username", c.session->user.username},
                     {"forced", c.session->user.must_change_password}};
  if (!notice.empty()) context["notice"] = notice;
  if (!error.empty()) context["error"] = mstch::map{{"message", error}};
  // A user who must first change their password sees no menu they could not use yet.
  mstch::map layout = c.session->user.must_change_password ? mstch::map{} : layout_for(c);
  return html_response(status,
                       render_page("account_password", "パスワードの変更", context, layout));
}

http::Response password_form(const Deps&, Context& c) {
  return password_page(
      c, 200, route::query_param(c.request, "done") == "1" ? "パスワードを変更しました。" : "", "");
}

http::Response change_password(const Deps& d, Context& c) {
  auto fields = route::form_fields(c.request);
  if (fields["new"] != fields["again"]) {
    return password_page(c, 422, "", "2回入力した新しいパスワードが一致しません。");
  }
  auto done = d.accounts.change_password(*c.session, fields["current"], fields["new"],
                                         c.request.remote_address);
  if (!done) return password_page(c, route::status_for(done.error()), "", done.error().message);
  return redirect(c.session->user.must_change_password ? "/" : "/account/password?done=1");
}

http::Response clear_throttle(const Deps& d, Context& c) {
  auto fields = route::form_fields(c.request);
  if (auto done = d.accounts.clear_throttle(c.actor, fields["kind"], fields["subject"]); !done) {
    service::NewUser blank;
    return users_page(d, c, route::status_for(done.error()), "", done.error(), blank, std::nullopt);
  }
  return redirect("/admin/users?done=unthrottled");
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"GET",  "/admin/users",               route::need(Permission::kUserManage), list_users},
    {"POST", "/admin/users",               route::need(Permission::kUserManage), add_user},
    {"GET",  "/admin/users/{id}",          route::need(Permission::kUserManage), show_user},
    {"POST", "/admin/users/{id}/disable",  route::need(Permission::kUserManage), disable},
    {"POST", "/admin/users/{id}/enable",   route::need(Permission::kUserManage), enable},
    {"POST", "/admin/users/{id}/password", route::need(Permission::kUserManage), reset_password},
    {"POST", "/admin/users/{id}/role",     route::need(Permission::kUserManage), set_role},
    {"POST", "/admin/throttles/clear",     route::need(Permission::kUserManage), clear_throttle},
    {"GET",  "/account/password",          route::signed_in(),                   password_form},
    {"POST", "/account/password",          route::signed_in(),                   change_password},
};
// clang-format on

}  // namespace
}  // namespace account_pages

void add_account_pages(const route::AddRoute& add_page, service::AccountService& accounts) {
  using namespace account_pages;
  route::add_table(add_page, Deps{accounts}, kPages);
}

}  // namespace tsunagu::web
