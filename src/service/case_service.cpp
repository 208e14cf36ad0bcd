#include "service/case_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "io/text_search.hpp"
#include "service/crypto.hpp"
#include "store/account_store.hpp"
#include "store/audit_store.hpp"

namespace tsunagu::service {
namespace {

constexpr int kSearchLimit = 50;

std::string kana_key_of(const std::string& kana) {
  std::string folded = io::search_fold(kana), key;
  for (char c : folded) {
    if (c != ' ') key += c;
  }
  // NFKC turns the ideographic space into ' '; anything else stays.
  return key;
}

// A digest of the record for the audit row: proves what changed without holding it.
std::string digest(const Person& p) {
  std::string needs;
  for (Need n : p.needs) needs += std::string(need_name(n)) + ",";
  return sha256_hex(p.name + "\n" + p.kana + "\n" + format_iso_date(p.birth_date) + "\n" + p.phone +
                    "\n" + p.address + "\n" + std::string(person_status_name(p.status)) + "\n" +
                    p.facility + "\n" + p.destination + "\n" + needs);
}

// A refusal on the access rules ("access.*"): a look an auditor wants to see. A missing person
// or permission is not a look at anyone.
bool is_refused_look(const Error& e) { return e.code.rfind("access.", 0) == 0; }

Error not_found() {
  return make_error(ErrorKind::kNotFound, "person.not_found", "指定された対象者は見つかりません。");
}

}  // namespace

CaseService::CaseService(store::Database& db, const Clock& clock, const AuditLog& audit,
                         AuditWriter& reads)
    : db_(db), clock_(clock), audit_(audit), reads_(reads) {}

Reader CaseService::reader_of(store::CaseStore& cases, const Actor& actor) const {
  // The operator at the command line holds the database itself; it reads as the coordinator.
  if (!actor.user) return Reader{Role::kCaseCoordinator, UserId{0}, std::nullopt};
  Reader r{actor.user->role, actor.user->id, std::nullopt};
  if (actor.user->agency) r.agency = cases.agency(actor.municipality, *actor.user->agency);
  return r;
}

Result<AccessGrant> CaseService::access(store::CaseStore& cases, const Actor& actor,
                                        const Person& person,
                                        const std::optional<Ground>& ground) const {
  return access_given(cases, actor, person, cases.consents(actor.municipality, person.id), ground);
}

Result<AccessGrant> CaseService::access_given(store::CaseStore& cases, const Actor& actor,
                                              const Person& person,
                                              const std::vector<Consent>& consents,
                                              const std::optional<Ground>& ground) const {
  Reader reader = reader_of(cases, actor);
  PersonFacts facts{person, consents, {}};
  if (reader.role == Role::kPartner) {
    facts.support_meetings = cases.support_meetings_with(
        actor.municipality, person.id, reader.user,
        reader.agency ? std::optional<AgencyId>(reader.agency->id) : std::nullopt);
    if (!facts.support_meetings.empty()) {
      facts.case_closed_on = cases.case_closed_on(actor.municipality, person.id);
      facts.meeting_access_days = cases.meeting_access_days(actor.municipality);
    }
  }
  if (reader.role == Role::kCaseWorker && !ground) {
    const std::int64_t now = clock_.now_ms();
    auto invoked = store::AuditStore(cases.connection())
                       .ground_invoked(actor.municipality, actor.name,
                                       std::to_string(person.id.value), now - kGroundWindowMs);
    if (invoked) {
      if (auto kind = parse_ground(invoked->basis))
        facts.active_ground = ActiveGround{*kind, invoked->seq, invoked->at + kGroundWindowMs};
    }
  }
  return decide_access(reader, facts, today_in_japan(clock_), ground);
}

void CaseService::audit_read(const Actor& actor, const std::string& action, PersonId person,
                             const std::string& basis, const std::string& detail) {
  reads_.record({actor.municipality, actor.name, action, "person", std::to_string(person.value), "",
                 "", basis, detail});
}

Error CaseService::refuse_change(store::Connection& c, store::Transaction& tx, const Actor& actor,
                                 PersonId person, std::string_view what, const Error& e) const {
  if (!is_refused_look(e)) return e;
  audit_.append(c, {actor.municipality, actor.name, "person.change_refused", "person",
                    std::to_string(person.value), "", "", "none",
                    nlohmann::json{{"reason", e.code}, {"what", what}}.dump()});
  tx.commit();
  return e;
}

Result<Agency> CaseService::add_agency(const Actor& actor, const std::string& name,
                                       AgencyKind kind) {
  if (auto allowed = require(actor, Permission::kCaseAdmin); !allowed) return allowed.error();
  std::string trimmed(trim(name));
  if (trimmed.empty() || utf8_length(trimmed) > 100 || find_invalid_utf8(trimmed)) {
    return make_error(ErrorKind::kInvalid, "agency.invalid",
                      "機関の名前を 100 文字以内で入力してください。");
  }
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::CaseStore cases(*c);
  Agency a{AgencyId{}, trimmed, kind};
  auto id = store::insert_unless_duplicate(
      [&] { return cases.insert_agency(actor.municipality, a, clock_.now_ms()); });
  if (!id) {
    return make_error(ErrorKind::kConflict, "agency.exists",
                      "機関「" + trimmed + "」は登録済みです。");
  }
  a.id = *id;
  audit_.append(*c, {actor.municipality, actor.name, "agency.add", "agency",
                     std::to_string(a.id.value), "", sha256_hex(a.name), kBasisOfficialDuty,
                     R"({"kind":")" + std::string(agency_kind_name(kind)) + R"("})"});
  tx.commit();
  return a;
}

Result<CaseService::FileSummary> CaseService::file_summary(const Actor& actor) {
  if (auto allowed = require(actor, Permission::kCaseAdmin); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kRead);
  FileSummary out;
  if (auto m = store::AccountStore(*c).find_municipality(actor.municipality))
    out.municipality = m->name;
  store::CaseStore cases(*c);
  out.persons = cases.count_persons(actor.municipality);
  out.agencies = static_cast<std::int64_t>(cases.agencies(actor.municipality).size());
  tx.commit();
  return out;
}

Result<std::vector<Agency>> CaseService::agencies(const Actor& actor) {
  if (auto allowed = require(actor, Permission::kCaseRead); !allowed) return allowed.error();
  auto c = db_.connection();
  return store::CaseStore(*c).agencies(actor.municipality);
}

Result<Person> CaseService::register_person(const Actor& actor, Person p, bool confirmed_new) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  if (!is_valid_date(p.registered_on)) p.registered_on = today_in_japan(clock_);
  p.name = std::string(trim(p.name));
  p.kana = std::string(trim(p.kana));
  std::sort(p.needs.begin(), p.needs.end());
  if (auto valid = validate_person(p); !valid) return valid.error();
  // A case worker registers the people they will support.
  if (actor.user && actor.user->role == Role::kCaseWorker && !p.assigned_worker)
    p.assigned_worker = actor.user->id;
  const std::string key = kana_key_of(p.kana);
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::CaseStore cases(*c);
  if (!confirmed_new) {
    auto same = cases.same_kana_and_birth(actor.municipality, key, p.birth_date);
    if (!same.empty()) {
      Error e = make_error(ErrorKind::kConflict, "person.possible_duplicate",
                           "同じふりがなと生年月日の対象者が既に登録されています。同じ人なら既存の"
                           "記録を開いてください。別の人であることを確かめたうえで登録するときは"
                           "「別人として登録」を選んでください。");
      // Only a record the registrant may open is named; of the others only that they exist,
      // and whom to ask (the id alone would tell a case worker that someone is on file).
      bool hidden = false;
      for (const auto& s : same) {
        auto existing = cases.person(actor.municipality, s.id);
        if (existing && access(cases, actor, *existing, std::nullopt)) {
          e.details.push_back({0, "person", "既存の記録 ID " + std::to_string(s.id.value)});
        } else {
          hidden = true;
        }
      }
      if (hidden) {
        e.details.push_back({0, "person",
                             "担当外の記録に同じ人の可能性があります。多機関調整担当（ケース"
                             "コーディネーター）に確認してください。"});
      }
      return e;
    }
  }
  p.id = cases.insert_person(actor.municipality, p, key, clock_.now_ms());
  p.version = 1;
  audit_.append(
      *c, {actor.municipality, actor.name, "person.register", "person", std::to_string(p.id.value),
           "", digest(p), basis_code({BasisKind::kWithinPurpose, 0, ""}), ""});
  tx.commit();
  return p;
}

