// ProgressService::import_sheet and preview_sheet: a progress sheet of any city's layout (xlsx,
// xls, CSV or TSV) into a plan's projects and the year's entries, in one transaction with its
// audit row; the preview reads the same way and writes nothing.
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "io/progress_sheet.hpp"
#include "io/workbook.hpp"
#include "service/crypto.hpp"
#include "service/plan_lookup.hpp"
#include "service/progress_service.hpp"
#include "store/account_store.hpp"
#include "store/plan_store.hpp"
#include "store/sheet_import_store.hpp"

namespace tsunagu::service {
namespace {

constexpr const char* kProgressMapping = "progress";

// The plan a sheet goes to: the named plan, the only plan when no name is given, else none
// yet (the import creates a five-year plan from the sheet's year).
Result<std::optional<store::PlanHeader>> existing_target(store::Connection& c, const Actor& actor,
                                                         const ProgressSheetImport& request) {
  if (request.plan_name.empty()) {
    auto only = service::resolve_plan(c, actor.municipality, "");
    if (!only) return only.error();
    return std::optional<store::PlanHeader>(*only);
  }
  return store::PlanStore(c).find_plan(actor.municipality, request.plan_name);
}

Status check_year_in_plan(const store::PlanHeader& header, FiscalYear year) {
  if (year < header.from || year > header.to) {
    return make_error(ErrorKind::kInvalid, "import.year_outside_plan",
                      year.display() + "は計画「" + header.name + "」の期間（" +
                          header.from.japanese() + "〜" + header.to.japanese() + "）の外です。");
  }
  return Ok{};
}

// The scale to read grades with: the plan's, or for a new plan the one asked for. An existing
// plan with another scale is refused rather than changed behind the user's back.
Result<EvaluationScale> import_scale(store::Connection& c, const Actor& actor,
                                     const std::optional<store::PlanHeader>& plan,
                                     const ProgressSheetImport& request) {
  if (!plan) {
    EvaluationScale scale = request.scale.value_or(EvaluationScale::ena_default());
    if (auto ok = scale.validate(); !ok) return ok.error();
    return scale;
  }
  EvaluationScale current = store::ProgressStore(c).scale(actor.municipality, plan->id);
  if (request.scale && !(*request.scale == current)) {
    return make_error(ErrorKind::kConflict, "import.scale_differs",
                      "計画「" + plan->name +
                          "」は既にあり、評価の段階が指定と違います。段階を変えるときは "
                          "tsunagu progress scale を使ってください（取り込み済みの評価がある段階は"
                          "消せません）。");
  }
  return current;
}

// The columns to read with: those given, else the plan's saved mapping.
struct Mapping {
  std::string sheet;
  std::vector<io::ColumnChoice> columns;
  bool saved = false;
};

Mapping import_mapping(store::Connection& c, const Actor& actor,
                       const std::optional<store::PlanHeader>& plan,
                       const ProgressSheetImport& request) {
  Mapping m{request.sheet, request.columns, false};
  if (!plan || !request.columns.empty()) return m;
  if (auto stored =
          store::SheetImportStore(c).mapping(actor.municipality, plan->id, kProgressMapping)) {
    m.columns = io::column_choices_from_json(stored->columns_json);
    if (m.sheet.empty()) m.sheet = stored->sheet;
    m.saved = !m.columns.empty() || !stored->sheet.empty();
  }
  return m;
}

std::string number_label(int category_no, int no, const std::string& code) {
  std::string n = code.empty() ? std::to_string(no) : code;
  return category_no > 0 ? "(" + std::to_string(category_no) + ")-" + n : n;
}

// How the sheet's rows meet the plan's projects: by number (or code) within the category, else
// by name within the category; the plan's projects no row met are "gone".
class ProjectMatcher {
 public:
  struct Match {
    int category_no = 0;
    std::optional<ProjectId> existing;
    bool code_changed = false;  // matched by name, its code is now another
  };

  ProjectMatcher(store::Connection& c, MunicipalityId m, std::optional<PlanId> plan) {
    if (!plan) return;
    for (const auto& cat : store::ProgressStore(c).categories(m, *plan))
      category_by_name_[cat.name] = cat.no;
    projects_ = store::SheetImportStore(c).project_keys(m, *plan);
    index();
  }

  // The plan's category number for a sheet category: the same name, else the sheet's number.
  int category_no(const io::SheetCategory& cat) const {
    auto it = category_by_name_.find(cat.name);
    return it != category_by_name_.end() ? it->second : cat.no;
  }

