// ResourceStore: local resources (社会資源), interview rooms and their bookings, events with the
// projects they evidence, and placements (参加支援) with their follow-ups. A repository over one
// Connection; the caller owns the transaction and decides access (service/resource_service).
// The store itself refuses two live bookings of a room that overlap (StoreError kOverlap), by
// trigger on SQLite and by exclusion constraint on PostgreSQL. Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/resource.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

struct ResourceFilter {
  bool public_only = false;
  std::optional<Topic> topic;
  std::optional<ResourceKind> kind;
  std::string folded_query;  // io::search_fold of what was typed; empty for all
  int limit = 500;
};

struct PlacementDue {
  std::int64_t follow_up = 0;
  PlacementId placement;
  PersonId person;
  std::string person_name;
  std::string resource_name;
  FollowUpWith with = FollowUpWith::kPerson;
  Date due_on;
};

class ResourceStore {
 public:
  explicit ResourceStore(Connection& connection) : c_(connection) {}

  // `search_text`: the folded text the search looks in (name, kana, kind, services, address).
  ResourceId insert_resource(MunicipalityId m, const Resource& r, const std::string& search_text,
                             std::int64_t now);
  // Replaces the fields if still at `expected_version`; false otherwise.
  bool update_resource(MunicipalityId m, const Resource& r, const std::string& search_text,
                       std::int64_t expected_version);
  std::optional<Resource> resource(MunicipalityId m, ResourceId id);
  std::optional<ResourceId> resource_by_name(MunicipalityId m, const std::string& name,
                                             const std::string& address);
  // By kind then kana.
  std::vector<Resource> resources(MunicipalityId m, const ResourceFilter& filter);
  // People placed at each resource now (placements not ended on `today`).
  std::vector<int> placed_now(MunicipalityId m, const std::vector<ResourceId>& ids, Date today);

  RoomId insert_room(MunicipalityId m, const Room& r, std::int64_t now);
  std::vector<Room> rooms(MunicipalityId m);
  std::optional<Room> room(MunicipalityId m, RoomId id);

  // Throws StoreError kOverlap when a live booking of the room overlaps.
  BookingId insert_booking(MunicipalityId m, const Booking& b, std::int64_t now);
  // Live bookings of a room from `from` (inclusive) to `to` (exclusive), by start.
  std::vector<Booking> room_bookings(MunicipalityId m, RoomId room, Date from, Date to);
  // A user's live bookings from `from`, by start.
  std::vector<Booking> user_bookings(MunicipalityId m, UserId user, Date from);
  std::optional<Booking> booking(MunicipalityId m, BookingId id);
  bool cancel_booking(MunicipalityId m, BookingId id, std::int64_t now);

  EventId insert_event(MunicipalityId m, const Event& e, std::int64_t now);
  // Events held from `from` to `to` (inclusive), by date; public ones only when asked.
  std::vector<Event> events(MunicipalityId m, Date from, Date to, bool public_only);
  std::vector<Event> events_for_project(MunicipalityId m, ProjectId project);
  std::optional<Event> event(MunicipalityId m, EventId id);
  void set_attendance(MunicipalityId m, EventId id, std::optional<int> attendance);
  // Links the event to a project of the same municipality; nothing when already linked or
  // when either is not the municipality's.
  void link_project(MunicipalityId m, EventId event, ProjectId project);
  // Every project of the municipality as "計画名 分類-番号 事業名", for choosing one.
  std::vector<std::pair<ProjectId, std::string>> project_labels(MunicipalityId m);

  PlacementId insert_placement(MunicipalityId m, const Placement& p, std::int64_t now);
  std::vector<Placement> placements(MunicipalityId m, PersonId person);
  std::optional<Placement> placement(MunicipalityId m, PlacementId id);
  bool end_placement(MunicipalityId m, PlacementId id, Date on);
  // Marks a follow-up of `placement` done; false when it is not one of it or already done.
  bool complete_follow_up(MunicipalityId m, PlacementId placement, std::int64_t follow_up, Date on,
                          const std::string& note);
  // Open follow-ups due on or before `until`, oldest first.
  std::vector<PlacementDue> due_follow_ups(MunicipalityId m, Date until, int limit);

 private:
  Connection& c_;
};

}  // namespace tsunagu::store
