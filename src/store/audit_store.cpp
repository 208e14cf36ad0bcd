#include "store/audit_store.hpp"

namespace tsunagu::store {
namespace sql {

constexpr const char* kLockHead =
    "UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash, keyed_since";
constexpr const char* kHead = "SELECT seq, hash, keyed_since FROM audit_head WHERE id = 1";
constexpr const char* kSetHead =
    "UPDATE audit_head SET seq = ?, hash = ?, keyed_since = ? WHERE id = 1";
constexpr const char* kInsert =
    "INSERT INTO audit_log (seq, municipality_id, at, actor, action, target_type, target_id, "
    "before_digest, after_digest, legal_basis, detail, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kRowsAfter =
    "SELECT seq, municipality_id, at, actor, action, target_type, target_id, before_digest, "
    "after_digest, legal_basis, detail, prev_hash, hash FROM audit_log WHERE seq > ? "
    "ORDER BY seq LIMIT ?";
constexpr const char* kRowsForTarget =
    "SELECT seq, municipality_id, at, actor, action, target_type, target_id, before_digest, "
    "after_digest, legal_basis, detail, prev_hash, hash FROM audit_log "
    "WHERE municipality_id = ? AND target_type = ? AND target_id = ? AND seq > ? ORDER BY seq "
    "LIMIT ?";
// Reads of persons on a ground of 個人情報保護法第69条, which an auditor reviews.
constexpr const char* kGroundsAfter =
    "SELECT seq, municipality_id, at, actor, action, target_type, target_id, before_digest, "
    "after_digest, legal_basis, detail, prev_hash, hash FROM audit_log "
    "WHERE legal_basis IN ('law', 'internal_use', 'other_agency', 'special_reason') AND seq > ? "
    "ORDER BY seq LIMIT ?";

}  // namespace sql

AuditHead AuditStore::lock_head() {
  auto rows = c_.query(sql::kLockHead);
  return {rows.at(0).integer(0), rows.at(0).text(1), rows.at(0).integer(2)};
}

AuditHead AuditStore::head() {
  auto rows = c_.query(sql::kHead);
  return {rows.at(0).integer(0), rows.at(0).text(1), rows.at(0).integer(2)};
}

void AuditStore::insert(const AuditRow& r) {
  Value municipality = nullptr;
  if (r.municipality) municipality = r.municipality->value;
  c_.execute(sql::kInsert,
             {r.seq, municipality, r.at, r.actor, r.action, r.target_type, r.target_id,
              r.before_digest, r.after_digest, r.legal_basis, r.detail, r.prev_hash, r.hash});
}

void AuditStore::set_head(const AuditHead& head) {
  c_.execute(sql::kSetHead, {head.seq, head.hash, head.keyed_since});
}

std::vector<AuditRow> AuditStore::rows_after(std::int64_t after_seq, int limit) {
  return read_rows(sql::kRowsAfter, after_seq, limit);
}

std::vector<AuditRow> AuditStore::ground_rows_after(std::int64_t after_seq, int limit) {
  return read_rows(sql::kGroundsAfter, after_seq, limit);
}

std::vector<AuditRow> AuditStore::rows_for(MunicipalityId municipality,
                                           const std::string& target_type,
                                           const std::string& target_id) {
  std::vector<AuditRow> out;
  for (std::int64_t after = 0;;) {
    auto batch =
        read_rows(sql::kRowsForTarget, after, 1000, {municipality.value, target_type, target_id});
    if (batch.empty()) return out;
    after = batch.back().seq;
    for (auto& r : batch) out.push_back(std::move(r));
  }
}

std::vector<AuditRow> AuditStore::read_rows(const char* query, std::int64_t after_seq, int limit,
                                            std::vector<Value> leading) {
  std::vector<AuditRow> out;
  leading.push_back(after_seq);
  leading.push_back(std::int64_t{limit});
  for (const auto& r : c_.query(query, leading)) {
    AuditRow row;
    row.seq = r.integer(0);
    if (auto m = r.optional_integer(1)) row.municipality = MunicipalityId{*m};
    row.at = r.integer(2);
    row.actor = r.text(3);
    row.action = r.text(4);
    row.target_type = r.text(5);
    row.target_id = r.text(6);
    row.before_digest = r.text(7);
    row.after_digest = r.text(8);
    row.legal_basis = r.text(9);
    row.detail = r.text(10);
    row.prev_hash = r.text(11);
    row.hash = r.text(12);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace tsunagu::store
