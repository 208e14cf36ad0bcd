// The auditor's search of the log, read once from a query string for the API
// (GET /api/v1/audit) and the page (/audit, /audit.csv): from, to (YYYY-MM-DD, days in Japan,
// both inclusive), user, person, action, basis, after or before (a row's seq: the cursor),
// limit (1–1000), order ("newest" for newest first). And the sign-off of a read on a ground.
#pragma once

#include <string>

#include "core/result.hpp"
#include "http/message.hpp"
#include "route/fields.hpp"
#include "service/audit_service.hpp"

namespace tsunagu::route {

// Errors "request.invalid" naming the parameter (a date that is none, a cursor or a limit that
// is no number).
Result<service::AuditSearch> decode_audit_search(const http::Request& request, int default_limit);

struct GroundReviewForm {
  std::string outcome;  // "reviewed", "commented", "referred"
  std::string comment;
};
Result<GroundReviewForm> decode_ground_review(const Fields& f);

}  // namespace tsunagu::route
