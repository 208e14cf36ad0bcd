// CaseService: persons (対象者), agencies and consents, with the legal basis of every access.
// Each read of a person's record is written to the audit log through the AuditWriter (group
// commit) and answered only once that row is durable; each change writes its audit row in its
// own transaction. Who may see whom is decided by core/case_access.hpp. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/case_access.hpp"
#include "core/person.hpp"
#include "service/actor.hpp"
#include "service/audit_log.hpp"
#include "service/audit_writer.hpp"
#include "service/clock.hpp"
#include "store/case_store.hpp"
#include "store/db.hpp"

namespace tsunagu::service {

struct PersonView {
  Person person;  // redacted to `categories`
  std::vector<InfoCategory> categories;
  LegalBasis basis;
  std::vector<Consent> consents;  // shown to municipal staff only
};

struct Registration {
  Person person;
};

class CaseService {
 public:
  CaseService(store::Database& db, const Clock& clock, const AuditLog& audit, AuditWriter& reads);

  // Agencies (case.admin to add; every case role lists). Errors "agency.invalid",
  // "agency.exists".
  Result<Agency> add_agency(const Actor& actor, const std::string& name, AgencyKind kind);
  Result<std::vector<Agency>> agencies(const Actor& actor);

  // Registers a person (case.write). When someone with the same kana (after NFKC and
  // katakana/hiragana folding) and birth date exists, error "person.possible_duplicate" names
  // in its details the id of each such record the actor may open, and says only that one
  // exists (and whom to ask) for the others; unless `confirmed_new` says this is another person.
  // Errors "person.invalid".
  Result<Person> register_person(const Actor& actor, Person person, bool confirmed_new);

  // One person's record as the actor may see it, audited with the basis used. `ground`: a
  // 第69条 ground with its written reason (municipal staff only). Errors "person.not_found",
  // "access.*" (also audited: a refused look is a fact an auditor wants).
  Result<PersonView> person(const Actor& actor, PersonId id,
                            const std::optional<Ground>& ground = std::nullopt);

  // person() in two steps, for a caller that reads more in the same transaction: read_person
  // decides and reads inside the caller's transaction (`cases`); audited() writes the audit
  // row once the caller has committed and given back its connection, and returns the view or
  // the refusal. Nothing read may be shown without audited().
  struct PersonRead {
    Result<PersonView> view;
    PersonId id;
  };
  PersonRead read_person(store::CaseStore& cases, const Actor& actor, PersonId id,
                         const std::optional<Ground>& ground = std::nullopt) const;
  Result<PersonView> audited(const Actor& actor, PersonRead read);

  // The audit row of a read of part of `person`'s file outside person() (`what`: "placements",
  // …), once the caller has committed: the basis `grant` gave, or the refusal with its reason.
  // A missing person or permission is not a look and writes nothing. Returns `grant`.
  Result<AccessGrant> audit_part_read(const Actor& actor, PersonId person, std::string_view what,
                                      Result<AccessGrant> grant);
  // The audit rows of persons named in a staff list (`what`: "due_list", …), once the caller
  // has given back its connection: one "person.read" per person, on the staff's own basis
  // (a case worker's lists hold only the persons assigned to them).
  void audit_listed(const Actor& actor, const std::vector<PersonId>& persons,
                    std::string_view what);

  // Persons matching `query` (kana in any script, or the name as typed) that the actor has a
  // basis to see; no list without a query (error "person.query_required"). Each hit shown is
  // an audited read.
  Result<std::vector<store::PersonSummary>> search(const Actor& actor, const std::string& query);

  // Changes the record if still at `expected_version`. Errors "person.stale_version",
  // "person.invalid", "access.*".
  Result<Person> update_person(const Actor& actor, const Person& person,
                               std::int64_t expected_version);

  // Records a consent given, refused (sharing or statistics). The agencies named must exist.
  // Errors "consent.invalid", "access.*".
  Result<Consent> record_consent(const Actor& actor, Consent consent);
  // Withdrawal stops sharing from `on`. Errors "consent.not_found", "consent.invalid" (not
  // given, or `on` before it was given).
  Result<Consent> withdraw_consent(const Actor& actor, ConsentId id, Date on);

  // For the register of personal-information files (個人情報ファイル簿): the municipality's name
  // and how many persons and agencies the file holds (case.admin).
  struct FileSummary {
    std::string municipality;
    std::int64_t persons = 0;
    std::int64_t agencies = 0;
  };
  Result<FileSummary> file_summary(const Actor& actor);

  // A change of `person`'s file refused on the access rules ("access.*"): writes its audit row
  // ("person.change_refused", with the reason and `what`) and commits the change's own
  // transaction, in which nothing else was written. Any other error passes through untouched.
  // Returns `e`.
  Error refuse_change(store::Connection& c, store::Transaction& tx, const Actor& actor,
                      PersonId person, std::string_view what, const Error& e) const;

  // The facts the access decision reads, for other services (meetings, referrals).
  // Errors "person.not_found", "access.*".
  Result<AccessGrant> access(store::CaseStore& cases, const Actor& actor, const Person& person,
                             const std::optional<Ground>& ground) const;

 private:
  Reader reader_of(store::CaseStore& cases, const Actor& actor) const;
  // access() over consents the caller has read already.
  Result<AccessGrant> access_given(store::CaseStore& cases, const Actor& actor,
                                   const Person& person, const std::vector<Consent>& consents,
                                   const std::optional<Ground>& ground) const;
  void audit_read(const Actor& actor, const std::string& action, PersonId person,
                  const std::string& basis, const std::string& detail);

  store::Database& db_;
  const Clock& clock_;
  const AuditLog& audit_;
  AuditWriter& reads_;
};

}  // namespace tsunagu::service
