// PlanStore: the plan registry (Plan → BasicGoal → Policy with its lists) of one municipality.
// A repository over one Connection; the caller owns the transaction. Not thread-safe. Every
// statement binds municipality_id, so one municipality never reads or changes another's rows,
// whatever id it passes; tests/store/sql_scope_test.cpp checks this for every repository.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/plan.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

struct PlanHeader {
  PlanId id;
  std::string name;
  FiscalYear from{2024};
  FiscalYear to{2029};
  std::optional<int> family_position;
};

// What replace_tree() did, for the import report and the audit row.
struct TreeChanges {
  int goals_added = 0;
  int goals_removed = 0;
  int policies_added = 0;
  int policies_changed = 0;
  int policies_unchanged = 0;
  int policies_removed = 0;
};

class PlanStore {
 public:
  explicit PlanStore(Connection& connection) : c_(connection) {}

  std::optional<PlanHeader> find_plan(MunicipalityId municipality, const std::string& name);
  std::optional<PlanHeader> find_plan(MunicipalityId municipality, PlanId id);
  // Every plan of the municipality without its tree.
  std::vector<PlanHeader> plan_headers(MunicipalityId municipality);
  PlanId create_plan(MunicipalityId municipality, const PlanHeader& header, std::int64_t now);

  // Every plan of the municipality with its whole tree, ordered by plan id, goal no, policy no.
  std::vector<Plan> load_plans(MunicipalityId municipality);

  // One policy with its content, or nullopt when it does not exist in this municipality.
  std::optional<Policy> load_policy(MunicipalityId municipality, PolicyId id);

  // Stores `content` if the policy is still at `expected_version`; bumps the version.
  // Returns false (and changes nothing) when the version moved on or the policy is gone.
  bool update_policy(MunicipalityId municipality, PolicyId id, std::int64_t expected_version,
                     const PolicyContent& content, std::int64_t now);

  // Makes the plan's tree equal to `goals`: goals and policies matched by number keep their ids
  // (a changed policy gets a new version), new ones are added, missing ones removed.
  TreeChanges replace_tree(MunicipalityId municipality, const PlanHeader& plan,
                           const std::vector<BasicGoal>& goals, std::int64_t now);

  // A counter bumped by every change to any plan of the municipality; readers cache on it.
  std::int64_t plan_revision(MunicipalityId municipality);
  void bump_plan_revision(MunicipalityId municipality);

 private:
  void write_policy_lists(MunicipalityId municipality, PolicyId id, const PolicyContent& content);
  // replace_tree's steps: one goal (`old` is the stored goal of its number, or null) and one
  // of its policies (likewise), counting into `changes`.
  void replace_goal(MunicipalityId municipality, const PlanHeader& plan, const BasicGoal& goal,
                    const BasicGoal* old, std::int64_t now, TreeChanges& changes);
  void replace_policy(MunicipalityId municipality, const PlanHeader& plan, GoalId goal_id,
                      int goal_no, const Policy& policy, const Policy* old, std::int64_t now,
                      TreeChanges& changes);

  Connection& c_;
};

}  // namespace tsunagu::store
