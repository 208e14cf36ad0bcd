#include "service/audit_log.hpp"

#include <charconv>
#include <map>
#include <stdexcept>

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

std::string canonical(const store::AuditRow& r) {
  std::string out;
  field(out, std::to_string(r.seq));
  field(out, r.municipality ? std::to_string(r.municipality->value) : "");
  field(out, std::to_string(r.at));
  field(out, r.actor);
  field(out, r.action);
  field(out, r.target_type);
  field(out, r.target_id);
  field(out, r.before_digest);
  field(out, r.after_digest);
  field(out, r.legal_basis);
  field(out, r.detail);
  field(out, r.prev_hash);
  return out;
}

bool is_hex_digest(std::string_view text) {
  if (text.size() != 64) return false;
  for (char ch : text) {
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::optional<Anchor> parse_anchor(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  Anchor anchor;
  auto digits = text.substr(0, colon);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), anchor.seq);
  if (ec != std::errc{} || end != digits.data() + digits.size() || anchor.seq < 1) {
    return std::nullopt;
  }
  anchor.mac = std::string(text.substr(colon + 1));
  for (char& ch : anchor.mac) {
    if (ch >= 'A' && ch <= 'F') ch = static_cast<char>(ch - 'A' + 'a');
  }
  if (!is_hex_digest(anchor.mac)) return std::nullopt;
  return anchor;
}

std::string format_anchor(const Anchor& anchor) {
  return std::to_string(anchor.seq) + ":" + anchor.mac;
}

std::string AuditLog::link(const store::AuditRow& row, bool keyed) const {
  if (!keyed) return sha256_hex(canonical(row));
  if (key_.empty()) throw std::logic_error("a keyed audit link needs the key");
  return hmac_sha256_hex(key_, canonical(row));
}

void AuditLog::append(store::Connection& connection, const AuditEvent& e) const {
  append_rows(connection, {&e}, false);
}

void AuditLog::append_all(store::Connection& connection,
                          const std::vector<const AuditEvent*>& events) const {
  append_rows(connection, events, false);
}

void AuditLog::append_rows(store::Connection& connection,
                           const std::vector<const AuditEvent*>& events, bool upgrade_only) const {
  if (events.empty() && !upgrade_only) return;
  store::AuditStore audit(connection);
  store::AuditHead head = audit.lock_head();
  if (head.keyed_since != 0 && !keyed()) {
    throw std::logic_error("the audit chain is keyed: this log has no key to extend it");
  }
  auto write = [&](const AuditEvent& e) {
    store::AuditRow row;
    row.seq = head.seq + 1;
    row.municipality = e.municipality;
    row.at = clock_.now_ms();
    row.actor = e.actor;
    row.action = e.action;
    row.target_type = e.target_type;
    row.target_id = e.target_id;
    row.before_digest = e.before_digest;
    row.after_digest = e.after_digest;
    row.legal_basis = e.legal_basis;
    row.detail = e.detail.empty() ? "{}" : e.detail;
    row.prev_hash = head.hash;
    if (head.keyed_since == 0 && row.action == kActionChainKeyed) head.keyed_since = row.seq;
    row.hash = link(row, head.keyed_since != 0);
    audit.insert(row);
    head.seq = row.seq;
    head.hash = row.hash;
  };
  if (keyed() && head.keyed_since == 0) {
    AuditEvent upgrade;
    upgrade.actor = "system";
    upgrade.action = kActionChainKeyed;
    upgrade.target_type = "audit";
    upgrade.target_id = std::to_string(head.seq + 1);
    upgrade.detail = R"({"links":"hmac-sha256"})";
    write(upgrade);
  }
  for (const AuditEvent* e : events) write(*e);
  audit.set_head(head);
}

bool AuditLog::key_chain(store::Connection& connection) const {
  if (!keyed()) return true;
  {
    store::Transaction tx(connection, store::TxMode::kWrite);
    if (store::AuditStore(connection).head().keyed_since == 0) {
      append_rows(connection, {}, true);
      tx.commit();
    }
  }
  store::Transaction tx(connection, store::TxMode::kRead);
  store::AuditStore audit(connection);
  auto head = audit.head();
  auto rows = audit.rows_after(head.seq - 1, 1);
  return !rows.empty() && rows[0].hash == link(rows[0], true);
}

VerifyReport AuditLog::verify(store::Connection& connection,
                              const std::vector<Anchor>& anchors) const {
  store::Transaction tx(connection, store::TxMode::kRead);
  store::AuditStore audit(connection);
  VerifyReport report;
  std::map<std::int64_t, std::string> kept;
  for (const auto& a : anchors) kept[a.seq] = a.mac;
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
      const std::string n = std::to_string(row.seq);
      if (row.seq != expected_seq) {
        return broken(expected_seq, std::to_string(expected_seq) +
                                        "番の行がありません（削除された可能性があります）。");
      }
      if (row.prev_hash != prev_hash) {
        return broken(row.seq, n + "番の行の前の行へのリンクが一致しません。");
      }
      if (report.keyed_since == 0 && row.action == kActionChainKeyed) {
        report.keyed_since = row.seq;
      }
      bool keyed_row = report.keyed_since != 0;
      if (keyed_row && !keyed()) {
        return broken(row.seq, n + "番から先は鍵付きです。監査キーを指定して確かめてください。");
      }
      if (link(row, keyed_row) != row.hash) {
        return broken(row.seq,
                      n + "番の行の内容がリンクと一致しません（改ざんされた可能性があります）。");
      }
      if (auto a = kept.find(row.seq); a != kept.end()) {
        if (a->second != row.hash) {
          return broken(row.seq, "保管されたアンカー " + n +
                                     "番と一致しません（その行までの記録が作り直されています）。");
        }
        ++report.anchors_matched;
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
  if (keyed() && report.rows > 0 && report.keyed_since == 0) {
    return broken(
        1, "鍵付きの行が一行もありません（鍵を持たない者が記録を作り直した可能性があります）。");
  }
  if (head.keyed_since != report.keyed_since) {
    return broken(report.keyed_since != 0 ? report.keyed_since : 1,
                  "鍵付きの始まりの行が記録と一致しません。");
  }
  for (const auto& [seq, mac] : kept) {
    if (seq > report.rows) {
      return broken(report.rows + 1,
                    "保管されたアンカー " + std::to_string(seq) +
                        "番の行がありません（記録が切り詰められたか作り直されています）。");
    }
  }
  return report;
}

}  // namespace tsunagu::service
