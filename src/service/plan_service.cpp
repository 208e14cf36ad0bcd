#include "service/plan_service.hpp"

#include <algorithm>
#include <ctime>

#include <nlohmann/json.hpp>

#include "io/plan_json.hpp"
#include "io/policy_sheet.hpp"
#include "io/sheet_text.hpp"
#include "service/crypto.hpp"
#include "service/plan_lookup.hpp"
#include "store/progress_store.hpp"

namespace tsunagu::service {

std::string policy_digest(const PolicyContent& content) {
  Policy p;
  p.content = content;
  return sha256_hex(io::policy_to_json(p).dump());
}

namespace {

// The fiscal year (in UTC) that `now_ms` falls in: a plan's default start.
FiscalYear fiscal_year_at(std::int64_t now_ms) {
  std::time_t seconds = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return FiscalYear::containing(Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday});
}

Status check_plan_number(const std::optional<int>& family_position) {
  if (family_position && (*family_position < 1 || *family_position > 99)) {
    return make_error(ErrorKind::kInvalid, "plan.invalid",
                      "計画の番号（--plan-number）は 1〜99 で指定してください。");
  }
  return Ok{};
}

// The parsed table as the plan's tree: goals with their policies, ids not yet known.
std::vector<BasicGoal> goals_of_table(const io::PolicyTable& table) {
  std::vector<BasicGoal> goals;
  for (const auto& g : table.goals) {
    BasicGoal goal{{}, g.no, g.title, {}};
    for (const auto& p : g.policies) goal.policies.push_back(Policy{{}, p.no, "", 0, p.content});
    goals.push_back(std::move(goal));
  }
  return goals;
}

// How a table's goals fit its family's: titles that differ (the family's stay) and goals the
// family lacks (refused).
struct FamilyFit {
  std::vector<std::string> warnings;
  std::vector<std::string> unknown;
};

FamilyFit fit_to_family(const Plan& family, const io::PolicyTable& table) {
  FamilyFit fit;
  for (const auto& g : table.goals) {
    auto it = std::find_if(family.goals.begin(), family.goals.end(),
                           [&](const BasicGoal& f) { return f.no == g.no; });
    if (it == family.goals.end()) {
      fit.unknown.push_back("基本目標" + std::to_string(g.no) + "「" + g.title + "」");
    } else if (io::compact_header(it->title) != io::compact_header(g.title)) {
      fit.warnings.push_back("基本目標" + std::to_string(g.no) + " の名前がファイルでは「" +
                             g.title + "」、基本計画では「" + it->title +
                             "」です。基本計画の名前のまま取り込みます。");
    }
  }
  return fit;
}

Error position_taken(const Plan& family, int position, const std::string& holder,
                     const std::string& name) {
  return make_error(ErrorKind::kConflict, "plan.position_taken",
                    "基本計画「" + family.name + "」の位置 " + std::to_string(position) +
                        " には既に「" + holder + "」があります。「" + name +
                        "」は別の位置（--position）で取り込んでください。");
}

}  // namespace

PlanService::PlanService(store::Database& db, const Clock& clock, const AuditLog& audit)
    : db_(db), clock_(clock), audit_(audit) {}

Result<ImportReport> PlanService::import_policy_table(const Actor& actor,
                                                      const PolicyTableImport& request,
                                                      std::string_view bytes) {
  if (auto allowed = require(actor, Permission::kPlanImport); !allowed) return allowed.error();
  const std::int64_t now = clock_.now_ms();
  FiscalYear from = request.from.value_or(fiscal_year_at(now));
  FiscalYear to = request.to.value_or(FiscalYear(from.western() + 5));
  if (auto ok = validate_plan_header(request.plan_name, from, to); !ok) return ok.error();
  if (auto ok = check_plan_number(request.family_position); !ok) return ok.error();
  auto table = io::parse_policy_file(bytes, request.file_name, {request.sheet, request.columns});
  if (!table) return table.error();
  if (!request.family_name.empty()) return import_member(actor, request, *table);
  std::vector<BasicGoal> goals = goals_of_table(*table);

  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::PlanStore plans(*c);
  ImportReport report;
  auto header = plans.find_plan(actor.municipality, request.plan_name);
  if (header && header->family) {
    return make_error(ErrorKind::kInvalid, "plan.is_family",
                      "「" + request.plan_name + "」は基本計画です。計画の施策は --family「" +
                          request.plan_name +
                          "」--plan 計画名 --position 番号 で、その計画として取り込んでください。");
  }
  if (!header) {
    header = store::PlanHeader{{}, request.plan_name, from, to, request.family_position};
    header->id = plans.create_plan(actor.municipality, *header, now);
    report.plan_created = true;
  } else if (request.family_position) {
    header->family_position = request.family_position;
  }
  report.plan = header->id;
  report.changes = plans.replace_tree(actor.municipality, *header, goals, now);
  report.goals = static_cast<int>(goals.size());
  report.policies = static_cast<int>(table->policy_count());
  plans.bump_plan_revision(actor.municipality);
  nlohmann::json detail = {{"goals", report.goals},
                           {"policies", report.policies},
                           {"added", report.changes.policies_added},
                           {"changed", report.changes.policies_changed},
                           {"removed", report.changes.policies_removed},
                           {"plan_created", report.plan_created}};
  audit_.append(
      *c, {actor.municipality, actor.name, "plan.import", "plan", std::to_string(header->id.value),
           "", sha256_hex(bytes), kBasisOfficialDuty, detail.dump()});
  tx.commit();
  return report;
}