  std::vector<Match> match(const io::ProgressSheet& sheet, ProjectChanges& changes) {
    std::map<int, int> remap;
    for (const auto& cat : sheet.categories) remap[cat.no] = category_no(cat);
    std::set<std::int64_t> touched;
    std::vector<Match> out;
    for (const auto& row : sheet.projects) {
      Match m;
      m.category_no = remap.count(row.category_no) ? remap[row.category_no] : row.category_no;
      const Known* found = find(m.category_no, row, touched);
      if (found != nullptr) {
        m.existing = found->id;
        m.code_changed = found->code != row.code;
        touched.insert(found->id.value);
        if (found->name != row.name) {
          changes.renamed.push_back(
              {number_label(m.category_no, row.no, row.code), found->name, row.name});
        } else {
          ++changes.updated;
        }
      } else {
        changes.added.push_back(number_label(m.category_no, row.no, row.code) + " " + row.name);
      }
      out.push_back(m);
    }
    for (const auto& k : projects_) {
      if (!touched.count(k.id.value))
        changes.gone.push_back(number_label(k.category_no, k.no, k.code) + " " + k.name);
    }
    return out;
  }

 private:
  using Known = store::ProjectKey;

  // By number (or code) within the category first, then by name; each project met once.
  const Known* find(int category_no, const io::SheetProject& row,
                    const std::set<std::int64_t>& touched) const {
    auto first_free = [&](const auto& index, const auto& key) -> const Known* {
      auto [begin, end] = index.equal_range(key);
      for (auto it = begin; it != end; ++it) {
        const Known& k = projects_[it->second];
        if (!touched.count(k.id.value)) return &k;
      }
      return nullptr;
    };
    if (const Known* k =
            first_free(by_number_, std::pair{category_no, number_key(row.code, row.no)}))
      return k;
    return first_free(by_name_, std::pair{category_no, row.name});
  }

  // "#3" for a plain number, the code itself otherwise: the two never collide.
  static std::string number_key(const std::string& code, int no) {
    return code.empty() ? "#" + std::to_string(no) : code;
  }

  void index() {
    for (std::size_t i = 0; i < projects_.size(); ++i) {
      const Known& k = projects_[i];
      by_number_.emplace(std::pair{k.category_no, number_key(k.code, k.no)}, i);
      by_name_.emplace(std::pair{k.category_no, k.name}, i);
    }
  }

  std::vector<Known> projects_;
  std::multimap<std::pair<int, std::string>, std::size_t> by_number_;  // → index in projects_
  std::multimap<std::pair<int, std::string>, std::size_t> by_name_;
  std::map<std::string, int> category_by_name_;
};

// Writes a parsed sheet into one plan inside the caller's transaction: its categories, its
// projects (as matched) with their departments, and the year's entries with their extra
// fields, which arrive approved. Counts what it did in the report.
class SheetImportWriter {
 public:
  SheetImportWriter(store::Connection& c, const Actor& actor, PlanId plan, std::int64_t now,
                    ProgressImportReport& report)
      : progress_(c),
        accounts_(c),
        sheets_(c),
        actor_(actor),
        plan_(plan),
        now_(now),
        report_(report) {}

  void write(const io::ProgressSheet& sheet, const std::vector<ProjectMatcher::Match>& matches,
             const ProjectMatcher& matcher) {
    for (const auto& cat : sheet.categories) {
      int no = matcher.category_no(cat);
      categories_[no] = progress_.ensure_category(actor_.municipality, plan_, no, cat.name);
      ++report_.categories;
    }
    for (std::size_t i = 0; i < sheet.projects.size(); ++i) {
      const auto& row = sheet.projects[i];
      std::vector<DepartmentId> departments;
      for (const auto& d : row.departments)
        departments.push_back(accounts_.ensure_department(actor_.municipality, d));
      ProjectId id = write_project(row, matches[i]);
      progress_.set_departments(actor_.municipality, id, departments);
      write_entry(id, sheet.year, row);
    }
  }

 private:
  ProjectId write_project(const io::SheetProject& row, const ProjectMatcher::Match& match) {
    if (match.existing) {
      progress_.update_project(actor_.municipality, *match.existing, row.name, row.content);
      if (match.code_changed) sheets_.set_code(actor_.municipality, *match.existing, row.code);
      ++report_.projects_updated;
      return *match.existing;
    }
    Project p;
    p.no =
        row.code.empty() ? row.no : sheets_.next_no(actor_.municipality, plan_, match.category_no);
    p.code = row.code;
    p.name = row.name;
    p.content = row.content;
    if (auto it = categories_.find(match.category_no); it != categories_.end())
      p.category = it->second;
    ++report_.projects_created;
    return progress_.create_project(actor_.municipality, plan_, match.category_no, p, now_);
  }

  void write_entry(ProjectId id, FiscalYear year, const io::SheetProject& row) {
    store::EntryChange change{row.progress, EntryState::kApproved, "", "import", actor_.name, now_};
    ProgressEntryId entry_id;
    if (auto entry = progress_.entry(actor_.municipality, id, year)) {
      progress_.update_entry(actor_.municipality, entry->id, entry->version, change);
      entry_id = entry->id;
      ++report_.entries_updated;
    } else {
      entry_id = progress_.create_entry(actor_.municipality, id, year, change);
      ++report_.entries_created;
      if (row.extras.empty()) return;  // a new entry has no fields to replace
    }
    sheets_.set_fields(actor_.municipality, entry_id, row.extras);
  }