Result<PersonView> CaseService::person(const Actor& actor, PersonId id,
                                       const std::optional<Ground>& ground) {
  auto read = [&] {
    auto c = db_.connection();
    store::Transaction tx(*c, store::TxMode::kRead);
    store::CaseStore cases(*c);
    auto r = read_person(cases, actor, id, ground);
    tx.commit();
    return r;
  }();
  return audited(actor, std::move(read));
}

CaseService::PersonRead CaseService::read_person(store::CaseStore& cases, const Actor& actor,
                                                 PersonId id,
                                                 const std::optional<Ground>& ground) const {
  if (auto allowed = require(actor, Permission::kCaseRead); !allowed) return {allowed.error(), id};
  auto stored = cases.person(actor.municipality, id);
  if (!stored) return {not_found(), id};
  auto consents = cases.consents(actor.municipality, id);
  auto grant = access_given(cases, actor, *stored, consents, ground);
  if (!grant) return {grant.error(), id};
  PersonView view;
  view.person = redact(*stored, grant->categories);
  view.categories = grant->categories;
  view.basis = grant->basis;
  if (actor.is_case_staff()) view.consents = std::move(consents);
  return {std::move(view), id};
}

Result<AccessGrant> CaseService::audit_part_read(const Actor& actor, PersonId person,
                                                 std::string_view what, Result<AccessGrant> grant) {
  if (grant) {
    audit_read(actor, "person.read", person, basis_code(grant->basis),
               nlohmann::json{{"what", what}}.dump());
  } else if (is_refused_look(grant.error())) {
    audit_read(actor, "person.read_refused", person, "none",
               nlohmann::json{{"reason", grant.error().code}, {"what", what}}.dump());
  }
  return grant;
}

