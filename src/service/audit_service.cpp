#include "service/audit_service.hpp"

#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace tsunagu::service {

Result<VerifyReport> AuditService::verify(const Actor& actor, const std::vector<Anchor>& anchors) {
  if (auto allowed = require(actor, Permission::kAuditRead); !allowed) return allowed.error();
  auto c = db_.connection();
  return log_.verify(*c, anchors);
}

Result<AnchorRecord> AuditService::anchor(const Actor& actor) {
  if (auto allowed = require(actor, Permission::kAuditRead); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  AuditEvent event;
  event.municipality = actor.municipality;
  event.actor = actor.name;
  event.action = kActionAnchor;
  event.target_type = "audit";
  log_.append(*c, event);
  auto head = store::AuditStore(*c).head();
  auto rows = store::AuditStore(*c).rows_after(head.seq - 1, 1);
  tx.commit();
  AnchorRecord record;
  record.anchor = {head.seq, head.hash};
  record.at = rows.empty() ? clock_.now_ms() : rows[0].at;
  record.written_at_text = format_jst(record.at);
  return record;
}

Result<std::vector<store::AuditRow>> AuditService::rows(const Actor& actor, std::int64_t after_seq,
                                                        int limit) {
  if (auto allowed = require(actor, Permission::kAuditRead); !allowed) return allowed.error();
  if (limit < 1 || limit > 1000 || after_seq < 0) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "limit は 1〜1000、after は 0 以上で指定してください。");
  }
  auto c = db_.connection();
  store::AuditStore audit(*c);
  std::vector<store::AuditRow> out;
  // Rows of other municipalities are skipped, so read ahead until the page is full.
  while (static_cast<int>(out.size()) < limit) {
    auto batch = audit.rows_after(after_seq, limit);
    if (batch.empty()) break;
    for (auto& row : batch) {
      after_seq = row.seq;
      bool visible = !actor.user || !row.municipality || *row.municipality == actor.municipality;
      if (visible && static_cast<int>(out.size()) < limit) out.push_back(std::move(row));
    }
  }
  return out;
}

