#include "api/resource_routes.hpp"

#include "core/text.hpp"
#include "io/resource_json.hpp"
#include "route/decode.hpp"
#include "route/resource_query.hpp"
#include "route/respond.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace {

using io::booking_json;
using io::event_json;
using io::placement_json;
using io::resource_json;
using io::room_json;
using nlohmann::json;
using nlohmann::ordered_json;

Error bad_id() {
  return make_error(ErrorKind::kMalformed, "request.invalid", "URL の番号が正しくありません。");
}

// A resource from a JSON body; problems are collected as "resource.invalid" details.
Result<Resource> resource_from_json(const json& b) {
  Resource r;
  std::vector<ErrorDetail> problems;
  auto kind = parse_resource_kind(b.value("kind", ""));
  if (!kind) {
    problems.push_back({0, "kind", "種別が正しくありません（例: consultation_window, salon）。"});
  } else {
    r.kind = *kind;
  }
  auto text = [&](const char* key) {
    return b.contains(key) && b[key].is_string() ? b[key].get<std::string>() : std::string();
  };
  r.name = text("name");
  r.kana = text("kana");
  r.services = text("services");
  r.eligibility = text("eligibility");
  r.phone = text("phone");
  r.address = text("address");
  r.days = text("days");
  r.hours = text("hours");
  r.url = text("url");
  if (b.contains("capacity") && !b["capacity"].is_null()) {
    if (b["capacity"].is_number_integer()) {
      r.capacity = b["capacity"].get<int>();
    } else {
      problems.push_back({0, "capacity", "受入れ人数は整数で指定してください。"});
    }
  }
  if (b.contains("topics") && b["topics"].is_array()) {
    for (const auto& t : b["topics"]) {
      auto topic = t.is_string() ? parse_topic(t.get<std::string>()) : std::nullopt;
      if (topic) {
        r.topics.push_back(*topic);
      } else {
        problems.push_back({0, "topics", "分野 " + t.dump() + " は使えません。"});
      }
    }
  }
  r.is_public = b.value("public", true);
  if (!problems.empty()) {
    Error e =
        make_error(ErrorKind::kInvalid, "resource.invalid", "社会資源の情報に誤りがあります。");
    e.details = std::move(problems);
    return e;
  }
  return r;
}

Result<Date> date_in(const json& b, const char* key) {
  auto d = parse_iso_date(b.value(key, ""));
  if (!d) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      std::string(key) + " を YYYY-MM-DD の日付で指定してください。");
  }
  return *d;
}

template <class T, class ToJson>
http::Response answer(const Result<T>& r, ToJson to_json, int status = 200) {
  if (!r) return error_response(r.error());
  return ok_ordered_json(to_json(*r), status);
}

template <class T, class ToJson>
ordered_json list_json(const std::vector<T>& list, ToJson to_json) {
  ordered_json out = ordered_json::array();
  for (const auto& x : list) out.push_back(to_json(x));
  return out;
}

}  // namespace

