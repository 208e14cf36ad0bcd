#include "store/casework_store.hpp"

#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "store/dates.hpp"

namespace tsunagu::store {
namespace sql {

// By-person reads filter on "municipality_id + 0": the arithmetic keeps the planner on the
// person's index (the municipality's indexes would scan every row of the city). Tables without
// their own municipality_id (meeting_member, plan_role) are reached through their parent row.

constexpr const char* kInsertMeeting =
    "INSERT INTO meeting (municipality_id, kind, person_id, held_on, agenda, decisions, actions, "
    "created_at, categories) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kInsertMember =
    "INSERT INTO meeting_member (meeting_id, agency_id, user_id, name, "
    "confidentiality_acknowledged) SELECT id, ?, ?, ?, ? FROM meeting "
    "WHERE municipality_id = ? AND id = ?";
constexpr const char* kMeetingColumns =
    "SELECT id, kind, person_id, held_on, agenda, decisions, actions, categories FROM meeting ";
const std::string kMeetingsOf =
    std::string(kMeetingColumns) +
    "WHERE municipality_id + 0 = ? AND person_id = ? ORDER BY held_on, id";
const std::string kRegular = std::string(kMeetingColumns) +
                             "WHERE municipality_id = ? AND kind = 'regular' ORDER BY held_on, id";
// The members of the meetings the two lists above read, in one query each.
constexpr const char* kMemberColumns =
    "SELECT mm.meeting_id, mm.agency_id, mm.user_id, mm.name, mm.confidentiality_acknowledged "
    "FROM meeting_member mm JOIN meeting m ON m.id = mm.meeting_id ";
const std::string kMembersOf = std::string(kMemberColumns) +
                               "WHERE m.municipality_id + 0 = ? AND m.person_id = ? ORDER BY mm.id";
const std::string kRegularMembers =
    std::string(kMemberColumns) +
    "WHERE m.municipality_id = ? AND m.kind = 'regular' ORDER BY mm.id";

constexpr const char* kInsertReferral =
    "INSERT INTO referral (municipality_id, person_id, from_agency, to_agency, state, sent_on, "
    "note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kReferralColumns =
    "SELECT id, person_id, from_agency, to_agency, state, sent_on, responded_on, completed_on, "
    "note, version FROM referral ";
const std::string kReferral =
    std::string(kReferralColumns) + "WHERE municipality_id = ? AND id = ?";
const std::string kReferralsOf =
    std::string(kReferralColumns) +
    "WHERE municipality_id + 0 = ? AND person_id = ? ORDER BY sent_on, id";
constexpr const char* kUpdateReferral =
    "UPDATE referral SET state = ?, responded_on = ?, completed_on = ?, note = ?, "
    "version = version + 1 WHERE municipality_id = ? AND id = ? AND version = ?";

constexpr const char* kPlan =
    "SELECT goals, started_on, closed_on, closure_reason, version FROM support_plan "
    "WHERE municipality_id = ? AND person_id = ?";
constexpr const char* kRoles =
    "SELECT r.agency_id, r.who, r.task, r.due_on FROM plan_role r JOIN person p ON p.id = "
    "r.person_id WHERE p.municipality_id = ? AND r.person_id = ? ORDER BY r.id";
constexpr const char* kInsertPlan =
    "INSERT INTO support_plan (person_id, municipality_id, goals, started_on, closed_on, "
    "closure_reason) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdatePlan =
    "UPDATE support_plan SET goals = ?, started_on = ?, closed_on = ?, closure_reason = ?, "
    "version = version + 1 WHERE municipality_id = ? AND person_id = ? AND version = ?";
constexpr const char* kDeleteRoles =
    "DELETE FROM plan_role WHERE person_id IN (SELECT id FROM person WHERE municipality_id = ? "
    "AND id = ?)";
constexpr const char* kInsertRole =
    "INSERT INTO plan_role (person_id, agency_id, who, task, due_on) SELECT id, ?, ?, ?, ? "
    "FROM person WHERE municipality_id = ? AND id = ?";

constexpr const char* kInsertCheckpoint =
    "INSERT INTO checkpoint (municipality_id, person_id, kind, due_on, done_on, note) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kCheckpointColumns =
    "SELECT id, person_id, kind, due_on, done_on, note, local_supporter_involved FROM checkpoint ";
const std::string kCheckpoint =
    std::string(kCheckpointColumns) + "WHERE municipality_id = ? AND id = ?";
const std::string kCheckpointsOf =
    std::string(kCheckpointColumns) +
    "WHERE municipality_id + 0 = ? AND person_id = ? ORDER BY due_on, id";
constexpr const char* kCompleteCheckpoint =
    "UPDATE checkpoint SET done_on = ?, note = ?, local_supporter_involved = ? "
    "WHERE municipality_id = ? AND id = ? AND done_on IS NULL";
constexpr const char* kDue =
    "SELECT c.id, c.person_id, c.kind, c.due_on, c.done_on, c.note, c.local_supporter_involved, "
    "p.name, p.assigned_worker FROM checkpoint c JOIN person p ON p.id = c.person_id "
    "WHERE c.municipality_id = ? AND c.done_on IS NULL AND c.due_on <= ? ORDER BY c.due_on, c.id";

constexpr const char* kInsertSupporter =
    "INSERT INTO supporter (municipality_id, person_id, kind, formal, local, name, agency_id, "
    "from_on, until_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kSupporterColumns =
    "SELECT id, person_id, kind, formal, local, name, agency_id, from_on, until_on FROM supporter ";
const std::string kSupporter =
    std::string(kSupporterColumns) + "WHERE municipality_id = ? AND id = ?";
const std::string kSupportersOf =
    std::string(kSupporterColumns) +
    "WHERE municipality_id + 0 = ? AND person_id = ? ORDER BY from_on, id";
constexpr const char* kEndSupporter =
    "UPDATE supporter SET until_on = ? WHERE municipality_id = ? AND id = ?";

}  // namespace sql

namespace {

Value id_value(const auto& id) { return id ? Value(id->value) : Value(nullptr); }

std::string lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& x : items) out += (out.empty() ? "" : "\n") + x;
  return out;
}

