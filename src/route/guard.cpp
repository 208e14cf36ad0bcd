#include "route/guard.hpp"

#include <nlohmann/json.hpp>

#include "route/decode.hpp"
#include "route/respond.hpp"
#include "service/crypto.hpp"
#include "store/db.hpp"

namespace tsunagu::route {
namespace guard {
namespace {

// What a user whose password an admin set may do before choosing their own.
bool open_before_password_change(const RouteInfo& info) {
  static constexpr std::string_view kPatterns[] = {"/account/password", "/logout",
                                                   "/api/v1/account/password", "/api/v1/logout",
                                                   "/api/v1/session"};
  for (auto p : kPatterns) {
    if (info.pattern == p) return true;
  }
  return false;
}

}  // namespace
}  // namespace guard

Guard::Guard(service::AccountService& accounts, GuardOptions options, PageRefusal page_refusal)
    : accounts_(accounts), options_(std::move(options)), page_refusal_(std::move(page_refusal)) {}

http::Response Guard::refuse(const RouteInfo& info, const http::Request& request,
                             const Error& e) const {
  if (!info.page) return error_response(e);
  // Pages answer people: a missing session sends them to the login form, a refusal is a page.
  if (e.code == "auth.required") {
    http::Response r;
    r.status = 303;
    r.set("Location", "/login?next=" + http::percent_encode(request.target, "/-_."));
    return r;
  }
  if (e.code == "auth.password_change_required") {
    http::Response r;
    r.status = 303;
    r.set("Location", "/account/password");
    return r;
  }
  return page_refusal_(status_for(e), e.message);
}

std::optional<http::Response> Guard::admit_upload(const http::Request& head) const {
  auto session = accounts_.authenticate(session_token(head, options_.session_cookie));
  if (!session) return error_response(session.error());
  if (!service::equal_constant_time(head.header("x-csrf-token"), session->csrf_token)) {
    return error_response(make_error(ErrorKind::kForbidden, "auth.csrf",
                                     "ファイルの送信には X-CSRF-Token ヘッダーが必要です。画面を読"
                                     "み込み直してからもう一度送ってください。"));
  }
  return std::nullopt;
}

http::Response Guard::run(const RouteInfo& info, const RouteHandler& handler,
                          http::Request& request) const {
  Context context{request, std::nullopt, service::Actor{}};
  if (info.access != AccessKind::kPublic) {
    auto session = accounts_.authenticate(session_token(request, options_.session_cookie));
    if (!session) return refuse(info, request, session.error());
    context.session = std::move(session.value());
    context.actor = service::Actor::of(context.session->user);
    if (context.session->user.must_change_password && !guard::open_before_password_change(info)) {
      return refuse(info, request,
                    make_error(ErrorKind::kForbidden, "auth.password_change_required",
                               "初めてのログインか、パスワードが再設定されたため、先にご自分の"
                               "パスワードを決めてください（/account/password、API は POST "
                               "/api/v1/account/password）。"));
    }
    if (info.access == AccessKind::kPermission &&
        !role_allows(context.session->user.role, info.permission)) {
      return refuse(
          info, request,
          make_error(ErrorKind::kForbidden, "auth.forbidden", "この操作を行う権限がありません。"));
    }
    // Scripts send the token as a header; forms as the hidden field _csrf.
    std::string token(request.header("x-csrf-token"));
    if (token.empty() && info.page) token = form_fields(request)["_csrf"];
    if (request.method != "GET" && request.method != "HEAD" &&
        !service::equal_constant_time(token, context.session->csrf_token)) {
      return refuse(info, request,
                    make_error(ErrorKind::kForbidden, "auth.csrf",
                               "画面の有効期限が切れました。ページを読み込み直してからもう一度操"
                               "作してください。"));
    }
  }
  http::Response response;
  try {
    response = handler(context);
  } catch (const store::StoreError& e) {
    // What the database itself refused, where no service turned it into its own message.
    switch (e.kind()) {
      case store::StoreError::Kind::kUniqueViolation:
      case store::StoreError::Kind::kOverlap:
        response = error_response(make_error(ErrorKind::kConflict, "store.conflict",
                                             "同じ内容の記録がほかの操作で先に登録されました。画面"
                                             "を読み込み直して確かめてください。"));
        break;
      case store::StoreError::Kind::kBusy:
        response = error_response(
            make_error(ErrorKind::kUnavailable, "store.busy",
                       "データベースが混み合っています。少し待ってからもう一度操作してください。"));
        response.set("Retry-After", "1");
        break;
      default:
        throw;
    }
  } catch (const nlohmann::json::exception& e) {
    // A field of the wrong type (a number where text belongs, …): the sender's mistake.
    response = error_response(make_error(
        ErrorKind::kMalformed, "request.invalid",
        std::string("JSON の項目の型が正しくありません。送った内容を確かめてください。（") +
            e.what() + "）"));
  }
  response.set("Cache-Control", "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace tsunagu::route
