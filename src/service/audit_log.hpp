// AuditLog 監査ログ: every change (and, with case records, every read of a person's record)
// appends a row with who, when, what, digests of before and after, and the legal basis. Each
// row's hash covers its fields and the previous row's hash, so removing, reordering or editing
// a row breaks the chain from that row on; verify() names the first broken row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/ids.hpp"
#include "service/clock.hpp"
#include "store/audit_store.hpp"
#include "store/db.hpp"

namespace tsunagu::service {

// Legal bases recorded with each row. Plan and account changes are the office's own duty;
// case records (a later area) add consent and 支援会議 bases.
inline constexpr const char* kBasisOfficialDuty = "official_duty";
inline constexpr const char* kBasisAuthentication = "authentication";

struct AuditEvent {
  std::optional<MunicipalityId> municipality;
  std::string actor;
  std::string action;       // "policy.update", "plan.import", "user.add", "auth.login", …
  std::string target_type;  // "policy", "plan", "user", "session"
  std::string target_id;
  std::string before_digest;  // sha256 of the record before (empty when created)
  std::string after_digest;   // sha256 of the record after (empty when deleted)
  std::string legal_basis = kBasisOfficialDuty;
  std::string detail;  // small JSON object without personal data
};

struct VerifyReport {
  std::int64_t rows = 0;
  bool intact = true;
  std::int64_t first_broken_seq = 0;  // 0 when intact
  std::string problem;                // Japanese, when broken
};

class AuditLog {
 public:
  explicit AuditLog(const Clock& clock) : clock_(clock) {}

  // Appends inside the caller's write transaction, so the row commits with the change it
  // records or not at all. Throws StoreError.
  void append(store::Connection& connection, const AuditEvent& event) const;
  // The same for several events in order, reading and writing the chain's head once (the audit
  // writer's group commit).
  void append_all(store::Connection& connection,
                  const std::vector<const AuditEvent*>& events) const;

  // Walks the whole chain. Reads in batches; uses one read transaction. Throws StoreError.
  static VerifyReport verify(store::Connection& connection);

  // The hash a row must carry given its fields and prev_hash.
  static std::string row_hash(const store::AuditRow& row);

 private:
  const Clock& clock_;
};

}  // namespace tsunagu::service
