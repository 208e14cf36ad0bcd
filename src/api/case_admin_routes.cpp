// Case administration (case.admin): persons past their retention period and their erasure,
// the disclosure of what is held on a person (開示請求), and the register of incidents (漏えい等).
#include "api/case_json_support.hpp"
#include "api/case_routes.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::case_admin_routes {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

using Deps = CaseRouteDeps;

// The integer ids under `key`; other items are skipped.
std::vector<PersonId> person_ids(const json& b, const char* key) {
  std::vector<PersonId> out;
  if (b.contains(key) && b[key].is_array()) {
    for (const auto& p : b[key]) {
      if (p.is_number_integer()) out.push_back(PersonId{p.get<std::int64_t>()});
    }
  }
  return out;
}

ordered_json incident_json(const service::Incident& x) {
  ordered_json persons = ordered_json::array(), categories = ordered_json::array();
  for (PersonId p : x.persons) persons.push_back(p.value);
  for (InfoCategory cat : x.categories) categories.push_back(info_category_name(cat));
  return {{"id", x.id},
          {"occurred_on", format_iso_date(x.occurred_on)},
          {"discovered_on", format_iso_date(x.discovered_on)},
          {"description", x.description},
          {"categories", categories},
          {"persons", persons},
          {"measures", x.measures},
          {"reported_on",
           x.reported_on ? ordered_json(format_iso_date(*x.reported_on)) : ordered_json(nullptr)}};
}

// An incident as the register takes it; a date that does not parse stays Date{} (the service
// refuses what it needs).
service::Incident incident_from(const json& b) {
  service::Incident x;
  auto date = [&](const char* key) {
    auto d = parse_iso_date(b.value(key, ""));
    return d ? *d : Date{};
  };
  x.occurred_on = date("occurred_on");
  x.discovered_on = date("discovered_on");
  if (auto d = parse_iso_date(b.value("reported_on", ""))) x.reported_on = *d;
  x.description = b.value("description", "");
  x.measures = b.value("measures", "");
  x.persons = person_ids(b, "persons");
  if (b.contains("categories") && b["categories"].is_array()) {
    for (const auto& cat : b["categories"]) {
      if (auto v = cat.is_string() ? parse_info_category(cat.get<std::string>()) : std::nullopt)
        x.categories.push_back(*v);
    }
  }
  return x;
}

http::Response list_retention(const Deps& d, Context& c) {
  auto years = parse_id(query_param(c.request, "years"));
  auto list = d.admin.retention_candidates(c.actor, static_cast<int>(years.value_or(0)));
  if (!list) return error_response(list.error());
  ordered_json out = ordered_json::array();
  for (const auto& x : *list) {
    out.push_back({{"person", x.person.value},
                   {"name", x.name},
                   {"closed_on", format_iso_date(x.closed_on)}});
  }
  return ok_ordered_json({{"candidates", out}});
}

http::Response erase_retained(const Deps& d, Context& c) {
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  auto erased = d.admin.erase(c.actor, b->value("years", 0), person_ids(*b, "persons"));
  if (!erased) return error_response(erased.error());
  return ok_ordered_json({{"erased", *erased}});
}

http::Response disclose_person(const Deps& d, Context& c) {
  auto id = id_param<PersonId>(c, "id");
  if (!id) return error_response(bad_id());
  auto text = d.admin.disclosure(c.actor, *id, query_param(c.request, "request"));
  if (!text) return error_response(text.error());
  http::Response r;
  r.body = *text;
  r.set("Content-Type", "application/json; charset=utf-8");
  r.set("Content-Disposition", attachment("開示_" + std::to_string(id->value) + ".json"));
  return r;
}

http::Response list_incidents(const Deps& d, Context& c) {
  auto list = d.admin.incidents(c.actor);
  if (!list) return error_response(list.error());
  ordered_json out = ordered_json::array();
  for (const auto& x : *list) out.push_back(incident_json(x));
  return ok_ordered_json({{"incidents", out}});
}

http::Response record_incident(const Deps& d, Context& c) {
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  auto saved = d.admin.record_incident(c.actor, incident_from(*b));
  if (!saved) return error_response(saved.error());
  return ok_ordered_json({{"id", saved->id}}, 201);
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",  "/api/v1/retention",              need(Permission::kCaseAdmin), list_retention},
    {"POST", "/api/v1/retention/erase",        need(Permission::kCaseAdmin), erase_retained},
    {"GET",  "/api/v1/persons/{id}/disclosure", need(Permission::kCaseAdmin), disclose_person},
    {"GET",  "/api/v1/incidents",              need(Permission::kCaseAdmin), list_incidents},
    {"POST", "/api/v1/incidents",              need(Permission::kCaseAdmin), record_incident},
};
// clang-format on

}  // namespace
}  // namespace cases::case_admin_routes

void add_case_admin_routes(const AddRoute& add, const CaseRouteDeps& deps) {
  add_table(add, deps, cases::case_admin_routes::kRoutes);
}

}  // namespace tsunagu::api
