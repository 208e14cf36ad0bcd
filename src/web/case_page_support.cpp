#include "web/case_page_support.hpp"

#include "route/decode.hpp"
#include "route/respond.hpp"
#include "web/page_support.hpp"
#include "web/render.hpp"

namespace tsunagu::web::cases {

std::string day(Date d) { return format_wareki_date_with_western(d); }
std::string day(const std::optional<Date>& d) { return d ? day(*d) : std::string(); }

std::string csrf(const route::Context& c) {
  return c.session ? c.session->csrf_token : std::string();
}

bool staff(const route::Context& c) { return c.actor.may(Permission::kCaseWrite); }

std::string agency_name(const std::vector<Agency>& agencies, std::optional<AgencyId> id) {
  if (!id) return "";
  for (const auto& a : agencies) {
    if (a.id == *id) return a.name;
  }
  return "（不明な機関）";
}

mstch::array agency_options(const std::vector<Agency>& agencies) {
  mstch::array out;
  for (const auto& a : agencies) {
    out.push_back(mstch::map{{"id", std::to_string(a.id.value)},
                             {"name", a.name},
                             {"kind", std::string(agency_kind_label(a.kind))}});
  }
  return out;
}

std::optional<PersonId> person_param(const route::Context& c) {
  return route::id_param<PersonId>(c, "id");
}

http::Response no_such_person() { return error_page(404, "指定された対象者は見つかりません。"); }

std::string back_to(PersonId id, const std::string& notice) {
  return "/cases/" + std::to_string(id.value) + "?notice=" + notice;
}

std::string notice_text(const std::string& code) {
  static const std::pair<const char*, const char*> kNotices[] = {
      {"registered", "登録しました。"},
      {"consent", "同意を記録しました。"},
      {"withdrawn", "同意の撤回を記録しました。"},
      {"referral", "つなぎを送りました。"},
      {"answered", "つなぎの状態を更新しました。"},
      {"meeting", "会議の記録を保存しました。"},
      {"plan", "支援プランを保存しました。"},
      {"closed", "終結を記録し、フォローアップを予定しました。"},
      {"review", "進捗確認を予定しました。"},
      {"checkpoint", "確認の結果を記録しました。"},
      {"supporter", "支援者を記録しました。"},
  };
  for (const auto& [key, text] : kNotices) {
    if (code == key) return text;
  }
  return "";
}

std::string error_text(const Error& e) {
  std::string message = e.message;
  for (const auto& d : e.details) message += " " + d.message;
  return message;
}

http::Response refused_page(const route::Context& c, PersonId id, const Error& e) {
  mstch::map context{{"message", e.message},
                     {"id", std::to_string(id.value)},
                     {"csrf", csrf(c)},
                     {"may_invoke", staff(c) && e.code == "access.denied"}};
  mstch::array grounds;
  for (BasisKind k : {BasisKind::kLaw, BasisKind::kInternalUse, BasisKind::kOtherAgency,
                      BasisKind::kSpecialReason}) {
    grounds.push_back(
        mstch::map{{"code", basis_code({k, 0, ""})}, {"label", std::string(basis_label(k))}});
  }
  context["grounds"] = grounds;
  return html_response(
      route::status_for(e),
      render_page("case_refused", "対象者の情報を表示できません", context, layout_for(c)));
}

}  // namespace tsunagu::web::cases
