#include "service/resource_service.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/casework.hpp"
#include "core/text.hpp"
#include "io/resource_file.hpp"
#include "io/text_search.hpp"
#include "service/crypto.hpp"
#include "store/account_store.hpp"
#include "store/case_store.hpp"
#include "store/progress_store.hpp"

namespace tsunagu::service {
namespace {

// What the search looks in: every field a resident might type, folded once at write time.
std::string search_text_of(const Resource& r) {
  return io::search_fold(r.name + " " + r.kana + " " + std::string(resource_kind_label(r.kind)) +
                         " " + r.services + " " + r.eligibility + " " + r.address);
}

store::ResourceFilter filter_of(const ResourceQuery& q, bool public_only) {
  store::ResourceFilter f;
  f.public_only = public_only;
  f.topic = q.topic;
  f.kind = q.kind;
  std::string folded = io::search_fold(q.text);
  f.folded_query = std::string(trim(folded));
  return f;
}

Error resource_not_found() {
  return make_error(ErrorKind::kNotFound, "resource.not_found",
                    "指定された社会資源は見つかりません。");
}
Error room_not_found() {
  return make_error(ErrorKind::kNotFound, "room.not_found", "指定された面接室は見つかりません。");
}
Error booking_not_found() {
  return make_error(ErrorKind::kNotFound, "booking.not_found", "指定された予約は見つかりません。");
}
Error event_not_found() {
  return make_error(ErrorKind::kNotFound, "event.not_found", "指定された行事は見つかりません。");
}
Error project_not_found(ProjectId project) {
  return make_error(ErrorKind::kNotFound, "event.project_not_found",
                    "事業（番号 " + std::to_string(project.value) +
                        "）が見つかりません。進行管理の事業一覧で番号を確かめてください。");
}
Error placement_not_found() {
  return make_error(ErrorKind::kNotFound, "placement.not_found",
                    "指定された受入れの記録は見つかりません。");
}

std::string digest_of(const Resource& r) {
  return sha256_hex(r.name + "\n" + r.address + "\n" + r.services + "\n" + r.phone);
}

}  // namespace

ResourceService::ResourceService(store::Database& db, const Clock& clock, const AuditLog& audit,
                                 CaseService& cases)
    : db_(db), clock_(clock), audit_(audit), cases_(cases) {}

Result<MunicipalityId> ResourceService::public_municipality(const std::string& code) const {
  auto c = db_.connection();
  store::AccountStore accounts(*c);
  if (!code.empty()) {
    if (auto m = accounts.find_municipality_by_code(code)) return m->id;
  } else if (auto all = accounts.list_municipalities(); all.size() == 1) {
    return all[0].id;
  }
  return make_error(
      ErrorKind::kNotFound, "municipality.not_found",
      "自治体が見つかりません。URL に ?city=（全国地方公共団体コード）を付けてください。");
}

Result<ResourceService::PublicInfo> ResourceService::municipality_info(MunicipalityId m) const {
  auto c = db_.connection();
  auto found = store::AccountStore(*c).find_municipality(m);
  if (!found)
    return make_error(ErrorKind::kNotFound, "municipality.not_found", "自治体が見つかりません。");
  return PublicInfo{found->code, found->name};
}

Result<std::vector<Resource>> ResourceService::public_resources(MunicipalityId m,
                                                                const ResourceQuery& q) const {
  auto c = db_.connection();
  return store::ResourceStore(*c).resources(m, filter_of(q, true));
}

Result<std::vector<Resource>> ResourceService::resources(const Actor& actor,
                                                         const ResourceQuery& q) const {
  if (auto allowed = require(actor, Permission::kResourceRead); !allowed) return allowed.error();
  auto c = db_.connection();
  return store::ResourceStore(*c).resources(actor.municipality, filter_of(q, false));
}

Result<Resource> ResourceService::resource(const Actor& actor, ResourceId id) const {
  if (auto allowed = require(actor, Permission::kResourceRead); !allowed) return allowed.error();
  auto c = db_.connection();
  auto r = store::ResourceStore(*c).resource(actor.municipality, id);
  if (!r) return resource_not_found();
  return *r;
}

Result<std::string> ResourceService::open_data_csv(MunicipalityId m) const {
  auto info = municipality_info(m);
  if (!info) return info.error();
  auto list = public_resources(m, {});
  if (!list) return list.error();
  // Rows in ID order, as open-data portals list them (and diffs between releases stay small).
  std::sort(list->begin(), list->end(),
            [](const Resource& a, const Resource& b) { return a.id < b.id; });
  return io::open_data_csv(info->code, info->name, *list);
}

Result<Resource> ResourceService::add_resource(const Actor& actor, Resource r) {
  if (auto allowed = require(actor, Permission::kResourceManage); !allowed) return allowed.error();
  r.name = std::string(trim(r.name));
  if (auto valid = validate_resource(r); !valid) return valid.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::ResourceStore store(*c);
  auto id = store::insert_unless_duplicate([&] {
    return store.insert_resource(actor.municipality, r, search_text_of(r), clock_.now_ms());
  });
  if (!id) {
    return make_error(ErrorKind::kConflict, "resource.exists",
                      "同じ名称と住所の社会資源「" + r.name + "」が登録済みです。");
  }
  r.id = *id;
  r.version = 1;
  audit_.append(*c, {actor.municipality, actor.name, "resource.add", "resource",
                     std::to_string(r.id.value), "", digest_of(r), kBasisOfficialDuty, ""});
  tx.commit();
  return r;
}

Result<Resource> ResourceService::update_resource(const Actor& actor, Resource r,
                                                  std::int64_t expected_version) {
  if (auto allowed = require(actor, Permission::kResourceManage); !allowed) return allowed.error();
  r.name = std::string(trim(r.name));
  if (auto valid = validate_resource(r); !valid) return valid.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::ResourceStore store(*c);
  auto before = store.resource(actor.municipality, r.id);
  if (!before) return resource_not_found();
  if (auto other = store.resource_by_name(actor.municipality, r.name, r.address);
      other && *other != r.id) {
    return make_error(ErrorKind::kConflict, "resource.exists",
                      "同じ名称と住所の社会資源「" + r.name + "」が別に登録されています。");
  }
  if (!store.update_resource(actor.municipality, r, search_text_of(r), expected_version)) {
    Error e = make_error(
        ErrorKind::kConflict, "resource.stale_version",
        "ほかの人が先に更新しました。最新の内容を確認してからもう一度保存してください。");
    e.details.push_back(
        {0, "version", "現在の版は " + std::to_string(before->version) + " です。"});
    return e;
  }
  r.version = expected_version + 1;
  audit_.append(
      *c, {actor.municipality, actor.name, "resource.update", "resource",
           std::to_string(r.id.value), digest_of(*before), digest_of(r), kBasisOfficialDuty, ""});
  tx.commit();
  return r;
}

Result<ResourceImportReport> ResourceService::import_resources(const Actor& actor,
                                                               std::string_view bytes,
                                                               std::string_view file_name) {
  if (auto allowed = require(actor, Permission::kResourceManage); !allowed) return allowed.error();
  auto rows = io::read_resource_file(bytes, file_name);
  if (!rows) return rows.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::ResourceStore store(*c);
  ResourceImportReport report;
  const auto now = clock_.now_ms();
  for (auto& row : *rows) {
    Resource& r = row.resource;
    if (auto existing = store.resource_by_name(actor.municipality, r.name, r.address)) {
      auto before = store.resource(actor.municipality, *existing);
      r.id = *existing;
      store.update_resource(actor.municipality, r, search_text_of(r), before->version);
      ++report.updated;
    } else {
      r.id = store.insert_resource(actor.municipality, r, search_text_of(r), now);
      ++report.added;
    }
  }
  audit_.append(*c, {actor.municipality, actor.name, "resource.import", "resource", "", "", "",
                     kBasisOfficialDuty,
                     nlohmann::json{{"added", report.added}, {"updated", report.updated}}.dump()});
  tx.commit();
  return report;
}

Result<std::vector<Room>> ResourceService::rooms(const Actor& actor) const {
  if (!actor.may(Permission::kResourceRead) && !actor.may(Permission::kRoomBook)) {
    return require(actor, Permission::kResourceRead).error();
  }
  auto c = db_.connection();
  return store::ResourceStore(*c).rooms(actor.municipality);
}

Result<Room> ResourceService::add_room(const Actor& actor, Room r) {
  if (auto allowed = require(actor, Permission::kResourceManage); !allowed) return allowed.error();
  if (auto valid = validate_room(r); !valid) return valid.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto id = store::insert_unless_duplicate(
      [&] { return store::ResourceStore(*c).insert_room(actor.municipality, r, clock_.now_ms()); });
  if (!id) {
    return make_error(ErrorKind::kConflict, "room.exists",
                      "「" + r.facility + " " + r.name + "」は登録済みです。");
  }
  r.id = *id;
  audit_.append(*c, {actor.municipality, actor.name, "room.add", "room", std::to_string(r.id.value),
                     "", "", kBasisOfficialDuty, ""});
  tx.commit();
  return r;
}

Result<RoomDay> ResourceService::room_day(const Actor& actor, RoomId id, Date date,
                                          int days) const {
  auto listed = rooms(actor);
  if (!listed) return listed.error();
  if (!is_valid_date(date))
    return make_error(ErrorKind::kInvalid, "booking.invalid", "日付が正しくありません。");
  if (days < 1 || days > 31) {
    return make_error(ErrorKind::kInvalid, "booking.invalid",
                      "表示する日数は 1 から 31 までにしてください。");
  }
  auto c = db_.connection();
  store::ResourceStore store(*c);
  auto room = store.room(actor.municipality, id);
  if (!room) return room_not_found();
  RoomDay day{*room, date, days,
              store.room_bookings(actor.municipality, id, date, add_days(date, days))};
  const bool sees_names = actor.may(Permission::kResourceManage);
  for (auto& b : day.bookings) {
    const bool own = actor.user && b.user == actor.user->id;
    if (!own && !sees_names) {
      b.user = UserId{};
      b.user_name.clear();
    }
  }
  return day;
}

Result<Booking> ResourceService::book(const Actor& actor, Booking b) {
  if (auto allowed = require(actor, Permission::kRoomBook); !allowed) return allowed.error();
  if (!actor.user)
    return make_error(ErrorKind::kForbidden, "booking.not_volunteer",
                      "予約は保護司のアカウントで行います。");
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto agency = actor.user->agency
                    ? store::CaseStore(*c).agency(actor.municipality, *actor.user->agency)
                    : std::nullopt;
  if (!agency || agency->kind != AgencyKind::kVolunteerProbation) {
    return make_error(ErrorKind::kForbidden, "booking.not_volunteer",
                      "面接室を予約できるのは保護司（保護司会に所属するアカウント）です。");
  }
  store::ResourceStore store(*c);
  auto room = store.room(actor.municipality, b.room);
  if (!room || !room->active) return room_not_found();
  if (auto valid = validate_booking(*room, b, today_in_japan(clock_)); !valid) return valid.error();
  b.user = actor.user->id;
  b.user_name = actor.user->display_name;
  try {
    b.id = store.insert_booking(actor.municipality, b, clock_.now_ms());
  } catch (const store::StoreError& e) {
    if (e.kind() != store::StoreError::Kind::kOverlap) throw;
    return make_error(ErrorKind::kConflict, "booking.conflict",
                      "その時間は既に予約されています（" + format_wareki_date_with_western(b.date) +
                          " " + format_minute(b.start_minute) + "〜" + format_minute(b.end_minute) +
                          "）。空いている時間を選んでください。");
  }
  audit_.append(
      *c, {actor.municipality, actor.name, "booking.add", "booking", std::to_string(b.id.value), "",
           "", kBasisOfficialDuty, nlohmann::json{{"room", b.room.value}}.dump()});
  tx.commit();
  return b;
}

Result<std::vector<Booking>> ResourceService::my_bookings(const Actor& actor) const {
  if (auto allowed = require(actor, Permission::kRoomBook); !allowed) return allowed.error();
  if (!actor.user) return std::vector<Booking>{};
  auto c = db_.connection();
  return store::ResourceStore(*c).user_bookings(actor.municipality, actor.user->id,
                                                today_in_japan(clock_));
}

Status ResourceService::cancel_booking(const Actor& actor, BookingId id) {
  if (!actor.may(Permission::kRoomBook) && !actor.may(Permission::kResourceManage)) {
    return require(actor, Permission::kRoomBook);
  }
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::ResourceStore store(*c);
  auto b = store.booking(actor.municipality, id);
  const bool own = b && actor.user && b->user == actor.user->id;
  // Someone else's booking is "not found" to a 保護司: it may not learn whose it is.
  if (!b || b->cancelled || (!own && !actor.may(Permission::kResourceManage)))
    return booking_not_found();
  store.cancel_booking(actor.municipality, id, clock_.now_ms());
  audit_.append(*c, {actor.municipality, actor.name, "booking.cancel", "booking",
                     std::to_string(id.value), "", "", kBasisOfficialDuty, ""});
  tx.commit();
  return Ok{};
}

Result<std::vector<Event>> ResourceService::events(const Actor& actor, Date from, Date to) const {
  if (auto allowed = require(actor, Permission::kResourceRead); !allowed) return allowed.error();
  auto c = db_.connection();
  return store::ResourceStore(*c).events(actor.municipality, from, to, false);
}

std::vector<Event> ResourceService::public_events(MunicipalityId m, Date from, Date to) const {
  auto c = db_.connection();
  return store::ResourceStore(*c).events(m, from, to, true);
}

Result<Event> ResourceService::add_event(const Actor& actor, Event e) {
  if (auto allowed = require(actor, Permission::kResourceManage); !allowed) return allowed.error();
  if (auto valid = validate_event(e); !valid) return valid.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::ProgressStore progress(*c);
  for (ProjectId p : e.projects) {
    if (!progress.project(actor.municipality, p)) return project_not_found(p);
  }
  e.id = store::ResourceStore(*c).insert_event(actor.municipality, e, clock_.now_ms());
  audit_.append(*c, {actor.municipality, actor.name, "event.add", "event",
                     std::to_string(e.id.value), "", "", kBasisOfficialDuty, ""});
  tx.commit();
  return e;
}

Result<Event> ResourceService::record_attendance(const Actor& actor, EventId id, int attendance) {
  if (auto allowed = require(actor, Permission::kResourceManage); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::ResourceStore store(*c);
  auto e = store.event(actor.municipality, id);
  if (!e) return event_not_found();
  e->attendance = attendance;
  if (auto valid = validate_event(*e); !valid) return valid.error();
  store.set_attendance(actor.municipality, id, attendance);
  audit_.append(
      *c, {actor.municipality, actor.name, "event.attendance", "event", std::to_string(id.value),
           "", "", kBasisOfficialDuty, nlohmann::json{{"attendance", attendance}}.dump()});
  tx.commit();
  return *e;
}

Result<Event> ResourceService::link_project(const Actor& actor, EventId id, ProjectId project) {
  if (auto allowed = require(actor, Permission::kResourceManage); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::ResourceStore store(*c);
  if (!store.event(actor.municipality, id)) return event_not_found();
  if (!store::ProgressStore(*c).project(actor.municipality, project))
    return project_not_found(project);
  store.link_project(actor.municipality, id, project);
  audit_.append(
      *c, {actor.municipality, actor.name, "event.link", "event", std::to_string(id.value), "", "",
           kBasisOfficialDuty, nlohmann::json{{"project", project.value}}.dump()});
  auto e = store.event(actor.municipality, id);
  tx.commit();
  return *e;
}

Result<std::vector<std::pair<ProjectId, std::string>>> ResourceService::project_labels(
    const Actor& actor) const {
  if (auto allowed = require(actor, Permission::kResourceRead); !allowed) return allowed.error();
  auto c = db_.connection();
  return store::ResourceStore(*c).project_labels(actor.municipality);
}

Result<std::vector<Event>> ResourceService::events_for_project(const Actor& actor,
                                                               ProjectId project) const {
  if (!actor.may(Permission::kProgressRead) && !actor.may(Permission::kResourceRead)) {
    return require(actor, Permission::kProgressRead).error();
  }
  auto c = db_.connection();
  return store::ResourceStore(*c).events_for_project(actor.municipality, project);
}

Result<AccessGrant> ResourceService::person_access(store::Connection& c, const Actor& actor,
                                                   PersonId id) const {
  store::CaseStore cases(c);
  auto person = cases.person(actor.municipality, id);
  if (!person)
    return make_error(ErrorKind::kNotFound, "person.not_found",
                      "指定された対象者は見つかりません。");
  return cases_.access(cases, actor, *person, std::nullopt);
}

Result<std::pair<Placement, AccessGrant>> ResourceService::placement_for_change(
    store::Connection& c, store::Transaction& tx, const Actor& actor, PlacementId id) const {
  auto p = store::ResourceStore(c).placement(actor.municipality, id);
  if (!p) return placement_not_found();
  auto grant = person_access(c, actor, p->person);
  if (!grant) return cases_.refuse_change(c, tx, actor, p->person, "placement", grant.error());
  return std::pair{std::move(*p), std::move(*grant)};
}

void ResourceService::audit_placement(store::Connection& c, const Actor& actor, const char* action,
                                      PersonId person, const AccessGrant& grant,
                                      const nlohmann::json& detail) const {
  audit_.append(c, {actor.municipality, actor.name, action, "person", std::to_string(person.value),
                    "", "", basis_code(grant.basis), detail.dump()});
}

Result<std::vector<Match>> ResourceService::matches(const Actor& actor, PersonId person) {
  if (auto allowed = require(actor, Permission::kCaseRead); !allowed) return allowed.error();
  auto view = cases_.person(actor, person);  // the audited read, redacted to the basis
  if (!view) return view.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kRead);
  store::ResourceStore store(*c);
  auto list = store.resources(actor.municipality, {});
  std::vector<ResourceId> ids;
  for (const auto& r : list) ids.push_back(r.id);
  auto placed = store.placed_now(actor.municipality, ids, today_in_japan(clock_));
  tx.commit();
  return match_resources(view->person.needs, list, placed);
}

Result<Placement> ResourceService::place(const Actor& actor, PersonId person, ResourceId resource,
                                         Date started_on, const std::string& note) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  if (!is_valid_date(started_on)) {
    return make_error(ErrorKind::kInvalid, "placement.invalid", "受入れ開始日が正しくありません。");
  }
  if (find_invalid_utf8(note) || utf8_length(note) > 400) {
    return make_error(ErrorKind::kInvalid, "placement.invalid",
                      "メモは 400 文字以内にしてください。");
  }
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto grant = person_access(*c, actor, person);
  if (!grant) return cases_.refuse_change(*c, tx, actor, person, "placement", grant.error());
  store::ResourceStore store(*c);
  auto r = store.resource(actor.municipality, resource);
  if (!r) return resource_not_found();
  auto registered = store::CaseStore(*c).person(actor.municipality, person)->registered_on;
  if (started_on < registered) {
    return make_error(
        ErrorKind::kInvalid, "placement.invalid",
        "受入れ開始日が対象者の登録日（" + format_iso_date(registered) + "）より前です。");
  }
  Placement p;
  p.person = person;
  p.resource = resource;
  p.resource_name = r->name;
  p.started_on = started_on;
  p.note = note;
  p.follow_ups = default_placement_follow_ups(started_on);
  p.id = store.insert_placement(actor.municipality, p, clock_.now_ms());
  audit_placement(*c, actor, "placement.add", person, *grant,
                  nlohmann::json{{"placement", p.id.value}, {"resource", resource.value}});
  auto stored = store.placement(actor.municipality, p.id);
  tx.commit();
  return *stored;
}

Result<std::vector<Placement>> ResourceService::placements(const Actor& actor, PersonId person) {
  if (auto allowed = require(actor, Permission::kCaseRead); !allowed) return allowed.error();
  std::vector<Placement> out;
  auto grant = [&]() -> Result<AccessGrant> {
    auto c = db_.connection();
    store::Transaction tx(*c, store::TxMode::kRead);
    auto g = person_access(*c, actor, person);
    if (g) {
      const auto& cats = g->categories;
      if (std::find(cats.begin(), cats.end(), InfoCategory::kSupport) != cats.end())
        out = store::ResourceStore(*c).placements(actor.municipality, person);
    }
    tx.commit();
    return g;
  }();
  // Written after the connection is given back; a refusal is audited as well.
  auto audited = cases_.audit_part_read(actor, person, "placements", std::move(grant));
  if (!audited) return audited.error();
  return out;
}

Result<Placement> ResourceService::complete_follow_up(const Actor& actor, PlacementId id,
                                                      std::int64_t follow_up, Date on,
                                                      const std::string& note) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  if (!is_valid_date(on))
    return make_error(ErrorKind::kInvalid, "placement.invalid", "実施日が正しくありません。");
  if (find_invalid_utf8(note) || utf8_length(note) > 400) {
    return make_error(ErrorKind::kInvalid, "placement.invalid",
                      "記録は 400 文字以内にしてください。");
  }
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::ResourceStore store(*c);
  auto target = placement_for_change(*c, tx, actor, id);
  if (!target) return target.error();
  const auto& [p, grant] = *target;
  if (on < p.started_on) {
    return make_error(ErrorKind::kInvalid, "placement.invalid", "実施日が受入れ開始日より前です。");
  }
  if (!store.complete_follow_up(actor.municipality, id, follow_up, on, note)) {
    return make_error(ErrorKind::kInvalid, "placement.invalid",
                      "このフォローアップは記録済みか、見つかりません。");
  }
  audit_placement(*c, actor, "placement.follow_up", p.person, grant,
                  nlohmann::json{{"placement", id.value}, {"follow_up", follow_up}});
  auto stored = store.placement(actor.municipality, id);
  tx.commit();
  return *stored;
}

