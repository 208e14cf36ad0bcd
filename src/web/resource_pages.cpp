#include "web/resource_pages.hpp"

#include <algorithm>

#include "core/casework.hpp"
#include "core/text.hpp"
#include "route/decode.hpp"
#include "route/resource_query.hpp"
#include "route/respond.hpp"
#include "web/page_support.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace {

std::string day(Date d) { return format_wareki_date_with_western(d); }

std::optional<Date> date_field(std::string_view text) {
  auto d = parse_iso_date(trim(text));
  if (!d) return std::nullopt;
  return *d;
}

std::string csrf(const route::Context& c) {
  return c.session ? c.session->csrf_token : std::string();
}

std::string topic_labels(const std::vector<Topic>& topics) {
  std::string out;
  for (Topic t : topics) out += (out.empty() ? "" : "、") + std::string(topic_label(t));
  return out;
}

std::string digits_only(const std::string& phone) {
  std::string out;
  for (char ch : phone) {
    if ((ch >= '0' && ch <= '9') || ch == '+') out += ch;
  }
  return out;
}

std::string when_of(const Resource& r) {
  std::string out = r.days;
  if (!r.hours.empty()) out += (out.empty() ? "" : " ") + r.hours;
  return out;
}

mstch::map card_of(const Resource& r) {
  mstch::array topics;
  for (Topic t : r.topics) topics.push_back(std::string(topic_label(t)));
  return mstch::map{{"name", r.name},
                    {"kind", std::string(resource_kind_label(r.kind))},
                    {"topics", topics},
                    {"services", r.services},
                    {"eligibility", r.eligibility},
                    {"phone", r.phone},
                    {"tel", digits_only(r.phone)},
                    {"address", r.address},
                    {"when", when_of(r)},
                    {"url", r.url}};
}

// Resources under the directory's three headings, in the order 相談窓口, 支援機関・団体, 居場所.
mstch::array grouped(const std::vector<Resource>& list) {
  mstch::array groups;
  for (ResourceGroup g : {ResourceGroup::kWindow, ResourceGroup::kAgency, ResourceGroup::kPlace}) {
    mstch::array items;
    for (const auto& r : list) {
      if (resource_group(r.kind) == g) items.push_back(card_of(r));
    }
    if (!items.empty()) {
      groups.push_back(
          mstch::map{{"label", std::string(resource_group_label(g))}, {"items", items}});
    }
  }
  return groups;
}

// Error details as a list, or false.
mstch::node details_of(const Error& e) {
  if (e.details.empty()) return false;
  mstch::array items;
  for (const auto& d : e.details) {
    std::string where = d.line > 0 ? std::to_string(d.line) + " 行目" : "";
    if (!d.field.empty()) where += (where.empty() ? "" : " ") + std::string("「") + d.field + "」";
    items.push_back((where.empty() ? "" : where + ": ") + d.message);
  }
  return mstch::map{{"items", items}};
}

mstch::map error_of(const Error& e) {
  return mstch::map{{"message", e.message}, {"details", details_of(e)}};
}

struct PublicPlace {
  MunicipalityId id;
  std::string code;
  std::string name;
};

Result<PublicPlace> public_place(service::ResourceService& rs, const route::Context& c) {
  auto m = route::public_municipality(rs, c.request);
  if (!m) return m.error();
  auto info = rs.municipality_info(*m);
  if (!info) return info.error();
  return PublicPlace{*m, info->code, info->name};
}

// The ?city= to carry in links when the request named one.
std::string city_query(const route::Context& c, const char* lead) {
  auto code = route::query_param(c.request, "city");
  return code.empty() ? "" : lead + std::string("city=") + http::percent_encode(code, "");
}

// The fields of the resource form, from a stored resource or from what was typed.
mstch::map resource_form(const Resource& r) {
  mstch::array kinds, topics;
  for (ResourceKind k : all_resource_kinds()) {
    kinds.push_back(mstch::map{{"name", std::string(resource_kind_name(k))},
                               {"label", std::string(resource_kind_label(k))},
                               {"current", k == r.kind}});
  }
  for (Topic t : kAllTopics) {
    topics.push_back(
        mstch::map{{"name", std::string(topic_name(t))},
                   {"label", std::string(topic_label(t))},
                   {"checked", std::find(r.topics.begin(), r.topics.end(), t) != r.topics.end()}});
  }
  return mstch::map{{"kinds", kinds},
                    {"topic_boxes", topics},
                    {"r_name", r.name},
                    {"r_kana", r.kana},
                    {"r_services", r.services},
                    {"r_eligibility", r.eligibility},
                    {"r_phone", r.phone},
                    {"r_address", r.address},
                    {"r_days", r.days},
                    {"r_hours", r.hours},
                    {"r_capacity", r.capacity ? std::to_string(*r.capacity) : std::string()},
                    {"r_url", r.url},
                    {"r_public", r.is_public},
                    {"kind_label", std::string(resource_kind_label(r.kind))}};
}

