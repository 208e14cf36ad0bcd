// ProgressService: 進行管理 use cases — import a progress sheet, tally a year, open a year for
// input, the department workflow (edit, submit, approve, return, reopen) with history, and
// which departments have not submitted. Authorisation (a department-editor works only on its
// own departments' projects) and audit happen here. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/progress.hpp"
#include "core/result.hpp"
#include "io/progress_export.hpp"
#include "io/progress_sheet.hpp"
#include "service/actor.hpp"
#include "service/audit_log.hpp"
#include "service/clock.hpp"
#include "store/db.hpp"
#include "store/progress_store.hpp"

namespace tsunagu::service {

struct ProgressSheetImport {
  std::string plan_name;  // created if missing
  FiscalYear year{2024};
  std::string file_name;  // for the format: .xlsx, .xls, .csv, .tsv
  std::string sheet;      // the worksheet; empty: the first whose header row is recognised
  // Columns named explicitly (--column ROLE=HEADER). Empty: the plan's saved mapping, if any.
  std::vector<io::ColumnChoice> columns;
  // The scale of a plan the import creates (--preset, --grade); refused for an existing plan
  // whose scale differs (change that with `progress scale`).
  std::optional<EvaluationScale> scale;
};

// A project whose name changed between imports, matched by its number.
struct ProjectRename {
  std::string number;  // "(1)-3", "0704-01"
  std::string from;
  std::string to;
};

// What an import changes in the plan's projects, as the preview and the report show it.
struct ProjectChanges {
  std::vector<std::string> added;  // "(1)-3 事業名"
  std::vector<ProjectRename> renamed;
  std::vector<std::string> gone;  // in the plan, not in this file (kept, not deleted)
  int updated = 0;
};

struct ProgressImportReport {
  PlanId plan;
  bool plan_created = false;
  int categories = 0;
  int projects_created = 0;
  int projects_updated = 0;
  int entries_created = 0;
  int entries_updated = 0;
  EvaluationScale scale = EvaluationScale::ena_default();
  Tally tally;
  std::vector<std::string> warnings;  // the sheet's own tally disagreeing with its rows, …
  std::string sheet_name;
  int header_line = 0;
  std::vector<io::SheetColumn> columns;
  std::vector<std::string> extra_fields;  // headers kept as extra fields
  ProjectChanges changes;
  bool used_saved_mapping = false;
};

// How a file would be read, and what importing it would change; nothing is written.
struct ProgressSheetPreview {
  io::SheetReading reading;  // problems included
  EvaluationScale scale = EvaluationScale::ena_default();
  Tally tally;
  bool plan_exists = false;
  bool used_saved_mapping = false;
  std::vector<io::ColumnChoice> columns;  // the explicit columns used
  ProjectChanges changes;
};

// kPlan: by the member plan of each project's policy in a 基本計画 (計画4 再犯防止計画); a plan of
// its own is one group.
enum class TallyBy { kNone, kCategory, kDepartment, kGoal, kPlan };

// "none" or "" → kNone, "category", "department", "goal", "plan"; nullopt for anything else.
std::optional<TallyBy> parse_tally_by(std::string_view text);

struct TallyGroup {
  std::string label;  // "(1)住居・就労の確保など", "社会福祉課", "基本目標4 …", "未設定"
  Tally tally;
};

struct TallyReport {
  FiscalYear year{2024};
  EvaluationScale scale = EvaluationScale::ena_default();
  Tally overall;
  std::vector<TallyGroup> groups;  // empty unless grouped
};

// One project's line in the year's list, with whether the actor may edit it.
struct EntryView {
  Project project;
  std::string category;  // "(1)住居・就労の確保など" or ""
  std::optional<ProgressEntry> entry;
  bool editable = false;
  std::vector<std::pair<std::string, std::string>> extras;  // the sheet's extra fields
};

struct DepartmentStatus {
  std::string department;
  int projects = 0;
  int submitted = 0;                 // submitted or approved
  std::vector<std::string> missing;  // projects not yet submitted
};

struct YearStatus {
  FiscalYear year{2024};
  std::optional<Date> deadline;  // nullopt when the year was not opened
  bool past_deadline = false;
  std::vector<DepartmentStatus> departments;  // every department with projects
};

class ProgressService {
 public:
  ProgressService(store::Database& db, const Clock& clock, const AuditLog& audit);

