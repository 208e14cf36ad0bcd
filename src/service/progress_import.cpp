// ProgressService::import_sheet and preview_sheet: a progress sheet of any city's layout (xlsx,
// xls, CSV or TSV) into a plan's projects and the year's entries, in one transaction with its
// audit row; the preview reads the same way and writes nothing.
#include <map>
#include <set>
#include <tuple>

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

// The columns to read with: the plan's saved mapping, with the columns given now in place of
// the saved ones for the same role or header (the web page sends only what the user changed).
struct Mapping {
  std::string sheet;
  bool sheet_saved = false;  // `sheet` is the saved one (last year's name), not one asked for
  std::vector<io::ColumnChoice> columns;
  bool saved = false;  // the saved mapping was used
  std::optional<store::StoredMapping> stored;

  friend bool operator==(const Mapping& a, const Mapping& b) {
    return a.sheet == b.sheet && a.sheet_saved == b.sheet_saved && a.columns == b.columns;
  }
};

bool overrides(const io::ColumnChoice& given, const io::ColumnChoice& saved) {
  if (given.header == saved.header) return true;
  return !given.keep_as_extra && !saved.keep_as_extra && given.role == saved.role;
}

Mapping import_mapping(store::Connection& c, const Actor& actor,
                       const std::optional<store::PlanHeader>& plan,
                       const ProgressSheetImport& request) {
  Mapping m{request.sheet, false, request.columns, false, std::nullopt};
  if (!plan) return m;
  m.stored = store::SheetImportStore(c).mapping(actor.municipality, plan->id, kProgressMapping);
  if (!m.stored) return m;
  std::vector<io::ColumnChoice> merged;
  for (const auto& saved : io::column_choices_from_json(m.stored->columns_json)) {
    bool replaced = false;
    for (const auto& given : request.columns) replaced |= overrides(given, saved);
    if (!replaced) merged.push_back(saved);
  }
  m.saved = !merged.empty() || (request.sheet.empty() && !m.stored->sheet.empty());
  merged.insert(merged.end(), request.columns.begin(), request.columns.end());
  m.columns = std::move(merged);
  if (m.sheet.empty() && !m.stored->sheet.empty()) {
    m.sheet = m.stored->sheet;
    m.sheet_saved = true;
  }
  return m;
}

// What an import reads before it parses the file and checks again inside its write: the plan
// (or none yet), the scale and the mapping. A file is parsed outside any transaction.
struct ImportTarget {
  std::optional<store::PlanHeader> plan;
  EvaluationScale scale = EvaluationScale::ena_default();
  Mapping mapping;

  io::SheetOptions options(FiscalYear year) const {
    io::SheetOptions o;
    o.year = year;
    o.sheet = mapping.sheet;
    o.sheet_saved = mapping.sheet_saved;
    o.columns = mapping.columns;
    return o;
  }
  bool same_as(const ImportTarget& other) const {
    auto key = [](const std::optional<store::PlanHeader>& p) {
      return p ? std::tuple(p->id.value, p->name, p->from.western(), p->to.western())
               : std::tuple(std::int64_t{0}, std::string(), 0, 0);
    };
    return key(plan) == key(other.plan) && scale == other.scale && mapping == other.mapping;
  }
};

