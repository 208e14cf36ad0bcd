// The decoders of the case-coordination use cases, one per use case, shared by its JSON route
// (/api/v1/…) and its page form (/cases/…): the same fields give the same value, and the same
// bad input the same error. Each reads Fields (fields.hpp) by each value's type (FieldValue: an
// id is a JSON number or a form's digits, a flag a JSON boolean or a form's "1"/"on"/…) and
// collects every bad field before failing: ErrorKind::kInvalid (HTTP 422) with the use case's
// code ("referral.invalid", …) and one detail per field, naming it (detail.field) and its
// Japanese label (detail.message); a JSON value of the wrong type is one more such problem, not
// a malformed request. A missing or negative version is ErrorKind::kMalformed "request.invalid"
// (HTTP 400), checked before the other fields. The record's person is not read here: it comes
// from the route ({id}). Pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "core/casework.hpp"
#include "core/person.hpp"
#include "core/result.hpp"
#include "route/fields.hpp"

namespace tsunagu::route {

// "version": the version the client opened (0 for a record not yet saved).
Result<std::int64_t> decode_version(const Fields& f);

// A change to a person's record (PUT /api/v1/persons/{id}): the version, then the record.
// Error "person.invalid".
struct PersonUpdate {
  Person person;
  std::int64_t version = 0;
};
Result<PersonUpdate> decode_person_update(const Fields& f);

// Registering a person (POST /api/v1/persons, /cases/new): the record and "confirmed_new", the
// answer to the possible-duplicate warning. Error "person.invalid".
struct PersonRegistration {
  Person person;
  bool confirmed_new = false;
};
Result<PersonRegistration> decode_person_registration(const Fields& f);

// A consent (同意); error "consent.invalid".
Result<Consent> decode_consent(const Fields& f);
// "withdrawn_on" of a consent's withdrawal; error "consent.invalid".
Result<Date> decode_consent_withdrawal(const Fields& f);

// A meeting's minutes; error "meeting.invalid".
Result<Meeting> decode_meeting(const Fields& f);

// A referral (つなぎ) to send; sent_on stays Date{} when not given (the service takes today).
// Error "referral.invalid".
Result<Referral> decode_referral(const Fields& f);

// The answer to a referral (accept, decline, complete, withdraw: the action is the route's).
struct ReferralAnswer {
  std::int64_t version = 0;
  Date on;  // Date{} when not given: the service takes today
  std::string note;
};
Result<ReferralAnswer> decode_referral_answer(const Fields& f);

// The support plan to save, with the version it replaces; error "plan.invalid".
struct PlanChange {
  SupportPlan plan;
  std::int64_t version = 0;
};
Result<PlanChange> decode_plan(const Fields& f);

// Closing the plan (終結); error "plan.invalid".
struct PlanClosure {
  std::int64_t version = 0;
  Date closed_on;
  std::string reason;
};
Result<PlanClosure> decode_plan_closure(const Fields& f);

// "due_on" of a review (進捗確認) to schedule; error "checkpoint.invalid".
Result<Date> decode_review(const Fields& f);

// The result of a review or follow-up; error "checkpoint.invalid".
struct CheckpointResult {
  Date done_on;
  std::string note;
  std::optional<bool> local_supporter_involved;  // only when sent as a flag
};
Result<CheckpointResult> decode_checkpoint_result(const Fields& f);

// A supporter (支援者) joining; error "supporter.invalid".
Result<Supporter> decode_supporter(const Fields& f);
// "until" of a supporter's end; error "supporter.invalid".
Result<Date> decode_supporter_end(const Fields& f);

}  // namespace tsunagu::route
