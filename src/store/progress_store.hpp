// ProgressStore: projects 事業 with their departments and categories, each plan's evaluation
// scale, fiscal years opened for input, and progress entries with their full history.
// A repository over one Connection; the caller owns the transaction. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

struct ProgressYear {
  FiscalYear year{2024};
  Date deadline;
  std::int64_t opened_at = 0;
};

struct HistoryRow {
  std::int64_t version = 0;
  std::string action;  // "import", "edit", "submit", "approve", "return", "reopen"
  EntryState state = EntryState::kDraft;
  ProgressContent content;
  std::string comment;
  std::int64_t at = 0;
  std::string actor;
};

struct EntryChange {
  ProgressContent content;
  EntryState state = EntryState::kDraft;
  std::string return_comment;
  std::string action;
  std::string actor;
  std::int64_t now = 0;
};

class ProgressStore {
 public:
  explicit ProgressStore(Connection& connection) : c_(connection) {}

  // The plan's scale; Ena's A–D when none was set.
  EvaluationScale scale(MunicipalityId municipality, PlanId plan);
  void set_scale(MunicipalityId municipality, PlanId plan, const EvaluationScale& scale);
  // Every grade code some entry of the plan carries.
  std::vector<std::string> grades_in_use(MunicipalityId municipality, PlanId plan);

  std::vector<Category> categories(MunicipalityId municipality, PlanId plan);
  CategoryId ensure_category(MunicipalityId municipality, PlanId plan, int no,
                             const std::string& name);

  // Projects of the plan ordered by category and number, with department names.
  std::vector<Project> projects(MunicipalityId municipality, PlanId plan);
  std::optional<Project> project(MunicipalityId municipality, ProjectId id);
  std::optional<ProjectId> find_project(MunicipalityId municipality, PlanId plan, int category_no,
                                        int no);
  ProjectId create_project(MunicipalityId municipality, PlanId plan, int category_no,
                           const Project& project, std::int64_t now);
  void update_project(MunicipalityId municipality, ProjectId id, const std::string& name,
                      const std::string& content);
  void set_policy(MunicipalityId municipality, ProjectId id, std::optional<PolicyId> policy);
  void set_departments(MunicipalityId municipality, ProjectId id,
                       const std::vector<DepartmentId>& departments);
  // The plan the project belongs to.
  std::optional<PlanId> plan_of(MunicipalityId municipality, ProjectId id);

  std::optional<ProgressYear> year(MunicipalityId municipality, PlanId plan, FiscalYear year);
  // The most recently opened year of the plan, if any.
  std::optional<ProgressYear> latest_open_year(MunicipalityId municipality, PlanId plan);
  void open_year(MunicipalityId municipality, PlanId plan, FiscalYear year, Date deadline,
                 std::int64_t now);

  std::optional<ProgressEntry> entry(MunicipalityId municipality, ProjectId project,
                                     FiscalYear year);
  // Every entry of the plan for the year (projects without one are absent).
  std::vector<ProgressEntry> entries(MunicipalityId municipality, PlanId plan, FiscalYear year);
  ProgressEntryId create_entry(MunicipalityId municipality, ProjectId project, FiscalYear year,
                               const EntryChange& change);
  // Applies `change` if the entry is still at `expected_version`; false (nothing written) if not.
  bool update_entry(MunicipalityId municipality, ProgressEntryId id, std::int64_t expected_version,
                    const EntryChange& change);
  std::vector<HistoryRow> history(MunicipalityId municipality, ProgressEntryId id);

 private:
  void write_history(MunicipalityId municipality, ProgressEntryId id, std::int64_t version,
                     const EntryChange& change);
  Connection& c_;
};

}  // namespace tsunagu::store
