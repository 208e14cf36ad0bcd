#include "api/audit_routes.hpp"

#include "route/audit_decode.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"
#include "service/clock.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace audit_routes {
namespace {

using nlohmann::json;

struct Deps {
  service::AuditService& audit;
};

http::Response verify(const Deps& d, Context& c) {
  auto report = d.audit.verify(c.actor);
  if (!report) return error_response(report.error());
  json body = {
      {"intact", report->intact}, {"rows", report->rows}, {"keyed_since", report->keyed_since}};
  if (!report->intact) {
    body["first_broken_seq"] = report->first_broken_seq;
    body["problem"] = report->problem;
  }
  return ok_json(body);
}

json row_json(const store::AuditRow& r) {
  return {{"seq", r.seq},
          {"at", r.at},
          {"at_jst", service::format_jst(r.at)},
          {"actor", r.actor},
          {"action", r.action},
          {"target_type", r.target_type},
          {"target_id", r.target_id},
          {"legal_basis", r.legal_basis},
          {"detail", json::parse(r.detail, nullptr, false)},
          {"hash", r.hash}};
}

// GET /api/v1/audit?from=&to=&user=&person=&action=&basis=&after=&before=&limit=
http::Response list(const Deps& d, Context& c) {
  auto search = decode_audit_search(c.request, 100);
  if (!search) return error_response(search.error());
  auto page = d.audit.search(c.actor, *search);
  if (!page) return error_response(page.error());
  json out = json::array();
  for (const auto& r : page->rows) out.push_back(row_json(r));
  json body = {{"rows", std::move(out)}};
  body["next"] = page->next ? json(*page->next) : json(nullptr);
  body["order"] = search->newest_first || search->before > 0 ? "newest_first" : "oldest_first";
  return ok_json(body);
}

json review_json(const store::GroundReview& v) {
  return {{"outcome", v.outcome},
          {"comment", v.comment},
          {"reviewer", v.reviewer},
          {"reviewed_at", v.reviewed_at}};
}

// GET /api/v1/audit/reviews: the reads on a 第69条 ground waiting for the auditor's sign-off.
http::Response reviews(const Deps& d, Context& c) {
  auto items = d.audit.unreviewed_grounds(c.actor);
  if (!items) return error_response(items.error());
  json out = json::array();
  for (const auto& item : *items) {
    out.push_back({{"seq", item.row.seq},
                   {"at", item.row.at},
                   {"at_jst", service::format_jst(item.row.at)},
                   {"actor", item.row.actor},
                   {"person", item.row.target_id},
                   {"ground", item.row.legal_basis},
                   {"justification", item.justification}});
  }
  return ok_json({{"waiting", std::move(out)}, {"count", items->size()}});
}

// POST /api/v1/audit/reviews/{seq} {"outcome": "reviewed"|"commented"|"referred", "comment"}
http::Response review(const Deps& d, Context& c) {
  auto seq = id_param<std::int64_t>(c);
  if (!seq)
    return error_response(
        make_error(ErrorKind::kNotFound, "review.not_found", "その番号の閲覧の記録はありません。"));
  auto body = parse_json_body(c.request);
  if (!body) return error_response(body.error());
  auto form = decode_ground_review(Fields::from_json(std::move(*body)));
  if (!form) return error_response(form.error());
  auto done = d.audit.review_ground(c.actor, *seq, form->outcome, form->comment);
  if (!done) return error_response(done.error());
  return ok_json(review_json(*done), 201);
}

http::Response grounds(const Deps& d, Context& c) {
  auto rows = d.audit.ground_reads(c.actor, 0, 1000);
  if (!rows) return error_response(rows.error());
  json out = json::array();
  for (const auto& r : *rows) {
    auto detail = json::parse(r.detail, nullptr, false);
    out.push_back({{"seq", r.seq},
                   {"at", r.at},
                   {"actor", r.actor},
                   {"person", r.target_id},
                   {"ground", r.legal_basis},
                   {"justification",
                    detail.is_object() ? detail.value("justification", "") : std::string()}});
  }
  return ok_json({{"reads", std::move(out)}});
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET", "/api/v1/audit/verify",  need(Permission::kAuditRead), verify},
    {"GET", "/api/v1/audit",         need(Permission::kAuditRead), list},
    {"GET", "/api/v1/audit/grounds", need(Permission::kAuditRead), grounds},
    {"GET", "/api/v1/audit/reviews", need(Permission::kAuditRead), reviews},
    {"POST", "/api/v1/audit/reviews/{id}", need(Permission::kAuditReview), review},
};
// clang-format on

}  // namespace
}  // namespace audit_routes

void add_audit_routes(const AddRoute& add, service::AuditService& audit) {
  using namespace audit_routes;
  add_table(add, Deps{audit}, kRoutes);
}

}  // namespace tsunagu::api
