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
  bool family = false;  // a 基本計画 of member plans
  std::string philosophy;
  std::int64_t version = 1;
};

// What save_family() found: saved, or the version moved on (nothing changed).
enum class FamilySave { kSaved, kStale };

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

  // Plan families (store/plan_family_store.cpp).

  // Creates a 基本計画 with its shared goals (titles only).
  PlanId create_family(MunicipalityId municipality, const FamilyHeader& header, std::int64_t now);
  // Stores the family's name, period, 基本理念 and goals if it is still at `expected_version`;
  // goals missing from `header` are deleted with their policies (the caller refuses when a
  // goal still has any), titles follow `header`. Bumps the version.
  FamilySave save_family(MunicipalityId municipality, PlanId plan, std::int64_t expected_version,
                         const FamilyHeader& header);
  // Bumps the family's version (a member saved, a member's table imported), so that an edit of
  // the family made before it is refused as stale; with `expected`, only if still at it
  // (false: it moved on, nothing changed).
  bool bump_family_version(MunicipalityId municipality, PlanId plan,
                           std::optional<std::int64_t> expected = std::nullopt);
  // Adds the member plan, or changes the one at `old_position` (its name, period, terms and
  // position; its policies' codes follow a new position). The caller checks the position and
  // name are free.
  void save_member(MunicipalityId municipality, PlanId plan, std::optional<int> old_position,
                   const MemberPlan& member);
  // Makes the member plan's policies under the family's goals equal to `goals`: goals are
  // matched by number and must exist in the family (the caller checks); a policy matched by
  // (goal, number) keeps its id; the member's policies under goals not in `goals` are removed.
  TreeChanges replace_member_policies(MunicipalityId municipality, const PlanHeader& plan,
                                      int position, const std::vector<BasicGoal>& goals,
                                      std::int64_t now);

  // The 計画書's sections of free text the plan has (any order).
  std::vector<DocumentSection> document_sections(MunicipalityId municipality, PlanId plan);
  // Stores the section if it is still at `expected_version` (0: not written yet); false, with
  // nothing changed, when it moved on.
  bool save_document_section(MunicipalityId municipality, PlanId plan, const std::string& key,
                             std::int64_t expected_version, const std::string& text,
                             std::int64_t now);

  // A counter bumped by every change to any plan of the municipality; readers cache on it.
  std::int64_t plan_revision(MunicipalityId municipality);
  void bump_plan_revision(MunicipalityId municipality);

 private:
  void write_policy_lists(MunicipalityId municipality, PolicyId id, const PolicyContent& content);
  // replace_tree's steps: one goal (`old` is the stored goal of its number, or null) and one
  // of its policies (likewise), counting into `changes`.
  void replace_goal(MunicipalityId municipality, const PlanHeader& plan, const BasicGoal& goal,
                    const BasicGoal* old, std::int64_t now, TreeChanges& changes);
  // Inserts or updates one policy; `member` is the member plan's row id (0: none) and
  // `position` its place, for the code.
  void replace_policy(MunicipalityId municipality, const PlanHeader& plan, GoalId goal_id,
                      int goal_no, const Policy& policy, const Policy* old, std::int64_t now,
                      TreeChanges& changes, std::int64_t member = 0, int position = 0);
  struct StoredMember {
    std::int64_t id;
    PlanId plan;
    MemberPlan member;
  };
  // Every member plan of the municipality with its terms, by plan and position.
  std::vector<StoredMember> load_members(MunicipalityId municipality);

  Connection& c_;
};

}  // namespace tsunagu::store
