#include "io/resource_json.hpp"

namespace tsunagu::io {

using nlohmann::ordered_json;

namespace {
ordered_json topics_json(const std::vector<Topic>& topics) {
  ordered_json out = ordered_json::array();
  for (Topic t : topics) out.push_back(topic_name(t));
  return out;
}

}  // namespace

ordered_json resource_json(const Resource& r) {
  return {{"id", r.id.value},
          {"kind", resource_kind_name(r.kind)},
          {"kind_label", resource_kind_label(r.kind)},
          {"group", resource_group_label(resource_group(r.kind))},
          {"name", r.name},
          {"kana", r.kana},
          {"services", r.services},
          {"eligibility", r.eligibility},
          {"phone", r.phone},
          {"address", r.address},
          {"days", r.days},
          {"hours", r.hours},
          {"capacity", r.capacity ? ordered_json(*r.capacity) : ordered_json(nullptr)},
          {"url", r.url},
          {"topics", topics_json(r.topics)},
          {"public", r.is_public},
          {"version", r.version}};
}

ordered_json room_json(const Room& r) {
  return {{"id", r.id.value},
          {"name", r.name},
          {"facility", r.facility},
          {"address", r.address},
          {"opens", format_minute(r.opens_minute)},
          {"closes", format_minute(r.closes_minute)},
          {"days", r.days}};
}

ordered_json booking_json(const Booking& b) {
  ordered_json out{{"id", b.id.value},
                   {"room", b.room.value},
                   {"date", format_iso_date(b.date)},
                   {"start", format_minute(b.start_minute)},
                   {"end", format_minute(b.end_minute)}};
  // Others' bookings carry no name (the service blanked it): only that the time is taken.
  out["by"] = b.user_name.empty() ? ordered_json(nullptr) : ordered_json(b.user_name);
  return out;
}

ordered_json event_json(const Event& e) {
  ordered_json projects = ordered_json::array();
  for (ProjectId p : e.projects) projects.push_back(p.value);
  return {{"id", e.id.value},
          {"kind", event_kind_name(e.kind)},
          {"kind_label", event_kind_label(e.kind)},
          {"title", e.title},
          {"held_on", format_iso_date(e.held_on)},
          {"organiser", e.organiser},
          {"audience", e.audience},
          {"attendance", e.attendance ? ordered_json(*e.attendance) : ordered_json(nullptr)},
          {"public", e.is_public},
          {"projects", projects}};
}

ordered_json placement_json(const Placement& p) {
  ordered_json follow_ups = ordered_json::array();
  for (const auto& f : p.follow_ups) {
    follow_ups.push_back(
        {{"id", f.id},
         {"with", f.with == FollowUpWith::kPerson ? "person" : "host"},
         {"due_on", format_iso_date(f.due_on)},
         {"done_on", f.done_on ? ordered_json(format_iso_date(*f.done_on)) : ordered_json(nullptr)},
         {"note", f.note}});
  }
  return {
      {"id", p.id.value},
      {"person", p.person.value},
      {"resource", p.resource.value},
      {"resource_name", p.resource_name},
      {"started_on", format_iso_date(p.started_on)},
      {"ended_on", p.ended_on ? ordered_json(format_iso_date(*p.ended_on)) : ordered_json(nullptr)},
      {"note", p.note},
      {"follow_ups", follow_ups}};
}

}  // namespace tsunagu::io
