#include "service/review_service.hpp"

#include "service/crypto.hpp"
#include "service/plan_lookup.hpp"
#include "store/review_store.hpp"

namespace tsunagu::service {

ReviewService::ReviewService(store::Database& db, const Clock& clock, const AuditLog& audit)
    : db_(db), clock_(clock), audit_(audit) {}

Result<CommitteeOpinion> ReviewService::add_opinion(const Actor& actor,
                                                    const std::string& plan_name, FiscalYear year,
                                                    const std::string& policy_code,
                                                    const std::string& text) {
  if (auto allowed = require(actor, Permission::kPlanEdit); !allowed) return allowed.error();
  if (auto ok = validate_opinion_text(text, "委員会の意見"); !ok) return ok.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto plan = resolve_plan(*c, actor.municipality, plan_name);
  if (!plan) return plan.error();
  if (year < plan->from || year > plan->to) {
    return make_error(ErrorKind::kInvalid, "review.invalid",
                      year.display() + "は計画の期間の外です。");
  }
  CommitteeOpinion o;
  o.year = year;
  o.opinion = text;
  if (!policy_code.empty()) {
    auto policy = find_policy_by_code(*c, actor.municipality, plan->id, policy_code);
    if (!policy) return policy.error();
    o.policy = policy->id;
  }
  store::ReviewStore reviews(*c);
  o.id = reviews.insert(actor.municipality, plan->id, o, clock_.now_ms());
  audit_.append(*c, {actor.municipality, actor.name, "review.add_opinion", "committee_opinion",
                     std::to_string(o.id.value), "", sha256_hex(text), kBasisOfficialDuty,
                     R"({"year":)" + std::to_string(year.western()) + "}"});
  auto stored = reviews.opinion(actor.municipality, o.id);
  tx.commit();
  return *stored;
}

Result<CommitteeOpinion> ReviewService::respond(const Actor& actor, OpinionId id,
                                                std::int64_t expected_version,
                                                const std::string& response) {
  if (auto allowed = require(actor, Permission::kPlanEdit); !allowed) return allowed.error();
  if (auto ok = validate_opinion_text(response, "市の考え方"); !ok) return ok.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::ReviewStore reviews(*c);
  auto before = reviews.opinion(actor.municipality, id);
  if (!before)
    return make_error(ErrorKind::kNotFound, "review.not_found", "指定された意見はありません。");
  if (before->version != expected_version ||
      !reviews.respond(actor.municipality, id, expected_version, response, clock_.now_ms())) {
    return make_error(ErrorKind::kConflict, "review.stale_version",
                      "この意見への回答は他の人が先に更新しました。読み込み直してください。");
  }
  audit_.append(*c, {actor.municipality, actor.name, "review.respond", "committee_opinion",
                     std::to_string(id.value), sha256_hex(before->response), sha256_hex(response),
                     kBasisOfficialDuty, ""});
  auto after = reviews.opinion(actor.municipality, id);
  tx.commit();
  return *after;
}

Result<std::vector<CommitteeOpinion>> ReviewService::opinions(const Actor& actor,
                                                              const std::string& plan_name,
                                                              std::optional<FiscalYear> year) {
  if (auto allowed = require(actor, Permission::kPlanRead); !allowed) return allowed.error();
  auto c = db_.connection();
  auto plan = resolve_plan(*c, actor.municipality, plan_name);
  if (!plan) return plan.error();
  return store::ReviewStore(*c).opinions(actor.municipality, plan->id, year);
}

}  // namespace tsunagu::service
