// AuditLog 監査ログ: every change (and, with case records, every read of a person's record)
// appends a row with who, when, what, digests of before and after, and the legal basis. Each
// row's link covers its fields and the previous row's link, so removing, reordering or editing
// a row breaks the chain from that row on; verify() names the first broken row.
//
// The links are keyed: HMAC-SHA-256 under a key kept in a file outside the database
// (service/audit_key.hpp), so someone who can write to the database but cannot read the key
// cannot recompute the chain after an edit. A chain begun before keys existed continues from an
// upgrade row ("audit.keyed"): its plain SHA-256 links stay as they were, and every row from the
// upgrade row on is keyed. An anchor (a row's seq and link, kept by the records office outside
// the system) proves the log up to it: a log truncated or rebuilt after it no longer has it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// The upgrade row from which the chain's links are keyed, and the anchor row `audit anchor`
// writes.
inline constexpr const char* kActionChainKeyed = "audit.keyed";
inline constexpr const char* kActionAnchor = "audit.anchor";

// A kept head of the chain: "SEQ:MAC", the seq of a row and its link in hex.
struct Anchor {
  std::int64_t seq = 0;
  std::string mac;
};
// nullopt when `text` is not "SEQ:MAC" with a positive seq and 64 hex digits.
std::optional<Anchor> parse_anchor(std::string_view text);
std::string format_anchor(const Anchor& anchor);

struct VerifyReport {
  std::int64_t rows = 0;
  bool intact = true;
  std::int64_t first_broken_seq = 0;  // 0 when intact
  std::string problem;                // Japanese, when broken
  std::int64_t keyed_since = 0;       // the upgrade row's seq; 0 when the chain has none
  int anchors_matched = 0;            // kept anchors found in the chain as they were
};

class AuditLog {
 public:
  // `key` (raw bytes) keys the chain; a log without one (the tests of a single service) writes
  // and checks plain links only, and refuses to append to a keyed chain.
  explicit AuditLog(const Clock& clock, std::string key = {})
      : clock_(clock), key_(std::move(key)) {}

  bool keyed() const { return !key_.empty(); }

  // Appends inside the caller's write transaction, so the row commits with the change it
  // records or not at all. Throws StoreError.
  void append(store::Connection& connection, const AuditEvent& event) const;
  // The same for several events in order, reading and writing the chain's head once (the audit
  // writer's group commit).
  void append_all(store::Connection& connection,
                  const std::vector<const AuditEvent*>& events) const;

  // Writes the upgrade row in its own write transaction unless the chain is keyed already (a
  // new database gets it as row 1). Then checks that the newest row's link verifies under this
  // key. Returns false when it does not (the key file belongs to another database).
  bool key_chain(store::Connection& connection) const;

  // Walks the whole chain, and checks each anchor against the row it names. Reads in batches;
  // uses one read transaction. Throws StoreError.
  VerifyReport verify(store::Connection& connection, const std::vector<Anchor>& anchors = {}) const;

  // The link a row must carry given its fields and prev_hash: keyed or plain.
  std::string link(const store::AuditRow& row, bool keyed) const;

 private:
  void append_rows(store::Connection& connection, const std::vector<const AuditEvent*>& events,
                   bool upgrade_only) const;
  const Clock& clock_;
  std::string key_;
};

}  // namespace tsunagu::service
