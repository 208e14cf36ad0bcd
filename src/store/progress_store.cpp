#include "store/progress_store.hpp"

#include <algorithm>
#include <map>

namespace tsunagu::store {
namespace progress_sql {

constexpr const char* kScale =
    "SELECT code, label FROM evaluation_grade WHERE municipality_id = ? AND plan_id = ? "
    "ORDER BY ord";
constexpr const char* kDeleteScale =
    "DELETE FROM evaluation_grade WHERE municipality_id = ? AND plan_id = ?";
constexpr const char* kInsertGrade =
    "INSERT INTO evaluation_grade (municipality_id, plan_id, ord, code, label) VALUES (?, ?, ?, ?, "
    "?)";
constexpr const char* kGradesInUse =
    "SELECT DISTINCT e.grade FROM progress_entry e JOIN project p ON p.id = e.project_id "
    "WHERE e.municipality_id = ? AND p.plan_id = ? AND e.grade IS NOT NULL ORDER BY e.grade";
constexpr const char* kCategories =
    "SELECT id, no, name FROM project_category WHERE municipality_id = ? AND plan_id = ? ORDER BY "
    "no";
constexpr const char* kCategoryByNo =
    "SELECT id, name FROM project_category WHERE municipality_id = ? AND plan_id = ? AND no = ?";
constexpr const char* kInsertCategory =
    "INSERT INTO project_category (municipality_id, plan_id, no, name) VALUES (?, ?, ?, ?) "
    "RETURNING id";
constexpr const char* kRenameCategory =
    "UPDATE project_category SET name = ? WHERE municipality_id = ? AND id = ?";
constexpr const char* kProjects =
    "SELECT id, category_id, policy_id, no, name, content, code FROM project "
    "WHERE municipality_id = ? AND plan_id = ? ORDER BY category_no, no";
constexpr const char* kProject =
    "SELECT id, category_id, policy_id, no, name, content, code FROM project "
    "WHERE municipality_id = ? AND id = ?";
constexpr const char* kProjectDepartments =
    "SELECT pd.project_id, d.name FROM project_department pd JOIN department d ON d.id = "
    "pd.department_id "
    "JOIN project p ON p.id = pd.project_id WHERE p.municipality_id = ? AND p.plan_id = ? "
    "ORDER BY pd.project_id, pd.ord";
constexpr const char* kDepartmentsOfProject =
    "SELECT pd.project_id, d.name FROM project_department pd JOIN department d ON d.id = "
    "pd.department_id "
    "WHERE pd.municipality_id = ? AND pd.project_id = ? ORDER BY pd.ord";
constexpr const char* kFindProject =
    "SELECT id FROM project WHERE municipality_id = ? AND plan_id = ? AND category_no = ? "
    "AND no = ?";
constexpr const char* kInsertProject =
    "INSERT INTO project (municipality_id, plan_id, category_id, category_no, policy_id, no, name, "
    "content, created_at, code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdateProject =
    "UPDATE project SET name = ?, content = ? WHERE municipality_id = ? AND id = ?";
constexpr const char* kSetPolicy =
    "UPDATE project SET policy_id = ? WHERE municipality_id = ? AND id = ?";
constexpr const char* kDeleteDepartments =
    "DELETE FROM project_department WHERE municipality_id = ? AND project_id = ?";
constexpr const char* kInsertDepartment =
    "INSERT INTO project_department (municipality_id, project_id, department_id, ord) VALUES (?, "
    "?, ?, ?)";
constexpr const char* kPlanOf = "SELECT plan_id FROM project WHERE municipality_id = ? AND id = ?";
constexpr const char* kYear =
    "SELECT year, deadline, opened_at FROM progress_year WHERE municipality_id = ? "
    "AND plan_id = ? AND year = ?";
constexpr const char* kLatestYear =
    "SELECT year, deadline, opened_at FROM progress_year WHERE municipality_id = ? "
    "AND plan_id = ? ORDER BY year DESC LIMIT 1";
constexpr const char* kDeleteYear =
    "DELETE FROM progress_year WHERE municipality_id = ? AND plan_id = ? AND year = ?";
constexpr const char* kInsertYear =
    "INSERT INTO progress_year (municipality_id, plan_id, year, deadline, opened_at) VALUES (?, ?, "
    "?, ?, ?)";

#define TSUNAGU_ENTRY_COLUMNS                                                                     \
  "e.id, e.project_id, e.year, e.grade, e.done, e.next_plan, e.budget_planned, e.budget_actual, " \
  "e.state, e.return_comment, e.version"
constexpr const char* kEntry =
    "SELECT " TSUNAGU_ENTRY_COLUMNS
    " FROM progress_entry e WHERE e.municipality_id = ? AND e.project_id = ? AND e.year = ?";
constexpr const char* kEntries = "SELECT " TSUNAGU_ENTRY_COLUMNS
                                 " FROM progress_entry e JOIN project p ON p.id = e.project_id "
                                 "WHERE e.municipality_id = ? AND p.plan_id = ? AND e.year = ? "
                                 "ORDER BY p.category_no, p.no";
#undef TSUNAGU_ENTRY_COLUMNS
constexpr const char* kInsertEntry =
    "INSERT INTO progress_entry (municipality_id, project_id, year, grade, done, next_plan, "
    "budget_planned, "
    "budget_actual, state, return_comment, version, updated_at, updated_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id";
constexpr const char* kUpdateEntry =
    "UPDATE progress_entry SET grade = ?, done = ?, next_plan = ?, budget_planned = ?, "
    "budget_actual = ?, "
    "state = ?, return_comment = ?, version = version + 1, updated_at = ?, updated_by = ? "
    "WHERE municipality_id = ? AND id = ? AND version = ?";
constexpr const char* kInsertHistory =
    "INSERT INTO progress_history (municipality_id, entry_id, version, action, state, grade, done, "
    "next_plan, "
    "budget_planned, budget_actual, comment, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?)";
constexpr const char* kHistory =
    "SELECT version, action, state, grade, done, next_plan, budget_planned, budget_actual, "
    "comment, at, actor "
    "FROM progress_history WHERE municipality_id = ? AND entry_id = ? ORDER BY version, id";

}  // namespace progress_sql

namespace {

Value optional_text(const std::optional<std::string>& s) { return s ? Value(*s) : Value(nullptr); }
Value optional_int(const std::optional<std::int64_t>& v) { return v ? Value(*v) : Value(nullptr); }

Project read_project(const Row& r) {
  Project p;
  p.id = ProjectId{r.integer(0)};
  if (auto c = r.optional_integer(1)) p.category = CategoryId{*c};
  if (auto c = r.optional_integer(2)) p.policy = PolicyId{*c};
  p.no = static_cast<int>(r.integer(3));
  p.name = r.text(4);
  p.content = r.text(5);
  p.code = r.text(6);
  return p;
}

ProgressEntry read_entry(const Row& r) {
  ProgressEntry e;
  e.id = ProgressEntryId{r.integer(0)};
  e.project = ProjectId{r.integer(1)};
  e.year = FiscalYear(static_cast<int>(r.integer(2)));
  if (!r.is_null(3)) e.content.grade = r.text(3);
  e.content.done = r.text(4);
  e.content.next_plan = r.text(5);
  e.content.budget_planned = r.optional_integer(6);
  e.content.budget_actual = r.optional_integer(7);
  e.state = parse_entry_state(r.text(8)).value_or(EntryState::kDraft);
  e.return_comment = r.text(9);
  e.version = r.integer(10);
  return e;
}

}  // namespace

EvaluationScale ProgressStore::scale(MunicipalityId m, PlanId plan) {
  std::vector<Grade> grades;
  for (const auto& r : c_.query(progress_sql::kScale, {m.value, plan.value}))
    grades.push_back({r.text(0), r.text(1)});
  return grades.empty() ? EvaluationScale::ena_default() : EvaluationScale(std::move(grades));
}

void ProgressStore::set_scale(MunicipalityId m, PlanId plan, const EvaluationScale& scale) {
  c_.execute(progress_sql::kDeleteScale, {m.value, plan.value});
  std::int64_t ord = 0;
  for (const auto& g : scale.grades()) {
    c_.execute(progress_sql::kInsertGrade, {m.value, plan.value, ord++, g.code, g.label});
  }
}

std::vector<std::string> ProgressStore::grades_in_use(MunicipalityId m, PlanId plan) {
  std::vector<std::string> out;
  for (const auto& r : c_.query(progress_sql::kGradesInUse, {m.value, plan.value}))
    out.push_back(r.text(0));
  return out;
}

std::vector<Category> ProgressStore::categories(MunicipalityId m, PlanId plan) {
  std::vector<Category> out;
  for (const auto& r : c_.query(progress_sql::kCategories, {m.value, plan.value})) {
    out.push_back({CategoryId{r.integer(0)}, static_cast<int>(r.integer(1)), r.text(2)});
  }
  return out;
}

CategoryId ProgressStore::ensure_category(MunicipalityId m, PlanId plan, int no,
                                          const std::string& name) {
  auto rows = c_.query(progress_sql::kCategoryByNo, {m.value, plan.value, std::int64_t{no}});
  if (!rows.empty()) {
    if (rows[0].text(1) != name)
      c_.execute(progress_sql::kRenameCategory, {name, m.value, rows[0].integer(0)});
    return CategoryId{rows[0].integer(0)};
  }
  return CategoryId{
      c_.query(progress_sql::kInsertCategory, {m.value, plan.value, std::int64_t{no}, name})
          .at(0)
          .integer(0)};
}

std::vector<Project> ProgressStore::projects(MunicipalityId m, PlanId plan) {
  std::vector<Project> out;
  std::map<std::int64_t, std::size_t> index;
  for (const auto& r : c_.query(progress_sql::kProjects, {m.value, plan.value})) {
    index[r.integer(0)] = out.size();
    out.push_back(read_project(r));
  }
  for (const auto& r : c_.query(progress_sql::kProjectDepartments, {m.value, plan.value})) {
    if (auto it = index.find(r.integer(0)); it != index.end())
      out[it->second].departments.push_back(r.text(1));
  }
  return out;
}

std::optional<Project> ProgressStore::project(MunicipalityId m, ProjectId id) {
  auto rows = c_.query(progress_sql::kProject, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  Project p = read_project(rows[0]);
  for (const auto& r : c_.query(progress_sql::kDepartmentsOfProject, {m.value, id.value}))
    p.departments.push_back(r.text(1));
  return p;
}

std::optional<ProjectId> ProgressStore::find_project(MunicipalityId m, PlanId plan, int category_no,
                                                     int no) {
  auto rows = c_.query(progress_sql::kFindProject,
                       {m.value, plan.value, std::int64_t{category_no}, std::int64_t{no}});
  if (rows.empty()) return std::nullopt;
  return ProjectId{rows[0].integer(0)};
}

ProjectId ProgressStore::create_project(MunicipalityId m, PlanId plan, int category_no,
                                        const Project& p, std::int64_t now) {
  Value category = p.category ? Value(p.category->value) : Value(nullptr);
  Value policy = p.policy ? Value(p.policy->value) : Value(nullptr);
  return ProjectId{c_.query(progress_sql::kInsertProject,
                            {m.value, plan.value, category, std::int64_t{category_no}, policy,
                             std::int64_t{p.no}, p.name, p.content, now, p.code})
                       .at(0)
                       .integer(0)};
}

void ProgressStore::update_project(MunicipalityId m, ProjectId id, const std::string& name,
                                   const std::string& content) {
  c_.execute(progress_sql::kUpdateProject, {name, content, m.value, id.value});
}

void ProgressStore::set_policy(MunicipalityId m, ProjectId id, std::optional<PolicyId> policy) {
  c_.execute(progress_sql::kSetPolicy,
             {policy ? Value(policy->value) : Value(nullptr), m.value, id.value});
}

void ProgressStore::set_departments(MunicipalityId m, ProjectId id,
                                    const std::vector<DepartmentId>& departments) {
  c_.execute(progress_sql::kDeleteDepartments, {m.value, id.value});
  std::int64_t ord = 0;
  for (auto d : departments)
    c_.execute(progress_sql::kInsertDepartment, {m.value, id.value, d.value, ord++});
}

std::optional<PlanId> ProgressStore::plan_of(MunicipalityId m, ProjectId id) {
  auto rows = c_.query(progress_sql::kPlanOf, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  return PlanId{rows[0].integer(0)};
}

std::optional<ProgressYear> ProgressStore::year(MunicipalityId m, PlanId plan, FiscalYear year) {
  auto rows = c_.query(progress_sql::kYear, {m.value, plan.value, std::int64_t{year.western()}});
  if (rows.empty()) return std::nullopt;
  auto deadline = parse_iso_date(rows[0].text(1));
  return ProgressYear{year, deadline ? *deadline : year.last_day(), rows[0].integer(2)};
}

std::optional<ProgressYear> ProgressStore::latest_open_year(MunicipalityId m, PlanId plan) {
  auto rows = c_.query(progress_sql::kLatestYear, {m.value, plan.value});
  if (rows.empty()) return std::nullopt;
  FiscalYear y(static_cast<int>(rows[0].integer(0)));
  auto deadline = parse_iso_date(rows[0].text(1));
  return ProgressYear{y, deadline ? *deadline : y.last_day(), rows[0].integer(2)};
}

void ProgressStore::open_year(MunicipalityId m, PlanId plan, FiscalYear year, Date deadline,
                              std::int64_t now) {
  c_.execute(progress_sql::kDeleteYear, {m.value, plan.value, std::int64_t{year.western()}});
  c_.execute(progress_sql::kInsertYear,
             {m.value, plan.value, std::int64_t{year.western()}, format_iso_date(deadline), now});
}

std::optional<ProgressEntry> ProgressStore::entry(MunicipalityId m, ProjectId project,
                                                  FiscalYear year) {
  auto rows =
      c_.query(progress_sql::kEntry, {m.value, project.value, std::int64_t{year.western()}});
  if (rows.empty()) return std::nullopt;
  return read_entry(rows[0]);
}

std::vector<ProgressEntry> ProgressStore::entries(MunicipalityId m, PlanId plan, FiscalYear year) {
  std::vector<ProgressEntry> out;
  for (const auto& r :
       c_.query(progress_sql::kEntries, {m.value, plan.value, std::int64_t{year.western()}})) {
    out.push_back(read_entry(r));
  }
  return out;
}

ProgressEntryId ProgressStore::create_entry(MunicipalityId m, ProjectId project, FiscalYear year,
                                            const EntryChange& ch) {
  const auto& c = ch.content;
  ProgressEntryId id{
      c_.query(progress_sql::kInsertEntry,
               {m.value, project.value, std::int64_t{year.western()}, optional_text(c.grade),
                c.done, c.next_plan, optional_int(c.budget_planned), optional_int(c.budget_actual),
                std::string(entry_state_name(ch.state)), ch.return_comment, ch.now, ch.actor})
          .at(0)
          .integer(0)};
  write_history(m, id, 1, ch);
  return id;
}

bool ProgressStore::update_entry(MunicipalityId m, ProgressEntryId id,
                                 std::int64_t expected_version, const EntryChange& ch) {
  const auto& c = ch.content;
  auto changed =
      c_.execute(progress_sql::kUpdateEntry,
                 {optional_text(c.grade), c.done, c.next_plan, optional_int(c.budget_planned),
                  optional_int(c.budget_actual), std::string(entry_state_name(ch.state)),
                  ch.return_comment, ch.now, ch.actor, m.value, id.value, expected_version});
  if (changed != 1) return false;
  write_history(m, id, expected_version + 1, ch);
  return true;
}

void ProgressStore::write_history(MunicipalityId m, ProgressEntryId id, std::int64_t version,
                                  const EntryChange& ch) {
  const auto& c = ch.content;
  c_.execute(progress_sql::kInsertHistory,
             {m.value, id.value, version, ch.action, std::string(entry_state_name(ch.state)),
              optional_text(c.grade), c.done, c.next_plan, optional_int(c.budget_planned),
              optional_int(c.budget_actual), ch.return_comment, ch.now, ch.actor});
}

std::vector<HistoryRow> ProgressStore::history(MunicipalityId m, ProgressEntryId id) {
  std::vector<HistoryRow> out;
  for (const auto& r : c_.query(progress_sql::kHistory, {m.value, id.value})) {
    HistoryRow h;
    h.version = r.integer(0);
    h.action = r.text(1);
    h.state = parse_entry_state(r.text(2)).value_or(EntryState::kDraft);
    if (!r.is_null(3)) h.content.grade = r.text(3);
    h.content.done = r.text(4);
    h.content.next_plan = r.text(5);
    h.content.budget_planned = r.optional_integer(6);
    h.content.budget_actual = r.optional_integer(7);
    h.comment = r.text(8);
    h.at = r.integer(9);
    h.actor = r.text(10);
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace tsunagu::store
