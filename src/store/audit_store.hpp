// AuditStore: the append-only, hash-chained audit log 監査ログ. The service computes hashes;
// this repository stores rows and the chain head. The caller owns the (write) transaction;
// lock_head() serialises appenders on both backends (a row lock on audit_head).
#pragma once

#include <cstdint>
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
  // Every row the municipality wrote about one of its records ("person", "12"), oldest first
  // (not another city's refused attempt on the same id).
  std::vector<AuditRow> rows_for(MunicipalityId municipality, const std::string& target_type,
                                 const std::string& target_id);

 private:
  std::vector<AuditRow> read_rows(const char* query, std::int64_t after_seq, int limit,
                                  std::vector<Value> leading = {});
  Connection& c_;
};

}  // namespace tsunagu::store