Result<Placement> ResourceService::end_placement(const Actor& actor, PlacementId id, Date on) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::ResourceStore store(*c);
  auto target = placement_for_change(*c, tx, actor, id);
  if (!target) return target.error();
  const auto& [p, grant] = *target;
  if (!is_valid_date(on) || on < p.started_on) {
    return make_error(ErrorKind::kInvalid, "placement.invalid",
                      "終了日が受入れ開始日より前か、正しくありません。");
  }
  if (!store.end_placement(actor.municipality, id, on)) {
    return make_error(ErrorKind::kInvalid, "placement.invalid", "この受入れは既に終了しています。");
  }
  audit_placement(*c, actor, "placement.end", p.person, grant,
                  nlohmann::json{{"placement", id.value}});
  auto stored = store.placement(actor.municipality, id);
  tx.commit();
  return *stored;
}

Result<std::vector<store::PlacementDue>> ResourceService::due_follow_ups(const Actor& actor,
                                                                         int days_ahead) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  auto due = [&] {
    auto c = db_.connection();
    store::Transaction tx(*c, store::TxMode::kRead);
    auto list = store::ResourceStore(*c).due_follow_ups(
        actor.municipality, add_days(today_in_japan(clock_), days_ahead), 500);
    if (actor.user && actor.user->role == Role::kCaseWorker) {
      store::CaseStore cases(*c);
      std::erase_if(list, [&](const store::PlacementDue& d) {
        auto p = cases.person(actor.municipality, d.person);
        return !p || p->assigned_worker != actor.user->id;
      });
    }
    tx.commit();
    return list;
  }();
  // The list names persons: each one shown is a read.
  std::vector<PersonId> shown;
  for (const auto& d : due) shown.push_back(d.person);
  cases_.audit_listed(actor, shown, "placements_due");
  return due;
}

}  // namespace tsunagu::service
