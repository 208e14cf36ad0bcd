// AuditService: the auditor's use cases over the audit log — verify the chain, page through
// rows. Thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.hpp"
#include "service/actor.hpp"
#include "service/audit_log.hpp"
#include "store/audit_store.hpp"
#include "store/db.hpp"

namespace tsunagu::service {

// A head of the chain recorded for keeping outside the system.
struct AnchorRecord {
  Anchor anchor;
  std::int64_t at = 0;          // when, Unix ms
  std::string written_at_text;  // the same in JST, "2026-12-02 10:00:00 JST"
};

class AuditService {
 public:
  AuditService(store::Database& db, const AuditLog& log, const Clock& clock)
      : db_(db), log_(log), clock_(clock) {}

  // Walks the chain with the deployment's key. Errors "auth.forbidden".
  Result<VerifyReport> verify(const Actor& actor, const std::vector<Anchor>& anchors = {});

  // Appends an anchor row ("audit.anchor", naming the actor) and returns it: its seq and link are
  // the head to keep. Errors "auth.forbidden".
  Result<AnchorRecord> anchor(const Actor& actor);

  // Up to `limit` (1–1000) rows after `after_seq`, oldest first; a municipality's user sees its
  // own municipality's rows only. Errors "auth.forbidden", "request.invalid".
  Result<std::vector<store::AuditRow>> rows(const Actor& actor, std::int64_t after_seq, int limit);

  // The reads of persons on a ground of 個人情報保護法第69条, each with its written
  // justification, for the auditor's review (audit.read). The actor's municipality only.
  Result<std::vector<store::AuditRow>> ground_reads(const Actor& actor, std::int64_t after_seq,
                                                    int limit);

 private:
  store::Database& db_;
  const AuditLog& log_;
  const Clock& clock_;
};

}  // namespace tsunagu::service
