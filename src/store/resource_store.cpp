#include "store/resource_store.hpp"

#include <unordered_map>

#include "core/casework.hpp"
#include "core/text.hpp"
#include "store/dates.hpp"
#include "store/text_match.hpp"

namespace tsunagu::store {
namespace sql {

constexpr const char* kResourceColumns =
    "SELECT id, kind, name, kana, services, eligibility, phone, address, days, hours, capacity, "
    "url, topics, is_public, version FROM resource ";
const std::string kResource =
    std::string(kResourceColumns) + "WHERE municipality_id = ? AND id = ?";
constexpr const char* kResourceByName =
    "SELECT id FROM resource WHERE municipality_id = ? AND name = ? AND address = ?";
// resources(): kResourcesOf, then the filters asked for, then the order.
const std::string kResourcesOf = std::string(kResourceColumns) + "WHERE municipality_id = ?";
constexpr const char* kAndPublic = " AND is_public = 1";
constexpr const char* kAndKind = " AND kind = ?";
// topics is a comma list without spaces: match the name between commas.
constexpr const char* kAndTopic = " AND (',' || topics || ',') LIKE ?";
constexpr const char* kAndTrigramMatch =
    " AND id IN (SELECT rowid FROM resource_fts WHERE resource_fts MATCH ?)";
constexpr const char* kAndTextContains = " AND search_text LIKE ? ESCAPE '!'";
constexpr const char* kResourcesOrder = " ORDER BY kind, kana, name, id LIMIT ?";
constexpr const char* kInsertResource =
    "INSERT INTO resource (municipality_id, kind, name, kana, services, eligibility, phone, "
    "address, days, hours, capacity, url, topics, is_public, search_text, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdateResource =
    "UPDATE resource SET kind = ?, name = ?, kana = ?, services = ?, eligibility = ?, phone = ?, "
    "address = ?, days = ?, hours = ?, capacity = ?, url = ?, topics = ?, is_public = ?, "
    "search_text = ?, version = version + 1 WHERE municipality_id = ? AND id = ? AND version = ?";
// One grouped count for the whole list, not one query per resource.
constexpr const char* kPlacedNow =
    "SELECT resource_id, COUNT(*) FROM placement WHERE municipality_id = ? AND started_on <= ? "
    "AND (ended_on IS NULL OR ended_on > ?) GROUP BY resource_id";

constexpr const char* kRoomColumns =
    "SELECT id, name, facility, address, opens_minute, closes_minute, days, active FROM room ";
const std::string kRooms =
    std::string(kRoomColumns) + "WHERE municipality_id = ? ORDER BY facility, name, id";
const std::string kRoom = std::string(kRoomColumns) + "WHERE municipality_id = ? AND id = ?";
constexpr const char* kInsertRoom =
    "INSERT INTO room (municipality_id, name, facility, address, opens_minute, closes_minute, "
    "days, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

constexpr const char* kBookingColumns =
    "SELECT b.id, b.room_id, b.user_id, u.display_name, b.day, b.start_minute, b.end_minute, "
    "b.cancelled_at FROM booking b JOIN app_user u ON u.id = b.user_id ";
const std::string kRoomBookings =
    std::string(kBookingColumns) +
    "WHERE b.municipality_id = ? AND b.room_id = ? AND b.cancelled_at IS NULL "
    "AND b.start_at >= ? AND b.start_at < ? ORDER BY b.start_at";
const std::string kUserBookings = std::string(kBookingColumns) +
                                  "WHERE b.municipality_id = ? AND b.user_id = ? AND "
                                  "b.cancelled_at IS NULL AND b.start_at >= ? ORDER BY b.start_at";
const std::string kBooking =
    std::string(kBookingColumns) + "WHERE b.municipality_id = ? AND b.id = ?";
constexpr const char* kInsertBooking =
    "INSERT INTO booking (municipality_id, room_id, user_id, day, start_minute, end_minute, "
    "start_at, end_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kCancelBooking =
    "UPDATE booking SET cancelled_at = ? WHERE municipality_id = ? AND id = ? "
    "AND cancelled_at IS NULL";

// An event with its projects, one row per project (one row with a NULL project when none):
// every list of events is one query, grouped by read_events().
constexpr const char* kEventColumns =
    "SELECT e.id, e.kind, e.title, e.held_on, e.organiser, e.audience, e.attendance, "
    "e.is_public, ep.project_id FROM event e LEFT JOIN event_project ep ON ep.event_id = e.id ";
const std::string kEvents = std::string(kEventColumns) +
                            "WHERE e.municipality_id = ? AND e.held_on >= ? AND e.held_on <= ? "
                            "ORDER BY e.held_on, e.id, ep.project_id";
const std::string kPublicEvents =
    std::string(kEventColumns) +
    "WHERE e.municipality_id = ? AND e.held_on >= ? AND e.held_on <= ? AND e.is_public = 1 "
    "ORDER BY e.held_on, e.id, ep.project_id";
const std::string kEventsForProject =
    std::string(kEventColumns) +
    "WHERE e.municipality_id = ? AND e.id IN (SELECT event_id FROM event_project "
    "WHERE project_id = ?) ORDER BY e.held_on, e.id, ep.project_id";
const std::string kEvent =
    std::string(kEventColumns) + "WHERE e.municipality_id = ? AND e.id = ? ORDER BY ep.project_id";
constexpr const char* kInsertEvent =
    "INSERT INTO event (municipality_id, kind, title, held_on, organiser, audience, attendance, "
    "is_public, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kSetAttendance =
    "UPDATE event SET attendance = ? WHERE municipality_id = ? AND id = ?";
// event_project has no municipality_id: a link is made only between an event and a project of
// the same municipality, and only once.
constexpr const char* kLinkProject =
    "INSERT INTO event_project (event_id, project_id) SELECT e.id, p.id FROM event e "
    "JOIN project p ON p.municipality_id = e.municipality_id "
    "WHERE e.municipality_id = ? AND e.id = ? AND p.id = ? AND NOT EXISTS "
    "(SELECT 1 FROM event_project x WHERE x.event_id = e.id AND x.project_id = p.id)";
constexpr const char* kProjectLabels =
    "SELECT p.id, pl.name, p.category_no, p.no, p.name FROM project p "
    "JOIN plan pl ON pl.id = p.plan_id WHERE p.municipality_id = ? "
    "ORDER BY pl.name, p.category_no, p.no";

// A placement with its follow-ups, one row per follow-up (one row with NULLs when none),
// grouped by read_placements().
constexpr const char* kPlacementColumns =
    "SELECT p.id, p.person_id, p.resource_id, r.name, p.started_on, p.ended_on, p.note, "
    "f.id, f.with_whom, f.due_on, f.done_on, f.note "
    "FROM placement p JOIN resource r ON r.id = p.resource_id "
    "LEFT JOIN placement_follow_up f ON f.placement_id = p.id ";
const std::string kPlacementsOf = std::string(kPlacementColumns) +
                                  "WHERE p.municipality_id + 0 = ? AND p.person_id = ? "
                                  "ORDER BY p.started_on, p.id, f.due_on, f.id";
const std::string kPlacement = std::string(kPlacementColumns) +
                               "WHERE p.municipality_id = ? AND p.id = ? ORDER BY f.due_on, f.id";
constexpr const char* kInsertPlacement =
    "INSERT INTO placement (municipality_id, person_id, resource_id, started_on, ended_on, note, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kInsertFollowUp =
    "INSERT INTO placement_follow_up (municipality_id, placement_id, with_whom, due_on, done_on, "
    "note) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kEndPlacement =
    "UPDATE placement SET ended_on = ? WHERE municipality_id = ? AND id = ? AND ended_on IS NULL";
constexpr const char* kCompleteFollowUp =
    "UPDATE placement_follow_up SET done_on = ?, note = ? WHERE municipality_id = ? "
    "AND placement_id = ? AND id = ? AND done_on IS NULL";
constexpr const char* kDueFollowUps =
    "SELECT f.id, p.id, p.person_id, r.name, f.with_whom, f.due_on, x.name FROM "
    "placement_follow_up f JOIN placement p ON p.id = f.placement_id JOIN resource r ON "
    "r.id = p.resource_id JOIN person x ON x.id = p.person_id "
    "WHERE f.municipality_id = ? AND f.done_on IS NULL AND f.due_on <= ? "
    "ORDER BY f.due_on, f.id LIMIT ?";

}  // namespace sql

namespace {

std::string join_topics(const std::vector<Topic>& topics) {
  std::string out;
  for (Topic t : topics) out += (out.empty() ? "" : ",") + std::string(topic_name(t));
  return out;
}

Resource read_resource(const Row& r) {
  Resource out;
  out.id = ResourceId{r.integer(0)};
  out.kind = parse_resource_kind(r.text(1)).value_or(ResourceKind::kOtherPlace);
  out.name = r.text(2);
  out.kana = r.text(3);
  out.services = r.text(4);
  out.eligibility = r.text(5);
  out.phone = r.text(6);
  out.address = r.text(7);
  out.days = r.text(8);
  out.hours = r.text(9);
  if (auto c = r.optional_integer(10)) out.capacity = static_cast<int>(*c);
  out.url = r.text(11);
  const std::string topics = r.text(12);  // split() returns views into it
  for (auto part : split(topics, ',')) {
    if (auto t = parse_topic(part)) out.topics.push_back(*t);
  }
  out.is_public = r.integer(13) != 0;
  out.version = r.integer(14);
  return out;
}

std::vector<Value> resource_values(const Resource& r, const std::string& search_text) {
  return {std::string(resource_kind_name(r.kind)),
          r.name,
          r.kana,
          r.services,
          r.eligibility,
          r.phone,
          r.address,
          r.days,
          r.hours,
          r.capacity ? Value(std::int64_t{*r.capacity}) : Value(nullptr),
          r.url,
          join_topics(r.topics),
          std::int64_t{r.is_public ? 1 : 0},
          search_text};
}

Room read_room(const Row& r) {
  return Room{RoomId{r.integer(0)},
              r.text(1),
              r.text(2),
              r.text(3),
              static_cast<int>(r.integer(4)),
              static_cast<int>(r.integer(5)),
              r.text(6),
              r.integer(7) != 0};
}

Booking read_booking(const Row& r) {
  Booking b;
  b.id = BookingId{r.integer(0)};
  b.room = RoomId{r.integer(1)};
  b.user = UserId{r.integer(2)};
  b.user_name = r.text(3);
  b.date = date_at(r, 4);
  b.start_minute = static_cast<int>(r.integer(5));
  b.end_minute = static_cast<int>(r.integer(6));
  b.cancelled = !r.is_null(7);
  return b;
}

Event read_event(const Row& r) {
  Event e;
  e.id = EventId{r.integer(0)};
  e.kind = parse_event_kind(r.text(1)).value_or(EventKind::kOther);
  e.title = r.text(2);
  e.held_on = date_at(r, 3);
  e.organiser = r.text(4);
  e.audience = r.text(5);
  if (auto a = r.optional_integer(6)) e.attendance = static_cast<int>(*a);
  e.is_public = r.integer(7) != 0;
  return e;
}

Placement read_placement(const Row& r) {
  Placement p;
  p.id = PlacementId{r.integer(0)};
  p.person = PersonId{r.integer(1)};
  p.resource = ResourceId{r.integer(2)};
  p.resource_name = r.text(3);
  p.started_on = date_at(r, 4);
  p.ended_on = optional_date_at(r, 5);
  p.note = r.text(6);
  return p;
}

// Events from rows of kEventColumns, ordered so that one event's rows are adjacent.
std::vector<Event> read_events(const Rows& rows) {
  std::vector<Event> out;
  for (const auto& r : rows) {
    if (out.empty() || out.back().id.value != r.integer(0)) out.push_back(read_event(r));
    if (auto project = r.optional_integer(8)) out.back().projects.push_back(ProjectId{*project});
  }
  return out;
}

// Placements from rows of kPlacementColumns, ordered so that one placement's rows are adjacent.
std::vector<Placement> read_placements(const Rows& rows) {
  std::vector<Placement> out;
  for (const auto& r : rows) {
    if (out.empty() || out.back().id.value != r.integer(0)) out.push_back(read_placement(r));
    if (r.is_null(7)) continue;
    out.back().follow_ups.push_back(
        {r.integer(7), r.text(8) == "host" ? FollowUpWith::kHost : FollowUpWith::kPerson,
         date_at(r, 9), optional_date_at(r, 10), r.text(11)});
  }
  return out;
}

// Minutes since 1970-01-01 00:00 local time: what the overlap rule compares.
std::int64_t minute_stamp(Date d, int minute) {
  return std::int64_t{days_between(Date{1970, 1, 1}, d)} * 1440 + minute;
}

}  // namespace

ResourceId ResourceStore::insert_resource(MunicipalityId m, const Resource& r,
                                          const std::string& search_text, std::int64_t now) {
  std::vector<Value> values{m.value};
  for (auto& v : resource_values(r, search_text)) values.emplace_back(std::move(v));
  values.emplace_back(now);
  ResourceId id{c_.query(sql::kInsertResource, values).at(0).integer(0)};
  index_text(c_, TrigramIndex::kResource, id.value, search_text);
  return id;
}

bool ResourceStore::update_resource(MunicipalityId m, const Resource& r,
                                    const std::string& search_text, std::int64_t expected_version) {
  std::vector<Value> values = resource_values(r, search_text);
  values.emplace_back(m.value);
  values.emplace_back(r.id.value);
  values.emplace_back(expected_version);
  if (c_.execute(sql::kUpdateResource, values) != 1) return false;
  index_text(c_, TrigramIndex::kResource, r.id.value, search_text);
  return true;
}

std::optional<Resource> ResourceStore::resource(MunicipalityId m, ResourceId id) {
  auto rows = c_.query(sql::kResource, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  return read_resource(rows[0]);
}

std::optional<ResourceId> ResourceStore::resource_by_name(MunicipalityId m, const std::string& name,
                                                          const std::string& address) {
  auto rows = c_.query(sql::kResourceByName, {m.value, name, address});
  if (rows.empty()) return std::nullopt;
  return ResourceId{rows[0].integer(0)};
}

std::vector<Resource> ResourceStore::resources(MunicipalityId m, const ResourceFilter& f) {
  std::string statement = sql::kResourcesOf;
  std::vector<Value> params{m.value};
  if (f.public_only) statement += sql::kAndPublic;
  if (f.kind) {
    statement += sql::kAndKind;
    params.emplace_back(std::string(resource_kind_name(*f.kind)));
  }
  if (f.topic) {
    statement += sql::kAndTopic;
    params.emplace_back("%," + std::string(topic_name(*f.topic)) + ",%");
  }
  if (!f.folded_query.empty()) {
    if (c_.backend() == Backend::kSqlite && trigram_searchable(f.folded_query)) {
      statement += sql::kAndTrigramMatch;
      params.emplace_back(fts_phrases({f.folded_query}));
    } else {
      statement += sql::kAndTextContains;
      params.emplace_back(contains_pattern(f.folded_query));
    }
  }
  statement += sql::kResourcesOrder;
  params.emplace_back(std::int64_t{f.limit});
  std::vector<Resource> out;
  for (const auto& r : c_.query(statement, params)) out.push_back(read_resource(r));
  return out;
}

std::vector<int> ResourceStore::placed_now(MunicipalityId m, const std::vector<ResourceId>& ids,
                                           Date today) {
  std::unordered_map<std::int64_t, int> counts;
  for (const auto& r :
       c_.query(sql::kPlacedNow, {m.value, format_iso_date(today), format_iso_date(today)})) {
    counts[r.integer(0)] = static_cast<int>(r.integer(1));
  }
  std::vector<int> out;
  out.reserve(ids.size());
  for (ResourceId id : ids) {
    auto it = counts.find(id.value);
    out.push_back(it == counts.end() ? 0 : it->second);
  }
  return out;
}

RoomId ResourceStore::insert_room(MunicipalityId m, const Room& r, std::int64_t now) {
  return RoomId{
      c_.query(sql::kInsertRoom,
               {m.value, r.name, r.facility, r.address, std::int64_t{r.opens_minute},
                std::int64_t{r.closes_minute}, r.days, std::int64_t{r.active ? 1 : 0}, now})
          .at(0)
          .integer(0)};
}

std::vector<Room> ResourceStore::rooms(MunicipalityId m) {
  std::vector<Room> out;
  for (const auto& r : c_.query(sql::kRooms, {m.value})) out.push_back(read_room(r));
  return out;
}

std::optional<Room> ResourceStore::room(MunicipalityId m, RoomId id) {
  auto rows = c_.query(sql::kRoom, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  return read_room(rows[0]);
}

BookingId ResourceStore::insert_booking(MunicipalityId m, const Booking& b, std::int64_t now) {
  return BookingId{
      c_.query(sql::kInsertBooking,
               {m.value, b.room.value, b.user.value, format_iso_date(b.date),
                std::int64_t{b.start_minute}, std::int64_t{b.end_minute},
                minute_stamp(b.date, b.start_minute), minute_stamp(b.date, b.end_minute), now})
          .at(0)
          .integer(0)};
}

std::vector<Booking> ResourceStore::room_bookings(MunicipalityId m, RoomId room, Date from,
                                                  Date to) {
  std::vector<Booking> out;
  for (const auto& r : c_.query(sql::kRoomBookings,
                                {m.value, room.value, minute_stamp(from, 0), minute_stamp(to, 0)}))
    out.push_back(read_booking(r));
  return out;
}

std::vector<Booking> ResourceStore::user_bookings(MunicipalityId m, UserId user, Date from) {
  std::vector<Booking> out;
  for (const auto& r : c_.query(sql::kUserBookings, {m.value, user.value, minute_stamp(from, 0)}))
    out.push_back(read_booking(r));
  return out;
}

std::optional<Booking> ResourceStore::booking(MunicipalityId m, BookingId id) {
  auto rows = c_.query(sql::kBooking, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  return read_booking(rows[0]);
}

bool ResourceStore::cancel_booking(MunicipalityId m, BookingId id, std::int64_t now) {
  return c_.execute(sql::kCancelBooking, {now, m.value, id.value}) == 1;
}

EventId ResourceStore::insert_event(MunicipalityId m, const Event& e, std::int64_t now) {
  EventId id{c_.query(sql::kInsertEvent,
                      {m.value, std::string(event_kind_name(e.kind)), e.title,
                       format_iso_date(e.held_on), e.organiser, e.audience,
                       e.attendance ? Value(std::int64_t{*e.attendance}) : Value(nullptr),
                       std::int64_t{e.is_public ? 1 : 0}, now})
                 .at(0)
                 .integer(0)};
  for (ProjectId p : e.projects) link_project(m, id, p);
  return id;
}

std::vector<Event> ResourceStore::events(MunicipalityId m, Date from, Date to, bool public_only) {
  return read_events(c_.query(public_only ? sql::kPublicEvents : sql::kEvents,
                              {m.value, format_iso_date(from), format_iso_date(to)}));
}

std::vector<Event> ResourceStore::events_for_project(MunicipalityId m, ProjectId project) {
  return read_events(c_.query(sql::kEventsForProject, {m.value, project.value}));
}

std::optional<Event> ResourceStore::event(MunicipalityId m, EventId id) {
  auto events = read_events(c_.query(sql::kEvent, {m.value, id.value}));
  if (events.empty()) return std::nullopt;
  return std::move(events[0]);
}

void ResourceStore::set_attendance(MunicipalityId m, EventId id, std::optional<int> attendance) {
  c_.execute(sql::kSetAttendance,
             {attendance ? Value(std::int64_t{*attendance}) : Value(nullptr), m.value, id.value});
}

void ResourceStore::link_project(MunicipalityId m, EventId event, ProjectId project) {
  c_.execute(sql::kLinkProject, {m.value, event.value, project.value});
}

std::vector<std::pair<ProjectId, std::string>> ResourceStore::project_labels(MunicipalityId m) {
  std::vector<std::pair<ProjectId, std::string>> out;
  for (const auto& r : c_.query(sql::kProjectLabels, {m.value})) {
    out.emplace_back(ProjectId{r.integer(0)},
                     r.text(1) + " " + r.text(2) + "-" + r.text(3) + " " + r.text(4));
  }
  return out;
}

PlacementId ResourceStore::insert_placement(MunicipalityId m, const Placement& p,
                                            std::int64_t now) {
  PlacementId id{c_.query(sql::kInsertPlacement,
                          {m.value, p.person.value, p.resource.value, format_iso_date(p.started_on),
                           date_value(p.ended_on), p.note, now})
                     .at(0)
                     .integer(0)};
  for (const auto& f : p.follow_ups) {
    c_.execute(sql::kInsertFollowUp,
               {m.value, id.value, std::string(f.with == FollowUpWith::kPerson ? "person" : "host"),
                format_iso_date(f.due_on), date_value(f.done_on), f.note});
  }
  return id;
}

std::vector<Placement> ResourceStore::placements(MunicipalityId m, PersonId person) {
  return read_placements(c_.query(sql::kPlacementsOf, {m.value, person.value}));
}

std::optional<Placement> ResourceStore::placement(MunicipalityId m, PlacementId id) {
  auto placements = read_placements(c_.query(sql::kPlacement, {m.value, id.value}));
  if (placements.empty()) return std::nullopt;
  return std::move(placements[0]);
}

bool ResourceStore::end_placement(MunicipalityId m, PlacementId id, Date on) {
  return c_.execute(sql::kEndPlacement, {format_iso_date(on), m.value, id.value}) == 1;
}

bool ResourceStore::complete_follow_up(MunicipalityId m, PlacementId placement,
                                       std::int64_t follow_up, Date on, const std::string& note) {
  return c_.execute(sql::kCompleteFollowUp,
                    {format_iso_date(on), note, m.value, placement.value, follow_up}) == 1;
}

std::vector<PlacementDue> ResourceStore::due_follow_ups(MunicipalityId m, Date until, int limit) {
  std::vector<PlacementDue> out;
  for (const auto& r :
       c_.query(sql::kDueFollowUps, {m.value, format_iso_date(until), std::int64_t{limit}})) {
    out.push_back({r.integer(0), PlacementId{r.integer(1)}, PersonId{r.integer(2)}, r.text(6),
                   r.text(3), r.text(4) == "host" ? FollowUpWith::kHost : FollowUpWith::kPerson,
                   date_at(r, 5)});
  }
  return out;
}

}  // namespace tsunagu::store
