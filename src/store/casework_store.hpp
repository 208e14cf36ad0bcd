// CaseworkStore: meetings with their members and action items, referrals, the support plan with
// roles, checkpoints (reviews and follow-ups) and supporters. A repository over one Connection;
// the caller owns the transaction and decides access. Not thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "core/casework.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

// A checkpoint with whose it is, for the list of what is due.
struct DueCheckpoint {
  Checkpoint checkpoint;
  std::string person_name;
  std::optional<UserId> assigned_worker;
};

class CaseworkStore {
 public:
  explicit CaseworkStore(Connection& connection) : c_(connection) {}

  MeetingId insert_meeting(MunicipalityId m, const Meeting& meeting, std::int64_t now);
  std::vector<Meeting> meetings_of(MunicipalityId m, PersonId person);
  std::vector<Meeting> regular_meetings(MunicipalityId m);

  ReferralId insert_referral(MunicipalityId m, const Referral& r, std::int64_t now);
  std::optional<Referral> referral(MunicipalityId m, ReferralId id);
  std::vector<Referral> referrals_of(MunicipalityId m, PersonId person);
  // Writes the new state and dates if still at `expected_version`.
  bool update_referral(MunicipalityId m, const Referral& r, std::int64_t expected_version);

  std::optional<SupportPlan> support_plan(MunicipalityId m, PersonId person);
  // Inserts (expected_version 0) or replaces the plan and its roles if still at the version.
  bool save_support_plan(MunicipalityId m, const SupportPlan& plan, std::int64_t expected_version);

  CheckpointId insert_checkpoint(MunicipalityId m, const Checkpoint& c);
  std::optional<Checkpoint> checkpoint(MunicipalityId m, CheckpointId id);
  std::vector<Checkpoint> checkpoints_of(MunicipalityId m, PersonId person);
  bool complete_checkpoint(MunicipalityId m, CheckpointId id, Date done_on, const std::string& note,
                           std::optional<bool> local_supporter);
  // Not done and due on or before `until`, by due date.
  std::vector<DueCheckpoint> due(MunicipalityId m, Date until);

  SupporterId insert_supporter(MunicipalityId m, const Supporter& s);
  std::optional<Supporter> supporter(MunicipalityId m, SupporterId id);
  std::vector<Supporter> supporters_of(MunicipalityId m, PersonId person);
  bool end_supporter(MunicipalityId m, SupporterId id, Date until);

 private:
  // Meetings from their rows, each with its members from `member_rows` (meeting id first).
  std::vector<Meeting> read_meetings(const Rows& rows, const Rows& member_rows);
  Connection& c_;
};

}  // namespace tsunagu::store