  store::ProgressStore progress_;
  store::AccountStore accounts_;
  store::SheetImportStore sheets_;
  const Actor& actor_;
  PlanId plan_;
  std::int64_t now_;
  ProgressImportReport& report_;
  std::map<int, CategoryId> categories_;  // by category number
};

Tally tally_of(const EvaluationScale& scale, const io::ProgressSheet& sheet) {
  std::vector<ProgressContent> contents;
  for (const auto& row : sheet.projects) contents.push_back(row.progress);
  return tsunagu::tally(scale, contents);
}

}  // namespace

Result<ProgressSheetPreview> ProgressService::preview_sheet(const Actor& actor,
                                                            const ProgressSheetImport& request,
                                                            std::string_view bytes) {
  if (auto allowed = require(actor, Permission::kProgressImport); !allowed) return allowed.error();
  auto book = io::read_workbook(bytes, request.file_name);
  if (!book) return book.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kRead);
  auto plan = existing_target(*c, actor, request);
  if (!plan) return plan.error();
  auto scale = import_scale(*c, actor, *plan, request);
  if (!scale) return scale.error();
  Mapping mapping = import_mapping(*c, actor, *plan, request);
  ProgressSheetPreview preview;
  preview.plan_exists = plan->has_value();
  preview.scale = *scale;
  preview.used_saved_mapping = mapping.saved;
  preview.columns = mapping.columns;
  preview.reading =
      io::read_progress_sheet(*book, *scale, {request.year, mapping.sheet, mapping.columns});
  preview.tally = tally_of(*scale, preview.reading.sheet);
  ProjectMatcher matcher(*c, actor.municipality,
                         *plan ? std::optional<PlanId>((*plan)->id) : std::nullopt);
  matcher.match(preview.reading.sheet, preview.changes);
  return preview;
}

Result<ProgressImportReport> ProgressService::import_sheet(const Actor& actor,
                                                           const ProgressSheetImport& request,
                                                           std::string_view bytes) {
  if (auto allowed = require(actor, Permission::kProgressImport); !allowed) return allowed.error();
  auto book = io::read_workbook(bytes, request.file_name);
  if (!book) return book.error();
  const std::int64_t now = clock_.now_ms();

  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto existing = existing_target(*c, actor, request);
  if (!existing) return existing.error();
  if (*existing) {
    if (auto ok = check_year_in_plan(**existing, request.year); !ok) return ok.error();
  } else if (auto ok = validate_plan_header(request.plan_name, request.year,
                                            FiscalYear(request.year.western() + 5));
             !ok) {
    return ok.error();
  }
  auto scale = import_scale(*c, actor, *existing, request);
  if (!scale) return scale.error();
  Mapping mapping = import_mapping(*c, actor, *existing, request);
  auto sheet =
      io::parse_progress_sheet(*book, *scale, {request.year, mapping.sheet, mapping.columns});
  if (!sheet) return sheet.error();

  ProgressImportReport report;
  store::PlanHeader header;
  if (*existing) {
    header = **existing;
  } else {
    header = store::PlanHeader{
        {}, request.plan_name, request.year, FiscalYear(request.year.western() + 5), std::nullopt};
    header.id = store::PlanStore(*c).create_plan(actor.municipality, header, now);
    store::ProgressStore(*c).set_scale(actor.municipality, header.id, *scale);
    report.plan_created = true;
  }
  report.plan = header.id;
  report.sheet_name = sheet->sheet_name;
  report.header_line = sheet->header_line;
  report.columns = sheet->columns;
  report.extra_fields = sheet->extra_names();
  report.used_saved_mapping = mapping.saved;
  report.warnings = sheet->tally_mismatches;
  report.warnings.insert(report.warnings.end(), sheet->warnings.begin(), sheet->warnings.end());
  ProjectMatcher matcher(*c, actor.municipality,
                         report.plan_created ? std::nullopt : std::optional<PlanId>(header.id));
  auto matches = matcher.match(*sheet, report.changes);
  SheetImportWriter(*c, actor, header.id, now, report).write(*sheet, matches, matcher);
  // The mapping that read this file is the plan's from now on (next year's file needs none).
  if (!mapping.saved && (!mapping.columns.empty() || !request.sheet.empty())) {
    store::SheetImportStore(*c).save_mapping(
        actor.municipality, header.id, kProgressMapping,
        {request.sheet, io::column_choices_json(mapping.columns), now, actor.name});
  }
  report.scale = *scale;
  report.tally = tally_of(*scale, *sheet);
  nlohmann::json detail = {{"year", request.year.western()},
                           {"projects", sheet->projects.size()},
                           {"created", report.projects_created},
                           {"entries_created", report.entries_created},
                           {"entries_updated", report.entries_updated},
                           {"renamed", report.changes.renamed.size()},
                           {"gone", report.changes.gone.size()}};
  if (!sheet->sheet_name.empty()) detail["sheet"] = sheet->sheet_name;
  audit_.append(*c, {actor.municipality, actor.name, "progress.import", "plan",
                     std::to_string(header.id.value), "", sha256_hex(bytes), kBasisOfficialDuty,
                     detail.dump()});
  tx.commit();
  return report;
}

}  // namespace tsunagu::service
