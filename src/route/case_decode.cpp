#include "route/case_decode.hpp"

#include "core/text.hpp"

namespace tsunagu::route {

// File-local names live in a namespace named after the file, so unity batches can join files.
namespace case_decode {
namespace {

// How the case decoders read their fields: each value by its type (FieldValue), every problem
// kInvalid and worded with the field's label, gathered in order. One per decode; not
// thread-safe.
class Reader {
 public:
  // `code` and `message` are the error's when a problem was found ("referral.invalid", …).
  Reader(const Fields& fields, std::string code, std::string message)
      : fields_(fields), code_(std::move(code)), message_(std::move(message)) {}

  const Fields& fields() const { return fields_; }

  // Text; "" when absent. Required: absent is a problem (an empty text is not).
  std::string text(Field f, bool required = false) {
    auto v = fields_.value(f.key);
    if (v.absent()) {
      if (required) missing(f);
      return "";
    }
    auto t = v.text();
    if (!t) {
      add(f, "は文字列で指定してください。");
      return "";
    }
    return *t;
  }
  // A flag; false when absent.
  bool flag(Field f) {
    auto v = fields_.value(f.key);
    if (v.absent()) return false;
    auto b = v.boolean();
    if (!b) {
      add(f, "は true か false で指定してください。");
      return false;
    }
    return *b;
  }
  // A flag when sent as one; nullopt when absent or sent as anything else (never a problem).
  std::optional<bool> maybe_flag(std::string_view key) { return fields_.value(key).boolean(); }
  // A positive integer id.
  std::optional<std::int64_t> id(Field f, bool required = false) {
    auto v = fields_.value(f.key);
    if (v.absent()) {
      if (required) missing(f);
      return std::nullopt;
    }
    auto n = v.integer();
    if (!n || *n <= 0) {
      add(f, "の番号が正しくありません（正の整数で指定してください）。");
      return std::nullopt;
    }
    return n;
  }
  // An ISO date ("2025-06-01", surrounding spaces ignored); blank counts as absent.
  std::optional<Date> date(Field f, bool required = false);
  // A machine name read by `parse` (parse_need, …); nullopt for an empty text.
  template <class Parse>
  auto named(Field f, Parse parse, bool required = false) -> decltype(parse(std::string_view())) {
    auto t = text(f, required);
    if (t.empty()) return std::nullopt;
    auto v = parse(t);
    if (!v) add(f, "に「" + t + "」は使えません。");
    return v;
  }
  // Every item of a list read by `parse(FieldValue)`; an unreadable item is a problem.
  template <class T, class Parse>
  std::vector<T> list(Field f, Parse parse) {
    std::vector<T> out;
    auto items = fields_.items(f.key);
    if (!items) {
      add(f, "は配列で指定してください。");
      return out;
    }
    for (const auto& item : *items) {
      if (auto v = parse(item))
        out.push_back(*v);
      else
        add(f, "に「" + item.shown() + "」は使えません。");
    }
    return out;
  }

  // A problem of `key` worded by the decoder itself.
  void problem(std::string_view key, std::string message) {
    problems_.add(key, std::move(message));
  }
  bool failed() const { return problems_.failed(); }
  // The first problem's message, for a row folded into its table's problem.
  std::string first_message() const { return problems_.first_message(); }
  // `value` when no problem was found, else the error with every problem as a detail.
  template <class T>
  Result<T> checked(T value) const {
    if (auto e = problems_.error(code_, message_)) return *std::move(e);
    return value;
  }

 private:
  // A problem of `f`: its label followed by `what`.
  void add(Field f, std::string_view what) {
    problems_.add(f.key, std::string(f.label) + std::string(what));
  }
  void missing(Field f) { add(f, "は必須です。"); }