void CaseService::audit_listed(const Actor& actor, const std::vector<PersonId>& persons,
                               std::string_view what) {
  std::vector<PersonId> once = persons;
  std::sort(once.begin(), once.end(), [](PersonId a, PersonId b) { return a.value < b.value; });
  once.erase(std::unique(once.begin(), once.end()), once.end());
  const std::string detail = nlohmann::json{{"what", what}}.dump();
  for (PersonId p : once)
    audit_read(actor, "person.read", p, basis_code({BasisKind::kWithinPurpose, 0, ""}), detail);
}

Result<PersonView> CaseService::audited(const Actor& actor, PersonRead read) {
  if (!read.view) {
    const Error& e = read.view.error();
    if (is_refused_look(e)) {
      audit_read(actor, "person.read_refused", read.id, "none",
                 nlohmann::json{{"reason", e.code}}.dump());
    }
    return e;
  }
  nlohmann::json detail = nlohmann::json::object();
  if (!read.view->basis.justification.empty())
    detail["justification"] = read.view->basis.justification;
  else if (needs_justification(read.view->basis.kind))
    detail["ground_seq"] = read.view->basis.ref;  // read again within the ground's window
  audit_read(actor, "person.read", read.id, basis_code(read.view->basis), detail.dump());
  return std::move(read.view);
}

Result<std::vector<store::PersonSummary>> CaseService::search(const Actor& actor,
                                                              const std::string& query) {
  if (auto allowed = require(actor, Permission::kCaseRead); !allowed) return allowed.error();
  std::string q(trim(query));
  if (q.empty() || find_invalid_utf8(q) || q.size() > 200) {
    return make_error(ErrorKind::kMalformed, "person.query_required",
                      "ふりがな又は氏名の一部を入力して検索してください（一覧は表示しません）。");
  }
  std::vector<std::pair<store::PersonSummary, LegalBasis>> shown;
  {
    auto c = db_.connection();
    store::Transaction tx(*c, store::TxMode::kRead);
    store::CaseStore cases(*c);
    for (auto& hit : cases.search(actor.municipality, kana_key_of(q), q, kSearchLimit)) {
      auto stored = cases.person(actor.municipality, hit.id);
      if (!stored) continue;
      auto grant = access(cases, actor, *stored, std::nullopt);
      if (!grant) continue;
      // A partner without the basic category sees the name only.
      if (std::find(grant->categories.begin(), grant->categories.end(), InfoCategory::kBasic) ==
          grant->categories.end())
        hit.birth_date = Date{};
      shown.emplace_back(std::move(hit), grant->basis);
    }
    tx.commit();
  }
  std::vector<store::PersonSummary> out;
  for (auto& [hit, basis] : shown) {
    audit_read(actor, "person.search_hit", hit.id, basis_code(basis), "");
    out.push_back(std::move(hit));
  }
  return out;
}

