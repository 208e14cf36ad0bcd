// CaseworkService: the work around a person — meetings, referrals, the support plan with roles,
// reviews, closure and follow-ups, supporters — each change on the legal basis CaseService
// decides and audited with it; the person's page assembled as one audited read; the list of
// reviews and follow-ups that are due. Thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "core/case_indicators.hpp"
#include "core/casework.hpp"
#include "service/case_service.hpp"
#include "store/casework_store.hpp"

namespace tsunagu::service {

// Everything on a person's page, as the actor may see it.
struct PersonPage {
  PersonView view;
  std::vector<Meeting> meetings;  // a partner sees a 支援会議 only as its member
  std::vector<Referral> referrals;
  std::optional<SupportPlan> plan;
  std::vector<Checkpoint> checkpoints;
  std::vector<Supporter> supporters;
  std::vector<Agency> agencies;  // to name the ids above
};

struct DueItem {
  Checkpoint checkpoint;
  std::string person_name;
  bool overdue = false;
};

// The coordinator (and the operator) see the case indicators exactly; every other role holding
// case.statistics sees them with small numbers suppressed (core/small_numbers.hpp).
bool sees_exact_figures(const Actor& actor);

class CaseworkService {
 public:
  CaseworkService(store::Database& db, const Clock& clock, const AuditLog& audit,
                  AuditWriter& reads, CaseService& cases);

  // The whole page; one audited read. Errors as CaseService::person.
  Result<PersonPage> page(const Actor& actor, PersonId person,
                          const std::optional<Ground>& ground = std::nullopt);

  // Records a meeting's minutes. Errors "meeting.invalid", "meeting.consent_required",
  // "agency.not_found", "access.*".
  Result<Meeting> record_meeting(const Actor& actor, Meeting meeting);

  // Sends a referral (つなぎ) from one agency to another: the person's consent must cover the
  // receiving agency on the day. Errors "referral.invalid", "referral.consent_required".
  Result<Referral> send_referral(const Actor& actor, Referral referral);
  // Accept, decline, complete (the receiving agency or municipal staff), withdraw (staff).
  // Errors "referral.not_found", "referral.bad_transition", "referral.stale_version",
  // "auth.forbidden".
  Result<Referral> act_on_referral(const Actor& actor, ReferralId id, ReferralAction action,
                                   std::int64_t expected_version, Date on,
                                   const std::string& note = "");

  // Creates (expected_version 0) or revises the plan. Errors "plan.invalid",
  // "plan.stale_version", "plan.closed".
  Result<SupportPlan> save_plan(const Actor& actor, SupportPlan plan,
                                std::int64_t expected_version);
  // Closes the plan (終結) and schedules the follow-ups (6 months, 1 and 2 years).
  Result<SupportPlan> close_plan(const Actor& actor, PersonId person, Date closed_on,
                                 const std::string& reason, std::int64_t expected_version);
  Result<Checkpoint> schedule_review(const Actor& actor, PersonId person, Date due_on);
  Result<Checkpoint> complete_checkpoint(const Actor& actor, CheckpointId id, Date done_on,
                                         const std::string& note,
                                         std::optional<bool> local_supporter_involved);
  // Reviews and follow-ups not done and due by `today` + `days_ahead`: the coordinator's are
  // all of the municipality's; a case worker's, those of their persons.
  Result<std::vector<DueItem>> due(const Actor& actor, int days_ahead = 14);

  // The case indicators for [from, to] (case.statistics). Error "indicators.invalid_period";
  // for a role that does not see exact figures (sees_exact_figures), also a period shorter
  // than a month.
  Result<std::pair<CaseIndicators, int>> indicators(const Actor& actor, Date from, Date to);

  Result<Supporter> add_supporter(const Actor& actor, Supporter supporter);
  Result<Supporter> end_supporter(const Actor& actor, SupporterId id, Date until);

 private:
  // Loads the person and decides access for a change (staff, or a partner where stated). A
  // refusal on the access rules is audited and commits `tx` (CaseService::refuse_change).
  Result<std::pair<Person, AccessGrant>> for_change(store::Connection& c, store::Transaction& tx,
                                                    const Actor& actor, PersonId person);
  void audit_change(store::Connection& c, const Actor& actor, const std::string& action,
                    PersonId person, const AccessGrant& grant, const std::string& detail);

  store::Database& db_;
  const Clock& clock_;
  const AuditLog& audit_;
  AuditWriter& reads_;
  CaseService& cases_;
};

}  // namespace tsunagu::service