Result<ImportReport> PlanService::import_member(const Actor& actor,
                                                const PolicyTableImport& request,
                                                const io::PolicyTable& table) {
  const std::int64_t now = clock_.now_ms();
  std::vector<BasicGoal> goals = goals_of_table(table);
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::PlanStore plans(*c);
  auto family = find_family(plans, actor.municipality, request.family_name);
  if (!family) return family.error();
  ImportReport report;
  report.plan = family->id;
  const MemberPlan* member = nullptr;
  for (const auto& m : family->members) {
    if (m.name == request.plan_name) member = &m;
  }
  MemberPlan saved = member ? *member : MemberPlan{};
  std::optional<int> old_position;
  if (member) old_position = member->position;
  if (!member && !request.family_position) {
    return make_error(
        ErrorKind::kInvalid, "plan.invalid",
        "「" + request.plan_name + "」は基本計画「" + family->name +
            "」にまだありません。--position で計画の位置（例: 4）を指定してください。");
  }
  if (request.family_position) saved.position = *request.family_position;
  if (!member) {
    saved.name = request.plan_name;
    saved.from = family->from;
    saved.to = family->to;
  }
  if (request.from) saved.from = *request.from;
  if (request.to) saved.to = *request.to;
  if (auto ok = validate_member(saved, family->from, family->to); !ok) return ok.error();
  if (const MemberPlan* other = family->member_at(saved.position);
      other != nullptr && other->name != saved.name) {
    return position_taken(*family, saved.position, other->name, saved.name);
  }
  FamilyFit fit = fit_to_family(*family, table);
  report.warnings = fit.warnings;
  if (!fit.unknown.empty()) {
    Error e =
        make_error(ErrorKind::kInvalid, "import.unknown_goal",
                   "基本計画「" + family->name + "」にない基本目標がファイルにあります。" +
                       "先に基本計画に基本目標を加えてください（tsunagu plan family edit）。");
    for (const auto& u : fit.unknown) e.details.push_back({0, "goal", u});
    return e;
  }
  if (!(member && saved == *member)) {
    plans.save_member(actor.municipality, family->id, old_position, saved);
    report.member_created = member == nullptr;
  }
  // An edit of the family made before this import (a goal deleted, say) is now stale.
  plans.bump_family_version(actor.municipality, family->id);
  auto header = plans.find_plan(actor.municipality, family->id);
  report.position = saved.position;
  report.changes =
      plans.replace_member_policies(actor.municipality, *header, saved.position, goals, now);
  report.goals = static_cast<int>(goals.size());
  report.policies = static_cast<int>(table.policy_count());
  plans.bump_plan_revision(actor.municipality);
  nlohmann::json detail = {{"member", saved.name},
                           {"position", saved.position},
                           {"goals", report.goals},
                           {"policies", report.policies},
                           {"added", report.changes.policies_added},
                           {"changed", report.changes.policies_changed},
                           {"removed", report.changes.policies_removed},
                           {"member_created", report.member_created}};
  audit_.append(*c, {actor.municipality, actor.name, "plan.import", "plan",
                     std::to_string(family->id.value), "", "", kBasisOfficialDuty, detail.dump()});
  tx.commit();
  return report;
}