  const Fields& fields_;
  std::string code_;
  std::string message_;
  FieldProblems problems_;
};

std::optional<Date> Reader::date(Field f, bool required) {
  auto v = fields_.value(f.key);
  if (v.blank()) {
    if (required) missing(f);
    return std::nullopt;
  }
  auto t = v.text();
  if (!t) {
    add(f, "は文字列で指定してください。");
    return std::nullopt;
  }
  auto d = parse_iso_date(trim(*t));
  if (!d) {
    add(f, "は正しい日付を 2025-06-01 の形で指定してください。");
    return std::nullopt;
  }
  return *d;
}

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

// A single required date, the whole of some requests.
Result<Date> one_date(const Fields& f, Field field, const char* code) {
  Reader r(f, code, "日付に誤りがあります。");
  auto d = r.date(field, true);
  return r.checked(d.value_or(Date{}));
}

// The six conditions of 特別調整, as a nested record. Not an object is a problem like any other
// (kInvalid), not a malformed request.
void read_special_coordination(Reader& r, Person& p) {
  constexpr Field kSpecial{"special_coordination", "特別調整"};
  auto record = r.fields().record(kSpecial);
  if (!record) {
    r.problem(kSpecial.key, "特別調整は六つの条件のオブジェクトで指定してください。");
    return;
  }
  if (!*record) return;
  Reader c(**record, "", "");
  SpecialCoordination sc;
  sc.elderly_or_disabled = c.flag({"elderly_or_disabled", "高齢又は障がい"});
  sc.no_residence = c.flag({"no_residence", "帰住先がない"});
  sc.needs_welfare = c.flag({"needs_welfare", "福祉サービスが必要"});
  sc.appropriate = c.flag({"appropriate", "特別調整が相当"});
  sc.wishes = c.flag({"wishes", "本人の希望"});
  sc.consents_to_sharing = c.flag({"consents_to_sharing", "個人情報の提供への同意"});
  if (c.failed()) r.problem(kSpecial.key, "特別調整: " + c.first_message());
  p.special_coordination = sc;
}

Person read_person(Reader& r) {
  Person p;
  p.name = r.text({"name", "氏名"}, true);
  p.kana = r.text({"kana", "ふりがな"}, true);
  if (auto d = r.date({"birth_date", "生年月日"}, true)) p.birth_date = *d;
  p.phone = r.text({"phone", "電話"});
  p.address = r.text({"address", "住所"});
  p.status = r.named({"status", "状況"}, parse_person_status, true).value_or(PersonStatus::kOther);
  p.facility = r.text({"facility", "矯正施設"});
  p.expected_release = r.date({"expected_release", "釈放予定日"});
  p.destination = r.text({"destination", "帰住先"});
  p.needs = r.list<Need>({"needs", "課題"}, by_name(parse_need));
  p.entrance_support = r.flag({"entrance_support", "入口支援"});
  if (auto w = r.id({"assigned_worker", "担当者"})) p.assigned_worker = UserId{*w};
  if (auto d = r.date({"registered_on", "登録日"})) p.registered_on = *d;
  read_special_coordination(r, p);
  return p;
}

void read_members(Reader& r, Meeting& m) {
  auto rows = r.fields().rows("members", {"agency", "user", "name"});
  if (!rows) {
    r.problem("members", "出席者は配列で指定してください。");
    return;
  }
  for (const auto& row : *rows) {
    MeetingMember member;
    if (!row) {
      r.problem("members", "出席者の書き方に誤りがあります。");
      m.members.push_back(member);
      continue;
    }
    Reader mr(*row, "", "");
    if (auto a = mr.id({"agency", "出席者の機関"})) member.agency = AgencyId{*a};
    if (auto u = mr.id({"user", "出席者の職員"})) member.user = UserId{*u};
    member.name = mr.text({"name", "出席者の氏名"});
    member.confidentiality_acknowledged =
        mr.flag({"confidentiality_acknowledged", "守秘義務の確認"});
    if (mr.failed())
      r.problem("members", "出席者の書き方に誤りがあります（" + mr.first_message() + "）");
    m.members.push_back(std::move(member));
  }
}

// Action items; a value that is not a list is ignored, as it always was.
void read_actions(Reader& r, Meeting& m) {
  auto rows = r.fields().rows("actions", {"who", "what", "due"});
  if (!rows) return;
  for (const auto& row : *rows) {
    if (!row) {
      r.problem("actions", "行動計画の書き方に誤りがあります。");
      m.actions.push_back({});
      continue;
    }
    Reader ar(*row, "", "");
    ActionItem a{ar.text({"who", "誰が"}), ar.text({"what", "何を"}),
                 ar.date({"due", "行動計画の期限"}), ar.flag({"done", "済み"})};
    if (ar.failed())
      r.problem("actions", "行動計画の書き方に誤りがあります（" + ar.first_message() + "）");
    m.actions.push_back(std::move(a));
  }
}

// Roles of the plan; a value that is not a list is ignored, as it always was.
void read_roles(Reader& r, SupportPlan& p) {
  auto rows = r.fields().rows("roles", {"who", "task", "due"});
  if (!rows) return;
  for (const auto& row : *rows) {
    if (!row) {
      r.problem("roles", "役割の書き方に誤りがあります。");
      p.roles.push_back({});
      continue;
    }
    Reader rr(*row, "", "");
    PlanRole role;
    if (auto a = rr.id({"agency", "役割の機関"})) role.agency = AgencyId{*a};
    role.who = rr.text({"who", "担い手"});
    role.task = rr.text({"task", "役割"});
    role.due = rr.date({"due", "役割の期限"});
    if (rr.failed())
      r.problem("roles", "役割の書き方に誤りがあります（" + rr.first_message() + "）");
    p.roles.push_back(std::move(role));
  }
}

}  // namespace
}  // namespace case_decode

Result<std::int64_t> decode_version(const Fields& f) {
  auto v = f.value("version").integer();
  if (!v || *v < 0) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "version（開いたときの版）を整数で指定してください。");
  }
  return *v;
}