std::string actions_json(const std::vector<ActionItem>& actions) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : actions) {
    out.push_back({{"who", a.who},
                   {"what", a.what},
                   {"due", a.due ? format_iso_date(*a.due) : ""},
                   {"done", a.done}});
  }
  return out.dump();
}

std::vector<ActionItem> actions_of(const std::string& text) {
  std::vector<ActionItem> out;
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_array()) return out;
  for (const auto& a : json) {
    ActionItem item{a.value("who", ""), a.value("what", ""), std::nullopt, a.value("done", false)};
    if (auto due = parse_iso_date(a.value("due", ""))) item.due = *due;
    out.push_back(std::move(item));
  }
  return out;
}

Referral read_referral(const Row& r) {
  Referral x;
  x.id = ReferralId{r.integer(0)};
  x.person = PersonId{r.integer(1)};
  x.from = AgencyId{r.integer(2)};
  x.to = AgencyId{r.integer(3)};
  x.state = parse_referral_state(r.text(4)).value_or(ReferralState::kSent);
  x.sent_on = date_at(r, 5);
  x.responded_on = optional_date_at(r, 6);
  x.completed_on = optional_date_at(r, 7);
  x.note = r.text(8);
  x.version = r.integer(9);
  return x;
}

Checkpoint read_checkpoint(const Row& r) {
  Checkpoint c;
  c.id = CheckpointId{r.integer(0)};
  c.person = PersonId{r.integer(1)};
  c.kind = r.text(2) == "follow_up" ? CheckpointKind::kFollowUp : CheckpointKind::kReview;
  c.due_on = date_at(r, 3);
  c.done_on = optional_date_at(r, 4);
  c.note = r.text(5);
  if (auto v = r.optional_integer(6)) c.local_supporter_involved = *v != 0;
  return c;
}

Supporter read_supporter(const Row& r) {
  Supporter s;
  s.id = SupporterId{r.integer(0)};
  s.person = PersonId{r.integer(1)};
  s.kind = parse_supporter_kind(r.text(2)).value_or(SupporterKind::kOther);
  s.formal = r.integer(3) != 0;
  s.local = r.integer(4) != 0;
  s.name = r.text(5);
  if (auto a = r.optional_integer(6)) s.agency = AgencyId{*a};
  s.from = date_at(r, 7);
  s.until = optional_date_at(r, 8);
  return s;
}

}  // namespace