Result<PolicyTablePreview> PlanService::preview_policy_table(const Actor& actor,
                                                             const PolicyTableImport& request,
                                                             std::string_view bytes) {
  if (auto allowed = require(actor, Permission::kPlanImport); !allowed) return allowed.error();
  auto reading =
      io::preview_policy_file(bytes, request.file_name, {request.sheet, request.columns});
  if (!reading) return reading.error();
  PolicyTablePreview preview{std::move(*reading), false};
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kRead);
  store::PlanStore plans(*c);
  if (request.family_name.empty()) {
    preview.plan_exists = plans.find_plan(actor.municipality, request.plan_name).has_value();
    preview.position = request.family_position;
    return preview;
  }
  auto family = find_family(plans, actor.municipality, request.family_name);
  if (!family) {
    preview.family_problems.push_back(family.error().message);
    return preview;
  }
  preview.position = request.family_position;
  for (const auto& m : family->members) {
    if (m.name != request.plan_name) continue;
    preview.plan_exists = true;
    if (!preview.position) preview.position = m.position;
  }
  if (!preview.position) {
    preview.family_problems.push_back("「" + request.plan_name +
                                      "」は新しい計画です。位置（例: 4）を指定してください。");
  } else if (const MemberPlan* other = family->member_at(*preview.position);
             other != nullptr && other->name != request.plan_name) {
    preview.family_problems.push_back(
        position_taken(*family, *preview.position, other->name, request.plan_name).message);
  }
  FamilyFit fit = fit_to_family(*family, preview.reading.table);
  preview.family_warnings = std::move(fit.warnings);
  for (const auto& u : fit.unknown)
    preview.family_problems.push_back("基本計画にない" + u +
                                      "があります。先に基本計画に加えてください。");
  return preview;
}

Result<PlanId> PlanService::create_plan(const Actor& actor, const std::string& name,
                                        FiscalYear from, FiscalYear to,
                                        const EvaluationScale& scale) {
  if (auto allowed = require(actor, Permission::kPlanImport); !allowed) return allowed.error();
  if (auto ok = validate_plan_header(name, from, to); !ok) return ok.error();
  if (auto ok = scale.validate(); !ok) return ok.error();
  const std::int64_t now = clock_.now_ms();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::PlanStore plans(*c);
  if (plans.find_plan(actor.municipality, name)) {
    return make_error(ErrorKind::kConflict, "plan.exists",
                      "計画「" + name +
                          "」は既にあります。別の名前にするか、評価の段階は "
                          "tsunagu progress scale で変えてください。");
  }
  store::PlanHeader header{{}, name, from, to, std::nullopt};
  header.id = plans.create_plan(actor.municipality, header, now);
  store::ProgressStore(*c).set_scale(actor.municipality, header.id, scale);
  plans.bump_plan_revision(actor.municipality);
  nlohmann::json grades = nlohmann::json::array();
  for (const auto& g : scale.grades()) grades.push_back(g.code);
  nlohmann::json detail = {{"from", from.western()}, {"to", to.western()}, {"grades", grades}};
  audit_.append(*c, {actor.municipality, actor.name, "plan.create", "plan",
                     std::to_string(header.id.value), "", "", kBasisOfficialDuty, detail.dump()});
  tx.commit();
  return header.id;
}

Result<std::vector<Plan>> PlanService::plans(const Actor& actor) {
  if (auto allowed = require(actor, Permission::kPlanRead); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kRead);
  return store::PlanStore(*c).load_plans(actor.municipality);
}

Result<std::int64_t> PlanService::plan_revision(const Actor& actor) {
  if (auto allowed = require(actor, Permission::kPlanRead); !allowed) return allowed.error();
  auto c = db_.connection();
  return store::PlanStore(*c).plan_revision(actor.municipality);
}

Result<Policy> PlanService::policy(const Actor& actor, PolicyId id) {
  if (auto allowed = require(actor, Permission::kPlanRead); !allowed) return allowed.error();
  auto c = db_.connection();
  auto policy = store::PlanStore(*c).load_policy(actor.municipality, id);
  if (!policy)
    return make_error(ErrorKind::kNotFound, "policy.not_found", "指定された施策はありません。");
  return *policy;
}

Result<Policy> PlanService::update_policy(const Actor& actor, PolicyId id,
                                          std::int64_t expected_version,
                                          const PolicyContent& content) {
  if (auto allowed = require(actor, Permission::kPlanEdit); !allowed) return allowed.error();
  if (auto valid = validate_policy_content(content); !valid) return valid.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::PlanStore plans(*c);
  auto before = plans.load_policy(actor.municipality, id);
  if (!before)
    return make_error(ErrorKind::kNotFound, "policy.not_found", "指定された施策はありません。");
  if (before->version != expected_version ||
      !plans.update_policy(actor.municipality, id, expected_version, content, clock_.now_ms())) {
    Error e = make_error(
        ErrorKind::kConflict, "policy.stale_version",
        "この施策は他の人が先に更新しました（現在の版: " + std::to_string(before->version) +
            "）。最新の内容を読み込み直してから、もう一度編集してください。");
    e.details.push_back({0, "version", std::to_string(before->version)});
    return e;
  }
  plans.bump_plan_revision(actor.municipality);
  audit_.append(
      *c, {actor.municipality, actor.name, "policy.update", "policy", std::to_string(id.value),
           policy_digest(before->content), policy_digest(content), kBasisOfficialDuty,
           R"({"version":)" + std::to_string(expected_version + 1) + "}"});
  auto after = plans.load_policy(actor.municipality, id);
  tx.commit();
  return *after;
}

}  // namespace tsunagu::service
