#include "service/case_admin_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "io/case_json.hpp"
#include "io/resource_json.hpp"
#include "store/audit_store.hpp"
#include "store/case_admin_store.hpp"
#include "store/case_store.hpp"
#include "store/casework_store.hpp"
#include "store/resource_store.hpp"

namespace tsunagu::service {
namespace {

Status check_years(int years) {
  if (years < kMinRetentionYears || years > kMaxRetentionYears) {
    return make_error(ErrorKind::kInvalid, "retention.invalid",
                      "保存期間は " + std::to_string(kMinRetentionYears) + "〜" +
                          std::to_string(kMaxRetentionYears) +
                          " 年で指定してください（終結2年後のフォローアップを残すため3年以上）。");
  }
  return Ok{};
}

std::vector<RetentionCandidate> candidates(store::Connection& c, MunicipalityId m, Date cutoff) {
  std::vector<RetentionCandidate> out;
  for (auto& x : store::CaseAdminStore(c).closed_by(m, cutoff))
    out.push_back({x.person, std::move(x.name), x.closed_on});
  return out;
}

}  // namespace

CaseAdminService::CaseAdminService(store::Database& db, const Clock& clock, const AuditLog& audit)
    : db_(db), clock_(clock), audit_(audit) {}

Result<std::vector<RetentionCandidate>> CaseAdminService::retention_candidates(const Actor& actor,
                                                                               int years) {
  if (auto allowed = require(actor, Permission::kCaseAdmin); !allowed) return allowed.error();
  if (auto ok = check_years(years); !ok) return ok.error();
  auto c = db_.connection();
  return candidates(*c, actor.municipality, add_months(today_in_japan(clock_), -12 * years));
}

Result<int> CaseAdminService::erase(const Actor& actor, int years,
                                    const std::vector<PersonId>& confirmed) {
  if (auto allowed = require(actor, Permission::kCaseAdmin); !allowed) return allowed.error();
  if (auto ok = check_years(years); !ok) return ok.error();
  const Date today = today_in_japan(clock_);
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::CaseStore cases(*c);
  store::CaseworkStore work(*c);
  int erased = 0;
  for (const auto& candidate : candidates(*c, actor.municipality, add_months(today, -12 * years))) {
    if (std::find(confirmed.begin(), confirmed.end(), candidate.person) == confirmed.end())
      continue;
    const PersonId id = candidate.person;
    auto plan = work.support_plan(actor.municipality, id);
    auto supporters = work.supporters_of(actor.municipality, id);
    auto consents = cases.consents(actor.municipality, id);
    const Date closed = *plan->closed_on;
    const Date anniversary = add_months(closed, 24);
    store::AnonymisedCase kept{closed, counts_in_statistics(consents, closed),
                               supporters_on(supporters, plan->started_on),
                               supporters_on(supporters, closed), std::nullopt};
    if (anniversary <= today) {
      kept.local_after_two_years =
          std::any_of(supporters.begin(), supporters.end(), [&](const Supporter& s) {
            return s.local && s.from <= anniversary && (!s.until || anniversary <= *s.until);
          });
    }
    store::CaseAdminStore admin(*c);
    admin.insert_anonymised(actor.municipality, kept, clock_.now_ms());
    admin.delete_person(actor.municipality, id);
    audit_.append(
        *c, {actor.municipality, actor.name, "person.erase", "person", std::to_string(id.value), "",
             "", "law", nlohmann::json{{"retention_years", years}}.dump()});
    ++erased;
  }
  tx.commit();
  return erased;
}

Result<int> CaseAdminService::meeting_access_days(const Actor& actor) {
  if (auto allowed = require(actor, Permission::kCaseAdmin); !allowed) return allowed.error();
  auto c = db_.connection();
  return store::CaseStore(*c).meeting_access_days(actor.municipality);
}

Status CaseAdminService::set_meeting_access_days(const Actor& actor, int days) {
  if (auto allowed = require(actor, Permission::kCaseAdmin); !allowed) return allowed.error();
  if (days < 30 || days > 3650) {
    return make_error(ErrorKind::kInvalid, "settings.invalid",
                      "支援会議の構成員が閲覧できる期間は 30〜3650 日で指定してください。");
  }
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::CaseStore cases(*c);
  const int before = cases.meeting_access_days(actor.municipality);
  cases.set_meeting_access_days(actor.municipality, days);
  audit_.append(*c, {actor.municipality, actor.name, "case.meeting_access_days", "municipality",
                     std::to_string(actor.municipality.value), "", "", kBasisOfficialDuty,
                     nlohmann::json{{"before", before}, {"after", days}}.dump()});
  tx.commit();
  return Ok{};
}

Result<std::string> CaseAdminService::disclosure(const Actor& actor, PersonId id,
                                                 const std::string& request_reference) {
  if (auto allowed = require(actor, Permission::kCaseAdmin); !allowed) return allowed.error();
  const std::string reference(trim(request_reference));
  if (reference.empty() || utf8_length(reference) > 100 || find_invalid_utf8(reference)) {
    return make_error(ErrorKind::kInvalid, "disclosure.request_required",
                      "開示請求の受付番号など、請求を特定する記録（100文字以内）を入力してください"
                      "（例: 令和8年度開示第12号）。監査ログに残ります。");
  }
  nlohmann::ordered_json out;
  {
    auto c = db_.connection();
    store::Transaction tx(*c, store::TxMode::kRead);
    store::CaseStore cases(*c);
    store::CaseworkStore work(*c);
    auto person = cases.person(actor.municipality, id);
    if (!person)
      return make_error(ErrorKind::kNotFound, "person.not_found",
                        "指定された対象者は見つかりません。");
    const std::vector<InfoCategory> all(std::begin(kAllInfoCategories),
                                        std::end(kAllInfoCategories));
    out["title"] = "保有個人情報の開示（個人情報保護法第76条）";
    out["prepared_on"] = format_iso_date(today_in_japan(clock_));
    out["request_reference"] = reference;
    out["person"] = io::person_json(*person, all);
    auto list = [](const auto& items, auto to_json) {
      nlohmann::ordered_json a = nlohmann::ordered_json::array();
      for (const auto& x : items) a.push_back(to_json(x));
      return a;
    };
    out["consents"] = list(cases.consents(actor.municipality, id), io::consent_json);
    out["meetings"] = list(work.meetings_of(actor.municipality, id), io::meeting_json);
    out["referrals"] = list(work.referrals_of(actor.municipality, id), io::referral_json);
    auto plan = work.support_plan(actor.municipality, id);
    out["support_plan"] = plan ? io::support_plan_json(*plan) : nlohmann::ordered_json(nullptr);
    out["checkpoints"] = list(work.checkpoints_of(actor.municipality, id), io::checkpoint_json);
    out["supporters"] = list(work.supporters_of(actor.municipality, id), io::supporter_json);
    out["placements"] =
        list(store::ResourceStore(*c).placements(actor.municipality, id), io::placement_json);
    out["agencies"] = list(cases.agencies(actor.municipality), io::agency_json);
    // Who read or changed the record, when, and on what basis.
    nlohmann::ordered_json accesses = nlohmann::ordered_json::array();
    for (const auto& r :
         store::AuditStore(*c).rows_for(actor.municipality, "person", std::to_string(id.value))) {
      accesses.push_back(
          {{"at", r.at}, {"who", r.actor}, {"action", r.action}, {"basis", r.legal_basis}});
    }
    out["accesses"] = accesses;
    tx.commit();
  }
  {
    auto c = db_.connection();
    store::Transaction tx(*c, store::TxMode::kWrite);
    audit_.append(
        *c, {actor.municipality, actor.name, "person.disclose", "person", std::to_string(id.value),
             "", "", "law",
             nlohmann::json{{"request", reference}, {"law", "個人情報保護法第76条（開示請求）"}}
                 .dump()});
    tx.commit();
  }
  return out.dump(2);
}

Result<Incident> CaseAdminService::record_incident(const Actor& actor, Incident x) {
  if (auto allowed = require(actor, Permission::kCaseAdmin); !allowed) return allowed.error();
  std::vector<ErrorDetail> problems;
  if (!is_valid_date(x.occurred_on) || !is_valid_date(x.discovered_on) ||
      x.discovered_on < x.occurred_on)
    problems.push_back({0, "discovered_on", "発覚日は発生日以降の正しい日付にしてください。"});
  if (trim(x.description).empty() || utf8_length(x.description) > 4000 ||
      find_invalid_utf8(x.description))
    problems.push_back({0, "description", "事案の概要を 4000 文字以内で記入してください。"});
  if (utf8_length(x.measures) > 4000 || find_invalid_utf8(x.measures))
    problems.push_back({0, "measures", "対応を 4000 文字以内で記入してください。"});
  if (x.reported_on && *x.reported_on < x.discovered_on)
    problems.push_back({0, "reported_on", "報告日が発覚日より前になっています。"});
  if (!problems.empty()) {
    Error e =
        make_error(ErrorKind::kInvalid, "incident.invalid", "漏えい等の記録に誤りがあります。");
    e.details = std::move(problems);
    return e;
  }
  store::IncidentRow row{0,  x.occurred_on, x.discovered_on, x.description, "",
                         "", x.measures,    x.reported_on};
  for (InfoCategory cat : x.categories)
    row.categories += (row.categories.empty() ? "" : ",") + std::string(info_category_name(cat));
  for (PersonId p : x.persons)
    row.persons += (row.persons.empty() ? "" : ",") + std::to_string(p.value);
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  x.id = store::CaseAdminStore(*c).insert_incident(actor.municipality, row, clock_.now_ms());
  audit_.append(
      *c, {actor.municipality, actor.name, "incident.record", "incident", std::to_string(x.id), "",
           "", kBasisOfficialDuty, nlohmann::json{{"persons", x.persons.size()}}.dump()});
  tx.commit();
  return x;
}

Result<std::vector<Incident>> CaseAdminService::incidents(const Actor& actor) {
  if (auto allowed = require(actor, Permission::kCaseAdmin); !allowed) return allowed.error();
  auto c = db_.connection();
  std::vector<Incident> out;
  for (const auto& r : store::CaseAdminStore(*c).incidents(actor.municipality)) {
    Incident x;
    x.id = r.id;
    x.occurred_on = r.occurred_on;
    x.discovered_on = r.discovered_on;
    x.description = r.description;
    for (auto part : split(r.categories, ',')) {
      if (auto cat = parse_info_category(part)) x.categories.push_back(*cat);
    }
    for (auto part : split(r.persons, ',')) {
      if (!part.empty()) x.persons.push_back(PersonId{std::stoll(std::string(part))});
    }
    x.measures = r.measures;
    x.reported_on = r.reported_on;
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace tsunagu::service
