#include "service/audit_service.hpp"

namespace tsunagu::service {

Result<VerifyReport> AuditService::verify(const Actor& actor) {
  if (auto allowed = require(actor, Permission::kAuditRead); !allowed) return allowed.error();
  auto c = db_.connection();
  return AuditLog::verify(*c);
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
