// PlanService's plan families: creating a 基本計画, changing its header and goals, adding and
// changing its member plans. Each is one transaction with its audit row.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "service/plan_lookup.hpp"
#include "service/plan_service.hpp"
#include "store/progress_store.hpp"

namespace tsunagu::service {
namespace {

Error name_taken(const std::string& name) {
  return make_error(ErrorKind::kConflict, "plan.exists",
                    "計画「" + name + "」は既にあります。別の名前にしてください。");
}

Error family_stale(std::int64_t current) {
  Error e =
      make_error(ErrorKind::kConflict, "plan.stale_version",
                 "この基本計画は他の人が先に更新しました（現在の版: " + std::to_string(current) +
                     "）。最新の内容を読み込み直してから、もう一度編集してください。");
  e.details.push_back({0, "version", std::to_string(current)});
  return e;
}

nlohmann::json header_json(const FamilyHeader& h) {
  nlohmann::json goals = nlohmann::json::array();
  for (const auto& g : h.goals) goals.push_back({{"no", g.no}, {"title", g.title}});
  return {{"name", h.name},
          {"from", h.from.western()},
          {"to", h.to.western()},
          {"philosophy_chars", h.philosophy.size()},
          {"goals", goals}};
}

Plan reload(store::PlanStore& plans, MunicipalityId municipality, PlanId id) {
  for (auto& p : plans.load_plans(municipality)) {
    if (p.id == id) return std::move(p);
  }
  return {};
}

}  // namespace

Result<PlanId> PlanService::create_family(const Actor& actor, const FamilyHeader& header,
                                          const EvaluationScale& scale) {
  if (auto allowed = require(actor, Permission::kPlanImport); !allowed) return allowed.error();
  if (auto ok = validate_family_header(header); !ok) return ok.error();
  if (auto ok = scale.validate(); !ok) return ok.error();
  const std::int64_t now = clock_.now_ms();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::PlanStore plans(*c);
  if (plans.find_plan(actor.municipality, header.name)) return name_taken(header.name);
  PlanId id = plans.create_family(actor.municipality, header, now);
  store::ProgressStore(*c).set_scale(actor.municipality, id, scale);
  plans.bump_plan_revision(actor.municipality);
  audit_.append(
      *c, {actor.municipality, actor.name, "plan.family.create", "plan", std::to_string(id.value),
           "", "", kBasisOfficialDuty, header_json(header).dump()});
  tx.commit();
  return id;
}

Result<Plan> PlanService::update_family(const Actor& actor, const std::string& family_name,
                                        std::int64_t expected_version, const FamilyHeader& header) {
  if (auto allowed = require(actor, Permission::kPlanImport); !allowed) return allowed.error();
  if (auto ok = validate_family_header(header); !ok) return ok.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::PlanStore plans(*c);
  auto family = find_family(plans, actor.municipality, family_name);
  if (!family) return family.error();
  if (family->version != expected_version) return family_stale(family->version);
  if (header.name != family->name) {
    if (plans.find_plan(actor.municipality, header.name)) return name_taken(header.name);
  }
  for (const auto& m : family->members) {
    if (m.from < header.from || header.to < m.to) {
      return make_error(
          ErrorKind::kInvalid, "plan.invalid",
          "「" + m.name + "」の期間（" + m.from.display() + "〜" + m.to.display() +
              "）が新しい基本計画の期間の外になります。先に計画の期間を変えてください。");
    }
  }
  for (const auto& g : family->goals) {
    bool kept = std::any_of(header.goals.begin(), header.goals.end(),
                            [&](const BasicGoal& h) { return h.no == g.no; });
    if (kept || g.policies.empty()) continue;
    Error e = make_error(ErrorKind::kConflict, "plan.goal_in_use",
                         "基本目標" + std::to_string(g.no) + "「" + g.title + "」には施策が " +
                             std::to_string(g.policies.size()) +
                             " 件あるため削除できません。先に施策を別の基本目標へ移すか、"
                             "計画の施策一覧を取り込み直してください。");
    for (const auto& p : g.policies) e.details.push_back({0, "policy", p.code});
    return e;
  }
  if (plans.save_family(actor.municipality, family->id, expected_version, header) !=
      store::FamilySave::kSaved) {
    return family_stale(family->version + 1);
  }
  plans.bump_plan_revision(actor.municipality);
  audit_.append(*c, {actor.municipality, actor.name, "plan.family.update", "plan",
                     std::to_string(family->id.value), "", "", kBasisOfficialDuty,
                     header_json(header).dump()});
  Plan after = reload(plans, actor.municipality, family->id);
  tx.commit();
  return after;
}

Result<Plan> PlanService::save_member(const Actor& actor, const MemberEdit& edit) {
  if (auto allowed = require(actor, Permission::kPlanImport); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::PlanStore plans(*c);
  auto family = find_family(plans, actor.municipality, edit.family_name);
  if (!family) return family.error();
  if (edit.expected_version && *edit.expected_version != family->version)
    return family_stale(family->version);
  const MemberPlan* current = nullptr;
  for (const auto& m : family->members) {
    if (m.name == edit.name) current = &m;
  }
  if (!current && !edit.position) {
    return make_error(
        ErrorKind::kInvalid, "plan.invalid",
        "「" + edit.name + "」は基本計画「" + family->name +
            "」にまだありません。--position で計画の位置（例: 4）を指定してください。");
  }
  MemberPlan saved = current ? *current : MemberPlan{0, edit.name, family->from, family->to, {}};
  if (edit.position) saved.position = *edit.position;
  if (!edit.rename.empty()) saved.name = edit.rename;
  if (edit.from) saved.from = *edit.from;
  if (edit.to) saved.to = *edit.to;
  if (edit.terms) saved.terms = *edit.terms;
  if (auto ok = validate_member(saved, family->from, family->to); !ok) return ok.error();
  for (const auto& m : family->members) {
    if (&m == current) continue;
    if (m.position == saved.position) {
      return make_error(ErrorKind::kConflict, "plan.position_taken",
                        "基本計画「" + family->name + "」の位置 " + std::to_string(saved.position) +
                            " には既に「" + m.name + "」があります。「" + saved.name +
                            "」は別の位置にしてください。");
    }
    if (m.name == saved.name) return name_taken(saved.name);
  }
  std::optional<int> old_position;
  if (current) old_position = current->position;
  if (!plans.bump_family_version(actor.municipality, family->id, edit.expected_version))
    return family_stale(family->version);
  plans.save_member(actor.municipality, family->id, old_position, saved);
  plans.bump_plan_revision(actor.municipality);
  nlohmann::json detail = {{"member", saved.name},         {"position", saved.position},
                           {"from", saved.from.western()}, {"to", saved.to.western()},
                           {"terms", saved.terms.size()},  {"created", current == nullptr}};
  audit_.append(*c, {actor.municipality, actor.name, "plan.member.save", "plan",
                     std::to_string(family->id.value), "", "", kBasisOfficialDuty, detail.dump()});
  Plan after = reload(plans, actor.municipality, family->id);
  tx.commit();
  return after;
}

namespace {

std::vector<DocumentSection> in_document_order(std::vector<DocumentSection> stored) {
  std::vector<DocumentSection> out;
  for (const auto& kind : kDocumentSections) {
    DocumentSection s{std::string(kind.key), "", 0};
    for (auto& st : stored) {
      if (st.key == kind.key) s = std::move(st);
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

Result<std::vector<DocumentSection>> PlanService::document_sections(const Actor& actor,
                                                                    const std::string& plan_name) {
  if (auto allowed = require(actor, Permission::kPlanRead); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kRead);
  auto plan = resolve_plan(*c, actor.municipality, plan_name);
  if (!plan) return plan.error();
  return in_document_order(store::PlanStore(*c).document_sections(actor.municipality, plan->id));
}

Result<DocumentSection> PlanService::save_document_section(const Actor& actor,
                                                           const std::string& plan_name,
                                                           const std::string& key,
                                                           std::int64_t expected_version,
                                                           const std::string& text) {
  if (auto allowed = require(actor, Permission::kPlanEdit); !allowed) return allowed.error();
  if (find_document_section(key) == nullptr) {
    return make_error(ErrorKind::kInvalid, "plan.section_unknown",
                      "計画書の節「" + key +
                          "」はありません（purpose, position, period, structure, promotion, "
                          "evaluation のいずれかです）。");
  }
  if (text.size() > kMaxFieldBytes || find_invalid_utf8(text)) {
    return make_error(ErrorKind::kInvalid, "policy.invalid",
                      "本文は UTF-8 で 64KiB 以内にしてください。");
  }
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto plan = resolve_plan(*c, actor.municipality, plan_name);
  if (!plan) return plan.error();
  store::PlanStore plans(*c);
  if (!plans.save_document_section(actor.municipality, plan->id, key, expected_version, text,
                                   clock_.now_ms())) {
    std::int64_t current = 0;
    for (const auto& s : plans.document_sections(actor.municipality, plan->id)) {
      if (s.key == key) current = s.version;
    }
    Error e = make_error(ErrorKind::kConflict, "plan.stale_version",
                         "この節は他の人が先に更新しました（現在の版: " + std::to_string(current) +
                             "）。最新の内容を読み込み直してから、もう一度編集してください。");
    e.details.push_back({0, "version", std::to_string(current)});
    return e;
  }
  plans.bump_plan_revision(actor.municipality);
  nlohmann::json detail = {{"section", key}, {"version", expected_version + 1}};
  audit_.append(*c, {actor.municipality, actor.name, "plan.section.save", "plan",
                     std::to_string(plan->id.value), "", "", kBasisOfficialDuty, detail.dump()});
  tx.commit();
  return DocumentSection{key, text, expected_version + 1};
}

}  // namespace tsunagu::service
