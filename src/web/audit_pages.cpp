// The auditor's pages: the audit log with filters, paging and CSV (/audit, /audit.csv), with
// the chain's state and its newest anchor; and the reads on a ground of 個人情報保護法第69条
// waiting for sign-off (/audit/reviews), each signed off as reviewed, with a comment, or
// referred.
#include <nlohmann/json.hpp>

#include "core/case_access.hpp"
#include "io/delimited.hpp"
#include "route/audit_decode.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"
#include "service/clock.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace audit_pages {
namespace {

using route::Context;

constexpr int kPageRows = 100;
constexpr int kCsvMaxRows = 100000;

struct Deps {
  service::AuditService& audit;
};

// "consent:12" → "本人の同意（同意 12）", "law" → its article, "official_duty" → 職務.
std::string basis_text(const std::string& code) {
  if (code.empty() || code == "none") return "（根拠なし）";
  if (code == service::kBasisOfficialDuty) return "所掌事務の遂行";
  if (code == "within_purpose") return std::string(basis_label(BasisKind::kWithinPurpose));
  if (auto ground = parse_ground(code)) return std::string(basis_label(*ground));
  auto colon = code.find(':');
  const std::string kind = code.substr(0, colon);
  const std::string ref = colon == std::string::npos ? "" : code.substr(colon + 1);
  if (kind == "consent")
    return std::string(basis_label(BasisKind::kConsent)) + "（同意 " + ref + "）";
  if (kind == "support_meeting")
    return std::string(basis_label(BasisKind::kSupportMeeting)) + "（会議 " + ref + "）";
  return code;
}

std::string target_text(const store::AuditRow& r) {
  if (r.target_type.empty()) return "";
  if (r.target_type == "person") return "対象者 " + r.target_id;
  return r.target_type + (r.target_id.empty() ? "" : " " + r.target_id);
}

// The query string of the filters, for the links that keep them.
std::string filter_query(const service::AuditSearch& s) {
  std::string q;
  auto add = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    q += (q.empty() ? "" : "&") + std::string(name) + "=" + http::percent_encode(value);
  };
  add("from", s.from ? format_iso_date(*s.from) : "");
  add("to", s.to ? format_iso_date(*s.to) : "");
  add("user", s.user);
  add("person", s.person);
  add("action", s.action);
  add("basis", s.basis);
  return q;
}

mstch::map chain_view(const service::ChainState& state) {
  mstch::map out{{"intact", state.report.intact},
                 {"rows", std::to_string(state.report.rows)},
                 {"keyed_since", std::to_string(state.report.keyed_since)}};
  if (!state.report.intact) {
    out["first_broken"] = std::to_string(state.report.first_broken_seq);
    out["problem"] = state.report.problem;
  }
  if (state.last_anchor) {
    out["anchor"] = mstch::map{{"seq", std::to_string(state.last_anchor->seq)},
                               {"at", service::format_jst(state.last_anchor->at)}};
  }
  return out;
}

http::Response log_page(const Deps& d, Context& c) {
  auto search = route::decode_audit_search(c.request, kPageRows);
  mstch::map context;
  if (auto state = d.audit.chain_state(c.actor)) context["chain"] = chain_view(*state);
  service::AuditSearch shown;
  if (!search) {
    context["error"] = mstch::map{{"message", search.error().message}};
  } else {
    shown = *search;
    if (shown.after == 0) shown.newest_first = true;  // the page reads newest first
    auto page = d.audit.search(c.actor, shown);
    if (!page) {
      context["error"] = mstch::map{{"message", page.error().message}};
    } else {
      mstch::array rows;
      for (const auto& r : page->rows) {
        rows.push_back(mstch::map{{"seq", std::to_string(r.seq)},
                                  {"at", service::format_jst(r.at)},
                                  {"actor", r.actor},
                                  {"action", r.action},
                                  {"target", target_text(r)},
                                  {"basis", basis_text(r.legal_basis)},
                                  {"detail", r.detail == "{}" ? std::string() : r.detail}});
      }
      context["rows"] = rows;
      context["count"] = std::to_string(page->rows.size());
      if (page->next) {
        std::string q = filter_query(shown);
        context["next"] =
            "/audit?" + q + (q.empty() ? "" : "&") + "before=" + std::to_string(*page->next);
      }
    }
  }
  const std::string q = filter_query(shown);
  context["csv"] = "/audit.csv" + (q.empty() ? "" : "?" + q);
  context["from"] = shown.from ? format_iso_date(*shown.from) : "";
  context["to"] = shown.to ? format_iso_date(*shown.to) : "";
  context["user_name"] = shown.user;
  context["person"] = shown.person;
  context["action"] = shown.action;
  context["basis"] = shown.basis;
  return html_response(search ? 200 : 400,
                       render_page("audit", "監査ログ", context, layout_for(c)));
}

