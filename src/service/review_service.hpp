// ReviewService: the advisory committee's opinions per year and the city's responses.
// Recording and answering belong to the plan office (plan.edit); every role that reads the
// plan reads them. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/review.hpp"
#include "service/actor.hpp"
#include "service/audit_log.hpp"
#include "service/clock.hpp"
#include "store/db.hpp"

namespace tsunagu::service {

class ReviewService {
 public:
  ReviewService(store::Database& db, const Clock& clock, const AuditLog& audit);

  // `policy_code` empty: about the plan as a whole. Errors "auth.forbidden", "review.invalid",
  // "policy.not_found", "plan.*".
  Result<CommitteeOpinion> add_opinion(const Actor& actor, const std::string& plan_name,
                                       FiscalYear year, const std::string& policy_code,
                                       const std::string& opinion);
  // Errors "review.not_found", "review.stale_version", "review.invalid".
  Result<CommitteeOpinion> respond(const Actor& actor, OpinionId id, std::int64_t expected_version,
                                   const std::string& response);
  Result<std::vector<CommitteeOpinion>> opinions(const Actor& actor, const std::string& plan_name,
                                                 std::optional<FiscalYear> year);

 private:
  store::Database& db_;
  const Clock& clock_;
  const AuditLog& audit_;
};

}  // namespace tsunagu::service
