#include "core/casework.hpp"

#include <algorithm>
#include <chrono>

#include "core/named_enum.hpp"
#include "core/text.hpp"
#include "core/validation.hpp"

namespace tsunagu {
namespace {

using detail::label_of;
using detail::name_of;
using detail::Named;
using detail::parse_named;

constexpr Named<MeetingKind> kMeetingKinds[] = {
    {MeetingKind::kSupportMeeting, "support_meeting", "支援会議"},
    {MeetingKind::kMultiAgency, "multi_agency", "重層的支援会議"},
    {MeetingKind::kCaseConference, "case_conference", "ケース会議"},
    {MeetingKind::kRegular, "regular", "定例会"},
};

constexpr Named<ReferralState> kReferralStates[] = {
    {ReferralState::kSent, "sent", "依頼中"},
    {ReferralState::kAccepted, "accepted", "受入れ"},
    {ReferralState::kDeclined, "declined", "辞退"},
    {ReferralState::kCompleted, "completed", "完了"},
    {ReferralState::kWithdrawn, "withdrawn", "取下げ"},
};

constexpr Named<ReferralAction> kReferralActions[] = {
    {ReferralAction::kAccept, "accept", "受け入れる"},
    {ReferralAction::kDecline, "decline", "辞退する"},
    {ReferralAction::kComplete, "complete", "完了する"},
    {ReferralAction::kWithdraw, "withdraw", "取り下げる"},
};

constexpr Named<SupporterKind> kSupporterKinds[] = {
    {SupporterKind::kFamily, "family", "家族"},
    {SupporterKind::kVolunteerProbation, "volunteer_probation", "保護司"},
    {SupporterKind::kEmployer, "employer", "雇用主"},
    {SupporterKind::kSelfHelpGroup, "self_help_group", "自助グループ"},
    {SupporterKind::kVolunteer, "volunteer", "ボランティア"},
    {SupporterKind::kAgency, "agency", "支援機関"},
    {SupporterKind::kOther, "other", "その他"},
};

constexpr std::size_t kMaxMinutesChars = 20000;
constexpr std::size_t kMaxLineChars = 400;

}  // namespace

std::string_view meeting_kind_name(MeetingKind k) { return name_of(kMeetingKinds, k); }
std::string_view meeting_kind_label(MeetingKind k) { return label_of(kMeetingKinds, k); }
std::optional<MeetingKind> parse_meeting_kind(std::string_view t) {
  return parse_named(kMeetingKinds, t);
}
std::string_view referral_state_name(ReferralState s) { return name_of(kReferralStates, s); }
std::string_view referral_state_label(ReferralState s) { return label_of(kReferralStates, s); }
std::optional<ReferralState> parse_referral_state(std::string_view t) {
  return parse_named(kReferralStates, t);
}
std::optional<ReferralAction> parse_referral_action(std::string_view t) {
  return parse_named(kReferralActions, t);
}
std::string_view supporter_kind_name(SupporterKind k) { return name_of(kSupporterKinds, k); }
std::string_view supporter_kind_label(SupporterKind k) { return label_of(kSupporterKinds, k); }
std::optional<SupporterKind> parse_supporter_kind(std::string_view t) {
  return parse_named(kSupporterKinds, t);
}

namespace {

void check_meeting_members(std::vector<ErrorDetail>& problems, const Meeting& m) {
  for (const auto& member : m.members) {
    if (trim(member.name).empty() && !member.agency && !member.user)
      problems.push_back({0, "members", "出席者の氏名又は所属を記録してください。"});
    check_text(problems, "members", member.name, kMaxLineChars);
  }
}

void check_meeting_actions(std::vector<ErrorDetail>& problems, const Meeting& m) {
  for (const auto& a : m.actions) {
    if (trim(a.what).empty()) problems.push_back({0, "actions", "行うことを記入してください。"});
    check_text(problems, "actions", a.who, kMaxLineChars);
    check_text(problems, "actions", a.what, kMaxLineChars);
    if (a.due && !is_valid_date(*a.due))
      problems.push_back({0, "actions", "期限が正しい日付ではありません。"});
  }
}

// A regular meeting is about no one; every other kind is about one person, held on or after
// the day that person was registered.
void check_meeting_person(std::vector<ErrorDetail>& problems, const Meeting& m,
                          Date registered_on) {
  if (m.kind == MeetingKind::kRegular) {
    if (m.person) problems.push_back({0, "person", "定例会は個人を対象にしません。"});
  } else if (!m.person) {
    problems.push_back({0, "person", "対象者を指定してください。"});
  } else if (is_valid_date(m.held_on) && m.held_on < registered_on) {
    problems.push_back({0, "held_on", "開催日が対象者の登録日より前になっています。"});
  }
}

// A support meeting binds its members to confidentiality (社会福祉法第106条の6): each member's
// acknowledgement must be recorded.
void check_meeting_confidentiality(std::vector<ErrorDetail>& problems, const Meeting& m) {
  if (m.kind != MeetingKind::kSupportMeeting) return;
  for (const auto& member : m.members) {
    if (!member.confidentiality_acknowledged)
      problems.push_back({0, "members",
                          "支援会議の出席者「" + member.name +
                              "」の守秘義務の確認が記録されていません（社会福祉法第106条の6）。"});
  }
}

// Other meetings carry no such duty, so a multi-agency meeting or case conference needs the
// person's consent (support records) for every outside agency taking part.
Status check_meeting_consents(const Meeting& m, const std::vector<Agency>& member_agencies,
                              const std::vector<Consent>& consents) {
  if (m.kind != MeetingKind::kMultiAgency && m.kind != MeetingKind::kCaseConference) return Ok{};
  std::vector<ErrorDetail> lacking;
  for (const auto& agency : member_agencies) {
    if (agency.kind == AgencyKind::kMunicipality) continue;  // the city's own sections
    bool covered = std::any_of(consents.begin(), consents.end(), [&](const Consent& c) {
      return consent_covers(c, agency, InfoCategory::kSupport, m.held_on);
    });
    if (!covered) lacking.push_back({0, "members", agency.name});
  }
  if (lacking.empty()) return Ok{};
  std::string names;
  for (const auto& l : lacking) names += (names.empty() ? "" : "、") + l.message;
  Error e = make_error(ErrorKind::kInvalid, "meeting.consent_required",
                       std::string(meeting_kind_label(m.kind)) +
                           "には、参加するすべての機関について本人の同意（支援の経過）が必要"
                           "です。同意のない機関: " +
                           names + "。同意を記録するか、支援会議として開いてください。");
  e.details = std::move(lacking);
  return e;
}

}  // namespace

Status validate_meeting(const Meeting& m, const std::vector<Agency>& member_agencies,
                        const std::vector<Consent>& consents, Date registered_on) {
  std::vector<ErrorDetail> problems;
  if (!is_valid_date(m.held_on)) problems.push_back({0, "held_on", "開催日が正しくありません。"});
  if (m.members.empty()) problems.push_back({0, "members", "出席者を一人以上記録してください。"});
  check_text(problems, "agenda", m.agenda, kMaxMinutesChars);
  check_text(problems, "decisions", m.decisions, kMaxMinutesChars);
  check_meeting_members(problems, m);
  check_meeting_actions(problems, m);
  check_meeting_person(problems, m, registered_on);
  check_meeting_confidentiality(problems, m);
  if (auto invalid =
          problems_or_ok(std::move(problems), "meeting.invalid", "会議の記録に誤りがあります。");
      !invalid) {
    return invalid;
  }
  return check_meeting_consents(m, member_agencies, consents);
}

Result<ReferralState> next_referral_state(ReferralState from, ReferralAction action) {
  switch (action) {
    case ReferralAction::kAccept:
      if (from == ReferralState::kSent) return ReferralState::kAccepted;
      break;
    case ReferralAction::kDecline:
      if (from == ReferralState::kSent) return ReferralState::kDeclined;
      break;
    case ReferralAction::kComplete:
      if (from == ReferralState::kAccepted) return ReferralState::kCompleted;
      break;
    case ReferralAction::kWithdraw:
      if (from == ReferralState::kSent || from == ReferralState::kAccepted)
        return ReferralState::kWithdrawn;
      break;
  }
  return make_error(ErrorKind::kConflict, "referral.bad_transition",
                    "「" + std::string(referral_state_label(from)) + "」のつなぎは「" +
                        std::string(label_of(kReferralActions, action)) + "」ことができません。");
}

Status validate_support_plan(const SupportPlan& plan, Date registered_on) {
  std::vector<ErrorDetail> problems;
  if (plan.goals.empty()) problems.push_back({0, "goals", "目標を一つ以上記入してください。"});
  for (const auto& g : plan.goals) check_text(problems, "goals", g, kMaxLineChars);
  for (const auto& r : plan.roles) {
    if (trim(r.who).empty() || trim(r.task).empty())
      problems.push_back({0, "roles", "役割には担い手と内容を記入してください。"});
    check_text(problems, "roles", r.who, kMaxLineChars);
    check_text(problems, "roles", r.task, kMaxLineChars);
  }
  if (!is_valid_date(plan.started_on)) {
    problems.push_back({0, "started_on", "開始日が正しくありません。"});
  } else if (plan.started_on < registered_on) {
    problems.push_back({0, "started_on", "開始日が対象者の登録日より前になっています。"});
  }
  if (plan.closed_on) {
    if (!is_valid_date(*plan.closed_on) || *plan.closed_on < plan.started_on)
      problems.push_back({0, "closed_on", "終結日が支援の開始日より前になっています。"});
    if (trim(plan.closure_reason).empty())
      problems.push_back({0, "closure_reason", "終結の理由を記入してください。"});
    check_text(problems, "closure_reason", plan.closure_reason, kMaxLineChars);
  }
  return problems_or_ok(std::move(problems), "plan.invalid", "支援プランに誤りがあります。");
}

Date add_months(Date d, int months) {
  using namespace std::chrono;
  year_month ym =
      year{d.year} / month{static_cast<unsigned>(d.month)} + std::chrono::months{months};
  unsigned days_in_month = static_cast<unsigned>((ym / std::chrono::last).day());
  return Date{static_cast<int>(ym.year()), static_cast<int>(static_cast<unsigned>(ym.month())),
              static_cast<int>(std::min(static_cast<unsigned>(d.day), days_in_month))};
}

namespace {
std::chrono::sys_days to_days(Date d) {
  return std::chrono::year{d.year} / static_cast<unsigned>(d.month) / static_cast<unsigned>(d.day);
}
}  // namespace

Date add_days(Date d, int days) {
  std::chrono::year_month_day ymd{to_days(d) + std::chrono::days{days}};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int days_between(Date a, Date b) { return static_cast<int>((to_days(b) - to_days(a)).count()); }

std::vector<Date> default_follow_ups(Date closed_on) {
  return {add_months(closed_on, 6), add_months(closed_on, 12), add_months(closed_on, 24)};
}

Status validate_supporter(const Supporter& s) {
  std::vector<ErrorDetail> problems;
  if (trim(s.name).empty() && !s.agency)
    problems.push_back({0, "name", "支援者の名前又は機関を記入してください。"});
  check_text(problems, "name", s.name, kMaxLineChars);
  if (!is_valid_date(s.from)) problems.push_back({0, "from", "開始日が正しくありません。"});
  if (s.until && (!is_valid_date(*s.until) || *s.until < s.from))
    problems.push_back({0, "until", "終了日が開始日より前になっています。"});
  return problems_or_ok(std::move(problems), "supporter.invalid", "支援者の記録に誤りがあります。");
}

int supporters_on(const std::vector<Supporter>& supporters, Date day) {
  return static_cast<int>(std::count_if(supporters.begin(), supporters.end(), [&](const auto& s) {
    return s.from <= day && (!s.until || day <= *s.until);
  }));
}

}  // namespace tsunagu
