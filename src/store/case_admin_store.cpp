#include "store/case_admin_store.hpp"

#include "store/dates.hpp"
#include "store/text_match.hpp"

namespace tsunagu::store {
namespace sql {

constexpr const char* kClosedBy =
    "SELECT p.id, p.name, sp.closed_on FROM support_plan sp JOIN person p ON p.id = sp.person_id "
    "WHERE sp.municipality_id = ? AND sp.closed_on IS NOT NULL AND sp.closed_on <= ? "
    "ORDER BY sp.closed_on, p.id";
constexpr const char* kInsertAnonymised =
    "INSERT INTO anonymised_case (municipality_id, closed_on, counted, supporters_at_start, "
    "supporters_at_end, local_after_two_years, erased_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kAnonymised =
    "SELECT closed_on, counted, supporters_at_start, supporters_at_end, local_after_two_years "
    "FROM anonymised_case WHERE municipality_id = ? AND counted = 1 AND closed_on >= ? "
    "AND closed_on <= ?";
constexpr const char* kDeletePerson = "DELETE FROM person WHERE municipality_id = ? AND id = ?";
constexpr const char* kInsertIncident =
    "INSERT INTO incident (municipality_id, occurred_on, discovered_on, description, categories, "
    "persons, measures, reported_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kIncidents =
    "SELECT id, occurred_on, discovered_on, description, categories, persons, measures, "
    "reported_on FROM incident WHERE municipality_id = ? ORDER BY discovered_on, id";

}  // namespace sql

std::vector<ClosedCase> CaseAdminStore::closed_by(MunicipalityId m, Date cutoff) {
  std::vector<ClosedCase> out;
  for (const auto& r : c_.query(sql::kClosedBy, {m.value, format_iso_date(cutoff)}))
    out.push_back({PersonId{r.integer(0)}, r.text(1), date_at(r, 2)});
  return out;
}

void CaseAdminStore::insert_anonymised(MunicipalityId m, const AnonymisedCase& a,
                                       std::int64_t now) {
  Value local = a.local_after_two_years ? Value(std::int64_t{*a.local_after_two_years ? 1 : 0})
                                        : Value(nullptr);
  c_.execute(sql::kInsertAnonymised,
             {m.value, format_iso_date(a.closed_on), std::int64_t{a.counted ? 1 : 0},
              std::int64_t{a.supporters_at_start}, std::int64_t{a.supporters_at_end}, local, now});
}

std::vector<AnonymisedCase> CaseAdminStore::anonymised(MunicipalityId m, Date from, Date to) {
  std::vector<AnonymisedCase> out;
  for (const auto& r :
       c_.query(sql::kAnonymised, {m.value, format_iso_date(from), format_iso_date(to)})) {
    AnonymisedCase a{date_at(r, 0), r.integer(1) != 0, static_cast<int>(r.integer(2)),
                     static_cast<int>(r.integer(3)), std::nullopt};
    if (auto v = r.optional_integer(4)) a.local_after_two_years = *v != 0;
    out.push_back(a);
  }
  return out;
}

void CaseAdminStore::delete_person(MunicipalityId m, PersonId id) {
  if (c_.execute(sql::kDeletePerson, {m.value, id.value}) == 1)
    unindex_text(c_, TrigramIndex::kPerson, id.value);
}

std::int64_t CaseAdminStore::insert_incident(MunicipalityId m, const IncidentRow& x,
                                             std::int64_t now) {
  return c_
      .query(sql::kInsertIncident,
             {m.value, format_iso_date(x.occurred_on), format_iso_date(x.discovered_on),
              x.description, x.categories, x.persons, x.measures,
              x.reported_on ? Value(format_iso_date(*x.reported_on)) : Value(nullptr), now})
      .at(0)
      .integer(0);
}

std::vector<IncidentRow> CaseAdminStore::incidents(MunicipalityId m) {
  std::vector<IncidentRow> out;
  for (const auto& r : c_.query(sql::kIncidents, {m.value})) {
    IncidentRow x{r.integer(0), date_at(r, 1), date_at(r, 2), r.text(3),
                  r.text(4),    r.text(5),     r.text(6),     std::nullopt};
    if (!r.is_null(7)) x.reported_on = date_at(r, 7);
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace tsunagu::store
