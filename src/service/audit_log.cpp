#include "service/audit_log.hpp"

#include "service/crypto.hpp"

namespace tsunagu::service {
namespace {

// Length-prefixed fields: no choice of field contents can make two rows serialise alike.
void field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

}  // namespace

std::string AuditLog::row_hash(const store::AuditRow& r) {
  std::string canonical;
  field(canonical, std::to_string(r.seq));
  field(canonical, r.municipality ? std::to_string(r.municipality->value) : "");
  field(canonical, std::to_string(r.at));
  field(canonical, r.actor);
  field(canonical, r.action);
  field(canonical, r.target_type);
  field(canonical, r.target_id);
  field(canonical, r.before_digest);
  field(canonical, r.after_digest);
  field(canonical, r.legal_basis);
  field(canonical, r.detail);
  field(canonical, r.prev_hash);
  return sha256_hex(canonical);
}

void AuditLog::append(store::Connection& connection, const AuditEvent& e) const {
  append_all(connection, {&e});
}

void AuditLog::append_all(store::Connection& connection,
                          const std::vector<const AuditEvent*>& events) const {
  if (events.empty()) return;
  store::AuditStore audit(connection);
  store::AuditHead head = audit.lock_head();
  for (const AuditEvent* e : events) {
    store::AuditRow row;
    row.seq = head.seq + 1;
    row.municipality = e->municipality;
    row.at = clock_.now_ms();
    row.actor = e->actor;
    row.action = e->action;
    row.target_type = e->target_type;
    row.target_id = e->target_id;
    row.before_digest = e->before_digest;
    row.after_digest = e->after_digest;
    row.legal_basis = e->legal_basis;
    row.detail = e->detail.empty() ? "{}" : e->detail;
    row.prev_hash = head.hash;
    row.hash = row_hash(row);
    audit.insert(row);
    head = {row.seq, row.hash};
  }
  audit.set_head(head);
}

VerifyReport AuditLog::verify(store::Connection& connection) {
  store::Transaction tx(connection, store::TxMode::kRead);
  store::AuditStore audit(connection);
  VerifyReport report;
  std::int64_t expected_seq = 1;
  std::string prev_hash;
  auto broken = [&](std::int64_t seq, std::string problem) {
    report.intact = false;
    report.first_broken_seq = seq;
    report.problem = std::move(problem);
    return report;
  };
  for (;;) {
    auto rows = audit.rows_after(expected_seq - 1, 1000);
    if (rows.empty()) break;
    for (const auto& row : rows) {
      if (row.seq != expected_seq) {
        return broken(expected_seq, std::to_string(expected_seq) +
                                        "番の行がありません（削除された可能性があります）。");
      }
      if (row.prev_hash != prev_hash) {
        return broken(row.seq,
                      std::to_string(row.seq) + "番の行の前の行へのハッシュが一致しません。");
      }
      if (row_hash(row) != row.hash) {
        return broken(row.seq,
                      std::to_string(row.seq) +
                          "番の行の内容がハッシュと一致しません（改ざんされた可能性があります）。");
      }
      prev_hash = row.hash;
      ++expected_seq;
      ++report.rows;
    }
  }
  store::AuditHead head = audit.head();
  if (head.seq != report.rows || head.hash != prev_hash) {
    return broken(report.rows + 1, "末尾の行が記録と一致しません（" + std::to_string(head.seq) +
                                       "行あるはずが " + std::to_string(report.rows) +
                                       "行です。末尾が削除された可能性があります）。");
  }
  return report;
}

}  // namespace tsunagu::service
