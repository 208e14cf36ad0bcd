#include "store/case_store.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "store/dates.hpp"
#include "store/text_match.hpp"

namespace tsunagu::store {
namespace sql {

constexpr const char* kInsertAgency =
    "INSERT INTO agency (municipality_id, name, kind, created_at) VALUES (?, ?, ?, ?) RETURNING id";
constexpr const char* kAgencies =
    "SELECT id, name, kind FROM agency WHERE municipality_id = ? ORDER BY kind, name";
constexpr const char* kAgency =
    "SELECT id, name, kind FROM agency WHERE municipality_id = ? AND id = ?";
constexpr const char* kAgencyByName =
    "SELECT id, name, kind FROM agency WHERE municipality_id = ? AND name = ?";

constexpr const char* kPersonColumns =
    "SELECT id, name, kana, birth_date, phone, address, status, facility, expected_release, "
    "destination, special_coordination, entrance_support, assigned_worker, registered_on, version "
    "FROM person ";
const std::string kPerson = std::string(kPersonColumns) + "WHERE municipality_id = ? AND id = ?";
// person_need has no municipality_id of its own: it is reached through its person.
constexpr const char* kNeeds =
    "SELECT n.need FROM person_need n JOIN person p ON p.id = n.person_id "
    "WHERE p.municipality_id = ? AND n.person_id = ?";
constexpr const char* kInsertNeed =
    "INSERT INTO person_need (person_id, need) SELECT id, ? FROM person "
    "WHERE municipality_id = ? AND id = ?";
constexpr const char* kDeleteNeeds =
    "DELETE FROM person_need WHERE person_id IN (SELECT id FROM person WHERE municipality_id = ? "
    "AND id = ?)";
constexpr const char* kCountPersons = "SELECT COUNT(*) FROM person WHERE municipality_id = ?";
constexpr const char* kInsertPerson =
    "INSERT INTO person (municipality_id, name, kana, kana_key, birth_date, phone, address, "
    "status, "
    "facility, expected_release, destination, special_coordination, entrance_support, "
    "assigned_worker, search_text, registered_on, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdatePerson =
    "UPDATE person SET name = ?, kana = ?, kana_key = ?, birth_date = ?, phone = ?, address = ?, "
    "status = ?, facility = ?, expected_release = ?, destination = ?, special_coordination = ?, "
    "entrance_support = ?, assigned_worker = ?, search_text = ?, version = version + 1 "
    "WHERE municipality_id = ? AND id = ? AND version = ?";
constexpr const char* kSummaryColumns =
    "SELECT id, name, kana, birth_date, assigned_worker FROM person ";
const std::string kSameKey = std::string(kSummaryColumns) +
                             "WHERE municipality_id = ? AND kana_key = ? AND birth_date = ? "
                             "ORDER BY id";
// Short queries (under three characters) scan; longer ones go through the trigram index
// (person_fts on SQLite, a pg_trgm GIN index on PostgreSQL).
const std::string kSearchScan = std::string(kSummaryColumns) +
                                "WHERE municipality_id = ? AND (search_text LIKE ? ESCAPE '!' OR "
                                "search_text LIKE ? ESCAPE '!') ORDER BY kana_key, id LIMIT ?";
const std::string kSearchFts = std::string(kSummaryColumns) +
                               "WHERE municipality_id = ? AND id IN (SELECT rowid FROM person_fts "
                               "WHERE person_fts MATCH ?) ORDER BY kana_key, id LIMIT ?";

constexpr const char* kInsertConsent =
    "INSERT INTO consent (municipality_id, person_id, purpose, state, given_on, method, agencies, "
    "kinds, categories, expires, withdrawn_on, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kConsentColumns =
    "SELECT id, person_id, purpose, state, given_on, method, agencies, kinds, categories, expires, "
    "withdrawn_on FROM consent ";
const std::string kConsentsOf =
    std::string(kConsentColumns) + "WHERE municipality_id + 0 = ? AND person_id = ? ORDER BY id";
const std::string kConsent = std::string(kConsentColumns) + "WHERE municipality_id = ? AND id = ?";
constexpr const char* kWithdraw =
    "UPDATE consent SET state = 'withdrawn', withdrawn_on = ? "
    "WHERE municipality_id = ? AND id = ? AND state = 'given'";

constexpr const char* kSupportMeetingsWith =
    "SELECT DISTINCT m.id, m.held_on, m.categories FROM meeting m "
    "JOIN meeting_member mm ON mm.meeting_id = m.id "
    "WHERE m.municipality_id = ? AND m.person_id = ? AND m.kind = 'support_meeting' "
    "AND (mm.user_id = ? OR mm.agency_id = ?) ORDER BY m.held_on DESC, m.id DESC";
constexpr const char* kCaseClosedOn =
    "SELECT closed_on FROM support_plan WHERE municipality_id = ? AND person_id = ?";
constexpr const char* kMeetingAccessDays =
    "SELECT meeting_access_days FROM municipality WHERE id = ?";
constexpr const char* kSetMeetingAccessDays =
    "UPDATE municipality SET meeting_access_days = ? WHERE id = ?";

}  // namespace sql

namespace {

Agency read_agency(const Row& r) {
  return {AgencyId{r.integer(0)}, r.text(1),
          parse_agency_kind(r.text(2)).value_or(AgencyKind::kOther)};
}

// Six '0'/'1' characters, ①–⑥ in order.
std::string encode_special(const SpecialCoordination& s) {
  std::string out;
  for (bool b : {s.elderly_or_disabled, s.no_residence, s.needs_welfare, s.appropriate, s.wishes,
                 s.consents_to_sharing}) {
    out += b ? '1' : '0';
  }
  return out;
}

SpecialCoordination decode_special(const std::string& text) {
  SpecialCoordination s;
  bool* fields[] = {&s.elderly_or_disabled, &s.no_residence, &s.needs_welfare,
                    &s.appropriate,         &s.wishes,       &s.consents_to_sharing};
  for (std::size_t i = 0; i < 6 && i < text.size(); ++i) *fields[i] = text[i] == '1';
  return s;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

template <class E, class Parse>
std::vector<E> split_names(const std::string& text, Parse parse) {
  std::vector<E> out;
  for (auto part : split(text, ',')) {
    if (part.empty()) continue;
    if (auto v = parse(part)) out.push_back(*v);
  }
  return out;
}

Consent read_consent(const Row& r) {
  Consent c;
  c.id = ConsentId{r.integer(0)};
  c.person = PersonId{r.integer(1)};
  c.purpose = r.text(2) == "statistics" ? ConsentPurpose::kStatistics : ConsentPurpose::kSharing;
  std::string state = r.text(3);
  c.state = state == "given"     ? ConsentState::kGiven
            : state == "refused" ? ConsentState::kRefused
                                 : ConsentState::kWithdrawn;
  c.given_on = date_at(r, 4);
  c.method = r.text(5);
  c.scope.agencies = split_names<AgencyId>(r.text(6), [](std::string_view s) {
    return std::optional<AgencyId>(AgencyId{std::stoll(std::string(s))});
  });
  c.scope.kinds = split_names<AgencyKind>(r.text(7), parse_agency_kind);
  c.scope.categories = split_names<InfoCategory>(r.text(8), parse_info_category);
  c.expires = optional_date_at(r, 9);
  c.withdrawn_on = optional_date_at(r, 10);
  return c;
}

PersonSummary read_summary(const Row& r) {
  PersonSummary s{PersonId{r.integer(0)}, r.text(1), r.text(2), date_at(r, 3), std::nullopt};
  if (auto w = r.optional_integer(4)) s.assigned_worker = UserId{*w};
  return s;
}

std::vector<Value> person_values(const Person& p, const std::string& kana_key) {
  return {p.name,
          p.kana,
          kana_key,
          format_iso_date(p.birth_date),
          p.phone,
          p.address,
          std::string(person_status_name(p.status)),
          p.facility,
          date_value(p.expected_release),
          p.destination,
          p.special_coordination ? Value(encode_special(*p.special_coordination)) : Value(nullptr),
          std::int64_t{p.entrance_support ? 1 : 0},
          p.assigned_worker ? Value(p.assigned_worker->value) : Value(nullptr),
          kana_key + " " + p.name};
}

}  // namespace

AgencyId CaseStore::insert_agency(MunicipalityId m, const Agency& a, std::int64_t now) {
  return AgencyId{
      c_.query(sql::kInsertAgency, {m.value, a.name, std::string(agency_kind_name(a.kind)), now})
          .at(0)
          .integer(0)};
}

std::vector<Agency> CaseStore::agencies(MunicipalityId m) {
  std::vector<Agency> out;
  for (const auto& r : c_.query(sql::kAgencies, {m.value})) out.push_back(read_agency(r));
  return out;
}

std::optional<Agency> CaseStore::agency(MunicipalityId m, AgencyId id) {
  auto rows = c_.query(sql::kAgency, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  return read_agency(rows[0]);
}

std::optional<Agency> CaseStore::agency_by_name(MunicipalityId m, const std::string& name) {
  auto rows = c_.query(sql::kAgencyByName, {m.value, name});
  if (rows.empty()) return std::nullopt;
  return read_agency(rows[0]);
}

PersonId CaseStore::insert_person(MunicipalityId m, const Person& p, const std::string& kana_key,
                                  std::int64_t now) {
  std::vector<Value> values{m.value};
  for (auto& v : person_values(p, kana_key)) values.push_back(std::move(v));
  values.push_back(format_iso_date(p.registered_on));
  values.push_back(now);
  PersonId id{c_.query(sql::kInsertPerson, values).at(0).integer(0)};
  index_text(c_, TrigramIndex::kPerson, id.value, kana_key + " " + p.name);
  for (Need n : p.needs)
    c_.execute(sql::kInsertNeed, {std::string(need_name(n)), m.value, id.value});
  return id;
}

bool CaseStore::update_person(MunicipalityId m, const Person& p, const std::string& kana_key,
                              std::int64_t expected_version) {
  std::vector<Value> values = person_values(p, kana_key);
  values.push_back(m.value);
  values.push_back(p.id.value);
  values.push_back(expected_version);
  if (c_.execute(sql::kUpdatePerson, values) != 1) return false;
  index_text(c_, TrigramIndex::kPerson, p.id.value, kana_key + " " + p.name);
  c_.execute(sql::kDeleteNeeds, {m.value, p.id.value});
  for (Need n : p.needs)
    c_.execute(sql::kInsertNeed, {std::string(need_name(n)), m.value, p.id.value});
  return true;
}

std::int64_t CaseStore::count_persons(MunicipalityId m) {
  return c_.query(sql::kCountPersons, {m.value}).at(0).integer(0);
}

std::optional<Person> CaseStore::person(MunicipalityId m, PersonId id) {
  auto rows = c_.query(sql::kPerson, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  const Row& r = rows[0];
  Person p;
  p.id = PersonId{r.integer(0)};
  p.name = r.text(1);
  p.kana = r.text(2);
  p.birth_date = date_at(r, 3);
  p.phone = r.text(4);
  p.address = r.text(5);
  p.status = parse_person_status(r.text(6)).value_or(PersonStatus::kOther);
  p.facility = r.text(7);
  p.expected_release = optional_date_at(r, 8);
  p.destination = r.text(9);
  if (!r.is_null(10)) p.special_coordination = decode_special(r.text(10));
  p.entrance_support = r.integer(11) != 0;
  if (auto w = r.optional_integer(12)) p.assigned_worker = UserId{*w};
  p.registered_on = date_at(r, 13);
  p.version = r.integer(14);
  for (const auto& n : c_.query(sql::kNeeds, {m.value, id.value})) {
    if (auto need = parse_need(n.text(0))) p.needs.push_back(*need);
  }
  std::sort(p.needs.begin(), p.needs.end());
  return p;
}

std::vector<PersonSummary> CaseStore::same_kana_and_birth(MunicipalityId m,
                                                          const std::string& kana_key,
                                                          Date birth_date) {
  std::vector<PersonSummary> out;
  for (const auto& r : c_.query(sql::kSameKey, {m.value, kana_key, format_iso_date(birth_date)}))
    out.push_back(read_summary(r));
  return out;
}

std::vector<PersonSummary> CaseStore::search(MunicipalityId m, const std::string& folded_query,
                                             const std::string& query, int limit) {
  std::vector<PersonSummary> out;
  if (c_.backend() == Backend::kSqlite && trigram_searchable(folded_query) &&
      trigram_searchable(query)) {
    for (const auto& r : c_.query(
             sql::kSearchFts, {m.value, fts_phrases({folded_query, query}), std::int64_t{limit}}))
      out.push_back(read_summary(r));
    return out;
  }
  for (const auto& r : c_.query(sql::kSearchScan, {m.value, contains_pattern(folded_query),
                                                   contains_pattern(query), std::int64_t{limit}}))
    out.push_back(read_summary(r));
  return out;
}

ConsentId CaseStore::insert_consent(MunicipalityId m, const Consent& c, std::int64_t now) {
  std::vector<std::string> agencies, kinds, categories;
  for (AgencyId a : c.scope.agencies) agencies.push_back(std::to_string(a.value));
  for (AgencyKind k : c.scope.kinds) kinds.emplace_back(agency_kind_name(k));
  for (InfoCategory cat : c.scope.categories) categories.emplace_back(info_category_name(cat));
  return ConsentId{
      c_.query(sql::kInsertConsent,
               {m.value, c.person.value,
                std::string(c.purpose == ConsentPurpose::kStatistics ? "statistics" : "sharing"),
                std::string(consent_state_name(c.state)), format_iso_date(c.given_on), c.method,
                join_names(agencies), join_names(kinds), join_names(categories),
                date_value(c.expires), date_value(c.withdrawn_on), now})
          .at(0)
          .integer(0)};
}

std::vector<Consent> CaseStore::consents(MunicipalityId m, PersonId person) {
  std::vector<Consent> out;
  for (const auto& r : c_.query(sql::kConsentsOf, {m.value, person.value}))
    out.push_back(read_consent(r));
  return out;
}

std::optional<Consent> CaseStore::consent(MunicipalityId m, ConsentId id) {
  auto rows = c_.query(sql::kConsent, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  return read_consent(rows[0]);
}

bool CaseStore::withdraw_consent(MunicipalityId m, ConsentId id, Date on) {
  return c_.execute(sql::kWithdraw, {format_iso_date(on), m.value, id.value}) == 1;
}

std::vector<MeetingShare> CaseStore::support_meetings_with(MunicipalityId m, PersonId person,
                                                           UserId user,
                                                           std::optional<AgencyId> agency) {
  std::vector<MeetingShare> out;
  Value agency_value = agency ? Value(agency->value) : Value(std::int64_t{-1});
  for (const auto& r :
       c_.query(sql::kSupportMeetingsWith, {m.value, person.value, user.value, agency_value}))
    out.push_back({MeetingId{r.integer(0)}, date_at(r, 1), parse_info_categories(r.text(2))});
  return out;
}

std::optional<Date> CaseStore::case_closed_on(MunicipalityId m, PersonId person) {
  auto rows = c_.query(sql::kCaseClosedOn, {m.value, person.value});
  if (rows.empty()) return std::nullopt;
  return optional_date_at(rows[0], 0);
}

int CaseStore::meeting_access_days(MunicipalityId m) {
  auto rows = c_.query(sql::kMeetingAccessDays, {m.value});
  return rows.empty() ? kDefaultMeetingAccessDays : static_cast<int>(rows[0].integer(0));
}

void CaseStore::set_meeting_access_days(MunicipalityId m, int days) {
  c_.execute(sql::kSetMeetingAccessDays, {std::int64_t{days}, m.value});
}

}  // namespace tsunagu::store