Result<PersonUpdate> decode_person_update(const Fields& f) {
  auto version = decode_version(f);
  if (!version) return version.error();
  case_decode::Reader r(f, "person.invalid", "対象者の情報に誤りがあります。");
  PersonUpdate out{case_decode::read_person(r), *version};
  return r.checked(std::move(out));
}

Result<PersonRegistration> decode_person_registration(const Fields& f) {
  case_decode::Reader r(f, "person.invalid", "対象者の情報に誤りがあります。");
  PersonRegistration out{case_decode::read_person(r), false};
  out.confirmed_new = r.flag({"confirmed_new", "重複がないことの確認"});
  return r.checked(std::move(out));
}

Result<Consent> decode_consent(const Fields& f) {
  using namespace case_decode;
  Reader r(f, "consent.invalid", "同意の内容に誤りがあります。");
  Consent c;
  std::string purpose = r.text({"purpose", "目的"});
  if (purpose == "statistics")
    c.purpose = ConsentPurpose::kStatistics;
  else if (!purpose.empty() && purpose != "sharing")
    r.problem("purpose", "目的は sharing（情報共有）か statistics（統計）を指定してください。");
  std::string state = r.text({"state", "同意の有無"});
  if (state == "refused")
    c.state = ConsentState::kRefused;
  else if (!state.empty() && state != "given")
    r.problem("state", "同意の有無は given（同意）か refused（不同意）を指定してください。");
  if (auto d = r.date({"given_on", "同意の日"}, true)) c.given_on = *d;
  c.method = r.text({"method", "同意の方法"}, true);
  c.scope.agencies = r.list<AgencyId>({"agencies", "共有してよい機関"}, id_item<AgencyId>);
  c.scope.kinds =
      r.list<AgencyKind>({"agency_kinds", "共有してよい機関の種類"}, by_name(parse_agency_kind));
  c.scope.categories =
      r.list<InfoCategory>({"categories", "共有してよい情報"}, by_name(parse_info_category));
  c.expires = r.date({"expires", "有効期限"});
  return r.checked(std::move(c));
}

Result<Date> decode_consent_withdrawal(const Fields& f) {
  return case_decode::one_date(f, {"withdrawn_on", "撤回日"}, "consent.invalid");
}

