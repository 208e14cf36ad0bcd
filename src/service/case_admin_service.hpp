// CaseAdminService: the duties of the holder of the case file (個人情報保護法).
//   - Retention: closed cases past the retention period are listed, and erased on confirmation.
//     What the indicators need is kept first as an anonymised row: the closure date, whether
//     the person counted in statistics, the supporters at start and end, and a local supporter
//     two years on. No name, date of birth or id is kept.
//   - Disclosure (開示請求, 第76条): everything held on one person as one JSON file, including
//     who read the record and on what basis.
//   - Leaks (漏えい等, 第68条): an incident with the persons and kinds of data affected, for the
//     report to the 個人情報保護委員会 and the notice to each person.
// All of it is case.admin (the coordinator). Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/casework.hpp"
#include "service/actor.hpp"
#include "service/audit_log.hpp"
#include "service/clock.hpp"
#include "store/db.hpp"

namespace tsunagu::service {

struct RetentionCandidate {
  PersonId person;
  std::string name;  // shown to the coordinator who confirms
  Date closed_on;
};

struct Incident {
  std::int64_t id = 0;
  Date occurred_on;
  Date discovered_on;
  std::string description;
  std::vector<InfoCategory> categories;
  std::vector<PersonId> persons;
  std::string measures;
  std::optional<Date> reported_on;  // to the 個人情報保護委員会
};

inline constexpr int kMinRetentionYears = 3;  // after the 2-year follow-up has been recorded
inline constexpr int kMaxRetentionYears = 30;

class CaseAdminService {
 public:
  CaseAdminService(store::Database& db, const Clock& clock, const AuditLog& audit);

  // Closed cases whose closure is `years` or more ago. Error "retention.invalid".
  Result<std::vector<RetentionCandidate>> retention_candidates(const Actor& actor, int years);

  // Erases the confirmed persons that are still candidates (others are left alone and not
  // counted), after keeping their anonymised row; one transaction. Returns how many.
  Result<int> erase(const Actor& actor, int years, const std::vector<PersonId>& confirmed);

  // How many days after the newest 支援会議 its member agencies keep access to the person
  // (core/case_access.hpp); 30–3650, default 365. Audited as "case.meeting_access_days".
  // Errors "settings.invalid".
  Result<int> meeting_access_days(const Actor& actor);
  Status set_meeting_access_days(const Actor& actor, int days);

  // The person's whole record as JSON text, for a disclosure request (開示請求) identified by
  // `request_reference` (the reception number the coordinator types), which the audit row
  // and the export record. Errors "person.not_found", "disclosure.request_required".
  Result<std::string> disclosure(const Actor& actor, PersonId person,
                                 const std::string& request_reference);

  // Error "incident.invalid".
  Result<Incident> record_incident(const Actor& actor, Incident incident);
  Result<std::vector<Incident>> incidents(const Actor& actor);

 private:
  store::Database& db_;
  const Clock& clock_;
  const AuditLog& audit_;
};

}  // namespace tsunagu::service