// A resource from the form; a capacity that is not a number is reported by validation.
Resource resource_from_form(const http::Request& request, std::optional<std::string>& problem) {
  auto f = route::form_fields(request);
  Resource r;
  r.kind = parse_resource_kind(f["kind"]).value_or(ResourceKind::kConsultationWindow);
  r.name = f["name"];
  r.kana = f["kana"];
  r.services = f["services"];
  r.eligibility = f["eligibility"];
  r.phone = f["phone"];
  r.address = f["address"];
  r.days = f["days"];
  r.hours = f["hours"];
  r.url = f["url"];
  r.is_public = f["public"] == "1";
  if (auto cap = fold_width(trim(f["capacity"])); !cap.empty()) {
    if (cap.size() <= 6 && cap.find_first_not_of("0123456789") == std::string::npos) {
      r.capacity = std::stoi(cap);
    } else {
      problem = "受入れ人数は整数で入力してください。";
    }
  }
  for (const auto& t : route::form_values(request, "topics")) {
    if (auto topic = parse_topic(t)) r.topics.push_back(*topic);
  }
  return r;
}

http::Response directory_page(const route::Context& c, service::ResourceService& rs,
                              const std::string& notice, const Error* error,
                              const Resource& typed) {
  auto q = route::resource_query(c.request);
  auto list = rs.resources(c.actor, q);
  if (!list) return error_page(list.error());
  mstch::array topics, items;
  for (Topic t : kAllTopics) {
    topics.push_back(mstch::map{{"name", std::string(topic_name(t))},
                                {"label", std::string(topic_label(t))},
                                {"current", q.topic == t}});
  }
  for (const auto& r : *list) {
    items.push_back(mstch::map{{"id", std::to_string(r.id.value)},
                               {"name", r.name},
                               {"kind", std::string(resource_kind_label(r.kind))},
                               {"topics", topic_labels(r.topics)},
                               {"phone", r.phone},
                               {"capacity", r.capacity ? std::to_string(*r.capacity) : ""},
                               {"visibility", std::string(r.is_public ? "公開" : "内部のみ")}});
  }
  mstch::map context = resource_form(typed);
  context["csrf"] = csrf(c);
  context["q"] = q.text;
  context["topics"] = topics;
  context["items"] = items;
  context["count"] = std::to_string(list->size());
  context["manage"] = c.actor.may(Permission::kResourceManage);
  if (!notice.empty()) context["notice"] = notice;
  if (error) context["error"] = error_of(*error);
  return html_response(error ? route::status_for(*error) : 200,
                       render_page("resources", "社会資源", context, layout_for(c)));
}

http::Response edit_page(const route::Context& c, const Resource& r, const std::string& notice,
                         const Error* error) {
  mstch::map context = resource_form(r);
  context["id"] = std::to_string(r.id.value);
  context["version"] = std::to_string(r.version);
  context["csrf"] = csrf(c);
  context["manage"] = c.actor.may(Permission::kResourceManage);
  if (!notice.empty()) context["notice"] = notice;
  if (error) context["error"] = error_of(*error);
  return html_response(
      error ? route::status_for(*error) : 200,
      render_page("resource_edit", r.name.empty() ? "社会資源" : r.name, context, layout_for(c)));
}

mstch::array time_options(const Room& room, int from, int to, int selected) {
  mstch::array out;
  for (int m = std::max(from, room.opens_minute); m <= std::min(to, room.closes_minute); m += 15) {
    out.push_back(mstch::map{{"value", format_minute(m)}, {"selected", m == selected}});
  }
  return out;
}

