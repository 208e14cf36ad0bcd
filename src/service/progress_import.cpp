// ProgressService::import_sheet: a progress sheet (xlsx, CSV or TSV) into a plan's projects and
// the year's entries, in one transaction with its audit row.
#include <map>

#include <nlohmann/json.hpp>

#include "io/progress_sheet.hpp"
#include "io/table_file.hpp"
#include "service/crypto.hpp"
#include "service/plan_lookup.hpp"
#include "service/progress_service.hpp"
#include "store/account_store.hpp"
#include "store/plan_store.hpp"

namespace tsunagu::service {
namespace {

struct ImportTarget {
  store::PlanHeader header;
  bool created = false;
};

// The plan a sheet goes to: the named plan, the only plan when no name is given, else a new
// five-year plan from the sheet's year. The year must lie within the plan.
Result<ImportTarget> progress_import_target(store::Connection& c, const Actor& actor,
                                            const ProgressSheetImport& request, std::int64_t now) {
  store::PlanStore plans(c);
  std::optional<store::PlanHeader> header;
  if (request.plan_name.empty()) {
    auto only = service::resolve_plan(c, actor.municipality, "");
    if (!only) return only.error();
    header = *only;
  } else {
    header = plans.find_plan(actor.municipality, request.plan_name);
  }
  bool created = false;
  if (!header) {
    FiscalYear from = request.year, to = FiscalYear(request.year.western() + 5);
    if (auto ok = validate_plan_header(request.plan_name, from, to); !ok) return ok.error();
    header = store::PlanHeader{{}, request.plan_name, from, to, std::nullopt};
    header->id = plans.create_plan(actor.municipality, *header, now);
    created = true;
  }
  if (request.year < header->from || request.year > header->to) {
    return make_error(ErrorKind::kInvalid, "import.year_outside_plan",
                      request.year.display() + "は計画「" + header->name + "」の期間（" +
                          header->from.japanese() + "〜" + header->to.japanese() + "）の外です。");
  }
  return ImportTarget{std::move(*header), created};
}

// Writes a parsed sheet into one plan inside the caller's transaction: its categories, its
// projects (matched by category and number, else created) with their departments, and the
// year's entries, which arrive approved. Counts what it did in the report.
class SheetImportWriter {
 public:
  SheetImportWriter(store::Connection& c, const Actor& actor, PlanId plan, std::int64_t now,
                    ProgressImportReport& report)
      : progress_(c), accounts_(c), actor_(actor), plan_(plan), now_(now), report_(report) {}

  void write(const io::ProgressSheet& sheet, FiscalYear year) {
    for (const auto& cat : sheet.categories) {
      categories_[cat.no] = progress_.ensure_category(actor_.municipality, plan_, cat.no, cat.name);
      ++report_.categories;
    }
    for (const auto& row : sheet.projects) {
      std::vector<DepartmentId> departments;
      for (const auto& d : row.departments)
        departments.push_back(accounts_.ensure_department(actor_.municipality, d));
      ProjectId id = write_project(row);
      progress_.set_departments(actor_.municipality, id, departments);
      write_entry(id, year, row.progress);
    }
  }

 private:
  ProjectId write_project(const io::SheetProject& row) {
    if (auto existing =
            progress_.find_project(actor_.municipality, plan_, row.category_no, row.no)) {
      progress_.update_project(actor_.municipality, *existing, row.name, row.content);
      ++report_.projects_updated;
      return *existing;
    }
    Project p;
    p.no = row.no;
    p.name = row.name;
    p.content = row.content;
    if (auto it = categories_.find(row.category_no); it != categories_.end())
      p.category = it->second;
    ++report_.projects_created;
    return progress_.create_project(actor_.municipality, plan_, row.category_no, p, now_);
  }

  void write_entry(ProjectId id, FiscalYear year, const ProgressContent& content) {
    store::EntryChange change{content, EntryState::kApproved, "", "import", actor_.name, now_};
    if (auto entry = progress_.entry(actor_.municipality, id, year)) {
      progress_.update_entry(actor_.municipality, entry->id, entry->version, change);
      ++report_.entries_updated;
    } else {
      progress_.create_entry(actor_.municipality, id, year, change);
      ++report_.entries_created;
    }
  }

  store::ProgressStore progress_;
  store::AccountStore accounts_;
  const Actor& actor_;
  PlanId plan_;
  std::int64_t now_;
  ProgressImportReport& report_;
  std::map<int, CategoryId> categories_;  // by category number
};

}  // namespace

Result<ProgressImportReport> ProgressService::import_sheet(const Actor& actor,
                                                           const ProgressSheetImport& request,
                                                           std::string_view bytes) {
  if (auto allowed = require(actor, Permission::kProgressImport); !allowed) return allowed.error();
  auto records = io::read_table_file(bytes, request.file_name);
  if (!records) return records.error();
  const std::int64_t now = clock_.now_ms();

  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto target = progress_import_target(*c, actor, request, now);
  if (!target) return target.error();
  const store::PlanHeader& header = target->header;
  ProgressImportReport report;
  report.plan_created = target->created;
  report.plan = header.id;
  EvaluationScale scale = store::ProgressStore(*c).scale(actor.municipality, header.id);
  auto sheet = io::parse_progress_sheet(*records, scale, request.year);
  if (!sheet) return sheet.error();
  report.warnings = sheet->tally_mismatches;
  SheetImportWriter(*c, actor, header.id, now, report).write(*sheet, request.year);
  std::vector<ProgressContent> contents;
  for (const auto& row : sheet->projects) contents.push_back(row.progress);
  report.scale = scale;
  report.tally = tsunagu::tally(scale, contents);
  nlohmann::json detail = {{"year", request.year.western()},
                           {"projects", sheet->projects.size()},
                           {"created", report.projects_created},
                           {"entries_created", report.entries_created},
                           {"entries_updated", report.entries_updated}};
  audit_.append(*c, {actor.municipality, actor.name, "progress.import", "plan",
                     std::to_string(header.id.value), "", sha256_hex(bytes), kBasisOfficialDuty,
                     detail.dump()});
  tx.commit();
  return report;
}

}  // namespace tsunagu::service