Result<Meeting> decode_meeting(const Fields& f) {
  case_decode::Reader r(f, "meeting.invalid", "会議の記録に誤りがあります。");
  Meeting m;
  m.kind = r.named({"kind", "会議の種類"}, parse_meeting_kind, true)
               .value_or(MeetingKind::kCaseConference);
  if (auto p = r.id({"person", "対象者"})) m.person = PersonId{*p};
  if (auto d = r.date({"held_on", "開催日"}, true)) m.held_on = *d;
  m.agenda = r.text({"agenda", "議題"});
  m.decisions = r.text({"decisions", "決まったこと"});
  // What a 支援会議 shares among its members; none named: everything.
  auto shares = r.list<InfoCategory>({"categories", "会議で共有する情報"},
                                     case_decode::by_name(parse_info_category));
  if (!shares.empty()) m.shares = std::move(shares);
  case_decode::read_members(r, m);
  case_decode::read_actions(r, m);
  return r.checked(std::move(m));
}

Result<Referral> decode_referral(const Fields& f) {
  case_decode::Reader r(f, "referral.invalid", "つなぎの内容に誤りがあります。");
  Referral x;
  if (auto a = r.id({"from", "つなぐ元の機関"}, true)) x.from = AgencyId{*a};
  if (auto a = r.id({"to", "つなぐ先の機関"}, true)) x.to = AgencyId{*a};
  if (auto d = r.date({"sent_on", "依頼日"})) x.sent_on = *d;
  x.note = r.text({"note", "依頼の内容"});
  return r.checked(std::move(x));
}

Result<ReferralAnswer> decode_referral_answer(const Fields& f) {
  auto version = decode_version(f);
  if (!version) return version.error();
  case_decode::Reader r(f, "referral.invalid", "つなぎへの応答に誤りがあります。");
  ReferralAnswer out{*version, Date{}, ""};
  if (auto d = r.date({"on", "応答の日"})) out.on = *d;
  out.note = r.text({"note", "メモ"});
  return r.checked(std::move(out));
}

Result<PlanChange> decode_plan(const Fields& f) {
  auto version = decode_version(f);
  if (!version) return version.error();
  case_decode::Reader r(f, "plan.invalid", "支援プランに誤りがあります。");
  PlanChange out;
  out.version = *version;
  out.plan.goals = r.list<std::string>({"goals", "目標"}, case_decode::text_item);
  if (auto d = r.date({"started_on", "支援の開始日"}, true)) out.plan.started_on = *d;
  case_decode::read_roles(r, out.plan);
  return r.checked(std::move(out));
}

Result<PlanClosure> decode_plan_closure(const Fields& f) {
  auto version = decode_version(f);
  if (!version) return version.error();
  case_decode::Reader r(f, "plan.invalid", "終結の記録に誤りがあります。");
  PlanClosure out{*version, Date{}, ""};
  if (auto d = r.date({"closed_on", "終結日"}, true)) out.closed_on = *d;
  out.reason = r.text({"reason", "終結の理由"});
  return r.checked(std::move(out));
}

Result<Date> decode_review(const Fields& f) {
  return case_decode::one_date(f, {"due_on", "進捗確認の予定日"}, "checkpoint.invalid");
}

Result<CheckpointResult> decode_checkpoint_result(const Fields& f) {
  case_decode::Reader r(f, "checkpoint.invalid", "確認の記録に誤りがあります。");
  CheckpointResult out;
  if (auto d = r.date({"done_on", "実施日"}, true)) out.done_on = *d;
  out.note = r.text({"note", "記録"});
  out.local_supporter_involved = r.maybe_flag("local_supporter_involved");
  return r.checked(std::move(out));
}

Result<Supporter> decode_supporter(const Fields& f) {
  case_decode::Reader r(f, "supporter.invalid", "支援者の記録に誤りがあります。");
  Supporter s;
  s.kind =
      r.named({"kind", "支援者の種類"}, parse_supporter_kind, true).value_or(SupporterKind::kOther);
  s.formal = r.flag({"formal", "公的な支援"});
  s.local = r.flag({"local", "地域の支援者"});
  s.name = r.text({"name", "支援者の名前"});
  if (auto a = r.id({"agency", "支援者の機関"})) s.agency = AgencyId{*a};
  if (auto d = r.date({"from", "関わり始めた日"}, true)) s.from = *d;
  s.until = r.date({"until", "関わりが終わった日"});
  return r.checked(std::move(s));
}

Result<Date> decode_supporter_end(const Fields& f) {
  return case_decode::one_date(f, {"until", "関わりが終わった日"}, "supporter.invalid");
}

}  // namespace tsunagu::route