http::Response room_page(const route::Context& c, service::ResourceService& rs, RoomId id,
                         Date date, const std::string& notice, const Error* error,
                         const std::map<std::string, std::string>& typed) {
  constexpr int kWeek = 7;
  auto d = rs.room_day(c.actor, id, date, kWeek);
  if (!d) return error_page(d.error());
  auto time_of = [](const Booking& b) {
    return format_minute(b.start_minute) + "〜" + format_minute(b.end_minute);
  };
  auto own_booking = [&](const Booking& b) { return c.session && b.user == c.session->user.id; };
  mstch::array bookings, week;
  for (const auto& b : d->bookings) {
    if (b.date != date) continue;
    const bool own = own_booking(b);
    bookings.push_back(mstch::map{
        {"time", time_of(b)},
        {"own", own},
        {"by", b.user_name.empty() || own ? mstch::node(false) : mstch::node(b.user_name)}});
  }
  // The week from the day shown: what is taken each day, so a free time is found at a glance.
  for (int i = 0; i < kWeek; ++i) {
    const Date on = add_days(date, i);
    std::string taken;
    for (const auto& b : d->bookings) {
      if (b.date != on) continue;
      taken += (taken.empty() ? "" : "、") + time_of(b) + (own_booking(b) ? "（自分）" : "");
    }
    const bool open = room_open_on(d->room, on);
    week.push_back(mstch::map{{"iso", format_iso_date(on)},
                              {"label", day(on)},
                              {"state", !open           ? std::string("休館日")
                                        : taken.empty() ? std::string("空いています")
                                                        : "予約あり: " + taken}});
  }
  auto get = [&](const char* key, std::string fallback) {
    auto it = typed.find(key);
    return it == typed.end() || it->second.empty() ? fallback : it->second;
  };
  int start = parse_minute(get("start", "")).value_or(d->room.opens_minute + 60);
  int end = parse_minute(get("end", "")).value_or(start + 60);
  mstch::map context{
      {"id", std::to_string(id.value)},
      {"csrf", csrf(c)},
      {"room", d->room.name},
      {"facility", d->room.facility},
      {"days", d->room.days},
      {"hours", format_minute(d->room.opens_minute) + "〜" + format_minute(d->room.closes_minute)},
      {"date_iso", format_iso_date(date)},
      {"date_label", day(date)},
      {"bookings", bookings},
      {"week", week},
      {"previous_week", format_iso_date(add_days(date, -kWeek))},
      {"next_week", format_iso_date(add_days(date, kWeek))},
      {"can_book", c.actor.may(Permission::kRoomBook)},
      {"form_date", get("date", format_iso_date(date))},
      {"starts", time_options(d->room, d->room.opens_minute, d->room.closes_minute - 15, start)},
      {"ends", time_options(d->room, d->room.opens_minute + 15, d->room.closes_minute, end)}};
  if (!notice.empty()) context["notice"] = notice;
  if (error) context["error"] = error_of(*error);
  return html_response(error ? route::status_for(*error) : 200,
                       render_page("room_day", "面接室の予約", context, layout_for(c)));
}

http::Response rooms_page(const route::Context& c, service::ResourceService& rs,
                          const std::string& notice, const std::string& error, int status = 200) {
  auto rooms = rs.rooms(c.actor);
  if (!rooms) return error_page(rooms.error());
  const bool can_book = c.actor.may(Permission::kRoomBook);
  mstch::array list;
  for (const auto& r : *rooms) {
    list.push_back(mstch::map{
        {"id", std::to_string(r.id.value)},
        {"name", r.name},
        {"facility", r.facility},
        {"days", r.days},
        {"hours", format_minute(r.opens_minute) + "〜" + format_minute(r.closes_minute)}});
  }
  mstch::map context{{"csrf", csrf(c)},
                     {"rooms", list},
                     {"can_book", can_book},
                     {"manage", c.actor.may(Permission::kResourceManage)}};
  if (can_book) {
    auto mine = rs.my_bookings(c.actor);
    mstch::array items;
    if (mine) {
      for (const auto& b : *mine) {
        std::string room_name;
        for (const auto& r : *rooms) {
          if (r.id == b.room) room_name = r.facility + " " + r.name;
        }
        items.push_back(
            mstch::map{{"id", std::to_string(b.id.value)},
                       {"date", day(b.date)},
                       {"time", format_minute(b.start_minute) + "〜" + format_minute(b.end_minute)},
                       {"room", room_name}});
      }
    }
    context["mine"] =
        items.empty() ? mstch::node(false) : mstch::node(mstch::map{{"items", items}});
  }
  if (!notice.empty()) context["notice"] = notice;
  if (!error.empty()) context["error"] = error;
  return html_response(status, render_page("rooms", "面接室", context, layout_for(c)));
}

