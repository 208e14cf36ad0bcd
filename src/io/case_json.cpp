#include "io/case_json.hpp"

#include <algorithm>

namespace tsunagu::io {
namespace {

ojson date_or_null(const std::optional<Date>& d) {
  return d ? ojson(format_iso_date(*d)) : ojson(nullptr);
}

template <class T>
ojson id_or_null(const std::optional<T>& id) {
  return id ? ojson(id->value) : ojson(nullptr);
}

bool has(const std::vector<InfoCategory>& cats, InfoCategory c) {
  return std::find(cats.begin(), cats.end(), c) != cats.end();
}

// Reads fields of one object, collecting every problem before failing.
class FieldReader {
 public:
  FieldReader(const nlohmann::json& j, const char* code, const char* message)
      : j_(j), code_(code), message_(message) {
    if (!j.is_object()) problems_.push_back({0, "", "JSON のオブジェクトを送ってください。"});
  }

  std::string text(const char* field, bool required = false) {
    if (!j_.is_object() || !j_.contains(field) || j_[field].is_null()) {
      if (required) problems_.push_back({0, field, "必須です。"});
      return "";
    }
    if (!j_[field].is_string()) {
      problems_.push_back({0, field, "文字列で指定してください。"});
      return "";
    }
    return j_[field].get<std::string>();
  }

  bool flag(const char* field) {
    if (!j_.is_object() || !j_.contains(field) || j_[field].is_null()) return false;
    if (!j_[field].is_boolean()) {
      problems_.push_back({0, field, "true か false で指定してください。"});
      return false;
    }
    return j_[field].get<bool>();
  }

  std::optional<std::int64_t> id(const char* field, bool required = false) {
    if (!j_.is_object() || !j_.contains(field) || j_[field].is_null()) {
      if (required) problems_.push_back({0, field, "必須です。"});
      return std::nullopt;
    }
    if (!j_[field].is_number_integer() || j_[field].get<std::int64_t>() <= 0) {
      problems_.push_back({0, field, "正の整数で指定してください。"});
      return std::nullopt;
    }
    return j_[field].get<std::int64_t>();
  }

  std::optional<Date> date(const char* field, bool required = false) {
    std::string t = text(field, required);
    if (t.empty()) return std::nullopt;
    auto d = parse_iso_date(t);
    if (!d) {
      problems_.push_back({0, field, "日付は 2025-06-01 の形で指定してください。"});
      return std::nullopt;
    }
    return *d;
  }

  template <class E, class Parse>
  std::optional<E> named(const char* field, Parse parse, bool required = false) {
    std::string t = text(field, required);
    if (t.empty()) return std::nullopt;
    auto v = parse(t);
    if (!v) problems_.push_back({0, field, "「" + t + "」は使えない値です。"});
    return v;
  }

  template <class E, class Parse>
  std::vector<E> list(const char* field, Parse parse) {
    std::vector<E> out;
    if (!j_.is_object() || !j_.contains(field) || j_[field].is_null()) return out;
    if (!j_[field].is_array()) {
      problems_.push_back({0, field, "配列で指定してください。"});
      return out;
    }
    for (const auto& item : j_[field]) {
      if (auto v = parse(item)) {
        out.push_back(*v);
      } else {
        problems_.push_back({0, field, "「" + item.dump() + "」は使えない値です。"});
      }
    }
    return out;
  }

  const nlohmann::json& at(const char* field) const {
    static const nlohmann::json kNull;
    return j_.is_object() && j_.contains(field) ? j_[field] : kNull;
  }
  void problem(const char* field, std::string message) {
    problems_.push_back({0, field, std::move(message)});
  }

  Status status() const {
    if (problems_.empty()) return Ok{};
    Error e = make_error(ErrorKind::kInvalid, code_, message_);
    e.details = problems_;
    return e;
  }

