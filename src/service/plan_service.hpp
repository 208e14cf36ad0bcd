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
  // The 基本計画 the plan is a member of (--family): the file's goals are matched to the
  // family's by number, plan_name names the member plan, family_position is its position
  // (required for a new member) and from/to its period (default: the family's).
  std::string family_name;
};

// How a policy table would be read, written nowhere.
struct PolicyTablePreview {
  io::PolicySheetReading reading;
  bool plan_exists = false;
  // In a family (request.family_name): the member plan's position (its own, or the one
  // requested), goal titles that differ from the family's, and what the import would refuse
  // (a goal the family lacks, a position another plan holds, no such family).
  std::optional<int> position;
  std::vector<std::string> family_warnings;
  std::vector<std::string> family_problems;
};

struct ImportReport {
  PlanId plan;
  bool plan_created = false;
  int goals = 0;
  int policies = 0;
  store::TreeChanges changes;
  int position = 0;                   // the member plan's position, in a family
  bool member_created = false;        // the import added the member plan to its family
  std::vector<std::string> warnings;  // e.g. a goal title that differs from the family's
};

// A member plan to add to a family or change (save_member).
struct MemberEdit {
  std::string family_name;
  std::string name;                            // the member plan's name now (or new)
  std::string rename;                          // a new name; empty keeps it
  std::optional<int> position;                 // required for a new member
  std::optional<FiscalYear> from, to;          // default: the family's (new) or as it was
  std::optional<std::vector<PlanTerm>> terms;  // kept when not given
  // The family's version the edit was made from; a save after another change to the family
  // (its header, a member, an import) is refused as stale. Not given: whatever it is now.
  std::optional<std::int64_t> expected_version;
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

  // Creates a 基本計画 (plan family) with its name, period, 基本理念 and shared goals, and
  // the evaluation scale its 進行管理 uses. Audited "plan.family.create". Errors
  // "auth.forbidden", "plan.invalid", "plan.exists", "scale.invalid".
  Result<PlanId> create_family(const Actor& actor, const FamilyHeader& header,
                               const EvaluationScale& scale);

  // Changes the family's header if it is still at `expected_version`. Errors
  // "auth.forbidden", "plan.invalid", "plan.not_found", "plan.not_family", "plan.exists" (the
  // new name is another plan's), "plan.goal_in_use" (a goal to delete still has policies; the
  // detail lists their codes), "plan.stale_version" (the detail names the current version).
  Result<Plan> update_family(const Actor& actor, const std::string& family_name,
                             std::int64_t expected_version, const FamilyHeader& header);

  // Adds a member plan to a family or changes one (position, name, period, terms); a new
  // position renumbers the member's policy codes. Bumps the family's version. Audited
  // "plan.member.save". Errors "auth.forbidden", "plan.invalid", "plan.not_found",
  // "plan.not_family", "plan.position_taken" (names both plans), "plan.exists" (the name is
  // another member's), "plan.stale_version" (edit.expected_version is not the family's).
  Result<Plan> save_member(const Actor& actor, const MemberEdit& edit);

  // The 計画書's sections of free text of the plan (`plan_name`, or the only plan), one per
  // kDocumentSections in that order (version 0 and no text for one never written). Errors
  // "auth.forbidden", "plan.not_found", "plan.ambiguous".
  Result<std::vector<DocumentSection>> document_sections(const Actor& actor,
                                                         const std::string& plan_name);

  // Stores one section's text if it is still at `expected_version` (0 for a first write).
  // Audited "plan.section.save". Errors "auth.forbidden", "plan.not_found",
  // "plan.section_unknown", "policy.invalid" (over 64 KiB, not UTF-8), "plan.stale_version"
  // (the detail names the current version; nothing changed).
  Result<DocumentSection> save_document_section(const Actor& actor, const std::string& plan_name,
                                                const std::string& key,
                                                std::int64_t expected_version,
                                                const std::string& text);

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
  // import_policy_table for a member plan of a family (request.family_name set).
  Result<ImportReport> import_member(const Actor& actor, const PolicyTableImport& request,
                                     const io::PolicyTable& table);

  store::Database& db_;
  const Clock& clock_;
  const AuditLog& audit_;
};

// sha256 of a policy's content in a canonical form, for audit digests.
std::string policy_digest(const PolicyContent& content);

}  // namespace tsunagu::service