void add_resource_routes(const AddRoute& add, service::ResourceService& resources) {
  auto& rs = resources;

  // ---- Public: no login ----
  add("GET", "/api/v1/public/resources", AccessKind::kPublic, {}, [&rs](Context& c) {
    auto m = public_municipality(rs, c.request);
    if (!m) return error_response(m.error());
    auto list = rs.public_resources(*m, resource_query(c.request));
    if (!list) return error_response(list.error());
    return ok_ordered_json({{"resources", list_json(*list, resource_json)}});
  });
  add("GET", "/opendata/resources.csv", AccessKind::kPublic, {}, [&rs](Context& c) {
    auto m = public_municipality(rs, c.request);
    if (!m) return error_response(m.error());
    auto csv = rs.open_data_csv(*m);
    if (!csv) return error_response(csv.error());
    http::Response r;
    r.body = std::move(*csv);
    r.set("Content-Type", "text/csv; charset=utf-8");
    r.set("Content-Disposition", attachment("社会資源一覧.csv"));
    return r;
  });

  // ---- The directory ----
  add("GET", "/api/v1/resources", AccessKind::kPermission, Permission::kResourceRead,
      [&rs](Context& c) {
        auto list = rs.resources(c.actor, resource_query(c.request));
        if (!list) return error_response(list.error());
        return ok_ordered_json({{"resources", list_json(*list, resource_json)}});
      });
  add("POST", "/api/v1/resources", AccessKind::kPermission, Permission::kResourceManage,
      [&rs](Context& c) {
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto r = resource_from_json(*b);
        if (!r) return error_response(r.error());
        return answer(rs.add_resource(c.actor, *r), resource_json, 201);
      });
  add("GET", "/api/v1/resources/{id}", AccessKind::kPermission, Permission::kResourceRead,
      [&rs](Context& c) {
        auto id = id_param<ResourceId>(c, "id");
        if (!id) return error_response(bad_id());
        return answer(rs.resource(c.actor, *id), resource_json);
      });
  add("PUT", "/api/v1/resources/{id}", AccessKind::kPermission, Permission::kResourceManage,
      [&rs](Context& c) {
        auto id = id_param<ResourceId>(c, "id");
        if (!id) return error_response(bad_id());
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        if (!b->contains("version") || !(*b)["version"].is_number_integer()) {
          return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                           "version（開いたときの版）を整数で指定してください。"));
        }
        auto r = resource_from_json(*b);
        if (!r) return error_response(r.error());
        r->id = *id;
        return answer(rs.update_resource(c.actor, *r, (*b)["version"].get<std::int64_t>()),
                      resource_json);
      });
  add("POST", "/api/v1/resources/import", AccessKind::kPermission, Permission::kResourceManage,
      [&rs](Context& c) {
        std::string name = query_param(c.request, "name");
        auto report =
            rs.import_resources(c.actor, c.request.body, name.empty() ? "list.csv" : name);
        if (!report) return error_response(report.error());
        return ok_ordered_json({{"added", report->added}, {"updated", report->updated}});
      });

  // ---- Interview rooms ----
  add("GET", "/api/v1/rooms", AccessKind::kPermission, Permission::kResourceRead,
      [&rs](Context& c) {
        auto list = rs.rooms(c.actor);
        if (!list) return error_response(list.error());
        return ok_ordered_json({{"rooms", list_json(*list, room_json)}});
      });
  add("POST", "/api/v1/rooms", AccessKind::kPermission, Permission::kResourceManage,
      [&rs](Context& c) {
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        Room r;
        r.name = b->value("name", "");
        r.facility = b->value("facility", "");
        r.address = b->value("address", "");
        r.days = b->value("days", "月火水木金");
        r.opens_minute = parse_minute(b->value("opens", "9:00")).value_or(-1);
        r.closes_minute = parse_minute(b->value("closes", "21:00")).value_or(-1);
        return answer(rs.add_room(c.actor, r), room_json, 201);
      });
  add("GET", "/api/v1/rooms/{id}/bookings", AccessKind::kPermission, Permission::kResourceRead,
      [&rs](Context& c) {
        auto id = id_param<RoomId>(c, "id");
        if (!id) return error_response(bad_id());
        auto date = parse_iso_date(query_param(c.request, "date"));
        if (!date) {
          return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                           "date を YYYY-MM-DD の日付で指定してください。"));
        }
        auto days = parse_id(query_param(c.request, "days"));
        auto day = rs.room_day(c.actor, *id, *date, static_cast<int>(days.value_or(1)));
        if (!day) return error_response(day.error());
        return ok_ordered_json({{"room", room_json(day->room)},
                                {"date", format_iso_date(day->date)},
                                {"bookings", list_json(day->bookings, booking_json)}});
      });
  add("POST", "/api/v1/bookings", AccessKind::kPermission, Permission::kRoomBook,
      [&rs](Context& c) {
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto date = date_in(*b, "date");
        if (!date) return error_response(date.error());
        auto start = parse_minute(b->value("start", ""));
        auto end = parse_minute(b->value("end", ""));
        if (!start || !end || !(*b)["room"].is_number_integer()) {
          return error_response(
              make_error(ErrorKind::kMalformed, "request.invalid",
                         "room（番号）、start と end（例 10:00）を指定してください。"));
        }
        Booking booking{{}, RoomId{(*b)["room"].get<std::int64_t>()}, {}, "", *date, *start, *end};
        return answer(rs.book(c.actor, booking), booking_json, 201);
      });
  add("GET", "/api/v1/bookings/mine", AccessKind::kPermission, Permission::kRoomBook,
      [&rs](Context& c) {
        auto list = rs.my_bookings(c.actor);
        if (!list) return error_response(list.error());
        return ok_ordered_json({{"bookings", list_json(*list, booking_json)}});
      });
  add("POST", "/api/v1/bookings/{id}/cancel", AccessKind::kPermission, Permission::kRoomBook,
      [&rs](Context& c) {
        auto id = id_param<BookingId>(c, "id");
        if (!id) return error_response(bad_id());
        if (auto done = rs.cancel_booking(c.actor, *id); !done) return error_response(done.error());
        return ok_ordered_json({{"cancelled", id->value}});
      });

  // ---- Events ----
  add("GET", "/api/v1/events", AccessKind::kPermission, Permission::kResourceRead,
      [&rs](Context& c) {
        auto from_text = parse_iso_date(query_param(c.request, "from"));
        auto to_text = parse_iso_date(query_param(c.request, "to"));
        Date from = from_text ? *from_text : Date{1900, 1, 1};
        Date to = to_text ? *to_text : Date{2999, 12, 31};
        auto list = rs.events(c.actor, from, to);
        if (!list) return error_response(list.error());
        return ok_ordered_json({{"events", list_json(*list, event_json)}});
      });
  add("POST", "/api/v1/events", AccessKind::kPermission, Permission::kResourceManage,
      [&rs](Context& c) {
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto held = date_in(*b, "held_on");
        if (!held) return error_response(held.error());
        auto kind = parse_event_kind(b->value("kind", ""));
        if (!kind) {
          return error_response(make_error(ErrorKind::kInvalid, "event.invalid",
                                           "kind（training, facility_tour, "
                                           "family_course, symposium, campaign, "
                                           "other）を指定してください。"));
        }
        Event e;
        e.kind = *kind;
        e.title = b->value("title", "");
        e.held_on = *held;
        e.organiser = b->value("organiser", "");
        e.audience = b->value("audience", "");
        if ((*b)["attendance"].is_number_integer()) e.attendance = (*b)["attendance"].get<int>();
        e.is_public = b->value("public", false);
        if ((*b)["projects"].is_array()) {
          for (const auto& p : (*b)["projects"]) {
            if (p.is_number_integer()) e.projects.push_back(ProjectId{p.get<std::int64_t>()});
          }
        }
        return answer(rs.add_event(c.actor, e), event_json, 201);
      });
  add("POST", "/api/v1/events/{id}/attendance", AccessKind::kPermission,
      Permission::kResourceManage, [&rs](Context& c) {
        auto id = id_param<EventId>(c, "id");
        if (!id) return error_response(bad_id());
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        if (!(*b)["attendance"].is_number_integer()) {
          return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                           "attendance（参加者数）を整数で指定してください。"));
        }
        return answer(rs.record_attendance(c.actor, *id, (*b)["attendance"].get<int>()),
                      event_json);
      });
  add("POST", "/api/v1/events/{id}/projects", AccessKind::kPermission, Permission::kResourceManage,
      [&rs](Context& c) {
        auto id = id_param<EventId>(c, "id");
        if (!id) return error_response(bad_id());
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        if (!(*b)["project"].is_number_integer()) {
          return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                           "project（事業の番号）を整数で指定してください。"));
        }
        return answer(rs.link_project(c.actor, *id, ProjectId{(*b)["project"].get<std::int64_t>()}),
                      event_json);
      });
  add("GET", "/api/v1/projects/{id}/events", AccessKind::kPermission, Permission::kProgressRead,
      [&rs](Context& c) {
        auto id = id_param<ProjectId>(c, "id");
        if (!id) return error_response(bad_id());
        auto list = rs.events_for_project(c.actor, *id);
        if (!list) return error_response(list.error());
        return ok_ordered_json({{"events", list_json(*list, event_json)}});
      });

  // ---- Participation support ----
  add("GET", "/api/v1/persons/{id}/matches", AccessKind::kPermission, Permission::kCaseRead,
      [&rs](Context& c) {
        auto id = id_param<PersonId>(c, "id");
        if (!id) return error_response(bad_id());
        auto list = rs.matches(c.actor, *id);
        if (!list) return error_response(list.error());
        ordered_json out = ordered_json::array();
        for (const auto& m : *list) {
          out.push_back({{"resource", resource_json(m.resource)},
                         {"score", m.score},
                         {"placed", m.placed},
                         {"reason", m.reason}});
        }
        return ok_ordered_json({{"matches", out}});
      });
  add("GET", "/api/v1/persons/{id}/placements", AccessKind::kPermission, Permission::kCaseRead,
      [&rs](Context& c) {
        auto id = id_param<PersonId>(c, "id");
        if (!id) return error_response(bad_id());
        auto list = rs.placements(c.actor, *id);
        if (!list) return error_response(list.error());
        return ok_ordered_json({{"placements", list_json(*list, placement_json)}});
      });
  add("POST", "/api/v1/persons/{id}/placements", AccessKind::kPermission, Permission::kCaseWrite,
      [&rs](Context& c) {
        auto id = id_param<PersonId>(c, "id");
        if (!id) return error_response(bad_id());
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto started = date_in(*b, "started_on");
        if (!started) return error_response(started.error());
        if (!(*b)["resource"].is_number_integer()) {
          return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                           "resource（社会資源の番号）を指定してください。"));
        }
        return answer(rs.place(c.actor, *id, ResourceId{(*b)["resource"].get<std::int64_t>()},
                               *started, b->value("note", "")),
                      placement_json, 201);
      });
  add("POST", "/api/v1/placements/{id}/follow-up", AccessKind::kPermission, Permission::kCaseWrite,
      [&rs](Context& c) {
        auto id = id_param<PlacementId>(c, "id");
        if (!id) return error_response(bad_id());
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto on = date_in(*b, "done_on");
        if (!on) return error_response(on.error());
        if (!(*b)["follow_up"].is_number_integer()) {
          return error_response(
              make_error(ErrorKind::kMalformed, "request.invalid",
                         "follow_up（フォローアップの番号）を指定してください。"));
        }
        return answer(rs.complete_follow_up(c.actor, *id, (*b)["follow_up"].get<std::int64_t>(),
                                            *on, b->value("note", "")),
                      placement_json);
      });
  add("POST", "/api/v1/placements/{id}/end", AccessKind::kPermission, Permission::kCaseWrite,
      [&rs](Context& c) {
        auto id = id_param<PlacementId>(c, "id");
        if (!id) return error_response(bad_id());
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto on = date_in(*b, "ended_on");
        if (!on) return error_response(on.error());
        return answer(rs.end_placement(c.actor, *id, *on), placement_json);
      });
  add("GET", "/api/v1/placements/due", AccessKind::kPermission, Permission::kCaseWrite,
      [&rs](Context& c) {
        auto days = parse_id(query_param(c.request, "days"));
        auto list = rs.due_follow_ups(c.actor, static_cast<int>(days.value_or(30)));
        if (!list) return error_response(list.error());
        ordered_json out = ordered_json::array();
        for (const auto& d : *list) {
          out.push_back({{"follow_up", d.follow_up},
                         {"placement", d.placement.value},
                         {"person", d.person.value},
                         {"resource_name", d.resource_name},
                         {"with", d.with == FollowUpWith::kPerson ? "person" : "host"},
                         {"due_on", format_iso_date(d.due_on)}});
        }
        return ok_ordered_json({{"due", out}});
      });
}

}  // namespace tsunagu::api