Result<ImportTarget> load_target(store::Connection& c, const Actor& actor,
                                 const ProgressSheetImport& request) {
  auto plan = existing_target(c, actor, request);
  if (!plan) return plan.error();
  auto scale = import_scale(c, actor, *plan, request);
  if (!scale) return scale.error();
  return ImportTarget{*plan, *scale, import_mapping(c, actor, *plan, request)};
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

  // A row meets its project by its number or code when the sheet gives one, else by its name;
  // then a numbered row left over by its name. In a sheet without numbers, one row left over in
  // its category with one project left over is that project renamed; with more on either side
  // nothing tells which is which, so they are added and the projects reported gone (the preview
  // shows both). A row inserted into such a sheet thus never takes another project's place.
  std::vector<Match> match(const io::ProgressSheet& sheet, ProjectChanges& changes) {
    std::map<int, int> remap;
    for (const auto& cat : sheet.categories) remap[cat.no] = category_no(cat);
    std::set<std::int64_t> touched;
    std::vector<Match> out(sheet.projects.size());
    std::vector<const Known*> found(sheet.projects.size(), nullptr);
    auto meet = [&](std::size_t i, const Known* k) {
      found[i] = k;
      if (k != nullptr) touched.insert(k->id.value);
    };
    for (std::size_t i = 0; i < sheet.projects.size(); ++i) {
      const auto& row = sheet.projects[i];
      out[i].category_no = remap.count(row.category_no) ? remap[row.category_no] : row.category_no;
      const std::pair<int, std::string> key{out[i].category_no,
                                            row.numbered ? number_key(row) : row.name};
      meet(i, first_free(row.numbered ? by_number_ : by_name_, key, touched));
    }
    std::map<int, std::vector<std::size_t>> rows_left;  // category → unnumbered rows unmet
    for (std::size_t i = 0; i < sheet.projects.size(); ++i) {
      const auto& row = sheet.projects[i];
      if (found[i] != nullptr) continue;
      if (row.numbered) {
        meet(i, first_free(by_name_, {out[i].category_no, row.name}, touched));
      } else {
        rows_left[out[i].category_no].push_back(i);
      }
    }
    for (const auto& [category, rows] : rows_left) {
      std::vector<const Known*> left;
      for (const auto& k : projects_) {
        if (k.category_no == category && !touched.count(k.id.value)) left.push_back(&k);
      }
      if (left.size() == 1 && rows.size() == 1) meet(rows[0], left[0]);
    }
    for (std::size_t i = 0; i < sheet.projects.size(); ++i) {
      const auto& row = sheet.projects[i];
      Match& m = out[i];
      if (const Known* k = found[i]) {
        m.existing = k->id;
        m.code_changed = k->code != row.code;
        if (k->name != row.name) {
          changes.renamed.push_back(
              {number_label(m.category_no, k->no, k->code), k->name, row.name});
        } else {
          ++changes.updated;
        }
      } else {
        // A row without a number of its own gets one when written; its position is none.
        changes.added.push_back(
            row.numbered        ? number_label(m.category_no, row.no, row.code) + " " + row.name
            : m.category_no > 0 ? "(" + std::to_string(m.category_no) + ") " + row.name
                                : row.name);
      }
    }
    for (const auto& k : projects_) {
      if (!touched.count(k.id.value))
        changes.gone.push_back(number_label(k.category_no, k.no, k.code) + " " + k.name);
    }
    return out;
  }

  // The numbers the plan's projects hold in a category before the import.
  std::set<int> numbers_in(int category_no) const {
    std::set<int> numbers;
    for (const auto& k : projects_) {
      if (k.category_no == category_no) numbers.insert(k.no);
    }
    return numbers;
  }

 private:
  using Known = store::ProjectKey;

  using Index = std::multimap<std::pair<int, std::string>, std::size_t>;  // → index in projects_

  // The first project under `key` no row has met yet.
  const Known* first_free(const Index& index, const std::pair<int, std::string>& key,
                          const std::set<std::int64_t>& touched) const {
    auto [begin, end] = index.equal_range(key);
    for (auto it = begin; it != end; ++it) {
      const Known& k = projects_[it->second];
      if (!touched.count(k.id.value)) return &k;
    }
    return nullptr;
  }

  // "#3" for a plain number, the code itself otherwise: the two never collide.
  static std::string number_key(const std::string& code, int no) {
    return code.empty() ? "#" + std::to_string(no) : code;
  }
  static std::string number_key(const io::SheetProject& row) {
    return number_key(row.code, row.no);
  }

  void index() {
    for (std::size_t i = 0; i < projects_.size(); ++i) {
      const Known& k = projects_[i];
      by_number_.emplace(std::pair{k.category_no, number_key(k.code, k.no)}, i);
      by_name_.emplace(std::pair{k.category_no, k.name}, i);
    }
  }

  std::vector<Known> projects_;
  Index by_number_;
  Index by_name_;
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
    const std::vector<int> numbers = new_numbers(sheet, matches, matcher);
    for (std::size_t i = 0; i < sheet.projects.size(); ++i) {
      const auto& row = sheet.projects[i];
      std::vector<DepartmentId> departments;
      for (const auto& d : row.departments)
        departments.push_back(accounts_.ensure_department(actor_.municipality, d));
      ProjectId id = write_project(row, matches[i], numbers[i]);
      progress_.set_departments(actor_.municipality, id, departments);
      write_entry(id, sheet.year, row);
    }
  }

 private:
  // The number each new project gets in its category: the sheet's own number when it is free,
  // else (a code, a counted position, a number another project holds) the next after the
  // highest. Matched rows keep their project's number (0 here).
  static std::vector<int> new_numbers(const io::ProgressSheet& sheet,
                                      const std::vector<ProjectMatcher::Match>& matches,
                                      const ProjectMatcher& matcher) {
    std::map<int, std::set<int>> used;  // category → numbers taken
    auto taken = [&](int category) -> std::set<int>& {
      auto it = used.find(category);
      if (it == used.end()) it = used.emplace(category, matcher.numbers_in(category)).first;
      return it->second;
    };
    std::vector<int> numbers(sheet.projects.size(), 0);
    for (std::size_t i = 0; i < sheet.projects.size(); ++i) {
      const auto& row = sheet.projects[i];
      if (matches[i].existing || !row.numbered || !row.code.empty()) continue;
      if (taken(matches[i].category_no).insert(row.no).second) numbers[i] = row.no;
    }
    for (std::size_t i = 0; i < sheet.projects.size(); ++i) {
      if (matches[i].existing || numbers[i] != 0) continue;
      std::set<int>& in_category = taken(matches[i].category_no);
      numbers[i] = in_category.empty() ? 1 : *in_category.rbegin() + 1;
      in_category.insert(numbers[i]);
    }
    return numbers;
  }

  ProjectId write_project(const io::SheetProject& row, const ProjectMatcher::Match& match,
                          int number) {
    if (match.existing) {
      progress_.update_project(actor_.municipality, *match.existing, row.name, row.content);
      if (match.code_changed) sheets_.set_code(actor_.municipality, *match.existing, row.code);
      ++report_.projects_updated;
      return *match.existing;
    }
    Project p;
    p.no = number;
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

// The mapping that read this file is the plan's from now on (next year's file needs none): the
// columns chosen and the sheet read when one was named; written only when it changed.
void save_mapping(store::Connection& c, const Actor& actor, PlanId plan, const Mapping& mapping,
                  const std::string& sheet_read, std::int64_t now) {
  const std::string sheet = mapping.sheet.empty() ? std::string() : sheet_read;
  const std::string columns = io::column_choices_json(mapping.columns);
  if (mapping.stored ? mapping.stored->sheet == sheet && mapping.stored->columns_json == columns
                     : sheet.empty() && mapping.columns.empty()) {
    return;
  }
  store::SheetImportStore(c).save_mapping(actor.municipality, plan, kProgressMapping,
                                          {sheet, columns, now, actor.name});
}

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
  auto target = load_target(*c, actor, request);
  if (!target) return target.error();
  ProgressSheetPreview preview;
  preview.plan_exists = target->plan.has_value();
  preview.scale = target->scale;
  preview.used_saved_mapping = target->mapping.saved;
  preview.columns = target->mapping.columns;
  preview.reading = io::read_progress_sheet(*book, target->scale, target->options(request.year));
  preview.tally = tally_of(target->scale, preview.reading.sheet);
  ProjectMatcher matcher(*c, actor.municipality,
                         target->plan ? std::optional<PlanId>(target->plan->id) : std::nullopt);
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

  // The file is parsed between two transactions: no write lock is held while a large sheet is
  // read, and what the parse relied on is checked again under the lock.
  Result<ImportTarget> read_target = [&]() -> Result<ImportTarget> {
    store::Transaction tx(*c, store::TxMode::kRead);
    return load_target(*c, actor, request);
  }();
  if (!read_target) return read_target.error();
  const ImportTarget& target = *read_target;
  if (target.plan) {
    if (auto ok = check_year_in_plan(*target.plan, request.year); !ok) return ok.error();
  } else if (auto ok = validate_plan_header(request.plan_name, request.year,
                                            FiscalYear(request.year.western() + 5));
             !ok) {
    return ok.error();
  }
  auto sheet = io::parse_progress_sheet(*book, target.scale, target.options(request.year));
  if (!sheet) return sheet.error();

  store::Transaction tx(*c, store::TxMode::kWrite);
  auto current = load_target(*c, actor, request);
  if (!current) return current.error();
  if (!current->same_as(target)) {
    return make_error(ErrorKind::kConflict, "import.plan_changed",
                      "取り込みの間に計画・評価の段階・列の対応が変わりました。もう一度取り込んで"
                      "ください。");
  }
  ProgressImportReport report;
  store::PlanHeader header;
  if (target.plan) {
    header = *target.plan;
  } else {
    header = store::PlanHeader{
        {}, request.plan_name, request.year, FiscalYear(request.year.western() + 5), std::nullopt};
    header.id = store::PlanStore(*c).create_plan(actor.municipality, header, now);
    store::ProgressStore(*c).set_scale(actor.municipality, header.id, target.scale);
    report.plan_created = true;
  }
  report.plan = header.id;
  report.sheet_name = sheet->sheet_name;
  report.header_line = sheet->header_line;
  report.columns = sheet->columns;
  report.extra_fields = sheet->extra_names();
  report.used_saved_mapping = target.mapping.saved;
  report.warnings = sheet->tally_mismatches;
  report.warnings.insert(report.warnings.end(), sheet->warnings.begin(), sheet->warnings.end());
  ProjectMatcher matcher(*c, actor.municipality,
                         report.plan_created ? std::nullopt : std::optional<PlanId>(header.id));
  auto matches = matcher.match(*sheet, report.changes);
  SheetImportWriter(*c, actor, header.id, now, report).write(*sheet, matches, matcher);
  save_mapping(*c, actor, header.id, current->mapping, sheet->sheet_name, now);
  report.scale = target.scale;
  report.tally = tally_of(target.scale, *sheet);
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
