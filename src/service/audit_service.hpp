// AuditService: the auditor's use cases over the audit log — verify the chain, page through
// rows. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/fiscal_year.hpp"
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

// The auditor's search of the log (GET /api/v1/audit, /audit). Empty fields match every row.
struct AuditSearch {
  std::optional<Date> from, to;  // days in Japan, both inclusive
  std::string user;              // the actor's name as logged
  std::string person;            // a person's id
  std::string action;            // "person.read", …
  std::string basis;             // "law", "consent", "consent:12", …
  std::int64_t after = 0;        // cursor: rows after this seq, oldest first
  std::int64_t before = 0;       // cursor: rows before this seq, newest first (0: none)
  bool newest_first = false;
  int limit = 100;  // 1–1000
};

struct AuditSearchPage {
  std::vector<store::AuditRow> rows;
  std::optional<std::int64_t> next;  // the cursor for the next page, when there may be one
};

// The chain as the /audit page states it.
struct ChainState {
  VerifyReport report;
  std::optional<store::AuditRow> last_anchor;
};

// A read on a ground waiting for, or given, the auditor's sign-off.
struct GroundReadItem {
  store::AuditRow row;
  std::string justification;
  std::optional<store::GroundReview> review;
};

inline constexpr const char* kActionGroundReview = "audit.ground_review";

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

  // The rows `search` selects, the actor's municipality only. Errors "auth.forbidden",
  // "request.invalid".
  Result<AuditSearchPage> search(const Actor& actor, const AuditSearch& search);

  // The chain verified with the key, and the newest anchor. Errors "auth.forbidden".
  Result<ChainState> chain_state(const Actor& actor);

  // The reads on a 第69条 ground with their reason that no auditor has signed off yet, oldest
  // first (audit.read). The count is for the auditor's and the coordinator's homes.
  Result<std::vector<GroundReadItem>> unreviewed_grounds(const Actor& actor, int limit = 200);
  Result<std::int64_t> count_unreviewed_grounds(const Actor& actor);

  // Signs off the read at `seq` (audit.review): outcome "reviewed", "commented" (a comment is
  // required) or "referred" (a comment is required: to whom and why). Audited as
  // "audit.ground_review". Errors "auth.forbidden", "review.not_found" (no such read on a
  // ground in the municipality), "review.invalid", "review.done" (signed off already).
  Result<store::GroundReview> review_ground(const Actor& actor, std::int64_t seq,
                                            const std::string& outcome, const std::string& comment);

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