http::Response events_page(const route::Context& c, service::ResourceService& rs,
                           const std::string& notice, const Error* error) {
  auto events = rs.events(c.actor, Date{1900, 1, 1}, Date{2999, 12, 31});
  if (!events) return error_page(events.error());
  auto projects = rs.project_labels(c.actor);
  std::vector<std::pair<ProjectId, std::string>> labels = projects ? *projects : decltype(labels){};
  mstch::array rows, kinds, options;
  for (const auto& e : *events) {
    std::string linked;
    for (ProjectId p : e.projects) {
      for (const auto& [id, label] : labels) {
        if (id == p) linked += (linked.empty() ? "" : "／") + label;
      }
    }
    rows.push_back(mstch::map{
        {"date", day(e.held_on)},
        {"kind", std::string(event_kind_label(e.kind))},
        {"title", e.title},
        {"organiser", e.organiser},
        {"audience", e.audience},
        {"attendance", e.attendance ? std::to_string(*e.attendance) + " 人" : std::string()},
        {"projects", linked},
        {"visibility", std::string(e.is_public ? "公開" : "内部")}});
  }
  for (EventKind k : all_event_kinds()) {
    kinds.push_back(mstch::map{{"name", std::string(event_kind_name(k))},
                               {"label", std::string(event_kind_label(k))}});
  }
  for (const auto& [id, label] : labels) {
    options.push_back(mstch::map{{"id", std::to_string(id.value)}, {"label", label}});
  }
  mstch::map context{{"csrf", csrf(c)},
                     {"events", rows},
                     {"kinds", kinds},
                     {"projects", options},
                     {"manage", c.actor.may(Permission::kResourceManage)}};
  if (!notice.empty()) context["notice"] = notice;
  if (error) context["error"] = error_of(*error);
  return html_response(error ? route::status_for(*error) : 200,
                       render_page("events", "研修・行事", context, layout_for(c)));
}

http::Response case_resources_page(const route::Context& c, ResourcePageServices s, PersonId id,
                                   const std::string& notice, const std::string& error,
                                   int status = 200) {
  auto view = s.cases.person(c.actor, id);  // audited read; the basis decides what is shown
  if (!view) {
    return error_page(view.error());
  }
  auto matches = s.resources.matches(c.actor, id);
  if (!matches) return error_page(matches.error());
  auto placements = s.resources.placements(c.actor, id);
  const bool staff = c.actor.may(Permission::kCaseWrite);
  const Date today = s.resources.today();
  std::string needs;
  for (Need n : view->person.needs)
    needs += (needs.empty() ? "" : "・") + std::string(need_label(n));
  mstch::array rows;
  int rank = 0;
  for (const auto& m : *matches) {
    rows.push_back(mstch::map{{"rank", std::to_string(++rank)},
                              {"resource", std::to_string(m.resource.id.value)},
                              {"name", m.resource.name},
                              {"kind", std::string(resource_kind_label(m.resource.kind))},
                              {"reason", m.reason}});
  }
  mstch::array placed;
  if (placements) {
    for (const auto& p : *placements) {
      mstch::array follow_ups;
      for (const auto& f : p.follow_ups) {
        follow_ups.push_back(
            mstch::map{{"fid", std::to_string(f.id)},
                       {"placement", std::to_string(p.id.value)},
                       {"person", std::to_string(id.value)},
                       {"due", day(f.due_on)},
                       {"with", std::string(follow_up_with_label(f.with))},
                       {"done", f.done_on ? mstch::node(day(*f.done_on)) : mstch::node(false)},
                       {"note", f.note},
                       {"overdue", !f.done_on && f.due_on < today}});
      }
      placed.push_back(
          mstch::map{{"resource_name", p.resource_name},
                     {"started", day(p.started_on)},
                     {"ended", p.ended_on ? mstch::node(day(*p.ended_on)) : mstch::node(false)},
                     {"follow_ups", follow_ups}});
    }
  }
  mstch::map context{{"id", std::to_string(id.value)},
                     {"name", view->person.name},
                     {"needs", needs.empty() ? std::string("記録なし") : needs},
                     {"csrf", csrf(c)},
                     {"staff", staff},
                     {"today", format_iso_date(today)},
                     {"matches", rows},
                     {"placements", placed}};
  if (!notice.empty()) context["notice"] = notice;
  if (!error.empty()) context["error"] = error;
  return html_response(status, render_page("case_resources", "参加支援（社会資源へのつなぎ）",
                                           context, layout_for(c)));
}

