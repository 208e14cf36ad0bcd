#include "route/case_decode.hpp"

namespace tsunagu::route {

// File-local names live in a namespace named after the file, so unity batches can join files.
namespace case_decode {
namespace {

// A list item read as a machine name.
template <class Parse>
auto by_name(Parse parse) {
  return [parse](const FieldValue& item) -> decltype(parse(std::string_view())) {
    auto t = item.text();
    if (!t) return std::nullopt;
    return parse(*t);
  };
}

template <class IdT>
std::optional<IdT> id_item(const FieldValue& item) {
  auto n = item.integer();
  if (!n || *n <= 0) return std::nullopt;
  return IdT{*n};
}

std::optional<std::string> text_item(const FieldValue& item) { return item.text(); }

// `value` when the reader found no problem, else its error.
template <class T>
Result<T> checked(const FieldReader& r, T value) {
  if (auto s = r.status(); !s) return s.error();
  return value;
}

// A single required date, the whole of some requests.
Result<Date> one_date(const FieldSource& f, const char* field, const char* label,
                      const char* code) {
  FieldReader r(f, code, "日付に誤りがあります。");
  auto d = r.date(field, label, true);
  if (auto s = r.status(); !s) return s.error();
  return *d;
}

// The six conditions of 特別調整, as a nested record.
void read_special_coordination(FieldReader& r, Person& p) {
  auto given = r.source().record("special_coordination", [&](const FieldSource& s) {
    FieldReader c(s, "", "");
    SpecialCoordination sc;
    sc.elderly_or_disabled = c.flag("elderly_or_disabled", "高齢又は障がい");
    sc.no_residence = c.flag("no_residence", "帰住先がない");
    sc.needs_welfare = c.flag("needs_welfare", "福祉サービスが必要");
    sc.appropriate = c.flag("appropriate", "特別調整が相当");
    sc.wishes = c.flag("wishes", "本人の希望");
    sc.consents_to_sharing = c.flag("consents_to_sharing", "個人情報の提供への同意");
    if (c.failed()) r.problem("special_coordination", "特別調整: " + c.first_message());
    p.special_coordination = sc;
  });
  if (given == FieldSource::Record::kNotARecord)
    r.problem("special_coordination", "特別調整は六つの条件のオブジェクトで指定してください。");
}

Person read_person(FieldReader& r) {
  Person p;
  p.name = r.text("name", "氏名", true);
  p.kana = r.text("kana", "ふりがな", true);
  if (auto d = r.date("birth_date", "生年月日", true)) p.birth_date = *d;
  p.phone = r.text("phone", "電話");
  p.address = r.text("address", "住所");
  p.status = r.named("status", "状況", parse_person_status, true).value_or(PersonStatus::kOther);
  p.facility = r.text("facility", "矯正施設");
  p.expected_release = r.date("expected_release", "釈放予定日");
  p.destination = r.text("destination", "帰住先");
  p.needs = r.list<Need>("needs", "課題", by_name(parse_need));
  p.entrance_support = r.flag("entrance_support", "入口支援");
  if (auto w = r.id("assigned_worker", "担当者")) p.assigned_worker = UserId{*w};
  if (auto d = r.date("registered_on", "登録日")) p.registered_on = *d;
  read_special_coordination(r, p);
  return p;
}

void read_members(FieldReader& r, Meeting& m) {
  bool listed = r.source().rows("members", {"agency", "user", "name"}, [&](const FieldSource* x) {
    MeetingMember member;
    if (!x) {
      r.problem("members", "出席者の書き方に誤りがあります。");
      m.members.push_back(member);
      return;
    }
    FieldReader mr(*x, "", "");
    if (auto a = mr.id("agency", "出席者の機関")) member.agency = AgencyId{*a};
    if (auto u = mr.id("user", "出席者の職員")) member.user = UserId{*u};
    member.name = mr.text("name", "出席者の氏名");
    member.confidentiality_acknowledged = mr.flag("confidentiality_acknowledged", "守秘義務の確認");
    if (mr.failed())
      r.problem("members", "出席者の書き方に誤りがあります（" + mr.first_message() + "）");
    m.members.push_back(std::move(member));
  });
  if (!listed) r.problem("members", "出席者は配列で指定してください。");
}

// Action items; a value that is not a list is ignored, as it always was.
void read_actions(FieldReader& r, Meeting& m) {
  (void)r.source().rows("actions", {"who", "what", "due"}, [&](const FieldSource* x) {
    if (!x) {
      r.problem("actions", "行動計画の書き方に誤りがあります。");
      m.actions.push_back({});
      return;
    }
    FieldReader ar(*x, "", "");
    ActionItem a{ar.text("who", "誰が"), ar.text("what", "何を"), ar.date("due", "行動計画の期限"),
                 ar.flag("done", "済み")};
    if (ar.failed())
      r.problem("actions", "行動計画の書き方に誤りがあります（" + ar.first_message() + "）");
    m.actions.push_back(std::move(a));
  });
}

// Roles of the plan; a value that is not a list is ignored, as it always was.
void read_roles(FieldReader& r, SupportPlan& p) {
  (void)r.source().rows("roles", {"who", "task", "due"}, [&](const FieldSource* x) {
    if (!x) {
      r.problem("roles", "役割の書き方に誤りがあります。");
      p.roles.push_back({});
      return;
    }
    FieldReader rr(*x, "", "");
    PlanRole role;
    if (auto a = rr.id("agency", "役割の機関")) role.agency = AgencyId{*a};
    role.who = rr.text("who", "担い手");
    role.task = rr.text("task", "役割");
    role.due = rr.date("due", "役割の期限");
    if (rr.failed())
      r.problem("roles", "役割の書き方に誤りがあります（" + rr.first_message() + "）");
    p.roles.push_back(std::move(role));
  });
}

}  // namespace
}  // namespace case_decode

Result<std::int64_t> decode_version(const FieldSource& f) {
  auto v = f.value("version").integer();
  if (!v || *v < 0) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "version（開いたときの版）を整数で指定してください。");
  }
  return *v;
}

