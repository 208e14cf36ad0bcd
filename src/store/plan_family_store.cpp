// PlanStore's plan families: the 基本計画's header and shared goals, its member plans with
// their terms, and each member's policies under the shared goals.
#include <map>
#include <set>

#include "store/plan_store.hpp"

namespace tsunagu::store {
namespace family_sql {

constexpr const char* kInsertFamily =
    "INSERT INTO plan (municipality_id, name, period_from, period_to, is_family, philosophy, "
    "version, created_at) VALUES (?, ?, ?, ?, 1, ?, 1, ?) RETURNING id";
constexpr const char* kUpdateFamily =
    "UPDATE plan SET name = ?, period_from = ?, period_to = ?, philosophy = ?, "
    "version = version + 1 WHERE municipality_id = ? AND id = ? AND version = ?";
constexpr const char* kGoalsOf =
    "SELECT id, no, title FROM basic_goal WHERE municipality_id = ? AND plan_id = ? ORDER BY no";
constexpr const char* kInsertGoal =
    "INSERT INTO basic_goal (municipality_id, plan_id, no, title) VALUES (?, ?, ?, ?)";
constexpr const char* kRetitleGoal =
    "UPDATE basic_goal SET title = ? WHERE municipality_id = ? AND id = ?";
constexpr const char* kDeleteGoal = "DELETE FROM basic_goal WHERE municipality_id = ? AND id = ?";
constexpr const char* kMembers =
    "SELECT id, plan_id, position, name, period_from, period_to FROM plan_member "
    "WHERE municipality_id = ? ORDER BY plan_id, position";
constexpr const char* kTerms =
    "SELECT member_id, name, label, period_from, period_to FROM plan_member_term "
    "WHERE municipality_id = ? ORDER BY member_id, ord";
constexpr const char* kMemberAt =
    "SELECT id FROM plan_member WHERE municipality_id = ? AND plan_id = ? AND position = ?";
constexpr const char* kInsertMember =
    "INSERT INTO plan_member (municipality_id, plan_id, position, name, period_from, period_to) "
    "SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM plan WHERE municipality_id = ? AND "
    "id = ?) RETURNING id";
constexpr const char* kBumpVersion =
    "UPDATE plan SET version = version + 1 WHERE municipality_id = ? AND id = ?";
constexpr const char* kBumpVersionIf =
    "UPDATE plan SET version = version + 1 WHERE municipality_id = ? AND id = ? AND version = ?";
constexpr const char* kUpdateMember =
    "UPDATE plan_member SET position = ?, name = ?, period_from = ?, period_to = ? "
    "WHERE municipality_id = ? AND id = ?";
constexpr const char* kDeleteTerms =
    "DELETE FROM plan_member_term WHERE municipality_id = ? AND member_id = ?";
constexpr const char* kInsertTerm =
    "INSERT INTO plan_member_term (municipality_id, member_id, ord, name, label, period_from, "
    "period_to) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kMemberPolicyCodes =
    "SELECT p.id, g.no, p.no FROM policy p JOIN basic_goal g ON g.id = p.goal_id "
    "AND g.municipality_id = p.municipality_id WHERE p.municipality_id = ? AND p.member_id = ?";
constexpr const char* kSetCode = "UPDATE policy SET code = ? WHERE municipality_id = ? AND id = ?";
constexpr const char* kDeletePolicy = "DELETE FROM policy WHERE municipality_id = ? AND id = ?";

constexpr const char* kSections =
    "SELECT section, text, version FROM plan_section WHERE municipality_id = ? AND plan_id = ?";
constexpr const char* kInsertSection =
    "INSERT INTO plan_section (municipality_id, plan_id, section, text, version, updated_at) "
    "SELECT ?, ?, ?, ?, 1, ? WHERE NOT EXISTS (SELECT 1 FROM plan_section WHERE "
    "municipality_id = ? AND plan_id = ? AND section = ?) AND EXISTS (SELECT 1 FROM plan WHERE "
    "municipality_id = ? AND id = ?)";
constexpr const char* kUpdateSection =
    "UPDATE plan_section SET text = ?, version = version + 1, updated_at = ? "
    "WHERE municipality_id = ? AND plan_id = ? AND section = ? AND version = ?";

}  // namespace family_sql

PlanId PlanStore::create_family(MunicipalityId municipality, const FamilyHeader& h,
                                std::int64_t now) {
  const std::int64_t m = municipality.value;
  PlanId id{c_.query(family_sql::kInsertFamily, {m, h.name, std::int64_t{h.from.western()},
                                                 std::int64_t{h.to.western()}, h.philosophy, now})
                .at(0)
                .integer(0)};
  for (const auto& g : h.goals)
    c_.execute(family_sql::kInsertGoal, {m, id.value, std::int64_t{g.no}, g.title});
  return id;
}

FamilySave PlanStore::save_family(MunicipalityId municipality, PlanId plan,
                                  std::int64_t expected_version, const FamilyHeader& h) {
  const std::int64_t m = municipality.value;
  if (c_.execute(family_sql::kUpdateFamily,
                 {h.name, std::int64_t{h.from.western()}, std::int64_t{h.to.western()},
                  h.philosophy, m, plan.value, expected_version}) != 1) {
    return FamilySave::kStale;
  }
  std::map<int, const BasicGoal*> wanted;
  for (const auto& g : h.goals) wanted[g.no] = &g;
  std::set<int> present;
  for (const auto& r : c_.query(family_sql::kGoalsOf, {m, plan.value})) {
    int no = static_cast<int>(r.integer(1));
    auto it = wanted.find(no);
    if (it == wanted.end()) {
      c_.execute(family_sql::kDeleteGoal, {m, r.integer(0)});
      continue;
    }
    present.insert(no);
    if (r.text(2) != it->second->title)
      c_.execute(family_sql::kRetitleGoal, {it->second->title, m, r.integer(0)});
  }
  for (const auto& g : h.goals) {
    if (!present.count(g.no))
      c_.execute(family_sql::kInsertGoal, {m, plan.value, std::int64_t{g.no}, g.title});
  }
  return FamilySave::kSaved;
}

std::vector<PlanStore::StoredMember> PlanStore::load_members(MunicipalityId municipality) {
  std::vector<StoredMember> out;
  std::map<std::int64_t, std::size_t> index;
  for (const auto& r : c_.query(family_sql::kMembers, {municipality.value})) {
    index[r.integer(0)] = out.size();
    out.push_back({r.integer(0),
                   PlanId{r.integer(1)},
                   {static_cast<int>(r.integer(2)),
                    r.text(3),
                    FiscalYear(static_cast<int>(r.integer(4))),
                    FiscalYear(static_cast<int>(r.integer(5))),
                    {}}});
  }
  for (const auto& r : c_.query(family_sql::kTerms, {municipality.value})) {
    auto it = index.find(r.integer(0));
    if (it == index.end()) continue;
    out[it->second].member.terms.push_back({r.text(1), r.text(2),
                                            FiscalYear(static_cast<int>(r.integer(3))),
                                            FiscalYear(static_cast<int>(r.integer(4)))});
  }
  return out;
}

void PlanStore::save_member(MunicipalityId municipality, PlanId plan,
                            std::optional<int> old_position, const MemberPlan& member) {
  const std::int64_t m = municipality.value;
  std::int64_t id = 0;
  if (old_position) {
    auto rows = c_.query(family_sql::kMemberAt, {m, plan.value, std::int64_t{*old_position}});
    if (!rows.empty()) id = rows[0].integer(0);
  }
  if (id == 0) {
    auto inserted =
        c_.query(family_sql::kInsertMember, {m, plan.value, std::int64_t{member.position},
                                             member.name, std::int64_t{member.from.western()},
                                             std::int64_t{member.to.western()}, m, plan.value});
    if (inserted.empty()) return;  // not this municipality's plan
    id = inserted[0].integer(0);
  } else {
    c_.execute(family_sql::kUpdateMember,
               {std::int64_t{member.position}, member.name, std::int64_t{member.from.western()},
                std::int64_t{member.to.western()}, m, id});
    if (*old_position != member.position) {
      for (const auto& r : c_.query(family_sql::kMemberPolicyCodes, {m, id})) {
        std::string code = policy_code(member.position, static_cast<int>(r.integer(1)),
                                       static_cast<int>(r.integer(2)));
        c_.execute(family_sql::kSetCode, {code, m, r.integer(0)});
      }
    }
  }
  c_.execute(family_sql::kDeleteTerms, {m, id});
  std::int64_t ord = 0;
  for (const auto& t : member.terms) {
    c_.execute(family_sql::kInsertTerm,
               {m, id, ord++, t.name, t.label, std::int64_t{t.from.western()},
                std::int64_t{t.to.western()}});
  }
}

bool PlanStore::bump_family_version(MunicipalityId municipality, PlanId plan,
                                    std::optional<std::int64_t> expected) {
  if (expected) {
    return c_.execute(family_sql::kBumpVersionIf, {municipality.value, plan.value, *expected}) == 1;
  }
  return c_.execute(family_sql::kBumpVersion, {municipality.value, plan.value}) == 1;
}

TreeChanges PlanStore::replace_member_policies(MunicipalityId municipality, const PlanHeader& plan,
                                               int position, const std::vector<BasicGoal>& goals,
                                               std::int64_t now) {
  const std::int64_t m = municipality.value;
  TreeChanges changes;
  auto member_rows = c_.query(family_sql::kMemberAt, {m, plan.id.value, std::int64_t{position}});
  if (member_rows.empty()) return changes;
  const std::int64_t member = member_rows[0].integer(0);
  std::map<int, const BasicGoal*> stored_goals;
  auto all = load_plans(municipality);
  for (const auto& p : all) {
    if (p.id != plan.id) continue;
    for (const auto& g : p.goals) stored_goals[g.no] = &g;
  }
  std::set<int> in_file;
  for (const auto& goal : goals) {
    auto stored = stored_goals.find(goal.no);
    if (stored == stored_goals.end()) continue;  // the caller refused goals the family lacks
    in_file.insert(goal.no);
    std::map<int, const Policy*> old;
    for (const auto& p : stored->second->policies) {
      if (p.member == position) old[p.no] = &p;
    }
    std::set<int> kept;
    for (const auto& policy : goal.policies) {
      kept.insert(policy.no);
      auto it = old.find(policy.no);
      replace_policy(municipality, plan, stored->second->id, goal.no, policy,
                     it == old.end() ? nullptr : it->second, now, changes, member, position);
    }
    for (const auto& [no, p] : old) {
      if (kept.count(no)) continue;
      c_.execute(family_sql::kDeletePolicy, {m, p->id.value});
      ++changes.policies_removed;
    }
  }
  for (const auto& [no, g] : stored_goals) {
    if (in_file.count(no)) continue;
    for (const auto& p : g->policies) {
      if (p.member != position) continue;
      c_.execute(family_sql::kDeletePolicy, {m, p.id.value});
      ++changes.policies_removed;
    }
  }
  return changes;
}

std::vector<DocumentSection> PlanStore::document_sections(MunicipalityId municipality,
                                                          PlanId plan) {
  std::vector<DocumentSection> out;
  for (const auto& r : c_.query(family_sql::kSections, {municipality.value, plan.value}))
    out.push_back({r.text(0), r.text(1), r.integer(2)});
  return out;
}

bool PlanStore::save_document_section(MunicipalityId municipality, PlanId plan,
                                      const std::string& key, std::int64_t expected_version,
                                      const std::string& text, std::int64_t now) {
  const std::int64_t m = municipality.value;
  if (expected_version == 0) {
    return c_.execute(family_sql::kInsertSection,
                      {m, plan.value, key, text, now, m, plan.value, key, m, plan.value}) == 1;
  }
  return c_.execute(family_sql::kUpdateSection,
                    {text, now, m, plan.value, key, expected_version}) == 1;
}

}  // namespace tsunagu::store