using route::id_param;

}  // namespace

void add_resource_pages(const route::AddRoute& add_page, ResourcePageServices s) {
  auto& rs = s.resources;
  using route::AccessKind;

  // ---- Public pages: no login ----
  add_page("GET", "/public/resources", AccessKind::kPublic, {}, [&rs](route::Context& c) {
    auto place = public_place(rs, c);
    if (!place) return error_page(404, place.error().message);
    auto q = route::resource_query(c.request);
    auto list = rs.public_resources(place->id, q);
    if (!list) return error_page(500, list.error().message);
    mstch::array topics;
    for (Topic t : kAllTopics) {
      topics.push_back(mstch::map{{"name", std::string(topic_name(t))},
                                  {"label", std::string(topic_label(t))},
                                  {"current", q.topic == t}});
    }
    std::string heading;
    if (q.topic) heading = "「" + std::string(topic_label(*q.topic)) + "」の窓口 ";
    if (!q.text.empty()) heading += "「" + q.text + "」の検索結果 ";
    if (!heading.empty()) heading += std::to_string(list->size()) + " 件";
    mstch::map context{{"city", place->name},
                       {"city_code", place->code},
                       {"city_q", city_query(c, "?")},
                       {"city_amp", city_query(c, "&")},
                       {"topics", topics},
                       {"all_current", !q.topic && q.text.empty()},
                       {"q", q.text},
                       {"heading", heading},
                       {"groups", grouped(*list)},
                       {"empty", list->empty()}};
    return html_response(
        200, render_page("public_resources", "相談窓口・支援のご案内（" + place->name + "）",
                         context, layout_for(c)));
  });

  add_page("GET", "/public/leaflet", AccessKind::kPublic, {}, [&rs](route::Context& c) {
    auto place = public_place(rs, c);
    if (!place) return error_page(404, place.error().message);
    auto list = rs.public_resources(place->id, {});
    if (!list) return error_page(500, list.error().message);
    // The leaflet lists where to consult: windows and agencies; places to belong are on the web.
    std::vector<Resource> consult;
    std::copy_if(list->begin(), list->end(), std::back_inserter(consult),
                 [](const Resource& r) { return resource_group(r.kind) != ResourceGroup::kPlace; });
    mstch::map context{
        {"city", place->name}, {"city_q", city_query(c, "?")}, {"groups", grouped(consult)}};
    mstch::map layout = layout_for(c);
    layout["stylesheet"] = std::string("/leaflet.css");
    return html_response(
        200, render_page("public_leaflet", place->name + " 相談窓口のご案内", context, layout));
  });

  add_page("GET", "/public/about", AccessKind::kPublic, {}, [&rs](route::Context& c) {
    auto place = public_place(rs, c);
    if (!place) return error_page(404, place.error().message);
    const Date today = rs.today();
    mstch::array items;
    for (const auto& e : rs.public_events(place->id, today, add_months(today, 12))) {
      items.push_back(mstch::map{{"date", day(e.held_on)},
                                 {"title", e.title},
                                 {"kind", std::string(event_kind_label(e.kind))},
                                 {"organiser", e.organiser},
                                 {"audience", e.audience}});
    }
    mstch::map context{
        {"city", place->name},
        {"city_q", city_query(c, "?")},
        {"events", items.empty() ? mstch::node(false) : mstch::node(mstch::map{{"items", items}})}};
    return html_response(
        200, render_page("public_about", "更生保護と再犯防止の取組", context, layout_for(c)));
  });

  // ---- The directory ----
  add_page("GET", "/resources", AccessKind::kPermission, Permission::kResourceRead,
           [&rs](route::Context& c) {
             Resource blank;
             blank.is_public = true;
             return directory_page(
                 c, rs, route::query_param(c.request, "done") == "1" ? "登録しました。" : "",
                 nullptr, blank);
           });
  add_page("POST", "/resources", AccessKind::kPermission, Permission::kResourceManage,
           [&rs](route::Context& c) {
             std::optional<std::string> problem;
             Resource r = resource_from_form(c.request, problem);
             if (problem) {
               Error e = make_error(ErrorKind::kInvalid, "resource.invalid", *problem);
               return directory_page(c, rs, "", &e, r);
             }
             auto added = rs.add_resource(c.actor, r);
             if (!added) return directory_page(c, rs, "", &added.error(), r);
             return redirect("/resources/" + std::to_string(added->id.value) + "?done=1");
           });
  add_page("GET", "/resources/{id}", AccessKind::kPermission, Permission::kResourceRead,
           [&rs](route::Context& c) {
             auto id = id_param<ResourceId>(c);
             if (!id) return error_page(404, "指定された社会資源は見つかりません。");
             auto r = rs.resource(c.actor, *id);
             if (!r) return error_page(r.error());
             return edit_page(c, *r,
                              route::query_param(c.request, "done") == "1" ? "保存しました。" : "",
                              nullptr);
           });
  add_page("POST", "/resources/{id}", AccessKind::kPermission, Permission::kResourceManage,
           [&rs](route::Context& c) {
             auto id = id_param<ResourceId>(c);
             if (!id) return error_page(404, "指定された社会資源は見つかりません。");
             std::optional<std::string> problem;
             Resource r = resource_from_form(c.request, problem);
             r.id = *id;
             auto version = route::parse_id(route::form_fields(c.request)["version"]);
             r.version = version.value_or(0);
             if (problem) {
               Error e = make_error(ErrorKind::kInvalid, "resource.invalid", *problem);
               return edit_page(c, r, "", &e);
             }
             auto saved = rs.update_resource(c.actor, r, r.version);
             if (!saved) return edit_page(c, r, "", &saved.error());
             return redirect("/resources/" + std::to_string(id->value) + "?done=1");
           });

  // ---- Rooms and bookings ----
  add_page("GET", "/rooms", AccessKind::kPermission, Permission::kResourceRead,
           [&rs](route::Context& c) {
             auto done = route::query_param(c.request, "done");
             return rooms_page(c, rs,
                               done == "cancelled" ? "予約を取り消しました。"
                               : done == "room"    ? "面接室を登録しました。"
                                                   : "",
                               "");
           });
  add_page("POST", "/rooms", AccessKind::kPermission, Permission::kResourceManage,
           [&rs](route::Context& c) {
             auto f = route::form_fields(c.request);
             Room r;
             r.name = f["name"];
             r.facility = f["facility"];
             r.address = f["address"];
             r.days = std::string(trim(f["days"]));
             r.opens_minute = parse_minute(f["opens"]).value_or(-1);
             r.closes_minute = parse_minute(f["closes"]).value_or(-1);
             auto added = rs.add_room(c.actor, r);
             if (!added) {
               std::string message = added.error().message;
               for (const auto& d : added.error().details) message += " " + d.message;
               return rooms_page(c, rs, "", message, route::status_for(added.error()));
             }
             return redirect("/rooms?done=room");
           });
  add_page("GET", "/rooms/{id}", AccessKind::kPermission, Permission::kResourceRead,
           [&rs](route::Context& c) {
             auto id = id_param<RoomId>(c);
             if (!id) return error_page(404, "指定された面接室は見つかりません。");
             auto date = date_field(route::query_param(c.request, "date")).value_or(rs.today());
             return room_page(c, rs, *id, date,
                              route::query_param(c.request, "done") == "1" ? "予約しました。" : "",
                              nullptr, {});
           });
  add_page("POST", "/rooms/{id}/book", AccessKind::kPermission, Permission::kRoomBook,
           [&rs](route::Context& c) {
             auto id = id_param<RoomId>(c);
             if (!id) return error_page(404, "指定された面接室は見つかりません。");
             auto f = route::form_fields(c.request);
             auto date = date_field(f["date"]);
             auto start = parse_minute(f["start"]);
             auto end = parse_minute(f["end"]);
             Result<Booking> booked =
                 make_error(ErrorKind::kInvalid, "booking.invalid", "日付と時間を選んでください。");
             if (date && start && end) {
               booked = rs.book(c.actor, Booking{{}, *id, {}, "", *date, *start, *end});
             }
             if (!booked) {
               return room_page(c, rs, *id, date.value_or(rs.today()), "", &booked.error(), f);
             }
             return redirect("/rooms/" + std::to_string(id->value) +
                             "?date=" + format_iso_date(*date) + "&done=1");
           });
  add_page("POST", "/bookings/{id}/cancel", AccessKind::kPermission, Permission::kRoomBook,
           [&rs](route::Context& c) {
             auto id = id_param<BookingId>(c);
             if (!id) return error_page(404, "指定された予約は見つかりません。");
             if (auto done = rs.cancel_booking(c.actor, *id); !done) {
               return rooms_page(c, rs, "", done.error().message, route::status_for(done.error()));
             }
             return redirect("/rooms?done=cancelled");
           });

  // ---- Events ----
  add_page("GET", "/events", AccessKind::kPermission, Permission::kResourceRead,
           [&rs](route::Context& c) {
             return events_page(
                 c, rs, route::query_param(c.request, "done") == "1" ? "記録しました。" : "",
                 nullptr);
           });
  add_page("POST", "/events", AccessKind::kPermission, Permission::kResourceManage,
           [&rs](route::Context& c) {
             auto f = route::form_fields(c.request);
             Event e;
             e.kind = parse_event_kind(f["kind"]).value_or(EventKind::kOther);
             e.title = f["title"];
             e.organiser = f["organiser"];
             e.audience = f["audience"];
             e.is_public = f["public"] == "1";
             auto held = date_field(f["held_on"]);
             if (!held) {
               Error err =
                   make_error(ErrorKind::kInvalid, "event.invalid", "開催日を入力してください。");
               return events_page(c, rs, "", &err);
             }
             e.held_on = *held;
             if (auto a = route::parse_id(fold_width(trim(f["attendance"])))) {
               e.attendance = static_cast<int>(*a);
             } else if (trim(f["attendance"]) == "0") {
               e.attendance = 0;
             }
             if (auto p = route::parse_id(f["project"])) e.projects.push_back(ProjectId{*p});
             auto added = rs.add_event(c.actor, e);
             if (!added) return events_page(c, rs, "", &added.error());
             return redirect("/events?done=1");
           });

  // ---- Participation support for one person ----
  add_page("GET", "/cases/{id}/resources", AccessKind::kPermission, Permission::kCaseRead,
           [s](route::Context& c) {
             auto id = id_param<PersonId>(c);
             if (!id) return error_page(404, "指定された対象者は見つかりません。");
             auto done = route::query_param(c.request, "done");
             return case_resources_page(c, s, *id,
                                        done == "placed" ? "受入れを記録しました。"
                                        : done == "followup" ? "フォローアップを記録しました。"
                                                             : "",
                                        "");
           });
  add_page("POST", "/cases/{id}/placements", AccessKind::kPermission, Permission::kCaseWrite,
           [s](route::Context& c) {
             auto id = id_param<PersonId>(c);
             if (!id) return error_page(404, "指定された対象者は見つかりません。");
             auto f = route::form_fields(c.request);
             auto resource = route::parse_id(f["resource"]);
             auto started = date_field(f["started_on"]);
             if (!resource || !started) {
               return case_resources_page(c, s, *id, "", "受入れ開始日を入力してください。", 422);
             }
             auto placed = s.resources.place(c.actor, *id, ResourceId{*resource}, *started, "");
             if (!placed) {
               return case_resources_page(c, s, *id, "", placed.error().message,
                                          route::status_for(placed.error()));
             }
             return redirect("/cases/" + std::to_string(id->value) + "/resources?done=placed");
           });
  add_page("POST", "/cases/{id}/follow-ups", AccessKind::kPermission, Permission::kCaseWrite,
           [s](route::Context& c) {
             auto id = id_param<PersonId>(c);
             if (!id) return error_page(404, "指定された対象者は見つかりません。");
             auto f = route::form_fields(c.request);
             auto placement = route::parse_id(f["placement"]);
             auto follow_up = route::parse_id(f["follow_up"]);
             auto on = date_field(f["done_on"]);
             if (!placement || !follow_up || !on) {
               return case_resources_page(c, s, *id, "", "実施日を入力してください。", 422);
             }
             auto done = s.resources.complete_follow_up(c.actor, PlacementId{*placement},
                                                        *follow_up, *on, f["note"]);
             if (!done) {
               return case_resources_page(c, s, *id, "", done.error().message,
                                          route::status_for(done.error()));
             }
             return redirect("/cases/" + std::to_string(id->value) + "/resources?done=followup");
           });
}

}  // namespace tsunagu::web