Result<PersonUpdate> decode_person_update(const FieldSource& f) {
  auto version = decode_version(f);
  if (!version) return version.error();
  FieldReader r(f, "person.invalid", "対象者の情報に誤りがあります。");
  PersonUpdate out{case_decode::read_person(r), *version};
  return case_decode::checked(r, std::move(out));
}

Result<PersonRegistration> decode_person_registration(const FieldSource& f) {
  FieldReader r(f, "person.invalid", "対象者の情報に誤りがあります。");
  PersonRegistration out{case_decode::read_person(r), false};
  out.confirmed_new = r.flag("confirmed_new", "重複がないことの確認");
  return case_decode::checked(r, std::move(out));
}

Result<Consent> decode_consent(const FieldSource& f) {
  using namespace case_decode;
  FieldReader r(f, "consent.invalid", "同意の内容に誤りがあります。");
  Consent c;
  std::string purpose = r.text("purpose", "目的");
  if (purpose == "statistics")
    c.purpose = ConsentPurpose::kStatistics;
  else if (!purpose.empty() && purpose != "sharing")
    r.problem("purpose", "目的は sharing（情報共有）か statistics（統計）を指定してください。");
  std::string state = r.text("state", "同意の有無");
  if (state == "refused")
    c.state = ConsentState::kRefused;
  else if (!state.empty() && state != "given")
    r.problem("state", "同意の有無は given（同意）か refused（不同意）を指定してください。");
  if (auto d = r.date("given_on", "同意の日", true)) c.given_on = *d;
  c.method = r.text("method", "同意の方法", true);
  c.scope.agencies = r.list<AgencyId>("agencies", "共有してよい機関", id_item<AgencyId>);
  c.scope.kinds =
      r.list<AgencyKind>("agency_kinds", "共有してよい機関の種類", by_name(parse_agency_kind));
  c.scope.categories =
      r.list<InfoCategory>("categories", "共有してよい情報", by_name(parse_info_category));
  c.expires = r.date("expires", "有効期限");
  return checked(r, std::move(c));
}

Result<Date> decode_consent_withdrawal(const FieldSource& f) {
  return case_decode::one_date(f, "withdrawn_on", "撤回日", "consent.invalid");
}