  // Errors: "auth.forbidden", "plan.invalid", "import.*" (with a detail per rejected line).
  // Nothing is written unless the whole file is accepted.
  // The mapping used (explicit columns and sheet) is saved with the plan.
  Result<ProgressImportReport> import_sheet(const Actor& actor, const ProgressSheetImport& request,
                                            std::string_view bytes);

  // Reads the file as import_sheet would and reports it, problems included, writing nothing.
  // Errors: "auth.forbidden", errors of reading the file (not a workbook, bad encoding).
  Result<ProgressSheetPreview> preview_sheet(const Actor& actor, const ProgressSheetImport& request,
                                             std::string_view bytes);

  // Counts the year's approved entries (drafts and entries waiting for review are not yet the
  // city's evaluation). `plan_name` empty: the municipality's only plan. Errors "auth.forbidden",
  // "plan.not_found", "plan.ambiguous".
  Result<TallyReport> tally(const Actor& actor, const std::string& plan_name, FiscalYear year,
                            TallyBy by);

  // Errors "auth.forbidden", "scale.invalid", "scale.in_use" (entries carry a grade the new
  // scale lacks: changing would silently drop them from every tally).
  // The plan's evaluation scale. Errors "auth.forbidden", "plan.*".
  Result<EvaluationScale> scale(const Actor& actor, const std::string& plan_name);

  Status set_scale(const Actor& actor, const std::string& plan_name, const EvaluationScale& scale);
  Status open_year(const Actor& actor, const std::string& plan_name, FiscalYear year,
                   Date deadline);
  // The year most recently opened for input (what the departments are working on now).
  Result<std::optional<store::ProgressYear>> open_year_of(const Actor& actor,
                                                          const std::string& plan_name);
  Result<YearStatus> year_status(const Actor& actor, const std::string& plan_name, FiscalYear year);

  // The plan's projects the actor may see, each with its category label.
  Result<std::vector<std::pair<Project, std::string>>> projects(const Actor& actor,
                                                                const std::string& plan_name);

  // The name of the plan a project belongs to (a city may hold several plans). Errors
  // "auth.forbidden", "project.not_found".
  Result<std::string> plan_name_of(const Actor& actor, ProjectId project);

  // The projects the actor may see (a department-editor: its own departments' only).
  Result<std::vector<EntryView>> entries(const Actor& actor, const std::string& plan_name,
                                         FiscalYear year);

  // Saves a draft. `expected_version` is the version the editor started from (0: there was no
  // entry yet). Errors: "auth.forbidden", "project.not_found", "progress.invalid",
  // "progress.bad_transition" (not editable in its state), "progress.stale_version".
  Result<ProgressEntry> save(const Actor& actor, ProjectId project, FiscalYear year,
                             const ProgressContent& content, std::int64_t expected_version);

  // Submit (editors), approve / return with a comment / reopen (plan-admin).
  Result<ProgressEntry> act(const Actor& actor, ProjectId project, FiscalYear year,
                            EntryAction action, std::int64_t expected_version,
                            const std::string& comment = "");

  // The year's sheet for export: every project the actor may see, grouped by category.
  Result<io::ProgressSheetData> sheet(const Actor& actor, const std::string& plan_name,
                                      FiscalYear year);

  // Links a project to the policy it serves (code "4-4-2"; empty unlinks), so tallies by goal
  // and the committee's opinions on that policy reach it. Errors "auth.forbidden",
  // "project.not_found", "policy.not_found".
  Result<Project> link_policy(const Actor& actor, ProjectId project,
                              const std::string& policy_code);

  Result<std::vector<store::HistoryRow>> history(const Actor& actor, ProjectId project,
                                                 FiscalYear year);

 private:
  Result<PlanId> resolve_plan(store::Connection& c, const Actor& actor, const std::string& name);
  bool may_edit(const Actor& actor, const Project& project) const;
  // The plan's projects `actor` may see (a department-editor: its own), with category labels.
  std::vector<std::pair<Project, std::string>> visible_projects(store::Connection& c,
                                                                const Actor& actor,
                                                                PlanId plan) const;
  Result<ProgressEntry> act_impl(const Actor& actor, ProjectId project, FiscalYear year,
                                 EntryAction action, std::int64_t expected_version,
                                 const std::string& comment, const ProgressContent* content);

  store::Database& db_;
  const Clock& clock_;
  const AuditLog& audit_;
};

}  // namespace tsunagu::service
