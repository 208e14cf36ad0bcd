#include "service/implementation_service.hpp"

#include <algorithm>
#include <map>

#include "service/crypto.hpp"
#include "service/plan_lookup.hpp"
#include "store/plan_store.hpp"

namespace tsunagu::service {
namespace {

Error invalid(std::string message) {
  return make_error(ErrorKind::kInvalid, "implementation.invalid", std::move(message));
}
Error not_found(FiscalYear year) {
  return make_error(ErrorKind::kNotFound, "implementation.not_found",
                    year.japanese() + "の実施計画はありません。");
}

// Adds empty rows so that `item` has every year in `years`, keeping what it has, ascending.
void ensure_years(ImplementationItem& item, const std::vector<FiscalYear>& years) {
  for (FiscalYear y : years) {
    bool has = std::any_of(item.years.begin(), item.years.end(),
                           [&](const auto& r) { return r.year == y; });
    if (!has) item.years.push_back({y, "", std::nullopt, ""});
  }
  std::sort(item.years.begin(), item.years.end(),
            [](const auto& a, const auto& b) { return a.year < b.year; });
}

std::string digest(const ImplementationItem& i) {
  std::string s = i.code + "|" + i.end_target;
  for (const auto& list : {i.departments, i.directions, i.budget_projects}) {
    for (const auto& x : list) s += "|" + x;
  }
  for (const auto& y : i.years) {
    s += "|" + std::to_string(y.year.western()) + y.planned_work +
         (y.cost ? std::to_string(*y.cost) : "-") + y.results;
  }
  return sha256_hex(s);
}

}  // namespace

ImplementationService::ImplementationService(store::Database& db, const Clock& clock,
                                             const AuditLog& audit)
    : db_(db), clock_(clock), audit_(audit) {}

Result<RevisionView> ImplementationService::create_revision(const Actor& actor,
                                                            const std::string& plan_name,
                                                            FiscalYear year) {
  if (auto allowed = require(actor, Permission::kPlanEdit); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto plan = resolve_plan(*c, actor.municipality, plan_name);
  if (!plan) return plan.error();
  if (year < plan->from || year > plan->to) {
    return invalid(year.display() + "は計画の期間（" + plan->from.japanese() + "〜" +
                   plan->to.japanese() + "）の外です。");
  }
  store::ImplementationStore store(*c);
  auto existing = store.revisions(actor.municipality, plan->id);
  Revision rev;
  rev.year = year;
  rev.label = revision_label(year, existing.empty());
  // A member plan of a family with a shorter period (R6–R8) plans no year outside it.
  std::map<std::int64_t, FiscalPeriod> spans;
  for (const auto& p : store::PlanStore(*c).load_plans(actor.municipality)) {
    if (p.id != plan->id) continue;
    for (const auto& g : p.goals) {
      for (const auto& policy : g.policies) {
        if (const MemberPlan* m = p.member_at(policy.member))
          spans.emplace(policy.id.value, FiscalPeriod{m->from, m->to});
        if (!existing.empty() || !policy.content.priority) continue;
        ImplementationItem item;
        item.policy = policy.id;
        item.code = policy.code;
        item.title = policy.content.text;
        item.directions = policy.content.directions;
        rev.items.push_back(std::move(item));
      }
    }
  }
  auto window_of = [&](const ImplementationItem& item) {
    std::vector<FiscalYear> window = planning_window(year);
    if (!item.policy) return window;
    auto span = spans.find(item.policy->value);
    if (span != spans.end()) {
      std::erase_if(window,
                    [&](FiscalYear y) { return y < span->second.from || span->second.to < y; });
    }
    return window;
  };
  if (existing.empty()) {
    for (auto& item : rev.items) ensure_years(item, window_of(item));
    if (rev.items.empty())
      return invalid(
          "重点施策がないため実施計画を作れません。施策表で重点施策を指定してください。");
  } else {
    const auto& latest = existing.back();
    if (latest.year >= year) {
      return invalid(year.japanese() + "の実施計画は作れません（最新は" + latest.label +
                     "です。改定は年に一度、新しい年度で行います）。");
    }
    auto base = store.revision(actor.municipality, plan->id, latest.year);
    rev.items = base->items;
    for (auto& item : rev.items) ensure_years(item, window_of(item));
  }
  rev.id = store.insert(actor.municipality, plan->id, rev, clock_.now_ms());
  audit_.append(*c, {actor.municipality, actor.name, "implementation.create_revision", "plan",
                     std::to_string(plan->id.value), "", "", kBasisOfficialDuty,
                     R"({"year":)" + std::to_string(year.western()) + R"(,"items":)" +
                         std::to_string(rev.items.size()) + "}"});
  auto stored = store.revision(actor.municipality, plan->id, year);
  tx.commit();
  return RevisionView{*stored, plan->from, plan->to, true};
}

Result<std::vector<store::RevisionHeader>> ImplementationService::revisions(
    const Actor& actor, const std::string& plan_name) {
  if (auto allowed = require(actor, Permission::kPlanRead); !allowed) return allowed.error();
  auto c = db_.connection();
  auto plan = resolve_plan(*c, actor.municipality, plan_name);
  if (!plan) return plan.error();
  return store::ImplementationStore(*c).revisions(actor.municipality, plan->id);
}

Result<RevisionView> ImplementationService::revision(const Actor& actor,
                                                     const std::string& plan_name,
                                                     FiscalYear year) {
  if (auto allowed = require(actor, Permission::kPlanRead); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kRead);
  auto plan = resolve_plan(*c, actor.municipality, plan_name);
  if (!plan) return plan.error();
  store::ImplementationStore store(*c);
  auto rev = store.revision(actor.municipality, plan->id, year);
  if (!rev) return not_found(year);
  auto all = store.revisions(actor.municipality, plan->id);
  return RevisionView{*rev, plan->from, plan->to, all.back().year == year};
}

Result<RevisionView> ImplementationService::update_item(const Actor& actor,
                                                        const std::string& plan_name,
                                                        FiscalYear year, const std::string& code,
                                                        const ItemPatch& patch) {
  if (auto allowed = require(actor, Permission::kPlanEdit); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto plan = resolve_plan(*c, actor.municipality, plan_name);
  if (!plan) return plan.error();
  store::ImplementationStore store(*c);
  auto all = store.revisions(actor.municipality, plan->id);
  auto rev = store.revision(actor.municipality, plan->id, year);
  if (!rev) return not_found(year);
  if (all.back().year != year) {
    return make_error(ErrorKind::kConflict, "implementation.read_only",
                      rev->label + "は過去の版のため変更できません。最新の" + all.back().label +
                          "を編集してください。");
  }
  auto item = std::find_if(rev->items.begin(), rev->items.end(),
                           [&](const auto& i) { return i.code == code; });
  if (item == rev->items.end()) {
    return make_error(ErrorKind::kNotFound, "implementation.not_found",
                      "項目コード「" + code + "」は" + rev->label + "にありません。");
  }
  const std::string before = digest(*item);
  if (patch.code && *patch.code != item->code) {
    for (const auto& other : rev->items) {
      if (other.code != *patch.code) continue;
      return make_error(ErrorKind::kConflict, "implementation.code_taken",
                        "項目コード「" + *patch.code + "」は" + rev->label + "の「" + other.title +
                            "」が使っています。別のコードにしてください。");
    }
    item->code = *patch.code;
  }
  if (patch.departments) item->departments = *patch.departments;
  if (patch.directions) item->directions = *patch.directions;
  if (patch.end_target) item->end_target = *patch.end_target;
  if (patch.budget_projects) item->budget_projects = *patch.budget_projects;
  auto allowed_years = results_window(year, plan->from);
  for (FiscalYear y : planning_window(year)) allowed_years.push_back(y);
  for (const auto& yp : patch.years) {
    if (std::find(allowed_years.begin(), allowed_years.end(), yp.year) == allowed_years.end()) {
      return invalid(yp.year.japanese() + "は" + rev->label + "の対象年度（" +
                     allowed_years.front().japanese() + "〜" + allowed_years.back().japanese() +
                     "）の外です。");
    }
    ensure_years(*item, {yp.year});
    auto& row = *std::find_if(item->years.begin(), item->years.end(),
                              [&](const auto& r) { return r.year == yp.year; });
    if (yp.planned_work) row.planned_work = *yp.planned_work;
    if (yp.cost) row.cost = *yp.cost;
    if (yp.results) row.results = *yp.results;
  }
  if (auto ok = validate_item(*item); !ok) return ok.error();
  store.update_item(actor.municipality, *item);
  audit_.append(*c, {actor.municipality, actor.name, "implementation.update_item",
                     "implementation_item", std::to_string(item->id.value), before, digest(*item),
                     kBasisOfficialDuty, R"({"year":)" + std::to_string(year.western()) + "}"});
  auto stored = store.revision(actor.municipality, plan->id, year);
  tx.commit();
  return RevisionView{*stored, plan->from, plan->to, true};
}

Result<std::vector<ItemComparison>> ImplementationService::compare(const Actor& actor,
                                                                   const std::string& plan_name,
                                                                   FiscalYear from, FiscalYear to) {
  auto older = revision(actor, plan_name, from);
  if (!older) return older.error();
  auto newer = revision(actor, plan_name, to);
  if (!newer) return newer.error();
  return compare_revisions(older->revision, newer->revision);
}

}  // namespace tsunagu::service