MeetingId CaseworkStore::insert_meeting(MunicipalityId m, const Meeting& x, std::int64_t now) {
  MeetingId id{c_.query(sql::kInsertMeeting,
                        {m.value, std::string(meeting_kind_name(x.kind)), id_value(x.person),
                         format_iso_date(x.held_on), x.agenda, x.decisions, actions_json(x.actions),
                         now, info_categories_text(x.shares)})
                   .at(0)
                   .integer(0)};
  for (const auto& member : x.members) {
    c_.execute(sql::kInsertMember,
               {id_value(member.agency), id_value(member.user), member.name,
                std::int64_t{member.confidentiality_acknowledged ? 1 : 0}, m.value, id.value});
  }
  return id;
}

std::vector<Meeting> CaseworkStore::read_meetings(const Rows& rows, const Rows& member_rows) {
  std::unordered_map<std::int64_t, std::vector<MeetingMember>> members;
  for (const auto& mr : member_rows) {
    MeetingMember member;
    if (auto a = mr.optional_integer(1)) member.agency = AgencyId{*a};
    if (auto u = mr.optional_integer(2)) member.user = UserId{*u};
    member.name = mr.text(3);
    member.confidentiality_acknowledged = mr.integer(4) != 0;
    members[mr.integer(0)].push_back(std::move(member));
  }
  std::vector<Meeting> out;
  for (const auto& r : rows) {
    Meeting x;
    x.id = MeetingId{r.integer(0)};
    x.kind = parse_meeting_kind(r.text(1)).value_or(MeetingKind::kCaseConference);
    if (auto p = r.optional_integer(2)) x.person = PersonId{*p};
    x.held_on = date_at(r, 3);
    x.agenda = r.text(4);
    x.decisions = r.text(5);
    x.actions = actions_of(r.text(6));
    x.shares = parse_info_categories(r.text(7));
    if (auto it = members.find(x.id.value); it != members.end()) x.members = std::move(it->second);
    out.push_back(std::move(x));
  }
  return out;
}

std::vector<Meeting> CaseworkStore::meetings_of(MunicipalityId m, PersonId person) {
  return read_meetings(c_.query(sql::kMeetingsOf, {m.value, person.value}),
                       c_.query(sql::kMembersOf, {m.value, person.value}));
}

std::vector<Meeting> CaseworkStore::regular_meetings(MunicipalityId m) {
  return read_meetings(c_.query(sql::kRegular, {m.value}),
                       c_.query(sql::kRegularMembers, {m.value}));
}

ReferralId CaseworkStore::insert_referral(MunicipalityId m, const Referral& r, std::int64_t now) {
  return ReferralId{
      c_.query(sql::kInsertReferral,
               {m.value, r.person.value, r.from.value, r.to.value,
                std::string(referral_state_name(r.state)), format_iso_date(r.sent_on), r.note, now})
          .at(0)
          .integer(0)};
}

