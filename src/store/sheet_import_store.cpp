#include "store/sheet_import_store.hpp"

namespace tsunagu::store {
namespace sheet_import_sql {

constexpr const char* kProjectKeys =
    "SELECT id, category_no, no, code, name FROM project WHERE municipality_id = ? AND plan_id = ? "
    "ORDER BY category_no, no";
constexpr const char* kFindByCode =
    "SELECT id FROM project WHERE municipality_id = ? AND plan_id = ? AND category_no = ? "
    "AND code = ? ORDER BY no LIMIT 1";
constexpr const char* kFindByName =
    "SELECT id FROM project WHERE municipality_id = ? AND plan_id = ? AND category_no = ? "
    "AND name = ? ORDER BY no LIMIT 1";
constexpr const char* kSetCode = "UPDATE project SET code = ? WHERE municipality_id = ? AND id = ?";
constexpr const char* kDeleteFields =
    "DELETE FROM progress_entry_field WHERE municipality_id = ? AND entry_id = ?";
constexpr const char* kInsertField =
    "INSERT INTO progress_entry_field (municipality_id, entry_id, ord, name, value) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr const char* kFields =
    "SELECT name, value FROM progress_entry_field WHERE municipality_id = ? AND entry_id = ? "
    "ORDER BY ord";
constexpr const char* kFieldsOfYear =
    "SELECT e.project_id, f.name, f.value FROM progress_entry_field f "
    "JOIN progress_entry e ON e.id = f.entry_id JOIN project p ON p.id = e.project_id "
    "WHERE f.municipality_id = ? AND p.plan_id = ? AND e.year = ? ORDER BY e.project_id, f.ord";
constexpr const char* kMapping =
    "SELECT sheet, columns, updated_at, updated_by FROM import_mapping "
    "WHERE municipality_id = ? AND plan_id = ? AND kind = ?";
constexpr const char* kDeleteMapping =
    "DELETE FROM import_mapping WHERE municipality_id = ? AND plan_id = ? AND kind = ?";
constexpr const char* kInsertMapping =
    "INSERT INTO import_mapping (municipality_id, plan_id, kind, sheet, columns, updated_at, "
    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)";

}  // namespace sheet_import_sql

std::vector<ProjectKey> SheetImportStore::project_keys(MunicipalityId m, PlanId plan) {
  std::vector<ProjectKey> out;
  for (const auto& r : c_.query(sheet_import_sql::kProjectKeys, {m.value, plan.value})) {
    out.push_back({ProjectId{r.integer(0)}, static_cast<int>(r.integer(1)),
                   static_cast<int>(r.integer(2)), r.text(3), r.text(4)});
  }
  return out;
}

std::optional<ProjectId> SheetImportStore::find_by_code(MunicipalityId m, PlanId plan,
                                                        int category_no, const std::string& code) {
  auto rows = c_.query(sheet_import_sql::kFindByCode,
                       {m.value, plan.value, std::int64_t{category_no}, code});
  if (rows.empty()) return std::nullopt;
  return ProjectId{rows[0].integer(0)};
}

std::optional<ProjectId> SheetImportStore::find_by_name(MunicipalityId m, PlanId plan,
                                                        int category_no, const std::string& name) {
  auto rows = c_.query(sheet_import_sql::kFindByName,
                       {m.value, plan.value, std::int64_t{category_no}, name});
  if (rows.empty()) return std::nullopt;
  return ProjectId{rows[0].integer(0)};
}

void SheetImportStore::set_code(MunicipalityId m, ProjectId id, const std::string& code) {
  c_.execute(sheet_import_sql::kSetCode, {code, m.value, id.value});
}

void SheetImportStore::set_fields(MunicipalityId m, ProgressEntryId entry,
                                  const ExtraFields& fields) {
  c_.execute(sheet_import_sql::kDeleteFields, {m.value, entry.value});
  std::int64_t ord = 0;
  for (const auto& [name, value] : fields) {
    c_.execute(sheet_import_sql::kInsertField, {m.value, entry.value, ord++, name, value});
  }
}

ExtraFields SheetImportStore::fields(MunicipalityId m, ProgressEntryId entry) {
  ExtraFields out;
  for (const auto& r : c_.query(sheet_import_sql::kFields, {m.value, entry.value}))
    out.emplace_back(r.text(0), r.text(1));
  return out;
}

std::map<std::int64_t, ExtraFields> SheetImportStore::fields_of_year(MunicipalityId m, PlanId plan,
                                                                     FiscalYear year) {
  std::map<std::int64_t, ExtraFields> out;
  for (const auto& r : c_.query(sheet_import_sql::kFieldsOfYear,
                                {m.value, plan.value, std::int64_t{year.western()}}))
    out[r.integer(0)].emplace_back(r.text(1), r.text(2));
  return out;
}

std::optional<StoredMapping> SheetImportStore::mapping(MunicipalityId m, PlanId plan,
                                                       const std::string& kind) {
  auto rows = c_.query(sheet_import_sql::kMapping, {m.value, plan.value, kind});
  if (rows.empty()) return std::nullopt;
  return StoredMapping{rows[0].text(0), rows[0].text(1), rows[0].integer(2), rows[0].text(3)};
}

void SheetImportStore::save_mapping(MunicipalityId m, PlanId plan, const std::string& kind,
                                    const StoredMapping& mapping) {
  c_.execute(sheet_import_sql::kDeleteMapping, {m.value, plan.value, kind});
  c_.execute(sheet_import_sql::kInsertMapping,
             {m.value, plan.value, kind, mapping.sheet, mapping.columns_json, mapping.updated_at,
              mapping.updated_by});
}

}  // namespace tsunagu::store
