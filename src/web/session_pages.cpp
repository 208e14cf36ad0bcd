// GET/POST /login and POST /logout: the form sign-in for the pages.
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace session_pages {
namespace {

using route::Context;

constexpr std::int64_t kSessionSeconds = 12 * 60 * 60;

struct Deps {
  service::AccountService& accounts;
  std::string cookie;  // the session cookie's name
};

// Where a login may send the browser on: only a plain path of this site. "/cases?q=x" yes;
// "//evil.example", "/\evil", and anything with a control character (CR LF would start a
// header of the attacker's; a tab is dropped by browsers, so "/\t/evil" is "//evil") no.
// Other bytes (a space, UTF-8) go percent-encoded into the Location header.
std::string safe_next(const std::string& next) {
  if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\')))
    return "/";
  for (unsigned char c : next) {
    if (c < 0x20 || c == 0x7f || c == '\\') return "/";
  }
  // Every visible ASCII character stays as it is (the path and query as the browser sent them).
  return http::percent_encode(next, "!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~");
}

std::string login_page(const std::string& next, const std::string& username,
                       const std::string& error) {
  mstch::map context{{"next", next}, {"username", username}};
  if (!error.empty()) context["error"] = error;
  return render_page("login", "ログイン", context, {});
}

http::Response login_form(const Deps& d, Context& c) {
  if (d.accounts.authenticate(route::session_token(c.request, d.cookie))) return redirect("/");
  return html_response(200, login_page(safe_next(route::query_param(c.request, "next")), "", ""));
}

// A login form posted from another site would log the victim into the attacker's account.
bool same_site(const http::Request& request) {
  auto origin = request.header("origin");
  auto host = request.header("host");
  auto scheme_end = origin.find("://");
  return origin.empty() ||
         (scheme_end != std::string_view::npos && origin.substr(scheme_end + 3) == host);
}

http::Response login(const Deps& d, Context& c) {
  if (!same_site(c.request)) {
    return html_response(403, login_page("/", "", "このページからはログインできません。"));
  }
  auto fields = route::form_fields(c.request);
  std::string next = safe_next(fields["next"]);
  auto session = d.accounts.login(fields["username"], fields["password"], c.request.remote_address);
  if (!session) {
    int status = session.error().code == "auth.failed" ? 401 : route::status_for(session.error());
    auto r = html_response(status, login_page(next, fields["username"], session.error().message));
    if (auto wait = route::retry_after(session.error())) r.set("Retry-After", *wait);
    return r;
  }
  auto r = redirect(next);
  r.set("Set-Cookie",
        route::session_cookie_header(d.cookie, session->token, c.request.tls, kSessionSeconds));
  return r;
}

http::Response logout(const Deps& d, Context& c) {
  (void)d.accounts.logout(*c.session);
  auto r = redirect("/login");
  r.set("Set-Cookie", route::session_cookie_header(d.cookie, "", c.request.tls, 0));
  return r;
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"GET",  "/login",  route::anyone(),    login_form},
    {"POST", "/login",  route::anyone(),    login},
    {"POST", "/logout", route::signed_in(), logout},
};
// clang-format on

}  // namespace
}  // namespace session_pages

void add_session_pages(const route::AddRoute& add_page, service::AccountService& accounts,
                       const std::string& session_cookie) {
  using namespace session_pages;
  route::add_table(add_page, Deps{accounts, session_cookie}, kPages);
}

}  // namespace tsunagu::web
