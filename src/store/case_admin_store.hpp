// CaseAdminStore: what the file holder's duties read and write — closed cases past retention,
// the anonymised rows kept when a person is erased, the erasure itself (cascading to every
// record of the person), and leak incidents. The caller owns the transaction. Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/person.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

struct ClosedCase {
  PersonId person;
  std::string name;
  Date closed_on;
};

struct AnonymisedCase {
  Date closed_on;
  bool counted = false;
  int supporters_at_start = 0;
  int supporters_at_end = 0;
  std::optional<bool> local_after_two_years;
};

struct IncidentRow {
  std::int64_t id = 0;
  Date occurred_on;
  Date discovered_on;
  std::string description;
  std::string categories;  // comma-separated names
  std::string persons;     // comma-separated ids
  std::string measures;
  std::optional<Date> reported_on;
};

class CaseAdminStore {
 public:
  explicit CaseAdminStore(Connection& connection) : c_(connection) {}

  // Cases closed on or before `cutoff`, oldest first.
  std::vector<ClosedCase> closed_by(MunicipalityId m, Date cutoff);
  void insert_anonymised(MunicipalityId m, const AnonymisedCase& a, std::int64_t now);
  // Anonymised rows closed within [from, to] that counted in statistics.
  std::vector<AnonymisedCase> anonymised(MunicipalityId m, Date from, Date to);
  // Deletes the person and, by cascade, every record about them.
  void delete_person(MunicipalityId m, PersonId id);
  std::int64_t insert_incident(MunicipalityId m, const IncidentRow& x, std::int64_t now);
  std::vector<IncidentRow> incidents(MunicipalityId m);

 private:
  Connection& c_;
};

}  // namespace tsunagu::store