 private:
  const nlohmann::json& j_;
  const char* code_;
  const char* message_;
  std::vector<ErrorDetail> problems_;
};

template <class Parse>
auto from_string(Parse parse) {
  return [parse](const nlohmann::json& item) -> decltype(parse(std::string_view())) {
    if (!item.is_string()) return std::nullopt;
    return parse(item.get<std::string>());
  };
}

std::optional<AgencyId> agency_id_of(const nlohmann::json& item) {
  if (!item.is_number_integer() || item.get<std::int64_t>() <= 0) return std::nullopt;
  return AgencyId{item.get<std::int64_t>()};
}

}  // namespace

ojson agency_json(const Agency& a) {
  return {{"id", a.id.value},
          {"name", a.name},
          {"kind", agency_kind_name(a.kind)},
          {"kind_label", agency_kind_label(a.kind)}};
}

ojson person_json(const Person& p, const std::vector<InfoCategory>& cats) {
  ojson out{{"id", p.id.value},
            {"name", p.name},
            {"kana", p.kana},
            {"registered_on", format_iso_date(p.registered_on)},
            {"assigned_worker", id_or_null(p.assigned_worker)},
            {"version", p.version}};
  if (has(cats, InfoCategory::kBasic)) {
    out["birth_date"] = format_iso_date(p.birth_date);
    out["phone"] = p.phone;
    out["address"] = p.address;
    out["destination"] = p.destination;
  }
  if (has(cats, InfoCategory::kCriminal)) {
    out["status"] = person_status_name(p.status);
    out["facility"] = p.facility;
    out["expected_release"] = date_or_null(p.expected_release);
    out["entrance_support"] = p.entrance_support;
    if (p.special_coordination) {
      const auto& s = *p.special_coordination;
      out["special_coordination"] = {{"elderly_or_disabled", s.elderly_or_disabled},
                                     {"no_residence", s.no_residence},
                                     {"needs_welfare", s.needs_welfare},
                                     {"appropriate", s.appropriate},
                                     {"wishes", s.wishes},
                                     {"consents_to_sharing", s.consents_to_sharing}};
    } else {
      out["special_coordination"] = nullptr;
    }
  }
  if (has(cats, InfoCategory::kHealth) || has(cats, InfoCategory::kLiving)) {
    ojson needs = ojson::array();
    for (Need n : p.needs) needs.push_back(need_name(n));
    out["needs"] = needs;
  }
  ojson shown = ojson::array();
  for (InfoCategory c : cats) shown.push_back(info_category_name(c));
  out["categories"] = shown;
  return out;
}

ojson consent_json(const Consent& c) {
  ojson agencies = ojson::array(), kinds = ojson::array(), cats = ojson::array();
  for (AgencyId a : c.scope.agencies) agencies.push_back(a.value);
  for (AgencyKind k : c.scope.kinds) kinds.push_back(agency_kind_name(k));
  for (InfoCategory x : c.scope.categories) cats.push_back(info_category_name(x));
  return {{"id", c.id.value},
          {"person", c.person.value},
          {"purpose", c.purpose == ConsentPurpose::kStatistics ? "statistics" : "sharing"},
          {"state", consent_state_name(c.state)},
          {"given_on", format_iso_date(c.given_on)},
          {"method", c.method},
          {"agencies", agencies},
          {"agency_kinds", kinds},
          {"categories", cats},
          {"expires", date_or_null(c.expires)},
          {"withdrawn_on", date_or_null(c.withdrawn_on)}};
}

ojson meeting_json(const Meeting& m) {
  ojson members = ojson::array(), actions = ojson::array();
  for (const auto& x : m.members) {
    members.push_back({{"agency", id_or_null(x.agency)},
                       {"user", id_or_null(x.user)},
                       {"name", x.name},
                       {"confidentiality_acknowledged", x.confidentiality_acknowledged}});
  }
  for (const auto& a : m.actions) {
    actions.push_back(
        {{"who", a.who}, {"what", a.what}, {"due", date_or_null(a.due)}, {"done", a.done}});
  }
  return {{"id", m.id.value},
          {"kind", meeting_kind_name(m.kind)},
          {"kind_label", meeting_kind_label(m.kind)},
          {"person", id_or_null(m.person)},
          {"held_on", format_iso_date(m.held_on)},
          {"members", members},
          {"agenda", m.agenda},
          {"decisions", m.decisions},
          {"actions", actions}};
}

ojson referral_json(const Referral& r) {
  return {{"id", r.id.value},
          {"person", r.person.value},
          {"from", r.from.value},
          {"to", r.to.value},
          {"state", referral_state_name(r.state)},
          {"state_label", referral_state_label(r.state)},
          {"sent_on", format_iso_date(r.sent_on)},
          {"responded_on", date_or_null(r.responded_on)},
          {"completed_on", date_or_null(r.completed_on)},
          {"note", r.note},
          {"version", r.version}};
}

ojson support_plan_json(const SupportPlan& p) {
  ojson roles = ojson::array();
  for (const auto& r : p.roles) {
    roles.push_back({{"agency", id_or_null(r.agency)},
                     {"who", r.who},
                     {"task", r.task},
                     {"due", date_or_null(r.due)}});
  }
  return {{"person", p.person.value},
          {"goals", p.goals},
          {"roles", roles},
          {"started_on", format_iso_date(p.started_on)},
          {"closed_on", date_or_null(p.closed_on)},
          {"closure_reason", p.closure_reason},
          {"version", p.version}};
}

ojson checkpoint_json(const Checkpoint& c) {
  ojson local = c.local_supporter_involved ? ojson(*c.local_supporter_involved) : ojson(nullptr);
  return {{"id", c.id.value},
          {"person", c.person.value},
          {"kind", c.kind == CheckpointKind::kFollowUp ? "follow_up" : "review"},
          {"due_on", format_iso_date(c.due_on)},
          {"done_on", date_or_null(c.done_on)},
          {"note", c.note},
          {"local_supporter_involved", local}};
}

ojson supporter_json(const Supporter& s) {
  return {{"id", s.id.value},
          {"person", s.person.value},
          {"kind", supporter_kind_name(s.kind)},
          {"kind_label", supporter_kind_label(s.kind)},
          {"formal", s.formal},
          {"local", s.local},
          {"name", s.name},
          {"agency", id_or_null(s.agency)},
          {"from", format_iso_date(s.from)},
          {"until", date_or_null(s.until)}};
}

Result<Person> person_from_json(const nlohmann::json& j) {
  FieldReader r(j, "person.invalid", "対象者の情報に誤りがあります。");
  Person p;
  p.name = r.text("name", true);
  p.kana = r.text("kana", true);
  if (auto d = r.date("birth_date", true)) p.birth_date = *d;
  p.phone = r.text("phone");
  p.address = r.text("address");
  p.status =
      r.named<PersonStatus>("status", parse_person_status, true).value_or(PersonStatus::kOther);
  p.facility = r.text("facility");
  p.expected_release = r.date("expected_release");
  p.destination = r.text("destination");
  p.needs = r.list<Need>("needs", from_string(parse_need));
  p.entrance_support = r.flag("entrance_support");
  if (auto w = r.id("assigned_worker")) p.assigned_worker = UserId{*w};
  if (auto d = r.date("registered_on")) p.registered_on = *d;
  const auto& special = r.at("special_coordination");
  if (special.is_object()) {
    SpecialCoordination s;
    auto get = [&](const char* key) { return special.value(key, false); };
    s.elderly_or_disabled = get("elderly_or_disabled");
    s.no_residence = get("no_residence");
    s.needs_welfare = get("needs_welfare");
    s.appropriate = get("appropriate");
    s.wishes = get("wishes");
    s.consents_to_sharing = get("consents_to_sharing");
    p.special_coordination = s;
  } else if (!special.is_null()) {
    r.problem("special_coordination", "特別調整は六つの条件のオブジェクトで指定してください。");
  }
  if (auto s = r.status(); !s) return s.error();
  return p;
}

Result<Consent> consent_from_json(const nlohmann::json& j) {
  FieldReader r(j, "consent.invalid", "同意の内容に誤りがあります。");
  Consent c;
  std::string purpose = r.text("purpose");
  if (purpose == "statistics")
    c.purpose = ConsentPurpose::kStatistics;
  else if (!purpose.empty() && purpose != "sharing")
    r.problem("purpose", "sharing（情報共有）か statistics（統計）を指定してください。");
  std::string state = r.text("state");
  if (state == "refused")
    c.state = ConsentState::kRefused;
  else if (!state.empty() && state != "given")
    r.problem("state", "given（同意）か refused（不同意）を指定してください。");
  if (auto d = r.date("given_on", true)) c.given_on = *d;
  c.method = r.text("method", true);
  c.scope.agencies = r.list<AgencyId>("agencies", agency_id_of);
  c.scope.kinds = r.list<AgencyKind>("agency_kinds", from_string(parse_agency_kind));
  c.scope.categories = r.list<InfoCategory>("categories", from_string(parse_info_category));
  c.expires = r.date("expires");
  if (auto s = r.status(); !s) return s.error();
  return c;
}

Result<Meeting> meeting_from_json(const nlohmann::json& j) {
  FieldReader r(j, "meeting.invalid", "会議の記録に誤りがあります。");
  Meeting m;
  m.kind =
      r.named<MeetingKind>("kind", parse_meeting_kind, true).value_or(MeetingKind::kCaseConference);
  if (auto p = r.id("person")) m.person = PersonId{*p};
  if (auto d = r.date("held_on", true)) m.held_on = *d;
  m.agenda = r.text("agenda");
  m.decisions = r.text("decisions");
  const auto& members = r.at("members");
  if (members.is_array()) {
    for (const auto& x : members) {
      FieldReader mr(x, "meeting.invalid", "");
      MeetingMember member;
      if (auto a = mr.id("agency")) member.agency = AgencyId{*a};
      if (auto u = mr.id("user")) member.user = UserId{*u};
      member.name = mr.text("name");
      member.confidentiality_acknowledged = mr.flag("confidentiality_acknowledged");
      if (!mr.status()) r.problem("members", "出席者の書き方に誤りがあります。");
      m.members.push_back(std::move(member));
    }
  } else if (!members.is_null()) {
    r.problem("members", "出席者は配列で指定してください。");
  }
  const auto& actions = r.at("actions");
  if (actions.is_array()) {
    for (const auto& x : actions) {
      FieldReader ar(x, "meeting.invalid", "");
      ActionItem a{ar.text("who"), ar.text("what"), ar.date("due"), ar.flag("done")};
      if (!ar.status()) r.problem("actions", "行動計画の書き方に誤りがあります。");
      m.actions.push_back(std::move(a));
    }
  }
  if (auto s = r.status(); !s) return s.error();
  return m;
}

Result<Referral> referral_from_json(const nlohmann::json& j) {
  FieldReader r(j, "referral.invalid", "つなぎの内容に誤りがあります。");
  Referral x;
  if (auto a = r.id("from", true)) x.from = AgencyId{*a};
  if (auto a = r.id("to", true)) x.to = AgencyId{*a};
  if (auto d = r.date("sent_on")) x.sent_on = *d;
  x.note = r.text("note");
  if (auto s = r.status(); !s) return s.error();
  return x;
}

Result<SupportPlan> support_plan_from_json(const nlohmann::json& j) {
  FieldReader r(j, "plan.invalid", "支援プランに誤りがあります。");
  SupportPlan p;
  p.goals = r.list<std::string>("goals", [](const nlohmann::json& g) -> std::optional<std::string> {
    if (!g.is_string()) return std::nullopt;
    return g.get<std::string>();
  });
  if (auto d = r.date("started_on", true)) p.started_on = *d;
  const auto& roles = r.at("roles");
  if (roles.is_array()) {
    for (const auto& x : roles) {
      FieldReader rr(x, "plan.invalid", "");
      PlanRole role;
      if (auto a = rr.id("agency")) role.agency = AgencyId{*a};
      role.who = rr.text("who");
      role.task = rr.text("task");
      role.due = rr.date("due");
      if (!rr.status()) r.problem("roles", "役割の書き方に誤りがあります。");
      p.roles.push_back(std::move(role));
    }
  }
  if (auto s = r.status(); !s) return s.error();
  return p;
}

Result<Supporter> supporter_from_json(const nlohmann::json& j) {
  FieldReader r(j, "supporter.invalid", "支援者の記録に誤りがあります。");
  Supporter s;
  s.kind =
      r.named<SupporterKind>("kind", parse_supporter_kind, true).value_or(SupporterKind::kOther);
  s.formal = r.flag("formal");
  s.local = r.flag("local");
  s.name = r.text("name");
  if (auto a = r.id("agency")) s.agency = AgencyId{*a};
  if (auto d = r.date("from", true)) s.from = *d;
  s.until = r.date("until");
  if (auto st = r.status(); !st) return st.error();
  return s;
}

Result<Date> date_from_json(const nlohmann::json& j, const char* field, const char* code) {
  FieldReader r(j, code, "日付に誤りがあります。");
  auto d = r.date(field, true);
  if (auto s = r.status(); !s) return s.error();
  return *d;
}

}  // namespace tsunagu::io