namespace {

Error invalid_search(std::string message) {
  return make_error(ErrorKind::kMalformed, "request.invalid", std::move(message));
}

std::string justification_of(const store::AuditRow& row) {
  auto detail = nlohmann::json::parse(row.detail, nullptr, false);
  if (!detail.is_object()) return "";
  auto it = detail.find("justification");
  return it != detail.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<AuditSearchPage> AuditService::search(const Actor& actor, const AuditSearch& s) {
  if (auto allowed = require(actor, Permission::kAuditRead); !allowed) return allowed.error();
  if (s.limit < 1 || s.limit > 1000 || s.after < 0 || s.before < 0)
    return invalid_search("limit は 1〜1000、after と before は 0 以上で指定してください。");
  if (s.from && s.to && *s.to < *s.from) return invalid_search("期間の終わりが始まりより前です。");
  for (const std::string* text : {&s.user, &s.action, &s.basis, &s.person}) {
    if (text->size() > 200 || find_invalid_utf8(*text))
      return invalid_search("検索の条件が長すぎるか、読めない文字を含んでいます。");
  }
  store::AuditQuery q;
  if (actor.user) q.municipality = actor.municipality;
  if (s.from) q.from_ms = jst_day_start_ms(*s.from);
  if (s.to) q.to_ms = jst_day_start_ms(*s.to) + 24LL * 60 * 60 * 1000;
  q.actor = s.user;
  q.action = s.action;
  q.basis = s.basis;
  q.person = s.person;
  q.newest_first = s.newest_first || s.before > 0;
  if (s.after > 0) q.after_seq = s.after;
  if (s.before > 0) q.before_seq = s.before;
  q.limit = s.limit + 1;  // one more tells whether there is a next page
  auto c = db_.connection();
  AuditSearchPage page;
  page.rows = store::AuditStore(*c).search(q);
  if (static_cast<int>(page.rows.size()) > s.limit) {
    page.rows.resize(static_cast<std::size_t>(s.limit));
    page.next = page.rows.back().seq;
  }
  return page;
}

Result<ChainState> AuditService::chain_state(const Actor& actor) {
  if (auto allowed = require(actor, Permission::kAuditRead); !allowed) return allowed.error();
  auto c = db_.connection();
  ChainState state;
  state.report = log_.verify(*c, {});
  state.last_anchor = store::AuditStore(*c).last_anchor();
  return state;
}

Result<std::vector<GroundReadItem>> AuditService::unreviewed_grounds(const Actor& actor,
                                                                     int limit) {
  if (auto allowed = require(actor, Permission::kAuditRead); !allowed) return allowed.error();
  auto c = db_.connection();
  std::vector<GroundReadItem> out;
  for (auto& row : store::AuditStore(*c).unreviewed_grounds(actor.municipality, 0, limit)) {
    std::string reason = justification_of(row);
    out.push_back({std::move(row), std::move(reason), std::nullopt});
  }
  return out;
}

Result<std::int64_t> AuditService::count_unreviewed_grounds(const Actor& actor) {
  const bool coordinator = actor.user && actor.user->role == Role::kCaseCoordinator;
  if (!coordinator) {
    if (auto allowed = require(actor, Permission::kAuditRead); !allowed) return allowed.error();
  }
  auto c = db_.connection();
  return store::AuditStore(*c).count_unreviewed_grounds(actor.municipality);
}

Result<store::GroundReview> AuditService::review_ground(const Actor& actor, std::int64_t seq,
                                                        const std::string& outcome,
                                                        const std::string& comment) {
  if (auto allowed = require(actor, Permission::kAuditReview); !allowed) return allowed.error();
  std::string note(trim(comment));
  if (outcome != "reviewed" && outcome != "commented" && outcome != "referred") {
    return make_error(ErrorKind::kInvalid, "review.invalid",
                      "確認の結果を「確認済み」「コメントあり」「照会・報告」から選んでください。");
  }
  if (outcome != "reviewed" && note.empty()) {
    return make_error(ErrorKind::kInvalid, "review.invalid",
                      outcome == "referred"
                          ? "照会・報告するときは、宛先と理由をコメントに書いてください。"
                          : "コメントを書いてください。");
  }
  if (utf8_length(note) > 2000 || find_invalid_utf8(note)) {
    return make_error(ErrorKind::kInvalid, "review.invalid",
                      "コメントは 2000 文字以内で入力してください。");
  }
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::AuditStore audit(*c);
  auto read = audit.ground_read(actor.municipality, seq);
  if (!read) {
    return make_error(ErrorKind::kNotFound, "review.not_found",
                      "その番号の、第69条の根拠による閲覧の記録はありません。");
  }
  store::GroundReview review{seq, outcome, note, actor.name, clock_.now_ms()};
  if (!audit.insert_review(actor.municipality, review)) {
    return make_error(ErrorKind::kConflict, "review.done",
                      "この閲覧は既に確認されています。画面を読み込み直してください。");
  }
  AuditEvent event;
  event.municipality = actor.municipality;
  event.actor = actor.name;
  event.action = kActionGroundReview;
  event.target_type = "audit";
  event.target_id = std::to_string(seq);
  event.legal_basis = kBasisOfficialDuty;
  event.detail = nlohmann::json{{"outcome", outcome}, {"person", read->target_id}}.dump();
  log_.append(*c, event);
  tx.commit();
  return review;
}

Result<std::vector<store::AuditRow>> AuditService::ground_reads(const Actor& actor,
                                                                std::int64_t after_seq, int limit) {
  if (auto allowed = require(actor, Permission::kAuditRead); !allowed) return allowed.error();
  if (limit < 1 || limit > 1000 || after_seq < 0) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "limit は 1〜1000、after は 0 以上で指定してください。");
  }
  auto c = db_.connection();
  std::vector<store::AuditRow> out;
  for (auto& row : store::AuditStore(*c).ground_rows_after(after_seq, limit)) {
    if (!actor.user || !row.municipality || *row.municipality == actor.municipality)
      out.push_back(std::move(row));
  }
  return out;
}

}  // namespace tsunagu::service
