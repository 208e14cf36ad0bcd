#include "service/casework_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "store/case_statistics.hpp"

namespace tsunagu::service {
namespace {

Error person_not_found() {
  return make_error(ErrorKind::kNotFound, "person.not_found", "指定された対象者は見つかりません。");
}

std::optional<AgencyId> agency_of(const Actor& actor) {
  return actor.user ? actor.user->agency : std::nullopt;
}

// What the page shows besides the record, read in page()'s transaction.
void read_page_rest(store::Connection& c, const Actor& actor, PersonId id,
                    const std::vector<InfoCategory>& cats, PersonPage& page) {
  store::CaseworkStore work(c);
  const bool support = std::find(cats.begin(), cats.end(), InfoCategory::kSupport) != cats.end();
  if (support) {
    auto member_of = [&](const Meeting& m) {
      return std::any_of(m.members.begin(), m.members.end(), [&](const MeetingMember& x) {
        return (actor.user && x.user == actor.user->id) ||
               (agency_of(actor) && x.agency == agency_of(actor));
      });
    };
    for (auto& m : work.meetings_of(actor.municipality, id)) {
      if (m.kind == MeetingKind::kSupportMeeting && !actor.is_case_staff() && !member_of(m))
        continue;
      page.meetings.push_back(std::move(m));
    }
    page.referrals = work.referrals_of(actor.municipality, id);
    page.plan = work.support_plan(actor.municipality, id);
    page.checkpoints = work.checkpoints_of(actor.municipality, id);
    page.supporters = work.supporters_of(actor.municipality, id);
  }
  page.agencies = store::CaseStore(c).agencies(actor.municipality);
}

}  // namespace

bool sees_exact_figures(const Actor& actor) {
  return !actor.user || actor.user->role == Role::kCaseCoordinator;
}

CaseworkService::CaseworkService(store::Database& db, const Clock& clock, const AuditLog& audit,
                                 AuditWriter& reads, CaseService& cases)
    : db_(db), clock_(clock), audit_(audit), reads_(reads), cases_(cases) {}

Result<std::pair<Person, AccessGrant>> CaseworkService::for_change(store::Connection& c,
                                                                   store::Transaction& tx,
                                                                   const Actor& actor,
                                                                   PersonId id) {
  store::CaseStore cases(c);
  auto person = cases.person(actor.municipality, id);
  if (!person) return person_not_found();
  auto grant = cases_.access(cases, actor, *person, std::nullopt);
  if (!grant) return cases_.refuse_change(c, tx, actor, id, "casework", grant.error());
  return std::pair{*person, *grant};
}

void CaseworkService::audit_change(store::Connection& c, const Actor& actor,
                                   const std::string& action, PersonId person,
                                   const AccessGrant& grant, const std::string& detail) {
  audit_.append(c, {actor.municipality, actor.name, action, "person", std::to_string(person.value),
                    "", "", basis_code(grant.basis), detail});
}

Result<PersonPage> CaseworkService::page(const Actor& actor, PersonId id,
                                         const std::optional<Ground>& ground) {
  // One read transaction for the record and the rest of the page; the audit row after it.
  PersonPage page;
  auto read = [&] {
    auto c = db_.connection();
    store::Transaction tx(*c, store::TxMode::kRead);
    store::CaseStore cases(*c);
    auto r = cases_.read_person(cases, actor, id, ground);
    if (r.view) read_page_rest(*c, actor, id, r.view->categories, page);
    tx.commit();
    return r;
  }();
  auto view = cases_.audited(actor, std::move(read));
  if (!view) return view.error();
  page.view = std::move(*view);
  return page;
}

Result<Meeting> CaseworkService::record_meeting(const Actor& actor, Meeting meeting) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::CaseStore cases(*c);
  std::vector<Agency> agencies;
  for (const auto& member : meeting.members) {
    if (!member.agency) continue;
    auto a = cases.agency(actor.municipality, *member.agency);
    if (!a)
      return make_error(ErrorKind::kNotFound, "agency.not_found",
                        "出席者の所属機関が登録されていません。");
    if (std::none_of(agencies.begin(), agencies.end(),
                     [&](const Agency& x) { return x.id == a->id; }))
      agencies.push_back(*a);
    if (trim(member.name).empty()) {
      // The agency's name stands for an unnamed member in the minutes.
      for (auto& m : meeting.members) {
        if (m.agency == a->id && trim(m.name).empty()) m.name = a->name;
      }
    }
  }
  std::optional<AccessGrant> grant;
  std::vector<Consent> consents;
  Date registered_on = meeting.held_on;
  if (meeting.person) {
    auto target = for_change(*c, tx, actor, *meeting.person);
    if (!target) return target.error();
    grant = target->second;
    registered_on = target->first.registered_on;
    consents = cases.consents(actor.municipality, *meeting.person);
  }
  if (auto valid = validate_meeting(meeting, agencies, consents, registered_on); !valid)
    return valid.error();
  meeting.id =
      store::CaseworkStore(*c).insert_meeting(actor.municipality, meeting, clock_.now_ms());
  nlohmann::json detail{{"meeting", meeting.id.value}, {"kind", meeting_kind_name(meeting.kind)}};
  if (meeting.person) {
    audit_change(*c, actor, "meeting.record", *meeting.person, *grant, detail.dump());
  } else {
    audit_.append(*c,
                  {actor.municipality, actor.name, "meeting.record", "meeting",
                   std::to_string(meeting.id.value), "", "", kBasisOfficialDuty, detail.dump()});
  }
  tx.commit();
  return meeting;
}

