// The public pages, without login: the directory by need (/public/resources), the A4 leaflet
// of where to consult (/public/leaflet) and the page on 更生保護 bodies, campaigns and coming
// public events (/public/about). Each speaks for ?city=CODE, or the only municipality.
#include <algorithm>

#include "core/casework.hpp"
#include "route/decode.hpp"
#include "route/resource_query.hpp"
#include "web/page_support.hpp"
#include "web/render.hpp"
#include "web/resource_page_common.hpp"

namespace tsunagu::web {
// File-local names live in a namespace named after the file, so unity batches can join files.
namespace public_pages {
namespace {

using Services = ResourcePageServices;
using resource_page_common::day;

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

http::Response directory(const Services& s, route::Context& c) {
  auto place = public_place(s.resources, c);
  if (!place) return error_page(404, place.error().message);
  auto q = route::resource_query(c.request);
  auto list = s.resources.public_resources(place->id, q);
  if (!list) return error_page(500, list.error().message);
  std::string heading;
  if (q.topic) heading = "「" + std::string(topic_label(*q.topic)) + "」の窓口 ";
  if (!q.text.empty()) heading += "「" + q.text + "」の検索結果 ";
  if (!heading.empty()) heading += std::to_string(list->size()) + " 件";
  mstch::map context{{"city", place->name},
                     {"city_code", place->code},
                     {"city_q", city_query(c, "?")},
                     {"city_amp", city_query(c, "&")},
                     {"topics", resource_page_common::topic_options(q.topic)},
                     {"all_current", !q.topic && q.text.empty()},
                     {"q", q.text},
                     {"heading", heading},
                     {"groups", grouped(*list)},
                     {"empty", list->empty()}};
  return html_response(
      200, render_page("public_resources", "相談窓口・支援のご案内（" + place->name + "）", context,
                       layout_for(c)));
}

http::Response leaflet(const Services& s, route::Context& c) {
  auto place = public_place(s.resources, c);
  if (!place) return error_page(404, place.error().message);
  auto list = s.resources.public_resources(place->id, {});
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
}

http::Response about(const Services& s, route::Context& c) {
  auto place = public_place(s.resources, c);
  if (!place) return error_page(404, place.error().message);
  const Date today = s.resources.today();
  mstch::array items;
  for (const auto& e : s.resources.public_events(place->id, today, add_months(today, 12))) {
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
}

// clang-format off
constexpr route::Row<Services> kPages[] = {
    {"GET", "/public/resources", route::anyone(), directory},
    {"GET", "/public/leaflet",   route::anyone(), leaflet},
    {"GET", "/public/about",     route::anyone(), about},
};
// clang-format on

}  // namespace

resource_page_common::Table table() { return kPages; }

}  // namespace public_pages
}  // namespace tsunagu::web
