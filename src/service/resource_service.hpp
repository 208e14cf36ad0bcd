// ResourceService: the local-resource directory (社会資源), its public face and open data, the
// interview rooms lent to 保護司 and their bookings, events and trainings, and participation
// support (参加支援: matching a person's needs to resources, placements and their follow-ups).
// Every change is one transaction with its audit row; reads of a person go through
// CaseService (audited with their legal basis). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/resource.hpp"
#include "service/actor.hpp"
#include "service/audit_log.hpp"
#include "service/case_service.hpp"
#include "service/clock.hpp"
#include "store/db.hpp"
#include "store/resource_store.hpp"

namespace tsunagu::service {

struct ResourceQuery {
  std::optional<Topic> topic;
  std::optional<ResourceKind> kind;
  std::string text;  // as typed; folded here
};

struct ResourceImportReport {
  int added = 0;
  int updated = 0;
};

struct RoomDay {
  Room room;
  Date date;  // the first day
  int days = 1;
  std::vector<Booking> bookings;  // others' bookings show no name: only that the time is taken
};

class ResourceService {
 public:
  ResourceService(store::Database& db, const Clock& clock, const AuditLog& audit,
                  CaseService& cases);

  // Today in Japan, by the service's clock (pages default their date fields to it).
  Date today() const { return today_in_japan(clock_); }

  // The municipality the public pages speak for: the one with `code`, or the only one when
  // `code` is empty. Error "municipality.not_found".
  Result<MunicipalityId> public_municipality(const std::string& code) const;
  struct PublicInfo {
    std::string code;
    std::string name;
  };
  Result<PublicInfo> municipality_info(MunicipalityId m) const;

  // The public directory: public resources only, no login.
  Result<std::vector<Resource>> public_resources(MunicipalityId m, const ResourceQuery& q) const;
  // The whole directory (resource.read), internal resources included.
  Result<std::vector<Resource>> resources(const Actor& actor, const ResourceQuery& q) const;
  Result<Resource> resource(const Actor& actor, ResourceId id) const;
  // The open-data CSV of the public resources (UTF-8 with BOM).
  Result<std::string> open_data_csv(MunicipalityId m) const;

  // resource.manage. Errors "resource.invalid", "resource.exists" (same name and address),
  // "resource.stale_version", "resource.not_found".
  Result<Resource> add_resource(const Actor& actor, Resource r);
  Result<Resource> update_resource(const Actor& actor, Resource r, std::int64_t expected_version);
  // All-or-nothing: every row is checked first; a row with the name and address of a stored
  // resource replaces it. Errors of io::read_resource_file ("import.invalid" with each row).
  Result<ResourceImportReport> import_resources(const Actor& actor, std::string_view bytes,
                                                std::string_view file_name);

  // Rooms (resource.read to list, resource.manage to add). Errors "room.invalid",
  // "room.exists".
  Result<std::vector<Room>> rooms(const Actor& actor) const;
  Result<Room> add_room(const Actor& actor, Room r);
  // A room's bookings over `days` days (1 to 31) from `date`; a 保護司 sees its own with its
  // name, others only as taken.
  Result<RoomDay> room_day(const Actor& actor, RoomId room, Date date, int days = 1) const;
  // room.book, by a 保護司 account (its agency is a 保護司会). Errors "booking.not_volunteer",
  // "room.not_found", "booking.invalid", "booking.conflict" (the time is taken: the store
  // refuses it, whatever the concurrency).
  Result<Booking> book(const Actor& actor, Booking b);
  Result<std::vector<Booking>> my_bookings(const Actor& actor) const;
  // Own bookings (or any, with resource.manage). Errors "booking.not_found".
  Status cancel_booking(const Actor& actor, BookingId id);

  // Events (resource.read to list; resource.manage to add and link). `from`..`to` inclusive.
  Result<std::vector<Event>> events(const Actor& actor, Date from, Date to) const;
  std::vector<Event> public_events(MunicipalityId m, Date from, Date to) const;
  // Errors "event.invalid", "event.project_not_found".
  Result<Event> add_event(const Actor& actor, Event e);
  Result<Event> record_attendance(const Actor& actor, EventId id, int attendance);
  Result<Event> link_project(const Actor& actor, EventId id, ProjectId project);
  // Projects to link events to: (id, "計画名 分類-番号 事業名") (resource.read).
  Result<std::vector<std::pair<ProjectId, std::string>>> project_labels(const Actor& actor) const;
  // The events recorded as evidence for a project (progress.read or resource.read).
  Result<std::vector<Event>> events_for_project(const Actor& actor, ProjectId project) const;

  // Participation support (case.read). Matching reads the person (an audited read with its
  // basis) and ranks the public and internal resources. Errors as CaseService::person.
  Result<std::vector<Match>> matches(const Actor& actor, PersonId person);
  // case.write with a basis for the person. Follow-ups with the person and the host are
  // scheduled (default_placement_follow_ups). Errors "placement.invalid", "resource.not_found".
  Result<Placement> place(const Actor& actor, PersonId person, ResourceId resource, Date started_on,
                          const std::string& note);
  Result<std::vector<Placement>> placements(const Actor& actor, PersonId person);
  Result<Placement> complete_follow_up(const Actor& actor, PlacementId placement,
                                       std::int64_t follow_up, Date on, const std::string& note);
  Result<Placement> end_placement(const Actor& actor, PlacementId placement, Date on);
  // Follow-ups due within `days_ahead` days or overdue (case.write; a case worker sees only
  // those of persons assigned to them).
  Result<std::vector<store::PlacementDue>> due_follow_ups(const Actor& actor, int days_ahead);

 private:
  Result<AccessGrant> person_access(store::Connection& c, const Actor& actor, PersonId id) const;
  // A placement and the basis the actor has to change its person's record.
  // A refusal on the access rules is audited and commits `tx`.
  Result<std::pair<Placement, AccessGrant>> placement_for_change(store::Connection& c,
                                                                 store::Transaction& tx,
                                                                 const Actor& actor,
                                                                 PlacementId id) const;
  // The audit row of a change to a person's placements, with the basis used.
  void audit_placement(store::Connection& c, const Actor& actor, const char* action,
                       PersonId person, const AccessGrant& grant,
                       const nlohmann::json& detail) const;

  store::Database& db_;
  const Clock& clock_;
  const AuditLog& audit_;
  CaseService& cases_;
};

}  // namespace tsunagu::service
