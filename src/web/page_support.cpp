#include "web/page_support.hpp"

#include "core/access.hpp"

namespace tsunagu::web {

mstch::map layout_for(const route::Context& c) {
  if (!c.session) return {};
  const User& u = c.session->user;
  mstch::array menu{mstch::map{{"href", std::string("/")}, {"label", std::string("ホーム")}}};
  auto item = [&](Permission p, const char* href, const char* label) {
    if (role_allows(u.role, p))
      menu.push_back(mstch::map{{"href", std::string(href)}, {"label", std::string(label)}});
  };
  item(Permission::kPlanRead, "/plan", "計画");
  item(Permission::kPlanRead, "/plan/system", "施策体系");
  item(Permission::kPlanRead, "/plan/document", "計画書");
  item(Permission::kPlanImport, "/plan/family", "基本計画");
  item(Permission::kPlanImport, "/plan/import", "施策一覧の取り込み");
  item(Permission::kProgressRead, "/progress/sheet", "進行管理シート");
  item(Permission::kProgressImport, "/progress/import", "シートの取り込み");
  item(Permission::kPlanRead, "/implementation", "実施計画");
  item(Permission::kCaseRead, "/cases", "対象者");
  item(Permission::kCaseWrite, "/cases/due", "予定の確認");
  item(Permission::kResourceRead, "/resources", "社会資源");
  item(Permission::kResourceRead, "/rooms", "面接室");
  item(Permission::kResourceRead, "/events", "研修・行事");
  item(Permission::kUserManage, "/admin/users", "利用者");
  item(Permission::kAuditRead, "/audit", "監査ログ");
  item(Permission::kAuditRead, "/audit/reviews", "第69条の確認");
  mstch::map user{{"display_name", u.display_name},
                  {"role_label", std::string(role_label(u.role))},
                  {"csrf", c.session->csrf_token},
                  {"menu", menu}};
  if (!u.department_name.empty()) user["department"] = u.department_name;
  return {{"user", user}};
}

http::Response redirect(const std::string& location) {
  http::Response r;
  r.status = 303;
  r.set("Location", location);
  r.set("Cache-Control", "no-store");
  return r;
}

mstch::array year_links(const std::vector<FiscalYear>& years, FiscalYear current) {
  mstch::array out;
  for (FiscalYear y : years) {
    out.push_back(
        mstch::map{{"year", y.short_name()},
                   {"year_label", y.japanese() + "（" + std::to_string(y.western()) + "）"},
                   {"current", y == current}});
  }
  return out;
}

}  // namespace tsunagu::web
