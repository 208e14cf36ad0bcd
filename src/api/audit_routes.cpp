#include "api/audit_routes.hpp"

#include <algorithm>

#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace audit_routes {
namespace {

using nlohmann::json;

constexpr std::int64_t kMaxRows = 100000;

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

// ?after=SEQ&limit=N; a bad number reads as "nothing" (after -1 finds no row, limit 0 none).
http::Response list(const Deps& d, Context& c) {
  std::int64_t after = 0;
  std::int64_t limit = 100;
  if (auto text = query_param(c.request, "after"); !text.empty())
    after = text == "0" ? 0 : parse_id(text).value_or(-1);
  if (auto text = query_param(c.request, "limit"); !text.empty())
    limit = parse_id(text).value_or(0);
  auto rows = d.audit.rows(c.actor, after, static_cast<int>(std::min(limit, kMaxRows)));
  if (!rows) return error_response(rows.error());
  json out = json::array();
  for (const auto& r : *rows) {
    out.push_back({{"seq", r.seq},
                   {"at", r.at},
                   {"actor", r.actor},
                   {"action", r.action},
                   {"target_type", r.target_type},
                   {"target_id", r.target_id},
                   {"legal_basis", r.legal_basis},
                   {"detail", json::parse(r.detail, nullptr, false)},
                   {"hash", r.hash}});
  }
  return ok_json({{"rows", std::move(out)}});
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
};
// clang-format on

}  // namespace
}  // namespace audit_routes

void add_audit_routes(const AddRoute& add, service::AuditService& audit) {
  using namespace audit_routes;
  add_table(add, Deps{audit}, kRoutes);
}

}  // namespace tsunagu::api
