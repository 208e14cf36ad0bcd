#include "service/audit_service.hpp"

namespace tsunagu::service {

Result<VerifyReport> AuditService::verify(const Actor& actor, const std::vector<Anchor>& anchors) {
  if (auto allowed = require(actor, Permission::kAuditRead); !allowed) return allowed.error();
  auto c = db_.connection();
  return log_.verify(*c, anchors);
}

Result<AnchorRecord> AuditService::anchor(const Actor& actor) {
  if (auto allowed = require(actor, Permission::kAuditRead); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  AuditEvent event;
  event.municipality = actor.municipality;
  event.actor = actor.name;
  event.action = kActionAnchor;
  event.target_type = "audit";
  log_.append(*c, event);
  auto head = store::AuditStore(*c).head();
  auto rows = store::AuditStore(*c).rows_after(head.seq - 1, 1);
  tx.commit();
  AnchorRecord record;
  record.anchor = {head.seq, head.hash};
  record.at = rows.empty() ? clock_.now_ms() : rows[0].at;
  record.written_at_text = format_jst(record.at);
  return record;
}

Result<std::vector<store::AuditRow>> AuditService::rows(const Actor& actor, std::int64_t after_seq,
                                                        int limit) {
  if (auto allowed = require(actor, Permission::kAuditRead); !allowed) return allowed.error();
  if (limit < 1 || limit > 1000 || after_seq < 0) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "limit は 1〜1000、after は 0 以上で指定してください。");
  }
  auto c = db_.connection();
  store::AuditStore audit(*c);
  std::vector<store::AuditRow> out;
  // Rows of other municipalities are skipped, so read ahead until the page is full.
  while (static_cast<int>(out.size()) < limit) {
    auto batch = audit.rows_after(after_seq, limit);
    if (batch.empty()) break;
    for (auto& row : batch) {
      after_seq = row.seq;
      bool visible = !actor.user || !row.municipality || *row.municipality == actor.municipality;
      if (visible && static_cast<int>(out.size()) < limit) out.push_back(std::move(row));
    }
  }
  return out;
}

Result<std::vector<store::AuditRow>> AuditService::ground_reads(const Actor& actor,
                                                                std::int64_t after_seq, int limit) {
  if (auto allowed = require(actor, Permission::kAuditRead); !allowed) return allowed.error();
  if (limit < 1 || limit > 1000 || after_seq < 0) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "limit は 1〜1000、after は 0 以上で指定してください。");
  }
  auto c = db_.connection();
  std::vector<store::AuditRow> out;
  for (auto& row : store::AuditStore(*c).ground_rows_after(after_seq, limit)) {
    if (!actor.user || !row.municipality || *row.municipality == actor.municipality)
      out.push_back(std::move(row));
  }
  return out;
}

}  // namespace tsunagu::service
