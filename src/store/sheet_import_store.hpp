// What importing a city's own sheets needs beyond ProgressStore: projects found by their
// written code or their name, the extra fields a sheet carries per entry, and the column
// mapping saved with a plan (so next year's file of the same layout imports in one step).
// Runs inside the caller's transaction; not thread-safe (one per connection).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/fiscal_year.hpp"
#include "core/plan.hpp"
#include "core/progress.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

using ExtraFields = std::vector<std::pair<std::string, std::string>>;  // name → value, in order

// A saved mapping: the sheet's name and the chosen columns as JSON ([{"role","header"}]).
struct StoredMapping {
  std::string sheet;
  std::string columns_json = "[]";
  std::int64_t updated_at = 0;
  std::string updated_by;
};

// What matching a sheet's rows needs of a plan's project.
struct ProjectKey {
  ProjectId id;
  int category_no = 0;
  int no = 0;
  std::string code;
  std::string name;
};

class SheetImportStore {
 public:
  explicit SheetImportStore(Connection& connection) : c_(connection) {}

  // Every project of the plan, by category and number (one query, no departments).
  std::vector<ProjectKey> project_keys(MunicipalityId municipality, PlanId plan);

  std::optional<ProjectId> find_by_code(MunicipalityId municipality, PlanId plan, int category_no,
                                        const std::string& code);
  std::optional<ProjectId> find_by_name(MunicipalityId municipality, PlanId plan, int category_no,
                                        const std::string& name);
  void set_code(MunicipalityId municipality, ProjectId id, const std::string& code);

  // Replaces the entry's extra fields.
  void set_fields(MunicipalityId municipality, ProgressEntryId entry, const ExtraFields& fields);
  ExtraFields fields(MunicipalityId municipality, ProgressEntryId entry);
  // Every extra field of the plan's entries for the year, by project.
  std::map<std::int64_t, ExtraFields> fields_of_year(MunicipalityId municipality, PlanId plan,
                                                     FiscalYear year);

  std::optional<StoredMapping> mapping(MunicipalityId municipality, PlanId plan,
                                       const std::string& kind);
  void save_mapping(MunicipalityId municipality, PlanId plan, const std::string& kind,
                    const StoredMapping& mapping);

 private:
  Connection& c_;
};

}  // namespace tsunagu::store