// Every row the filters select (oldest first, at most 100,000), as UTF-8 CSV with a BOM.
http::Response log_csv(const Deps& d, Context& c) {
  auto search = route::decode_audit_search(c.request, 1000);
  if (!search) return error_page(search.error());
  service::AuditSearch s = *search;
  s.newest_first = false;
  s.before = 0;
  s.limit = 1000;
  std::vector<std::vector<std::string>> rows = {
      {"番号", "日時", "利用者", "操作", "対象", "根拠", "根拠コード", "詳細", "リンク"}};
  while (static_cast<int>(rows.size()) <= kCsvMaxRows) {
    auto page = d.audit.search(c.actor, s);
    if (!page) return error_page(page.error());
    for (const auto& r : page->rows) {
      rows.push_back({std::to_string(r.seq), service::format_jst(r.at), r.actor, r.action,
                      target_text(r), basis_text(r.legal_basis), r.legal_basis, r.detail, r.hash});
    }
    if (!page->next) break;
    s.after = *page->next;
  }
  http::Response r;
  r.status = 200;
  r.body = "\xEF\xBB\xBF" + io::write_delimited(rows, ',');
  r.set("Content-Type", "text/csv; charset=utf-8");
  r.set("Content-Disposition", route::attachment("監査ログ.csv"));
  r.set("Cache-Control", "no-store");
  return r;
}

http::Response reviews_page(const Deps& d, Context& c, int status, const std::string& notice,
                            const std::optional<Error>& error) {
  auto items = d.audit.unreviewed_grounds(c.actor);
  if (!items) return error_page(items.error());
  const bool may_sign = c.actor.may(Permission::kAuditReview);
  mstch::array rows;
  for (const auto& item : *items) {
    rows.push_back(mstch::map{{"seq", std::to_string(item.row.seq)},
                              {"at", service::format_jst(item.row.at)},
                              {"actor", item.row.actor},
                              {"person", item.row.target_id},
                              {"ground", basis_text(item.row.legal_basis)},
                              {"justification", item.justification},
                              {"may_sign", may_sign},
                              {"csrf", c.session->csrf_token}});
  }
  mstch::map context{{"items", rows}, {"count", std::to_string(items->size())}};
  if (!notice.empty()) context["notice"] = notice;
  if (error) context["error"] = mstch::map{{"message", error->message}};
  return html_response(
      status, render_page("audit_reviews", "第69条による閲覧の確認", context, layout_for(c)));
}

http::Response list_reviews(const Deps& d, Context& c) {
  std::string notice;
  if (route::query_param(c.request, "done") == "1") notice = "確認を記録しました。";
  return reviews_page(d, c, 200, notice, std::nullopt);
}

http::Response sign_off(const Deps& d, Context& c) {
  auto seq = route::id_param<std::int64_t>(c);
  auto form = route::decode_ground_review(route::Fields::from_form(c.request));
  if (!form) return reviews_page(d, c, 422, "", form.error());
  if (!seq) {
    return reviews_page(
        d, c, 404, "",
        make_error(ErrorKind::kNotFound, "review.not_found", "その番号の閲覧の記録はありません。"));
  }
  auto done = d.audit.review_ground(c.actor, *seq, form->outcome, form->comment);
  if (!done) return reviews_page(d, c, route::status_for(done.error()), "", done.error());
  return redirect("/audit/reviews?done=1");
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"GET",  "/audit",              route::need(Permission::kAuditRead),   log_page},
    {"GET",  "/audit.csv",          route::need(Permission::kAuditRead),   log_csv},
    {"GET",  "/audit/reviews",      route::need(Permission::kAuditRead),   list_reviews},
    {"POST", "/audit/reviews/{id}", route::need(Permission::kAuditReview), sign_off},
};
// clang-format on

}  // namespace
}  // namespace audit_pages

void add_audit_pages(const route::AddRoute& add_page, service::AuditService& audit) {
  using namespace audit_pages;
  route::add_table(add_page, Deps{audit}, kPages);
}

}  // namespace tsunagu::web