Result<Referral> CaseworkService::send_referral(const Actor& actor, Referral r) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  if (!is_valid_date(r.sent_on)) r.sent_on = today_in_japan(clock_);
  if (utf8_length(r.note) > 2000 || find_invalid_utf8(r.note))
    return make_error(ErrorKind::kInvalid, "referral.invalid",
                      "メモは 2000 文字以内にしてください。");
  if (r.from == r.to)
    return make_error(ErrorKind::kInvalid, "referral.invalid",
                      "つなぐ先は別の機関にしてください。");
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::CaseStore cases(*c);
  auto target = for_change(*c, tx, actor, r.person);
  if (!target) return target.error();
  if (r.sent_on < target->first.registered_on)
    return make_error(ErrorKind::kInvalid, "referral.invalid",
                      "依頼日が対象者の登録日より前になっています。");
  auto from = cases.agency(actor.municipality, r.from);
  auto to = cases.agency(actor.municipality, r.to);
  if (!from || !to)
    return make_error(ErrorKind::kInvalid, "referral.invalid",
                      "つなぐ元と先の機関を登録してください。");
  auto consents = cases.consents(actor.municipality, r.person);
  bool covered = to->kind == AgencyKind::kMunicipality ||
                 std::any_of(consents.begin(), consents.end(), [&](const Consent& x) {
                   return consent_covers(x, *to, InfoCategory::kBasic, r.sent_on);
                 });
  if (!covered) {
    return make_error(ErrorKind::kInvalid, "referral.consent_required",
                      "本人の同意に「" + to->name +
                          "」が含まれていないため、つなぐことができません。先に同意の範囲を"
                          "確かめ、同意を記録してください。");
  }
  r.state = ReferralState::kSent;
  r.id = store::CaseworkStore(*c).insert_referral(actor.municipality, r, clock_.now_ms());
  r.version = 1;
  audit_change(*c, actor, "referral.send", r.person, target->second,
               nlohmann::json{{"referral", r.id.value}, {"to", r.to.value}}.dump());
  tx.commit();
  return r;
}

