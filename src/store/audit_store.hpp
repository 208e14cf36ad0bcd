// AuditStore: the append-only, hash-chained audit log 監査ログ. The service computes hashes;
// this repository stores rows and the chain head. The caller owns the (write) transaction;
// lock_head() serialises appenders on both backends (a row lock on audit_head).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

struct AuditRow {
  std::int64_t seq = 0;
  std::optional<MunicipalityId> municipality;
  std::int64_t at = 0;  // Unix time, milliseconds
  std::string actor;
  std::string action;
  std::string target_type;
  std::string target_id;
  std::string before_digest;
  std::string after_digest;
  std::string legal_basis;
  std::string detail;
  std::string prev_hash;
  std::string hash;
};

// Which rows a search of the log returns (every condition left empty matches all).
struct AuditQuery {
  std::optional<MunicipalityId> municipality;  // nullopt: every municipality (the operator)
  std::int64_t from_ms = 0;                    // at >= from_ms
  std::int64_t to_ms = std::numeric_limits<std::int64_t>::max();  // at < to_ms
  std::string actor;
  std::string action;
  std::string basis;           // a legal_basis code, or its kind ("consent" matches "consent:12")
  std::string person;          // rows about this person (target_type "person")
  std::int64_t after_seq = 0;  // seq > after_seq
  std::int64_t before_seq = std::numeric_limits<std::int64_t>::max();  // seq < before_seq
  bool newest_first = false;
  int limit = 100;
};

// The auditor's sign-off of a read on a ground of 第69条.
struct GroundReview {
  std::int64_t seq = 0;  // the audit row of the read
  std::string outcome;   // "reviewed", "commented", "referred"
  std::string comment;
  std::string reviewer;
  std::int64_t reviewed_at = 0;
};

// A ground invoked with its reason, still giving access (see ActiveGround).
struct GroundInvoked {
  std::int64_t seq = 0;
  std::string basis;  // "law", …
  std::int64_t at = 0;
};

struct AuditHead {
  std::int64_t seq = 0;
  std::string hash;
  std::int64_t keyed_since = 0;  // the seq of the row from which links are keyed; 0: none yet
};

class AuditStore {
 public:
  explicit AuditStore(Connection& connection) : c_(connection) {}

  // The chain head, locked until the transaction ends.
  AuditHead lock_head();
  AuditHead head();
  void insert(const AuditRow& row);
  void set_head(const AuditHead& head);
  // Up to `limit` rows with seq > after_seq, in order.
  std::vector<AuditRow> rows_after(std::int64_t after_seq, int limit);
  // Only rows whose basis is a ground of 個人情報保護法第69条 (with a written justification).
  std::vector<AuditRow> ground_rows_after(std::int64_t after_seq, int limit);
  // The rows `query` selects, in seq order (or newest first).
  std::vector<AuditRow> search(const AuditQuery& query);
  // The newest "audit.anchor" row of the chain (deployment-wide: the chain is one).
  std::optional<AuditRow> last_anchor();
  // The newest read by `actor` of `person` on a 第69条 ground with its reason written, since
  // `since_ms`.
  std::optional<GroundInvoked> ground_invoked(MunicipalityId m, const std::string& actor,
                                              const std::string& person, std::int64_t since_ms);
  // Reads on a ground with their reason that no auditor has signed off yet, oldest first.
  std::vector<AuditRow> unreviewed_grounds(MunicipalityId m, std::int64_t after_seq, int limit);
  std::int64_t count_unreviewed_grounds(MunicipalityId m);
  // The audit row `seq` of the municipality, if it is a read on a ground with its reason.
  std::optional<AuditRow> ground_read(MunicipalityId m, std::int64_t seq);
  std::optional<GroundReview> review_of(MunicipalityId m, std::int64_t seq);
  // False when the row is signed off already.
  bool insert_review(MunicipalityId m, const GroundReview& review);
  // Every row the municipality wrote about one of its records ("person", "12"), oldest first
  // (not another city's refused attempt on the same id).
  std::vector<AuditRow> rows_for(MunicipalityId municipality, const std::string& target_type,
                                 const std::string& target_id);

 private:
  std::vector<AuditRow> read_rows(const char* query, std::int64_t after_seq, int limit,
                                  std::vector<Value> leading = {},
                                  std::optional<std::int64_t> before_seq = std::nullopt);
  Connection& c_;
};

}  // namespace tsunagu::store
