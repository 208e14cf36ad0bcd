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
#define TSUNAGU_AUDIT_COLUMNS                                                               \
  "SELECT seq, municipality_id, at, actor, action, target_type, target_id, before_digest, " \
  "after_digest, legal_basis, detail, prev_hash, hash FROM audit_log "
// The search: every filter is "(? = '' OR …)" so one statement serves every combination.
#define TSUNAGU_AUDIT_SEARCH                                                                \
  TSUNAGU_AUDIT_COLUMNS                                                                     \
  "WHERE (municipality_id = ? OR municipality_id IS NULL OR ? = 1) AND at >= ? AND at < ? " \
  "AND (? = '' OR actor = ?) AND (? = '' OR action = ?) "                                   \
  "AND (? = '' OR legal_basis = ? OR legal_basis LIKE ?) "                                  \
  "AND (? = '' OR (target_type = 'person' AND target_id = ?)) AND seq > ? AND seq < ? "
constexpr const char* kSearchOldestFirst = TSUNAGU_AUDIT_SEARCH "ORDER BY seq LIMIT ?";
constexpr const char* kSearchNewestFirst = TSUNAGU_AUDIT_SEARCH "ORDER BY seq DESC LIMIT ?";
constexpr const char* kLastAnchor =
    TSUNAGU_AUDIT_COLUMNS "WHERE action = 'audit.anchor' AND seq > ? ORDER BY seq DESC LIMIT ?";
// A read on a ground that wrote its reason: the detail holds "justification" (a read again
// within the window holds "ground_seq" instead). JSON escapes a quote inside the reason, so
// the pattern matches the key only.
#define TSUNAGU_GROUND_WITH_REASON                                                     \
  "action = 'person.read' AND legal_basis IN ('law', 'internal_use', 'other_agency', " \
  "'special_reason') AND detail LIKE '%\"justification\":%' "
constexpr const char* kGroundInvoked =
    "SELECT seq, legal_basis, at FROM audit_log WHERE municipality_id = ? AND target_type = "
    "'person' AND target_id = ? AND actor = ? AND at >= ? AND " TSUNAGU_GROUND_WITH_REASON
    "ORDER BY seq DESC LIMIT 1";
constexpr const char* kUnreviewedGrounds = TSUNAGU_AUDIT_COLUMNS
    "WHERE municipality_id = ? AND " TSUNAGU_GROUND_WITH_REASON
    "AND NOT EXISTS (SELECT 1 FROM ground_review r WHERE r.seq = audit_log.seq) AND seq > ? "
    "ORDER BY seq LIMIT ?";
constexpr const char* kCountUnreviewed =
    "SELECT COUNT(*) FROM audit_log WHERE municipality_id = ? AND " TSUNAGU_GROUND_WITH_REASON
    "AND NOT EXISTS (SELECT 1 FROM ground_review r WHERE r.seq = audit_log.seq)";
constexpr const char* kGroundRead = TSUNAGU_AUDIT_COLUMNS
    "WHERE municipality_id = ? AND seq = ? AND " TSUNAGU_GROUND_WITH_REASON "AND seq > ? LIMIT ?";
constexpr const char* kReviewOf =
    "SELECT seq, outcome, comment, reviewer, reviewed_at FROM ground_review "
    "WHERE municipality_id = ? AND seq = ?";
constexpr const char* kInsertReview =
    "INSERT INTO ground_review (seq, municipality_id, outcome, comment, reviewer, reviewed_at) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING RETURNING seq";

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

std::vector<AuditRow> AuditStore::search(const AuditQuery& q) {
  const std::string person_id = q.person;
  std::string basis_kind = q.basis.empty() ? std::string() : q.basis + ":%";
  std::vector<Value> params = {q.municipality ? q.municipality->value : std::int64_t{0},
                               std::int64_t{q.municipality ? 0 : 1},
                               q.from_ms,
                               q.to_ms,
                               q.actor,
                               q.actor,
                               q.action,
                               q.action,
                               q.basis,
                               q.basis,
                               basis_kind,
                               person_id,
                               person_id};
  return read_rows(q.newest_first ? sql::kSearchNewestFirst : sql::kSearchOldestFirst, q.after_seq,
                   q.limit, std::move(params), q.before_seq);
}

std::optional<AuditRow> AuditStore::last_anchor() {
  auto rows = read_rows(sql::kLastAnchor, 0, 1);
  if (rows.empty()) return std::nullopt;
  return std::move(rows[0]);
}

std::optional<GroundInvoked> AuditStore::ground_invoked(MunicipalityId m, const std::string& actor,
                                                        const std::string& person,
                                                        std::int64_t since_ms) {
  auto rows = c_.query(sql::kGroundInvoked, {m.value, person, actor, since_ms});
  if (rows.empty()) return std::nullopt;
  return GroundInvoked{rows[0].integer(0), rows[0].text(1), rows[0].integer(2)};
}

std::vector<AuditRow> AuditStore::unreviewed_grounds(MunicipalityId m, std::int64_t after_seq,
                                                     int limit) {
  return read_rows(sql::kUnreviewedGrounds, after_seq, limit, {m.value});
}

std::int64_t AuditStore::count_unreviewed_grounds(MunicipalityId m) {
  return c_.query(sql::kCountUnreviewed, {m.value}).at(0).integer(0);
}

std::optional<AuditRow> AuditStore::ground_read(MunicipalityId m, std::int64_t seq) {
  auto rows = read_rows(sql::kGroundRead, 0, 1, {m.value, seq});
  if (rows.empty()) return std::nullopt;
  return std::move(rows[0]);
}

std::optional<GroundReview> AuditStore::review_of(MunicipalityId m, std::int64_t seq) {
  auto rows = c_.query(sql::kReviewOf, {m.value, seq});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return GroundReview{r.integer(0), r.text(1), r.text(2), r.text(3), r.integer(4)};
}

bool AuditStore::insert_review(MunicipalityId m, const GroundReview& v) {
  return !c_.query(sql::kInsertReview,
                   {v.seq, m.value, v.outcome, v.comment, v.reviewer, v.reviewed_at})
              .empty();
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
                                            std::vector<Value> leading,
                                            std::optional<std::int64_t> before_seq) {
  std::vector<AuditRow> out;
  leading.push_back(after_seq);
  if (before_seq) leading.push_back(*before_seq);
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