Result<Meeting> decode_meeting(const FieldSource& f) {
  FieldReader r(f, "meeting.invalid", "会議の記録に誤りがあります。");
  Meeting m;
  m.kind = r.named("kind", "会議の種類", parse_meeting_kind, true)
               .value_or(MeetingKind::kCaseConference);
  if (auto p = r.id("person", "対象者")) m.person = PersonId{*p};
  if (auto d = r.date("held_on", "開催日", true)) m.held_on = *d;
  m.agenda = r.text("agenda", "議題");
  m.decisions = r.text("decisions", "決まったこと");
  case_decode::read_members(r, m);
  case_decode::read_actions(r, m);
  return case_decode::checked(r, std::move(m));
}

Result<Referral> decode_referral(const FieldSource& f) {
  FieldReader r(f, "referral.invalid", "つなぎの内容に誤りがあります。");
  Referral x;
  if (auto a = r.id("from", "つなぐ元の機関", true)) x.from = AgencyId{*a};
  if (auto a = r.id("to", "つなぐ先の機関", true)) x.to = AgencyId{*a};
  if (auto d = r.date("sent_on", "依頼日")) x.sent_on = *d;
  x.note = r.text("note", "依頼の内容");
  return case_decode::checked(r, std::move(x));
}

Result<ReferralAnswer> decode_referral_answer(const FieldSource& f) {
  auto version = decode_version(f);
  if (!version) return version.error();
  FieldReader r(f, "referral.invalid", "つなぎへの応答に誤りがあります。");
  ReferralAnswer out{*version, Date{}, ""};
  if (auto d = r.date("on", "応答の日")) out.on = *d;
  out.note = r.text("note", "メモ");
  return case_decode::checked(r, std::move(out));
}

Result<PlanChange> decode_plan(const FieldSource& f) {
  auto version = decode_version(f);
  if (!version) return version.error();
  FieldReader r(f, "plan.invalid", "支援プランに誤りがあります。");
  PlanChange out;
  out.version = *version;
  out.plan.goals = r.list<std::string>("goals", "目標", case_decode::text_item);
  if (auto d = r.date("started_on", "支援の開始日", true)) out.plan.started_on = *d;
  case_decode::read_roles(r, out.plan);
  return case_decode::checked(r, std::move(out));
}

Result<PlanClosure> decode_plan_closure(const FieldSource& f) {
  auto version = decode_version(f);
  if (!version) return version.error();
  FieldReader r(f, "plan.invalid", "終結の記録に誤りがあります。");
  PlanClosure out{*version, Date{}, ""};
  if (auto d = r.date("closed_on", "終結日", true)) out.closed_on = *d;
  out.reason = r.text("reason", "終結の理由");
  return case_decode::checked(r, std::move(out));
}

Result<Date> decode_review(const FieldSource& f) {
  return case_decode::one_date(f, "due_on", "進捗確認の予定日", "checkpoint.invalid");
}

Result<CheckpointResult> decode_checkpoint_result(const FieldSource& f) {
  FieldReader r(f, "checkpoint.invalid", "確認の記録に誤りがあります。");
  CheckpointResult out;
  if (auto d = r.date("done_on", "実施日", true)) out.done_on = *d;
  out.note = r.text("note", "記録");
  out.local_supporter_involved = r.maybe_flag("local_supporter_involved");
  return case_decode::checked(r, std::move(out));
}

Result<Supporter> decode_supporter(const FieldSource& f) {
  FieldReader r(f, "supporter.invalid", "支援者の記録に誤りがあります。");
  Supporter s;
  s.kind =
      r.named("kind", "支援者の種類", parse_supporter_kind, true).value_or(SupporterKind::kOther);
  s.formal = r.flag("formal", "公的な支援");
  s.local = r.flag("local", "地域の支援者");
  s.name = r.text("name", "支援者の名前");
  if (auto a = r.id("agency", "支援者の機関")) s.agency = AgencyId{*a};
  if (auto d = r.date("from", "関わり始めた日", true)) s.from = *d;
  s.until = r.date("until", "関わりが終わった日");
  return case_decode::checked(r, std::move(s));
}

Result<Date> decode_supporter_end(const FieldSource& f) {
  return case_decode::one_date(f, "until", "関わりが終わった日", "supporter.invalid");
}

}  // namespace tsunagu::route
