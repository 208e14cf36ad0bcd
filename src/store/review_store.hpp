// ReviewStore: committee opinions and the city's responses. A repository over one Connection;
// the caller owns the transaction. Not thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "core/review.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

class ReviewStore {
 public:
  explicit ReviewStore(Connection& connection) : c_(connection) {}

  // Opinions of the plan, of one year or (nullopt) all, with their policy codes.
  std::vector<CommitteeOpinion> opinions(MunicipalityId municipality, PlanId plan,
                                         std::optional<FiscalYear> year);
  std::optional<CommitteeOpinion> opinion(MunicipalityId municipality, OpinionId id);
  OpinionId insert(MunicipalityId municipality, PlanId plan, const CommitteeOpinion& opinion,
                   std::int64_t now);
  // Sets the response if the opinion is still at `expected_version`; false otherwise.
  bool respond(MunicipalityId municipality, OpinionId id, std::int64_t expected_version,
               const std::string& response, std::int64_t now);

 private:
  Connection& c_;
};

}  // namespace tsunagu::store
