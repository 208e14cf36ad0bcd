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
  ojson categories = ojson::array();
  for (InfoCategory x : m.shares) categories.push_back(info_category_name(x));
  return {{"id", m.id.value},
          {"kind", meeting_kind_name(m.kind)},
          {"kind_label", meeting_kind_label(m.kind)},
          {"person", id_or_null(m.person)},
          {"held_on", format_iso_date(m.held_on)},
          {"members", members},
          {"agenda", m.agenda},
          {"decisions", m.decisions},
          {"categories", categories},
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

}  // namespace tsunagu::io