Result<Person> CaseService::update_person(const Actor& actor, const Person& changed,
                                          std::int64_t expected_version) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  Person p = changed;
  p.name = std::string(trim(p.name));
  p.kana = std::string(trim(p.kana));
  std::sort(p.needs.begin(), p.needs.end());
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::CaseStore cases(*c);
  auto stored = cases.person(actor.municipality, p.id);
  if (!stored) return not_found();
  auto grant = access(cases, actor, *stored, std::nullopt);
  if (!grant) return refuse_change(*c, tx, actor, p.id, "person", grant.error());
  p.registered_on = stored->registered_on;
  if (auto valid = validate_person(p); !valid) return valid.error();
  if (!cases.update_person(actor.municipality, p, kana_key_of(p.kana), expected_version)) {
    return make_error(
        ErrorKind::kConflict, "person.stale_version",
        "他の人が先に更新しました。画面を開き直して、最新の内容に変更を加えてください。");
  }
  audit_.append(
      *c, {actor.municipality, actor.name, "person.update", "person", std::to_string(p.id.value),
           digest(*stored), digest(p), basis_code(grant->basis), ""});
  auto after = cases.person(actor.municipality, p.id);
  tx.commit();
  return *after;
}

Result<Consent> CaseService::record_consent(const Actor& actor, Consent consent) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  if (consent.state == ConsentState::kWithdrawn) {
    return make_error(ErrorKind::kInvalid, "consent.invalid",
                      "撤回は、記録済みの同意に対して「同意の撤回」として記録してください。");
  }
  if (auto valid = validate_consent(consent); !valid) return valid.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::CaseStore cases(*c);
  auto person = cases.person(actor.municipality, consent.person);
  if (!person) return not_found();
  auto grant = access(cases, actor, *person, std::nullopt);
  if (!grant) return refuse_change(*c, tx, actor, person->id, "consent", grant.error());
  for (AgencyId a : consent.scope.agencies) {
    if (!cases.agency(actor.municipality, a)) {
      return make_error(ErrorKind::kInvalid, "consent.invalid",
                        "同意の範囲に、登録されていない機関（ID " + std::to_string(a.value) +
                            "）が含まれています。");
    }
  }
  consent.id = cases.insert_consent(actor.municipality, consent, clock_.now_ms());
  nlohmann::json detail{
      {"consent", consent.id.value},
      {"purpose", consent.purpose == ConsentPurpose::kStatistics ? "statistics" : "sharing"},
      {"state", consent_state_name(consent.state)}};
  audit_.append(
      *c, {actor.municipality, actor.name, "consent.record", "person",
           std::to_string(consent.person.value), "", "", basis_code(grant->basis), detail.dump()});
  tx.commit();
  return consent;
}

Result<Consent> CaseService::withdraw_consent(const Actor& actor, ConsentId id, Date on) {
  if (auto allowed = require(actor, Permission::kCaseWrite); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::CaseStore cases(*c);
  auto consent = cases.consent(actor.municipality, id);
  if (!consent)
    return make_error(ErrorKind::kNotFound, "consent.not_found",
                      "指定された同意は見つかりません。");
  auto person = cases.person(actor.municipality, consent->person);
  if (!person) return not_found();
  auto grant = access(cases, actor, *person, std::nullopt);
  if (!grant) return refuse_change(*c, tx, actor, person->id, "consent_withdrawal", grant.error());
  if (!is_valid_date(on) || on < consent->given_on) {
    return make_error(ErrorKind::kInvalid, "consent.invalid",
                      "撤回の日は同意の日以降にしてください。");
  }
  if (!cases.withdraw_consent(actor.municipality, id, on)) {
    return make_error(ErrorKind::kInvalid, "consent.invalid",
                      "この同意は既に撤回されているか、同意ではありません。");
  }
  audit_.append(*c, {actor.municipality, actor.name, "consent.withdraw", "person",
                     std::to_string(consent->person.value), "", "", basis_code(grant->basis),
                     nlohmann::json{{"consent", id.value}}.dump()});
  auto after = cases.consent(actor.municipality, id);
  tx.commit();
  return *after;
}

}  // namespace tsunagu::service