std::optional<Referral> CaseworkStore::referral(MunicipalityId m, ReferralId id) {
  auto rows = c_.query(sql::kReferral, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  return read_referral(rows[0]);
}

std::vector<Referral> CaseworkStore::referrals_of(MunicipalityId m, PersonId person) {
  std::vector<Referral> out;
  for (const auto& r : c_.query(sql::kReferralsOf, {m.value, person.value}))
    out.push_back(read_referral(r));
  return out;
}

bool CaseworkStore::update_referral(MunicipalityId m, const Referral& r,
                                    std::int64_t expected_version) {
  return c_.execute(sql::kUpdateReferral, {std::string(referral_state_name(r.state)),
                                           date_value(r.responded_on), date_value(r.completed_on),
                                           r.note, m.value, r.id.value, expected_version}) == 1;
}

std::optional<SupportPlan> CaseworkStore::support_plan(MunicipalityId m, PersonId person) {
  auto rows = c_.query(sql::kPlan, {m.value, person.value});
  if (rows.empty()) return std::nullopt;
  const Row& r = rows[0];
  SupportPlan plan;
  plan.person = person;
  const std::string goals = r.text(0);  // split() returns views into it
  for (auto g : split(goals, '\n')) {
    if (!g.empty()) plan.goals.emplace_back(g);
  }
  plan.started_on = date_at(r, 1);
  plan.closed_on = optional_date_at(r, 2);
  plan.closure_reason = r.text(3);
  plan.version = r.integer(4);
  for (const auto& rr : c_.query(sql::kRoles, {m.value, person.value})) {
    PlanRole role;
    if (auto a = rr.optional_integer(0)) role.agency = AgencyId{*a};
    role.who = rr.text(1);
    role.task = rr.text(2);
    role.due = optional_date_at(rr, 3);
    plan.roles.push_back(std::move(role));
  }
  return plan;
}

bool CaseworkStore::save_support_plan(MunicipalityId m, const SupportPlan& plan,
                                      std::int64_t expected_version) {
  if (expected_version == 0) {
    if (support_plan(m, plan.person)) return false;
    c_.execute(sql::kInsertPlan,
               {plan.person.value, m.value, lines(plan.goals), format_iso_date(plan.started_on),
                date_value(plan.closed_on), plan.closure_reason});
  } else if (c_.execute(sql::kUpdatePlan, {lines(plan.goals), format_iso_date(plan.started_on),
                                           date_value(plan.closed_on), plan.closure_reason, m.value,
                                           plan.person.value, expected_version}) != 1) {
    return false;
  }
  c_.execute(sql::kDeleteRoles, {m.value, plan.person.value});
  for (const auto& role : plan.roles) {
    c_.execute(sql::kInsertRole, {id_value(role.agency), role.who, role.task, date_value(role.due),
                                  m.value, plan.person.value});
  }
  return true;
}

CheckpointId CaseworkStore::insert_checkpoint(MunicipalityId m, const Checkpoint& c) {
  return CheckpointId{
      c_.query(sql::kInsertCheckpoint,
               {m.value, c.person.value,
                std::string(c.kind == CheckpointKind::kFollowUp ? "follow_up" : "review"),
                format_iso_date(c.due_on), date_value(c.done_on), c.note})
          .at(0)
          .integer(0)};
}

std::optional<Checkpoint> CaseworkStore::checkpoint(MunicipalityId m, CheckpointId id) {
  auto rows = c_.query(sql::kCheckpoint, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  return read_checkpoint(rows[0]);
}

std::vector<Checkpoint> CaseworkStore::checkpoints_of(MunicipalityId m, PersonId person) {
  std::vector<Checkpoint> out;
  for (const auto& r : c_.query(sql::kCheckpointsOf, {m.value, person.value}))
    out.push_back(read_checkpoint(r));
  return out;
}

bool CaseworkStore::complete_checkpoint(MunicipalityId m, CheckpointId id, Date done_on,
                                        const std::string& note,
                                        std::optional<bool> local_supporter) {
  Value local = local_supporter ? Value(std::int64_t{*local_supporter ? 1 : 0}) : Value(nullptr);
  return c_.execute(sql::kCompleteCheckpoint,
                    {format_iso_date(done_on), note, local, m.value, id.value}) == 1;
}

std::vector<DueCheckpoint> CaseworkStore::due(MunicipalityId m, Date until) {
  std::vector<DueCheckpoint> out;
  for (const auto& r : c_.query(sql::kDue, {m.value, format_iso_date(until)})) {
    DueCheckpoint d{read_checkpoint(r), r.text(7), std::nullopt};
    if (auto w = r.optional_integer(8)) d.assigned_worker = UserId{*w};
    out.push_back(std::move(d));
  }
  return out;
}

SupporterId CaseworkStore::insert_supporter(MunicipalityId m, const Supporter& s) {
  return SupporterId{
      c_.query(sql::kInsertSupporter,
               {m.value, s.person.value, std::string(supporter_kind_name(s.kind)),
                std::int64_t{s.formal ? 1 : 0}, std::int64_t{s.local ? 1 : 0}, s.name,
                id_value(s.agency), format_iso_date(s.from), date_value(s.until)})
          .at(0)
          .integer(0)};
}

std::optional<Supporter> CaseworkStore::supporter(MunicipalityId m, SupporterId id) {
  auto rows = c_.query(sql::kSupporter, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  return read_supporter(rows[0]);
}

std::vector<Supporter> CaseworkStore::supporters_of(MunicipalityId m, PersonId person) {
  std::vector<Supporter> out;
  for (const auto& r : c_.query(sql::kSupportersOf, {m.value, person.value}))
    out.push_back(read_supporter(r));
  return out;
}

bool CaseworkStore::end_supporter(MunicipalityId m, SupporterId id, Date until) {
  return c_.execute(sql::kEndSupporter, {format_iso_date(until), m.value, id.value}) == 1;
}

}  // namespace tsunagu::store