Result<Referral> CaseworkService::act_on_referral(const Actor& actor, ReferralId id,
                                                  ReferralAction action,
                                                  std::int64_t expected_version, Date on,
                                                  const std::string& note) {
  if (auto allowed = require(actor, Permission::kCaseRead); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::CaseworkStore work(*c);
  auto r = work.referral(actor.municipality, id);
  if (!r)
    return make_error(ErrorKind::kNotFound, "referral.not_found",
                      "指定されたつなぎは見つかりません。");
  const bool receiver = agency_of(actor) && *agency_of(actor) == r->to;
  if (!actor.is_case_staff() && !(receiver && action != ReferralAction::kWithdraw)) {
    return make_error(ErrorKind::kForbidden, "auth.forbidden",
                      "このつなぎに応じられるのは、つなぎ先の機関と市の担当者です。");
  }
  auto target = for_change(*c, tx, actor, r->person);
  if (!target) return target.error();
  auto next = next_referral_state(r->state, action);
  if (!next) return next.error();
  if (!is_valid_date(on)) on = today_in_japan(clock_);
  if (on < r->sent_on)
    return make_error(ErrorKind::kInvalid, "referral.invalid",
                      "日付が依頼日より前になっています。");
  r->state = *next;
  if (action == ReferralAction::kAccept || action == ReferralAction::kDecline)
    r->responded_on = on;
  else
    r->completed_on = on;
  if (!trim(note).empty()) r->note += (r->note.empty() ? "" : "\n") + std::string(trim(note));
  if (utf8_length(r->note) > 4000)
    return make_error(ErrorKind::kInvalid, "referral.invalid", "メモが長すぎます。");
  if (!work.update_referral(actor.municipality, *r, expected_version)) {
    return make_error(ErrorKind::kConflict, "referral.stale_version",
                      "他の人が先に更新しました。画面を開き直してください。");
  }
  audit_change(*c, actor, "referral." + std::string(referral_state_name(*next)), r->person,
               target->second, nlohmann::json{{"referral", id.value}}.dump());
  auto after = work.referral(actor.municipality, id);
  tx.commit();
  return *after;
}

Result<SupportPlan> CaseworkService::save_plan(const Actor& actor, SupportPlan plan,
                                               std::int64_t expected_version) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto target = for_change(*c, tx, actor, plan.person);
  if (!target) return target.error();
  store::CaseworkStore work(*c);
  auto stored = work.support_plan(actor.municipality, plan.person);
  if (stored && stored->closed_on)
    return make_error(ErrorKind::kConflict, "plan.closed", "終結した支援プランは変更できません。");
  plan.closed_on.reset();
  plan.closure_reason.clear();
  if (auto valid = validate_support_plan(plan, target->first.registered_on); !valid)
    return valid.error();
  if (!work.save_support_plan(actor.municipality, plan, expected_version)) {
    return make_error(ErrorKind::kConflict, "plan.stale_version",
                      "他の人が先に支援プランを更新しました。画面を開き直してください。");
  }
  audit_change(*c, actor, expected_version == 0 ? "plan.create" : "plan.update", plan.person,
               target->second, "");
  auto after = work.support_plan(actor.municipality, plan.person);
  tx.commit();
  return *after;
}

Result<SupportPlan> CaseworkService::close_plan(const Actor& actor, PersonId person, Date closed_on,
                                                const std::string& reason,
                                                std::int64_t expected_version) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto target = for_change(*c, tx, actor, person);
  if (!target) return target.error();
  store::CaseworkStore work(*c);
  auto plan = work.support_plan(actor.municipality, person);
  if (!plan)
    return make_error(ErrorKind::kNotFound, "plan.not_found", "支援プランがまだありません。");
  if (plan->closed_on)
    return make_error(ErrorKind::kConflict, "plan.closed", "この支援は既に終結しています。");
  plan->closed_on = closed_on;
  plan->closure_reason = std::string(trim(reason));
  if (auto valid = validate_support_plan(*plan, target->first.registered_on); !valid)
    return valid.error();
  if (!work.save_support_plan(actor.municipality, *plan, expected_version)) {
    return make_error(ErrorKind::kConflict, "plan.stale_version",
                      "他の人が先に支援プランを更新しました。画面を開き直してください。");
  }
  for (Date due : default_follow_ups(closed_on)) {
    work.insert_checkpoint(actor.municipality,
                           Checkpoint{{}, person, CheckpointKind::kFollowUp, due, {}, "", {}});
  }
  audit_change(*c, actor, "plan.close", person, target->second, "");
  auto after = work.support_plan(actor.municipality, person);
  tx.commit();
  return *after;
}

Result<Checkpoint> CaseworkService::schedule_review(const Actor& actor, PersonId person,
                                                    Date due_on) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto target = for_change(*c, tx, actor, person);
  if (!target) return target.error();
  if (!is_valid_date(due_on) || due_on < target->first.registered_on)
    return make_error(ErrorKind::kInvalid, "checkpoint.invalid",
                      "確認日が対象者の登録日より前になっています。");
  Checkpoint cp{{}, person, CheckpointKind::kReview, due_on, {}, "", {}};
  cp.id = store::CaseworkStore(*c).insert_checkpoint(actor.municipality, cp);
  audit_change(*c, actor, "review.schedule", person, target->second, "");
  tx.commit();
  return cp;
}

