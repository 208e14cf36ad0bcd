#include "store/plan_store.hpp"

#include <map>
#include <set>
#include <unordered_map>

namespace tsunagu::store {
namespace plan_sql {

constexpr const char* kFindPlan =
    "SELECT id, name, period_from, period_to, family_position, is_family, philosophy, version "
    "FROM plan WHERE municipality_id = ? AND name = ?";
constexpr const char* kInsertPlan =
    "INSERT INTO plan (municipality_id, name, period_from, period_to, family_position, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdatePlanPosition =
    "UPDATE plan SET family_position = ? WHERE municipality_id = ? AND id = ?";
constexpr const char* kPlans =
    "SELECT id, name, period_from, period_to, family_position, is_family, philosophy, version "
    "FROM plan WHERE municipality_id = ? ORDER BY id";
constexpr const char* kGoals =
    "SELECT id, plan_id, no, title FROM basic_goal WHERE municipality_id = ? ORDER BY plan_id, no";
constexpr const char* kPolicies =
    "SELECT p.id, p.goal_id, p.no, p.code, p.text, p.is_priority, p.vision, p.version, "
    "COALESCE(m.position, 0) FROM policy p LEFT JOIN plan_member m ON m.id = p.member_id "
    "AND m.municipality_id = p.municipality_id WHERE p.municipality_id = ? "
    "ORDER BY p.goal_id, COALESCE(m.position, 0), p.no";
constexpr const char* kViewpoints =
    "SELECT policy_id, viewpoint FROM policy_viewpoint WHERE municipality_id = ? "
    "ORDER BY policy_id, viewpoint";
constexpr const char* kFindings =
    "SELECT policy_id, kind, text, source FROM policy_finding WHERE municipality_id = ? "
    "ORDER BY policy_id, ord";
constexpr const char* kItems =
    "SELECT policy_id, kind, text FROM policy_item WHERE municipality_id = ? "
    "ORDER BY policy_id, kind, ord";
constexpr const char* kPolicy =
    "SELECT p.id, p.goal_id, p.no, p.code, p.text, p.is_priority, p.vision, p.version, "
    "COALESCE(m.position, 0) FROM policy p LEFT JOIN plan_member m ON m.id = p.member_id "
    "AND m.municipality_id = p.municipality_id WHERE p.municipality_id = ? AND p.id = ?";
constexpr const char* kViewpointsOf =
    "SELECT policy_id, viewpoint FROM policy_viewpoint WHERE municipality_id = ? AND policy_id = ? "
    "ORDER BY viewpoint";
constexpr const char* kFindingsOf =
    "SELECT policy_id, kind, text, source FROM policy_finding WHERE municipality_id = ? "
    "AND policy_id = ? ORDER BY ord";
constexpr const char* kItemsOf =
    "SELECT policy_id, kind, text FROM policy_item WHERE municipality_id = ? AND policy_id = ? "
    "ORDER BY kind, ord";
constexpr const char* kUpdatePolicy =
    "UPDATE policy SET text = ?, is_priority = ?, vision = ?, version = version + 1, "
    "updated_at = ? WHERE municipality_id = ? AND id = ? AND version = ?";
constexpr const char* kUpdatePolicyCode =
    "UPDATE policy SET code = ? WHERE municipality_id = ? AND id = ?";
constexpr const char* kDeleteViewpoints =
    "DELETE FROM policy_viewpoint WHERE municipality_id = ? AND policy_id = ?";
constexpr const char* kDeleteFindings =
    "DELETE FROM policy_finding WHERE municipality_id = ? AND policy_id = ?";
constexpr const char* kDeleteItems =
    "DELETE FROM policy_item WHERE municipality_id = ? AND policy_id = ?";
constexpr const char* kInsertViewpoint =
    "INSERT INTO policy_viewpoint (municipality_id, policy_id, viewpoint) VALUES (?, ?, ?)";
constexpr const char* kInsertFinding =
    "INSERT INTO policy_finding (municipality_id, policy_id, ord, kind, text, source) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertItem =
    "INSERT INTO policy_item (municipality_id, policy_id, kind, ord, text) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kInsertGoal =
    "INSERT INTO basic_goal (municipality_id, plan_id, no, title) VALUES (?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdateGoalTitle =
    "UPDATE basic_goal SET title = ? WHERE municipality_id = ? AND id = ?";
constexpr const char* kDeleteGoal = "DELETE FROM basic_goal WHERE municipality_id = ? AND id = ?";
constexpr const char* kInsertPolicy =
    "INSERT INTO policy (municipality_id, plan_id, goal_id, no, code, text, is_priority, vision, "
    "version, updated_at, member_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id";
constexpr const char* kDeletePolicy = "DELETE FROM policy WHERE municipality_id = ? AND id = ?";
constexpr const char* kRevision = "SELECT plan_revision FROM municipality WHERE id = ?";
constexpr const char* kBumpRevision =
    "UPDATE municipality SET plan_revision = plan_revision + 1 WHERE id = ?";

}  // namespace plan_sql

namespace {

constexpr std::string_view kDirection = "direction", kExample = "example", kNote = "note";

PlanHeader read_header(const Row& r) {
  PlanHeader h;
  h.id = PlanId{r.integer(0)};
  h.name = r.text(1);
  h.from = FiscalYear(static_cast<int>(r.integer(2)));
  h.to = FiscalYear(static_cast<int>(r.integer(3)));
  if (auto p = r.optional_integer(4)) h.family_position = static_cast<int>(*p);
  h.family = r.integer(5) != 0;
  h.philosophy = r.text(6);
  h.version = r.integer(7);
  return h;
}

Policy read_policy(const Row& r) {
  Policy p;
  p.id = PolicyId{r.integer(0)};
  p.no = static_cast<int>(r.integer(2));
  p.code = r.text(3);
  p.content.text = r.text(4);
  p.content.priority = r.integer(5) != 0;
  p.content.vision = r.text(6);
  p.version = r.integer(7);
  p.member = static_cast<int>(r.integer(8));
  return p;
}

// Fills viewpoints, findings and lists from the three child queries' rows.
void attach_children(std::unordered_map<std::int64_t, PolicyContent*>& by_id,
                     const Rows& viewpoints, const Rows& findings, const Rows& items) {
  for (const auto& r : viewpoints) {
    if (auto it = by_id.find(r.integer(0)); it != by_id.end()) {
      it->second->viewpoints.push_back(static_cast<int>(r.integer(1)));
    }
  }
  for (const auto& r : findings) {
    if (auto it = by_id.find(r.integer(0)); it != by_id.end()) {
      it->second->findings.push_back(
          {parse_finding_kind(r.text(1)).value_or(FindingKind::kIssue), r.text(2), r.text(3)});
    }
  }
  for (const auto& r : items) {
    auto it = by_id.find(r.integer(0));
    if (it == by_id.end()) continue;
    std::string kind = r.text(1);
    auto& list = kind == kDirection ? it->second->directions
                 : kind == kExample ? it->second->examples
                                    : it->second->notes;
    list.push_back(r.text(2));
  }
}

}  // namespace

std::optional<PlanHeader> PlanStore::find_plan(MunicipalityId municipality,
                                               const std::string& name) {
  auto rows = c_.query(plan_sql::kFindPlan, {municipality.value, name});
  if (rows.empty()) return std::nullopt;
  return read_header(rows[0]);
}

std::optional<PlanHeader> PlanStore::find_plan(MunicipalityId municipality, PlanId id) {
  for (auto& h : plan_headers(municipality)) {
    if (h.id == id) return h;
  }
  return std::nullopt;
}

std::vector<PlanHeader> PlanStore::plan_headers(MunicipalityId municipality) {
  std::vector<PlanHeader> out;
  for (const auto& r : c_.query(plan_sql::kPlans, {municipality.value}))
    out.push_back(read_header(r));
  return out;
}

PlanId PlanStore::create_plan(MunicipalityId municipality, const PlanHeader& h, std::int64_t now) {
  Value position = nullptr;
  if (h.family_position) position = std::int64_t{*h.family_position};
  auto rows =
      c_.query(plan_sql::kInsertPlan, {municipality.value, h.name, std::int64_t{h.from.western()},
                                       std::int64_t{h.to.western()}, position, now});
  return PlanId{rows.at(0).integer(0)};
}

std::vector<Plan> PlanStore::load_plans(MunicipalityId municipality) {
  std::vector<Plan> plans;
  std::map<std::int64_t, std::size_t> plan_index;
  for (const auto& r : c_.query(plan_sql::kPlans, {municipality.value})) {
    PlanHeader h = read_header(r);
    plan_index[h.id.value] = plans.size();
    Plan plan{h.id, h.name, h.from, h.to, h.family_position, {}};
    plan.family = h.family;
    plan.philosophy = h.philosophy;
    plan.version = h.version;
    plans.push_back(std::move(plan));
  }
  for (auto& m : load_members(municipality)) {
    if (auto p = plan_index.find(m.plan.value); p != plan_index.end())
      plans[p->second].members.push_back(std::move(m.member));
  }
  // Goals are appended in (plan, no) order; remember where each landed.
  std::map<std::int64_t, std::pair<std::size_t, std::size_t>> goal_index;
  for (const auto& r : c_.query(plan_sql::kGoals, {municipality.value})) {
    auto p = plan_index.find(r.integer(1));
    if (p == plan_index.end()) continue;
    auto& goals = plans[p->second].goals;
    goal_index[r.integer(0)] = {p->second, goals.size()};
    goals.push_back(BasicGoal{GoalId{r.integer(0)}, static_cast<int>(r.integer(2)), r.text(3), {}});
  }
  for (const auto& r : c_.query(plan_sql::kPolicies, {municipality.value})) {
    auto g = goal_index.find(r.integer(1));
    if (g == goal_index.end()) continue;
    plans[g->second.first].goals[g->second.second].policies.push_back(read_policy(r));
  }
  std::unordered_map<std::int64_t, PolicyContent*> by_id;
  for (auto& plan : plans) {
    for (auto& goal : plan.goals) {
      for (auto& policy : goal.policies) by_id[policy.id.value] = &policy.content;
    }
  }
  attach_children(by_id, c_.query(plan_sql::kViewpoints, {municipality.value}),
                  c_.query(plan_sql::kFindings, {municipality.value}),
                  c_.query(plan_sql::kItems, {municipality.value}));
  return plans;
}

std::optional<Policy> PlanStore::load_policy(MunicipalityId municipality, PolicyId id) {
  auto rows = c_.query(plan_sql::kPolicy, {municipality.value, id.value});
  if (rows.empty()) return std::nullopt;
  Policy policy = read_policy(rows[0]);
  std::unordered_map<std::int64_t, PolicyContent*> by_id{{id.value, &policy.content}};
  attach_children(by_id, c_.query(plan_sql::kViewpointsOf, {municipality.value, id.value}),
                  c_.query(plan_sql::kFindingsOf, {municipality.value, id.value}),
                  c_.query(plan_sql::kItemsOf, {municipality.value, id.value}));
  return policy;
}

void PlanStore::write_policy_lists(MunicipalityId municipality, PolicyId id,
                                   const PolicyContent& content) {
  const std::int64_t m = municipality.value;
  c_.execute(plan_sql::kDeleteViewpoints, {m, id.value});
  c_.execute(plan_sql::kDeleteFindings, {m, id.value});
  c_.execute(plan_sql::kDeleteItems, {m, id.value});
  for (int v : content.viewpoints)
    c_.execute(plan_sql::kInsertViewpoint, {m, id.value, std::int64_t{v}});
  std::int64_t ord = 0;
  for (const auto& f : content.findings) {
    c_.execute(plan_sql::kInsertFinding,
               {m, id.value, ord++, std::string(finding_kind_name(f.kind)), f.text, f.source});
  }
  for (auto [kind, list] :
       {std::pair{kDirection, &content.directions}, std::pair{kExample, &content.examples},
        std::pair{kNote, &content.notes}}) {
    ord = 0;
    for (const auto& text : *list)
      c_.execute(plan_sql::kInsertItem, {m, id.value, std::string(kind), ord++, text});
  }
}

bool PlanStore::update_policy(MunicipalityId municipality, PolicyId id,
                              std::int64_t expected_version, const PolicyContent& content,
                              std::int64_t now) {
  auto changed = c_.execute(plan_sql::kUpdatePolicy,
                            {content.text, std::int64_t{content.priority ? 1 : 0}, content.vision,
                             now, municipality.value, id.value, expected_version});
  if (changed != 1) return false;
  write_policy_lists(municipality, id, content);
  return true;
}

TreeChanges PlanStore::replace_tree(MunicipalityId municipality, const PlanHeader& plan,
                                    const std::vector<BasicGoal>& goals, std::int64_t now) {
  TreeChanges changes;
  const std::int64_t m = municipality.value;
  Value position = nullptr;
  if (plan.family_position) position = std::int64_t{*plan.family_position};
  c_.execute(plan_sql::kUpdatePlanPosition, {position, m, plan.id.value});

  auto all = load_plans(municipality);
  std::map<int, const BasicGoal*> old_goals;
  for (const auto& p : all) {
    if (p.id != plan.id) continue;
    for (const auto& g : p.goals) old_goals[g.no] = &g;
  }
  std::set<int> kept_goals;
  for (const auto& goal : goals) {
    kept_goals.insert(goal.no);
    auto old = old_goals.find(goal.no);
    replace_goal(municipality, plan, goal, old == old_goals.end() ? nullptr : old->second, now,
                 changes);
  }
  for (const auto& [no, old] : old_goals) {
    if (kept_goals.count(no)) continue;
    changes.policies_removed += static_cast<int>(old->policies.size());
    c_.execute(plan_sql::kDeleteGoal, {m, old->id.value});
    ++changes.goals_removed;
  }
  return changes;
}

void PlanStore::replace_goal(MunicipalityId municipality, const PlanHeader& plan,
                             const BasicGoal& goal, const BasicGoal* old, std::int64_t now,
                             TreeChanges& changes) {
  const std::int64_t m = municipality.value;
  GoalId goal_id;
  std::map<int, const Policy*> old_policies;
  if (old != nullptr) {
    goal_id = old->id;
    if (old->title != goal.title)
      c_.execute(plan_sql::kUpdateGoalTitle, {goal.title, m, goal_id.value});
    for (const auto& p : old->policies) old_policies[p.no] = &p;
  } else {
    goal_id = GoalId{
        c_.query(plan_sql::kInsertGoal, {m, plan.id.value, std::int64_t{goal.no}, goal.title})
            .at(0)
            .integer(0)};
    ++changes.goals_added;
  }
  std::set<int> kept_policies;
  for (const auto& policy : goal.policies) {
    kept_policies.insert(policy.no);
    auto it = old_policies.find(policy.no);
    replace_policy(municipality, plan, goal_id, goal.no, policy,
                   it == old_policies.end() ? nullptr : it->second, now, changes);
  }
  for (const auto& [no, old_policy] : old_policies) {
    if (!kept_policies.count(no)) {
      c_.execute(plan_sql::kDeletePolicy, {m, old_policy->id.value});
      ++changes.policies_removed;
    }
  }
}

void PlanStore::replace_policy(MunicipalityId municipality, const PlanHeader& plan, GoalId goal_id,
                               int goal_no, const Policy& policy, const Policy* old,
                               std::int64_t now, TreeChanges& changes, std::int64_t member,
                               int position) {
  const std::int64_t m = municipality.value;
  std::string code = policy_code(member != 0 ? std::optional<int>(position) : plan.family_position,
                                 goal_no, policy.no);
  if (old != nullptr) {
    if (old->code != code) c_.execute(plan_sql::kUpdatePolicyCode, {code, m, old->id.value});
    if (old->content == policy.content) {
      ++changes.policies_unchanged;
    } else {
      update_policy(municipality, old->id, old->version, policy.content, now);
      ++changes.policies_changed;
    }
    return;
  }
  const auto& c = policy.content;
  Value member_id = nullptr;
  if (member != 0) member_id = member;
  PolicyId id{c_.query(plan_sql::kInsertPolicy,
                       {m, plan.id.value, goal_id.value, std::int64_t{policy.no}, code, c.text,
                        std::int64_t{c.priority ? 1 : 0}, c.vision, now, member_id})
                  .at(0)
                  .integer(0)};
  write_policy_lists(municipality, id, c);
  ++changes.policies_added;
}

std::int64_t PlanStore::plan_revision(MunicipalityId municipality) {
  auto rows = c_.query(plan_sql::kRevision, {municipality.value});
  return rows.empty() ? 0 : rows[0].integer(0);
}

void PlanStore::bump_plan_revision(MunicipalityId municipality) {
  c_.execute(plan_sql::kBumpRevision, {municipality.value});
}

}  // namespace tsunagu::store
