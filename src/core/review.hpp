// The review cycle: the advisory committee's (推進委員会) opinions on a year, each optionally
// linked to a policy, and the city's published response 市の考え方 — shown beside the next
// year's plan, so the opinion visibly feeds the next budget (seed 001 §10(3)).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/fiscal_year.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"

namespace tsunagu {

using OpinionId = Id<struct OpinionTag>;

struct CommitteeOpinion {
  OpinionId id;
  FiscalYear year{2024};           // the year the committee reviewed
  std::optional<PolicyId> policy;  // empty: about the plan as a whole
  std::string policy_code;         // "4-4-2", for display
  std::string opinion;             // 委員会の意見
  std::string response;            // 市の考え方; empty until answered
  std::int64_t version = 0;
};

// Error "review.invalid": empty opinion, text over the limit, bad UTF-8.
Status validate_opinion_text(const std::string& text, const char* field);

}  // namespace tsunagu
