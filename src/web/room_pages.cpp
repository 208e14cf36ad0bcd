// Interview rooms (面接室) and their bookings: the list with one's own bookings and the form to
// add a room (/rooms), a room's week and the booking form (/rooms/{id}?date=), booking
// (/rooms/{id}/book) and cancelling (/bookings/{id}/cancel). A refused booking shows the
// room's page again with what was chosen.
#include <algorithm>
#include <map>

#include "core/casework.hpp"
#include "core/text.hpp"
#include "route/decode.hpp"
#include "route/resource_decode.hpp"
#include "route/respond.hpp"
#include "web/page_support.hpp"
#include "web/render.hpp"
#include "web/resource_page_common.hpp"

namespace tsunagu::web {
// File-local names live in a namespace named after the file, so unity batches can join files.
namespace room_pages {
namespace {

using Services = ResourcePageServices;
using resource_page_common::csrf;
using resource_page_common::day;

constexpr int kWeek = 7;

std::string time_range(int from, int to) { return format_minute(from) + "〜" + format_minute(to); }

std::optional<Date> date_field(std::string_view text) {
  auto d = parse_iso_date(trim(text));
  if (!d) return std::nullopt;
  return *d;
}

// One's own bookings from today, or false.
mstch::node my_bookings(service::ResourceService& rs, const route::Context& c,
                        const std::vector<Room>& rooms) {
  auto mine = rs.my_bookings(c.actor);
  mstch::array items;
  if (mine) {
    for (const auto& b : *mine) {
      std::string room_name;
      for (const auto& r : rooms) {
        if (r.id == b.room) room_name = r.facility + " " + r.name;
      }
      items.push_back(mstch::map{{"id", std::to_string(b.id.value)},
                                 {"date", day(b.date)},
                                 {"time", time_range(b.start_minute, b.end_minute)},
                                 {"room", room_name}});
    }
  }
  return items.empty() ? mstch::node(false) : mstch::node(mstch::map{{"items", items}});
}

http::Response rooms_page(const route::Context& c, service::ResourceService& rs,
                          const std::string& notice, const std::string& error, int status = 200) {
  auto rooms = rs.rooms(c.actor);
  if (!rooms) return error_page(rooms.error());
  const bool can_book = c.actor.may(Permission::kRoomBook);
  mstch::array list;
  for (const auto& r : *rooms) {
    list.push_back(mstch::map{{"id", std::to_string(r.id.value)},
                              {"name", r.name},
                              {"facility", r.facility},
                              {"days", r.days},
                              {"hours", time_range(r.opens_minute, r.closes_minute)}});
  }
  mstch::map context{{"csrf", csrf(c)},
                     {"rooms", list},
                     {"can_book", can_book},
                     {"manage", c.actor.may(Permission::kResourceManage)}};
  if (can_book) context["mine"] = my_bookings(rs, c, *rooms);
  if (!notice.empty()) context["notice"] = notice;
  if (!error.empty()) context["error"] = error;
  return html_response(status, render_page("rooms", "面接室", context, layout_for(c)));
}

bool own_booking(const route::Context& c, const Booking& b) {
  return c.session && b.user == c.session->user.id;
}

// The bookings of the day shown: one's own marked, others' by name when the reader may see it.
mstch::array day_bookings(const route::Context& c, const service::RoomDay& d, Date date) {
  mstch::array out;
  for (const auto& b : d.bookings) {
    if (b.date != date) continue;
    const bool own = own_booking(c, b);
    out.push_back(mstch::map{
        {"time", time_range(b.start_minute, b.end_minute)},
        {"own", own},
        {"by", b.user_name.empty() || own ? mstch::node(false) : mstch::node(b.user_name)}});
  }
  return out;
}

// The week from the day shown: what is taken each day, so a free time is found at a glance.
mstch::array week_of(const route::Context& c, const service::RoomDay& d, Date date) {
  mstch::array out;
  for (int i = 0; i < kWeek; ++i) {
    const Date on = add_days(date, i);
    std::string taken;
    for (const auto& b : d.bookings) {
      if (b.date != on) continue;
      taken += (taken.empty() ? "" : "、") + time_range(b.start_minute, b.end_minute) +
               (own_booking(c, b) ? "（自分）" : "");
    }
    const bool open = room_open_on(d.room, on);
    out.push_back(mstch::map{{"iso", format_iso_date(on)},
                             {"label", day(on)},
                             {"state", !open           ? std::string("休館日")
                                       : taken.empty() ? std::string("空いています")
                                                       : "予約あり: " + taken}});
  }
  return out;
}

mstch::array time_options(const Room& room, int from, int to, int selected) {
  mstch::array out;
  for (int m = std::max(from, room.opens_minute); m <= std::min(to, room.closes_minute); m += 15) {
    out.push_back(mstch::map{{"value", format_minute(m)}, {"selected", m == selected}});
  }
  return out;
}

// The room's week and the booking form, which keeps what was `typed` (date, start, end).
http::Response room_page(const route::Context& c, service::ResourceService& rs, RoomId id,
                         Date date, const std::string& notice, const Error* error,
                         const std::map<std::string, std::string>& typed) {
  auto d = rs.room_day(c.actor, id, date, kWeek);
  if (!d) return error_page(d.error());
  auto get = [&](const char* key, std::string fallback) {
    auto it = typed.find(key);
    return it == typed.end() || it->second.empty() ? fallback : it->second;
  };
  const Room& room = d->room;
  int start = parse_minute(get("start", "")).value_or(room.opens_minute + 60);
  int end = parse_minute(get("end", "")).value_or(start + 60);
  mstch::map context{
      {"id", std::to_string(id.value)},
      {"csrf", csrf(c)},
      {"room", room.name},
      {"facility", room.facility},
      {"days", room.days},
      {"hours", time_range(room.opens_minute, room.closes_minute)},
      {"date_iso", format_iso_date(date)},
      {"date_label", day(date)},
      {"bookings", day_bookings(c, *d, date)},
      {"week", week_of(c, *d, date)},
      {"previous_week", format_iso_date(add_days(date, -kWeek))},
      {"next_week", format_iso_date(add_days(date, kWeek))},
      {"can_book", c.actor.may(Permission::kRoomBook)},
      {"form_date", get("date", format_iso_date(date))},
      {"starts", time_options(room, room.opens_minute, room.closes_minute - 15, start)},
      {"ends", time_options(room, room.opens_minute + 15, room.closes_minute, end)}};
  if (!notice.empty()) context["notice"] = notice;
  if (error) context["error"] = resource_page_common::error_of(*error);
  return html_response(error ? route::status_for(*error) : 200,
                       render_page("room_day", "面接室の予約", context, layout_for(c)));
}

http::Response list_rooms(const Services& s, route::Context& c) {
  auto done = route::query_param(c.request, "done");
  return rooms_page(c, s.resources,
                    done == "cancelled" ? "予約を取り消しました。"
                    : done == "room"    ? "面接室を登録しました。"
                                        : "",
                    "");
}

http::Response add_room(const Services& s, route::Context& c) {
  auto added = route::room_request(route::Fields::from_form(c.request));
  if (added) added = s.resources.add_room(c.actor, *added);
  if (!added) {
    return rooms_page(c, s.resources, "", resource_page_common::error_text(added.error()),
                      route::status_for(added.error()));
  }
  return redirect("/rooms?done=room");
}

http::Response show_room(const Services& s, route::Context& c) {
  auto id = route::id_param<RoomId>(c);
  if (!id) return error_page(404, "指定された面接室は見つかりません。");
  auto date = date_field(route::query_param(c.request, "date")).value_or(s.resources.today());
  return room_page(c, s.resources, *id, date,
                   route::query_param(c.request, "done") == "1" ? "予約しました。" : "", nullptr,
                   {});
}

http::Response book(const Services& s, route::Context& c) {
  auto id = route::id_param<RoomId>(c);
  if (!id) return error_page(404, "指定された面接室は見つかりません。");
  auto booked = route::booking_request(route::Fields::from_form(c.request), *id);
  if (booked) booked = s.resources.book(c.actor, *booked);
  if (!booked) {
    auto typed = route::form_fields(c.request);
    auto shown = date_field(typed["date"]).value_or(s.resources.today());
    return room_page(c, s.resources, *id, shown, "", &booked.error(), typed);
  }
  return redirect("/rooms/" + std::to_string(id->value) + "?date=" + format_iso_date(booked->date) +
                  "&done=1");
}

http::Response cancel_booking(const Services& s, route::Context& c) {
  auto id = route::id_param<BookingId>(c);
  if (!id) return error_page(404, "指定された予約は見つかりません。");
  if (auto done = s.resources.cancel_booking(c.actor, *id); !done) {
    return rooms_page(c, s.resources, "", done.error().message, route::status_for(done.error()));
  }
  return redirect("/rooms?done=cancelled");
}

// clang-format off
constexpr route::Row<Services> kPages[] = {
    {"GET",  "/rooms",                 route::need(Permission::kResourceRead),   list_rooms},
    {"POST", "/rooms",                 route::need(Permission::kResourceManage), add_room},
    {"GET",  "/rooms/{id}",            route::need(Permission::kResourceRead),   show_room},
    {"POST", "/rooms/{id}/book",       route::need(Permission::kRoomBook),       book},
    {"POST", "/bookings/{id}/cancel",  route::need(Permission::kRoomBook),       cancel_booking},
};
// clang-format on

}  // namespace

resource_page_common::Table table() { return kPages; }

}  // namespace room_pages
}  // namespace tsunagu::web
