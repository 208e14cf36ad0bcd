// CaseStore: agencies, persons with their needs, consents, and who sat in which 支援会議 — the
// facts the legal-basis decision reads. A repository over one Connection; the caller owns the
// transaction and decides access (service/case_service). Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/case_access.hpp"
#include "core/person.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

// A search hit: enough to choose, nothing more.
struct PersonSummary {
  PersonId id;
  std::string name;
  std::string kana;
  Date birth_date;
  std::optional<UserId> assigned_worker;
};

class CaseStore {
 public:
  explicit CaseStore(Connection& connection) : c_(connection) {}
  // The connection (and transaction) this store reads in, for a caller that reads other
  // repositories alongside.
  Connection& connection() { return c_; }

  AgencyId insert_agency(MunicipalityId m, const Agency& agency, std::int64_t now);
  std::vector<Agency> agencies(MunicipalityId m);
  std::optional<Agency> agency(MunicipalityId m, AgencyId id);
  std::optional<Agency> agency_by_name(MunicipalityId m, const std::string& name);

  // `kana_key` is the folded kana (io::search_fold without spaces) used to find duplicates.
  PersonId insert_person(MunicipalityId m, const Person& p, const std::string& kana_key,
                         std::int64_t now);
  // Replaces the person's fields if still at `expected_version`; false otherwise.
  bool update_person(MunicipalityId m, const Person& p, const std::string& kana_key,
                     std::int64_t expected_version);
  std::optional<Person> person(MunicipalityId m, PersonId id);
  std::int64_t count_persons(MunicipalityId m);
  // Persons with the same folded kana and birth date (possible duplicates).
  std::vector<PersonSummary> same_kana_and_birth(MunicipalityId m, const std::string& kana_key,
                                                 Date birth_date);
  // Persons whose folded kana contains `folded_query`, or whose name contains `query` as
  // typed; at most `limit`, by kana.
  std::vector<PersonSummary> search(MunicipalityId m, const std::string& folded_query,
                                    const std::string& query, int limit);

  ConsentId insert_consent(MunicipalityId m, const Consent& c, std::int64_t now);
  std::vector<Consent> consents(MunicipalityId m, PersonId person);
  std::optional<Consent> consent(MunicipalityId m, ConsentId id);
  // Marks a given consent withdrawn from `on`; false when it is not (or no longer) given.
  bool withdraw_consent(MunicipalityId m, ConsentId id, Date on);

  // The 支援会議 about `person` in which `user` or `agency` is a member, newest first, with
  // what each shares.
  std::vector<MeetingShare> support_meetings_with(MunicipalityId m, PersonId person, UserId user,
                                                  std::optional<AgencyId> agency);
  // The day the person's support plan was closed; nullopt while open or without a plan.
  std::optional<Date> case_closed_on(MunicipalityId m, PersonId person);
  // How many days after the last 支援会議 its members keep access (default 365).
  int meeting_access_days(MunicipalityId m);
  void set_meeting_access_days(MunicipalityId m, int days);

 private:
  Connection& c_;
};

}  // namespace tsunagu::store