Result<Checkpoint> CaseworkService::complete_checkpoint(const Actor& actor, CheckpointId id,
                                                        Date done_on, const std::string& note,
                                                        std::optional<bool> local_supporter) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  if (utf8_length(note) > 4000 || find_invalid_utf8(note))
    return make_error(ErrorKind::kInvalid, "checkpoint.invalid",
                      "記録は 4000 文字以内にしてください。");
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::CaseworkStore work(*c);
  auto cp = work.checkpoint(actor.municipality, id);
  if (!cp)
    return make_error(ErrorKind::kNotFound, "checkpoint.not_found",
                      "指定された確認の予定は見つかりません。");
  auto target = for_change(*c, tx, actor, cp->person);
  if (!target) return target.error();
  if (!is_valid_date(done_on) || done_on < target->first.registered_on)
    return make_error(ErrorKind::kInvalid, "checkpoint.invalid",
                      "実施日が対象者の登録日より前になっています。");
  if (!work.complete_checkpoint(actor.municipality, id, done_on, note, local_supporter))
    return make_error(ErrorKind::kInvalid, "checkpoint.invalid",
                      "この確認は既に記録されています。");
  audit_change(*c, actor,
               cp->kind == CheckpointKind::kFollowUp ? "follow_up.record" : "review.record",
               cp->person, target->second, "");
  auto after = work.checkpoint(actor.municipality, id);
  tx.commit();
  return *after;
}

Result<std::vector<DueItem>> CaseworkService::due(const Actor& actor, int days_ahead) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  const Date today = today_in_japan(clock_);
  const Date until = add_days(today, std::clamp(days_ahead, 0, 366));
  std::vector<DueItem> out;
  {
    auto c = db_.connection();
    for (auto& d : store::CaseworkStore(*c).due(actor.municipality, until)) {
      if (actor.user && actor.user->role == Role::kCaseWorker &&
          d.assigned_worker != actor.user->id)
        continue;
      out.push_back({d.checkpoint, d.person_name, d.checkpoint.due_on < today});
    }
  }
  // The list names persons: each one shown is a read.
  std::vector<PersonId> shown;
  for (const auto& d : out) shown.push_back(d.checkpoint.person);
  cases_.audit_listed(actor, shown, "due_list");
  return out;
}

Result<std::pair<CaseIndicators, int>> CaseworkService::indicators(const Actor& actor, Date from,
                                                                   Date to) {
  if (auto allowed = require(actor, Permission::kCaseStatistics); !allowed) return allowed.error();
  if (!is_valid_date(from) || !is_valid_date(to) || to < from || days_between(from, to) > 3660) {
    return make_error(ErrorKind::kInvalid, "indicators.invalid_period",
                      "期間は「開始日 ≦ 終了日」で、10年以内にしてください（例: 2024-04-01 から "
                      "2025-03-31）。");
  }
  if (!sees_exact_figures(actor) && add_months(from, 1) > add_days(to, 1)) {
    return make_error(ErrorKind::kInvalid, "indicators.period_too_short",
                      "この役割で見る指標は、1か月以上の期間で指定してください（短い期間では少ない"
                      "人数から個人が分かるおそれがあります）。");
  }
  auto c = db_.connection();
  store::MappedReadScope mapped(*c);
  store::Transaction tx(*c, store::TxMode::kRead);
  auto facts = store::gather_case_statistics(*c, actor.municipality, from, to);
  tx.commit();
  return std::pair{
      compute_case_indicators(from, to, facts.closures, facts.two_years, facts.outcomes,
                              facts.referrals, facts.connected_before_release),
      facts.persons_counted};
}

Result<Supporter> CaseworkService::add_supporter(const Actor& actor, Supporter s) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  if (auto valid = validate_supporter(s); !valid) return valid.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto target = for_change(*c, tx, actor, s.person);
  if (!target) return target.error();
  if (s.agency && !store::CaseStore(*c).agency(actor.municipality, *s.agency))
    return make_error(ErrorKind::kInvalid, "supporter.invalid",
                      "支援者の機関が登録されていません。");
  s.id = store::CaseworkStore(*c).insert_supporter(actor.municipality, s);
  audit_change(*c, actor, "supporter.add", s.person, target->second,
               nlohmann::json{{"supporter", s.id.value}}.dump());
  tx.commit();
  return s;
}

Result<Supporter> CaseworkService::end_supporter(const Actor& actor, SupporterId id, Date until) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::CaseworkStore work(*c);
  auto s = work.supporter(actor.municipality, id);
  if (!s)
    return make_error(ErrorKind::kNotFound, "supporter.not_found",
                      "指定された支援者は見つかりません。");
  auto target = for_change(*c, tx, actor, s->person);
  if (!target) return target.error();
  s->until = until;
  if (auto valid = validate_supporter(*s); !valid) return valid.error();
  work.end_supporter(actor.municipality, id, until);
  audit_change(*c, actor, "supporter.end", s->person, target->second,
               nlohmann::json{{"supporter", id.value}}.dump());
  tx.commit();
  return *s;
}

}  // namespace tsunagu::service
