// ImplementationService: 実施計画 use cases — create the first revision from the priority
// policies, revise each July (copying the last revision and rolling the window), edit the latest
// revision, read any revision, compare two. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/implementation.hpp"
#include "core/result.hpp"
#include "service/actor.hpp"
#include "service/audit_log.hpp"
#include "service/clock.hpp"
#include "store/db.hpp"
#include "store/implementation_store.hpp"

namespace tsunagu::service {

// What an editor changes in one item; absent fields stay as they are.
struct ItemPatch {
  std::optional<std::string> code;  // a new item code (the plan office's: 1-6-1 shown as 1-1-1)
  std::optional<std::vector<std::string>> departments;
  std::optional<std::vector<std::string>> directions;
  std::optional<std::string> end_target;
  std::optional<std::vector<std::string>> budget_projects;
  struct Year {
    FiscalYear year{2024};
    std::optional<std::string> planned_work;
    std::optional<std::optional<std::int64_t>> cost;  // set to nullopt to clear
    std::optional<std::string> results;
  };
  std::vector<Year> years;
};

struct RevisionView {
  Revision revision;
  FiscalYear plan_from{2024};
  FiscalYear plan_to{2029};
  bool latest = false;  // only the latest revision is edited
};

class ImplementationService {
 public:
  ImplementationService(store::Database& db, const Clock& clock, const AuditLog& audit);

  // The first revision (items from the plan's priority policies) or a July revision of the
  // latest one. Errors "auth.forbidden", "plan.not_found", "implementation.invalid" (a revision
  // for that year exists, is older than the latest, is outside the plan, or there is no priority
  // policy).
  Result<RevisionView> create_revision(const Actor& actor, const std::string& plan_name,
                                       FiscalYear year);

  Result<std::vector<store::RevisionHeader>> revisions(const Actor& actor,
                                                       const std::string& plan_name);
  // Error "implementation.not_found".
  Result<RevisionView> revision(const Actor& actor, const std::string& plan_name, FiscalYear year);

  // Edits the item with `code` in the latest revision. Errors "implementation.read_only" (an
  // earlier revision), "implementation.not_found", "implementation.invalid" (a year outside the
  // revision's window, text over limits).
  Result<RevisionView> update_item(const Actor& actor, const std::string& plan_name,
                                   FiscalYear year, const std::string& code,
                                   const ItemPatch& patch);

  Result<std::vector<ItemComparison>> compare(const Actor& actor, const std::string& plan_name,
                                              FiscalYear from, FiscalYear to);

 private:
  store::Database& db_;
  const Clock& clock_;
  const AuditLog& audit_;
};

}  // namespace tsunagu::service
