// PlanService: the plan registry's use cases — import a policy table, read the plan tree, edit
// a policy with optimistic concurrency. Authorisation and audit happen here. Thread-safe: every
// call borrows its own connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/plan.hpp"
#include "core/progress.hpp"
#include "core/result.hpp"
#include "io/policy_sheet.hpp"
#include "service/actor.hpp"
#include "service/audit_log.hpp"
#include "service/clock.hpp"
#include "store/db.hpp"
#include "store/plan_store.hpp"

namespace tsunagu::service {

struct PolicyTableImport {
  std::string plan_name;
  // Period of a plan created by the import; default: six fiscal years from the current one.
  std::optional<FiscalYear> from;
  std::optional<FiscalYear> to;
  // Place of the plan among the plans of its 基本計画 (再犯防止計画 is 4 in seed 001), used in
  // policy codes such as 1-4-1. Kept as it was when not given.
  std::optional<int> family_position;
  // The file's name, for its format (.xlsx, .xls, .csv, .tsv, .txt); seed 000's 資料3 text
  // needs none. The worksheet to read (empty: the first whose header row is recognised) and
  // columns the vocabulary does not know (--column ROLE=HEADER).
  std::string file_name;
  std::string sheet;
  std::vector<io::PolicyColumnChoice> columns;
};

// How a policy table would be read, written nowhere.
struct PolicyTablePreview {
  io::PolicySheetReading reading;
  bool plan_exists = false;
};

struct ImportReport {
  PlanId plan;
  bool plan_created = false;
  int goals = 0;
  int policies = 0;
  store::TreeChanges changes;
};

class PlanService {
 public:
  PlanService(store::Database& db, const Clock& clock, const AuditLog& audit);

  // Parses `bytes` (seed 000's form) and makes the plan's tree equal to it, in one transaction:
  // on any error nothing is written. Errors: "auth.forbidden", "plan.invalid", and the
  // parser's "import.*" codes with one detail per rejected line.
  Result<ImportReport> import_policy_table(const Actor& actor, const PolicyTableImport& request,
                                           std::string_view bytes);

  // Reads `bytes` as import_policy_table would and writes nothing: the sheet, the header row,
  // each column's role, the goals and policies, every problem. Errors "auth.forbidden" and the
  // file's own ("import.not_xlsx", "import.too_large" …); a table's problems are in the reading.
  Result<PolicyTablePreview> preview_policy_table(const Actor& actor,
                                                  const PolicyTableImport& request,
                                                  std::string_view bytes);

  // Creates an empty plan with its period and evaluation scale, before anything is imported
  // (a city with a 達成度 1–5 sheet sets its scale first). Audited "plan.create". Errors
  // "auth.forbidden", "plan.invalid", "plan.exists", "scale.invalid".
  Result<PlanId> create_plan(const Actor& actor, const std::string& name, FiscalYear from,
                             FiscalYear to, const EvaluationScale& scale);

  // Every plan of the actor's municipality. Error "auth.forbidden".
  Result<std::vector<Plan>> plans(const Actor& actor);

  // A counter that changes whenever any plan of the actor's municipality changes; a cache of
  // plans() keyed on it is never stale. Error "auth.forbidden".
  Result<std::int64_t> plan_revision(const Actor& actor);

  Result<Policy> policy(const Actor& actor, PolicyId id);

  // Replaces a policy's content if it is still at `expected_version`. Errors "auth.forbidden",
  // "policy.not_found", "policy.invalid", "policy.stale_version" (someone saved first; nothing
  // was changed; the detail names the current version).
  Result<Policy> update_policy(const Actor& actor, PolicyId id, std::int64_t expected_version,
                               const PolicyContent& content);

 private:
  store::Database& db_;
  const Clock& clock_;
  const AuditLog& audit_;
};

// sha256 of a policy's content in a canonical form, for audit digests.
std::string policy_digest(const PolicyContent& content);

}  // namespace tsunagu::service
