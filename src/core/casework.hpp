// The work around a person (seed 004's flow): meetings (支援会議 without consent, 重層的支援会議
// and ケース会議 with it, 定例会), referrals between agencies (つなぎ), the support plan with
// roles, reviews (進捗確認), closure (終結) and follow-ups, and the supporters around the person
// over time — the history the Ministry's indicators are computed from (seed 002).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/case_access.hpp"
#include "core/person.hpp"

namespace tsunagu {

using ReferralId = Id<struct ReferralTag>;
using CheckpointId = Id<struct CheckpointTag>;
using SupporterId = Id<struct SupporterTag>;

enum class MeetingKind {
  kSupportMeeting,  // 支援会議（社会福祉法第106条の6）: no consent needed; members bound to secrecy
  kMultiAgency,     // 重層的支援会議: consent required
  kCaseConference,  // ケース会議（釈放前を含む）: consent required
  kRegular,         // 定例会: no individual person
};
std::string_view meeting_kind_name(MeetingKind k);
std::string_view meeting_kind_label(MeetingKind k);
std::optional<MeetingKind> parse_meeting_kind(std::string_view text);

struct MeetingMember {
  std::optional<AgencyId> agency;
  std::optional<UserId> user;
  std::string name;  // 氏名・所属 as written in the minutes
  bool confidentiality_acknowledged = false;
};

struct ActionItem {
  std::string who;
  std::string what;
  std::optional<Date> due;
  bool done = false;
};

struct Meeting {
  MeetingId id;
  MeetingKind kind = MeetingKind::kCaseConference;
  std::optional<PersonId> person;
  Date held_on;
  std::vector<MeetingMember> members;
  std::string agenda;
  std::string decisions;
  std::vector<ActionItem> actions;
  // What a 支援会議 shares among its members (its purpose's needs); every category unless the
  // meeting narrows it.
  std::vector<InfoCategory> shares{std::begin(kAllInfoCategories), std::end(kAllInfoCategories)};
};

// The rules of seed 004: a 支援会議 needs every member's confidentiality acknowledgement; a
// 重層的支援会議 or ケース会議 needs the person's consent to cover every participating agency on
// the day (the city's own sections excepted); a 定例会 is about no one. Errors
// "meeting.invalid" (with details), "meeting.consent_required" (naming the agencies lacking it).
Status validate_meeting(const Meeting& m, const std::vector<Agency>& member_agencies,
                        const std::vector<Consent>& consents, Date registered_on);

enum class ReferralState { kSent, kAccepted, kDeclined, kCompleted, kWithdrawn };
enum class ReferralAction { kAccept, kDecline, kComplete, kWithdraw };
std::string_view referral_state_name(ReferralState s);
std::string_view referral_state_label(ReferralState s);
std::optional<ReferralState> parse_referral_state(std::string_view text);
std::optional<ReferralAction> parse_referral_action(std::string_view text);

// sent → accepted | declined | withdrawn; accepted → completed | withdrawn. Error
// "referral.bad_transition".
Result<ReferralState> next_referral_state(ReferralState from, ReferralAction action);

struct Referral {
  ReferralId id;
  PersonId person;
  AgencyId from;
  AgencyId to;
  ReferralState state = ReferralState::kSent;
  Date sent_on;
  std::optional<Date> responded_on;  // accepted or declined
  std::optional<Date> completed_on;  // completed or withdrawn
  std::string note;
  std::int64_t version = 1;
};

struct PlanRole {
  std::optional<AgencyId> agency;
  std::string who;   // agency or person
  std::string task;  // 役割
  std::optional<Date> due;
};

struct SupportPlan {
  PersonId person;
  std::vector<std::string> goals;
  std::vector<PlanRole> roles;
  Date started_on;
  std::optional<Date> closed_on;
  std::string closure_reason;
  std::int64_t version = 0;
};

// Error "plan.invalid": no goal, texts over limits, a start before registration.
Status validate_support_plan(const SupportPlan& plan, Date registered_on);

// Follow-ups after closure, by default 6 months, 1 year and 2 years later (the 2-year one feeds
// the "local supporter still involved" indicator). Day-of-month clamps (8-31 → 2-28/29).
std::vector<Date> default_follow_ups(Date closed_on);
Date add_months(Date d, int months);
Date add_days(Date d, int days);
// Days from `a` to `b` (negative when b is earlier).
int days_between(Date a, Date b);

enum class CheckpointKind { kReview, kFollowUp };

struct Checkpoint {
  CheckpointId id;
  PersonId person;
  CheckpointKind kind = CheckpointKind::kReview;
  Date due_on;
  std::optional<Date> done_on;
  std::string note;
  std::optional<bool> local_supporter_involved;  // recorded at follow-ups
};

enum class SupporterKind {
  kFamily,
  kVolunteerProbation,
  kEmployer,
  kSelfHelpGroup,
  kVolunteer,
  kAgency,
  kOther
};
std::string_view supporter_kind_name(SupporterKind k);
std::string_view supporter_kind_label(SupporterKind k);
std::optional<SupporterKind> parse_supporter_kind(std::string_view text);

struct Supporter {
  SupporterId id;
  PersonId person;
  SupporterKind kind = SupporterKind::kOther;
  bool formal = false;  // an agency's or a paid role, as opposed to family, friends, volunteers
  bool local = false;   // 地域の支援者 (lives or works in the community)
  std::string name;
  std::optional<AgencyId> agency;
  Date from;
  std::optional<Date> until;
};

// Error "supporter.invalid": an end before the start, an empty name.
Status validate_supporter(const Supporter& s);

// Those involved on `day` (from ≤ day ≤ until).
int supporters_on(const std::vector<Supporter>& supporters, Date day);

}  // namespace tsunagu
