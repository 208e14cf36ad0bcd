#include "io/progress_sheet.hpp"

#include <charconv>
#include <map>

#include "core/text.hpp"
#include "io/sheet_header.hpp"
#include "io/sheet_text.hpp"

namespace tsunagu::io {
namespace {

// "A(予定通り進行) 9事業" → {"A(予定通り進行)", 9}; " 12事業" → {"", 12}.
std::optional<std::pair<std::string, int>> parse_tally_line(std::string_view text) {
  static constexpr std::string_view kUnit = "事業";
  std::string folded = fold_width(trim(text));
  std::string_view s = folded;
  if (s.size() < kUnit.size() || s.substr(s.size() - kUnit.size()) != kUnit) return std::nullopt;
  s.remove_suffix(kUnit.size());
  std::size_t digits = s.size();
  while (digits > 0 && s[digits - 1] >= '0' && s[digits - 1] <= '9') --digits;
  if (digits == s.size()) return std::nullopt;
  auto count = parse_small_int(s.substr(digits));
  if (!count) return std::nullopt;
  return std::make_pair(std::string(trim(s.substr(0, digits))), *count);
}

// A cell that says "not evaluated": -, －, ―, ー, 該当なし is read as no grade.
bool no_grade(std::string_view text) {
  std::string folded = fold_width(trim(text));
  return folded == "-" || folded == "―" || folded == "ー" || folded == "—" || folded == "‐" ||
         folded == "/" || folded == "該当なし";
}

// "1,234", "1,234千円", "¥1,234,000", "1234000円" → 千円 (円 rounded to the nearest 千円).
std::optional<std::int64_t> parse_amount(std::string_view text, bool thousand_yen, bool& rounded) {
  std::string folded = fold_width(trim(text));
  bool yen = !thousand_yen;
  auto strip_suffix = [&](std::string_view suffix) {
    if (folded.size() >= suffix.size() &&
        folded.compare(folded.size() - suffix.size(), suffix.size(), suffix) == 0) {
      folded.resize(folded.size() - suffix.size());
      return true;
    }
    return false;
  };
  if (strip_suffix("千円")) {
    yen = false;
  } else if (strip_suffix("円")) {
    yen = true;
  }
  std::string digits;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    char c = folded[i];
    if (c == ',' || c == ' ') continue;
    if (c == '\\' && digits.empty()) continue;
    if (folded.compare(i, 2, "\xC2\xA5") == 0 && digits.empty()) {  // ¥
      ++i;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits += c;
  }
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  std::int64_t v = std::stoll(digits);
  rounded = false;
  if (yen) {
    rounded = v % 1000 != 0;
    v = (v + 500) / 1000;
  }
  return v;
}

// Reads a sheet's rows below its header: category lines or a category column, tally lines and
// project rows. Every problem is collected, so one import reports all of them.
class RowReader {
 public:
  RowReader(const EvaluationScale& scale, const detail::FoundHeader& header, SheetReading& out)
      : scale_(scale), header_(header), out_(out) {
    for (const auto& col : header.columns) {
      if (col.role) {
        roles_[*col.role] = &col;
      } else {
        extras_.push_back(&col);
      }
    }
  }

  void read(const Record& r) {
    if (r.blank() || repeats_header(r)) return;
    std::string name = cell(r, SheetRole::kName);
    const bool category_column = roles_[SheetRole::kCategory] != nullptr;
    if (!name.empty()) {
      if (category_column) read_category_cell(r);
      read_project_row(r, std::move(name));
      return;
    }
    std::vector<std::string> filled;
    for (const auto& c : r.cells) {
      if (!trim(c).empty()) filled.emplace_back(trim(c));
    }
    if (filled.size() == 1) {
      if (auto t = parse_tally_line(filled[0])) {
        read_tally_line(*t, r.line);
        return;
      }
    }
    if (category_column && !cell(r, SheetRole::kCategory).empty() && filled.size() == 1) {
      read_category_cell(r);  // the 施策 on a row of its own
      return;
    }
    read_unnamed_row(r, filled);
  }

  void finish() {
    if (out_.sheet.projects.empty() && out_.problems.empty())
      problem("import.no_table", 0, "", "見出しの下に事業の行がありません。");
    for (const auto& [column, line] : unheaded_) {
      out_.sheet.warnings.push_back(column_letters(column) +
                                    "列には見出しがないため取り込んでいま"
                                    "せん（" +
                                    std::to_string(line) + "行目ほか）。");
    }
  }

 private:
  std::string cell(const Record& r, SheetRole role) const {
    auto it = roles_.find(role);
    if (it == roles_.end() || it->second == nullptr) return {};
    auto i = static_cast<std::size_t>(it->second->index);
    return i < r.cells.size() ? std::string(trim(r.cells[i])) : std::string();
  }

  std::string field(SheetRole role) const {
    auto it = roles_.find(role);
    if (it == roles_.end() || it->second == nullptr) return {};
    return column_letters(it->second->index) + "列";
  }

  void problem(const char* code, int line, std::string field, std::string message) {
    if (out_.problems.empty()) out_.code = code;
    out_.problems.push_back({line, std::move(field), std::move(message)});
  }

  // The header again (a printed sheet repeats it on every page), or part of it on a row of its
  // own (seed 003 repeats 具体的な取り組み below its header): every text is a header's.
  bool repeats_header(const Record& r) const {
    int texts = 0;
    for (const auto& c : r.cells) {
      std::string_view text = trim(c);
      if (text.empty()) continue;
      bool is_header = false;
      for (const auto& col : header_.columns) is_header |= text == col.header;
      if (!is_header) return false;
      ++texts;
    }
    return texts > 0;
  }

  // The 施策 column: a new text starts a category (its number from "(1)…" or "1．…", else
  // the next free one); the same text again, or an empty cell, stays in it.
  void read_category_cell(const Record& r) {
    std::string text = cell(r, SheetRole::kCategory);
    if (text.empty() || text == current_category_text_) return;
    current_category_text_ = text;
    int no = 0;
    std::string name = text;
    if (auto parsed = parse_numbered_heading(text, false)) {
      no = parsed->first;
      name = parsed->second;
    }
    if (auto it = category_by_text_.find(text); it != category_by_text_.end()) {
      current_category_ = it->second;
      return;
    }
    if (no == 0 || used_category_numbers_.count(no)) no = next_category_no();
    add_category(r.line, no, name);
    category_by_text_[text] = no;
  }

  // The lowest free number: numbers are only ever taken, so the search goes on from the last.
  int next_category_no() {
    while (used_category_numbers_.count(next_free_category_)) ++next_free_category_;
    return next_free_category_;
  }

  void add_category(int line, int no, const std::string& name) {
    current_category_ = no;
    used_category_numbers_.insert({no, true});
    out_.sheet.categories.push_back({line, no, name});
  }

  // A row without a project name that is no tally line: a category line, or a mistake.
  void read_unnamed_row(const Record& r, const std::vector<std::string>& filled) {
    if (filled.size() == 1) {
      if (auto category = parse_numbered_heading(filled[0], true)) {
        int no =
            used_category_numbers_.count(category->first) ? next_category_no() : category->first;
        add_category(r.line, no, category->second);
        return;
      }
    }
    problem("import.bad_row", r.line, field(SheetRole::kName),
            "事業名のない行です。事業名を入れるか、行を削除してください。");
  }

  void read_tally_line(const std::pair<std::string, int>& t, int line) {
    if (t.first.empty()) {
      out_.sheet.stated_total = t.second;
    } else if (auto code = scale_.parse(t.first)) {
      out_.sheet.stated_tally.emplace_back(*code, t.second);
    } else {
      problem("import.bad_row", line, "",
              "集計行の評価「" + t.first + "」はこの計画の評価段階にありません。");
    }
  }

  void read_project_row(const Record& r, std::string name) {
    SheetProject p;
    p.line = r.line;
    p.category_no = current_category_;
    p.name = std::move(name);
    p.departments = split_departments(cell(r, SheetRole::kDepartments));
    p.content = cell(r, SheetRole::kContent);
    if (p.departments.empty())
      problem("import.bad_row", r.line, field(SheetRole::kDepartments),
              "「" + p.name + "」の担当課がありません。");
    number_project(p, cell(r, SheetRole::kNumber));
    read_grade(p, cell(r, SheetRole::kGrade));
    p.progress.done = cell(r, SheetRole::kDone);
    p.progress.next_plan = cell(r, SheetRole::kNextPlan);
    p.progress.budget_planned = read_amount(r, SheetRole::kBudget);
    p.progress.budget_actual = read_amount(r, SheetRole::kSettlement);
    for (const auto* col : extras_) {
      auto i = static_cast<std::size_t>(col->index);
      if (i < r.cells.size() && !trim(r.cells[i]).empty())
        p.extras.emplace_back(col->header, std::string(trim(r.cells[i])));
    }
    note_unheaded_cells(r);
    if (auto ok = validate_progress(scale_, p.progress); !ok) {
      for (const auto& d : ok.error().details) problem("import.bad_row", p.line, "", d.message);
    }
    out_.sheet.projects.push_back(std::move(p));
  }

  void note_unheaded_cells(const Record& r) {
    for (std::size_t c = 0; c < r.cells.size(); ++c) {
      if (trim(r.cells[c]).empty()) continue;
      bool headed = false;
      for (const auto& col : header_.columns) headed |= static_cast<std::size_t>(col.index) == c;
      if (!headed) unheaded_.emplace(static_cast<int>(c), r.line);
    }
  }

  std::optional<std::int64_t> read_amount(const Record& r, SheetRole role) {
    std::string text = cell(r, role);
    if (text.empty() || no_grade(text)) return std::nullopt;
    bool rounded = false;
    auto v = parse_amount(text, roles_[role]->thousand_yen, rounded);
    if (!v) {
      problem("import.bad_row", r.line, field(role),
              std::string(sheet_role_label(role)) + "「" + text +
                  "」を金額として読めません。数字（千円単位、例: 1,200）にしてください。");
      return std::nullopt;
    }
    if (rounded) {
      out_.sheet.warnings.push_back(std::to_string(r.line) +
                                    "行目: " + std::string(sheet_role_label(role)) + "「" + text +
                                    "」を千円単位に丸めました。");
    }
    return v;
  }

  // The number as written (1, 2 … or a code such as 0704-01), or the next one in its category
  // when the cell is empty; a number may appear once per category.
  void number_project(SheetProject& p, const std::string& number) {
    const int count = projects_in_category_[current_category_]++;
    if (auto no = parse_small_int(number); no && *no > 0) {
      p.no = *no;
      p.numbered = true;
    } else {
      p.code = fold_width(number);
      p.numbered = !p.code.empty();
      p.no = count + 1;
      while (seen_.count({current_category_, std::to_string(p.no)})) ++p.no;
    }
    std::string key = p.code.empty() ? std::to_string(p.no) : p.code;
    if (auto [it, fresh] = seen_.emplace(std::pair{current_category_, key}, p.line); !fresh) {
      problem("import.bad_row", p.line, field(SheetRole::kNumber),
              "事業の番号 " + key + " が " + std::to_string(it->second) + "行目と重複しています。");
    }
  }

  void read_grade(SheetProject& p, const std::string& grade_text) {
    if (grade_text.empty() || no_grade(grade_text)) return;
    p.progress.grade = scale_.parse(grade_text);
    if (p.progress.grade) return;
    std::string known;
    for (const auto& g : scale_.grades())
      known += (known.empty() ? "" : "、") + scale_.display(g.code);
    problem("import.bad_row", p.line, field(SheetRole::kGrade),
            "評価「" + grade_text + "」が読み取れません。この計画の評価は " + known + " です。");
  }

  const EvaluationScale& scale_;
  const detail::FoundHeader& header_;
  SheetReading& out_;
  std::map<SheetRole, const SheetColumn*> roles_;
  std::vector<const SheetColumn*> extras_;
  int current_category_ = 0;
  std::string current_category_text_;
  std::map<int, bool> used_category_numbers_;
  int next_free_category_ = 1;
  std::map<std::string, int> category_by_text_;      // a 施策 cell's text → its category
  std::map<std::pair<int, std::string>, int> seen_;  // (category, number) → line
  std::map<int, int> unheaded_;                      // column → first line
  std::map<int, int> projects_in_category_;          // category → projects read so far
};

// Compares the sheet's own tally with its rows; a difference is a warning, not an error.
void compare_stated_tally(const EvaluationScale& scale, ProgressSheet& sheet) {
  std::vector<ProgressContent> contents;
  for (const auto& p : sheet.projects) contents.push_back(p.progress);
  Tally counted = tally(scale, contents);
  for (const auto& [code, stated] : sheet.stated_tally) {
    for (const auto& [c, n] : counted.by_grade) {
      if (c == code && n != stated) {
        sheet.tally_mismatches.push_back(scale.display(code) + " はシートの集計で " +
                                         std::to_string(stated) + "事業ですが、行を数えると " +
                                         std::to_string(n) + "事業です。");
      }
    }
  }
  if (sheet.stated_total && *sheet.stated_total != counted.total) {
    sheet.tally_mismatches.push_back("合計はシートの集計で " + std::to_string(*sheet.stated_total) +
                                     "事業ですが、行は " + std::to_string(counted.total) +
                                     "事業です。");
  }
}

// The sheet named as `saved` was, with the year imported in place of its year: last year's
// R6進行管理 is this year's R7進行管理.
const Sheet* this_years_sheet(const Workbook& book, const std::string& saved, FiscalYear year) {
  const HeaderKey wanted = fold_header(saved, year);
  if (!wanted.year) return nullptr;
  for (const auto& sheet : book.sheets) {
    HeaderKey name = fold_header(sheet.name, year);
    if (name.key == wanted.key && name.year == year) return &sheet;
  }
  return nullptr;
}

// The sheet's records, or a copy with its merged cells filled when it has any.
Result<const std::vector<Record>*> with_merges_filled(const Sheet& sheet,
                                                      std::vector<Record>& filled) {
  if (sheet.merged.empty()) return &sheet.records;
  auto records = fill_merged(sheet);
  if (!records) return records.error();
  filled = std::move(*records);
  return &filled;
}

void read_sheet(const Sheet& sheet, const std::vector<Record>& records, detail::FoundHeader header,
                const EvaluationScale& scale, SheetReading& out) {
  out.header_found = true;
  out.sheet.sheet_name = sheet.name;
  out.sheet.header_line = header.line;
  out.sheet.title = header.title;
  out.sheet.columns = header.columns;
  out.problems = header.problems;
  out.code = header.code;
  RowReader rows(scale, header, out);
  for (std::size_t i = header.data_from; i < records.size(); ++i) rows.read(records[i]);
  rows.finish();
  if (out.problems.empty()) compare_stated_tally(scale, out.sheet);
}

}  // namespace

std::vector<std::string> ProgressSheet::extra_names() const {
  std::vector<std::string> names;
  for (const auto& c : columns) {
    if (!c.role) names.push_back(c.header);
  }
  return names;
}

Error SheetReading::error() const { return problems_error(problems, code); }

SheetReading read_progress_sheet(const Workbook& book, const EvaluationScale& scale,
                                 const SheetOptions& options) {
  SheetReading out;
  out.sheet.year = options.year;
  for (const auto& s : book.sheets) out.sheet.sheet_names.push_back(s.name);
  auto fail = [&](const char* code, std::string message) {
    out.code = code;
    out.problems.push_back({0, "", std::move(message)});
    return out;
  };
  const Sheet* named = nullptr;
  for (const auto& sheet : book.sheets) {
    if (named == nullptr && !options.sheet.empty() && sheet.name == options.sheet) named = &sheet;
  }
  if (named == nullptr && options.sheet_saved && !options.sheet.empty()) {
    named = this_years_sheet(book, options.sheet, options.year);
    if (named == nullptr) {
      out.sheet.warnings.push_back("前回のシート「" + options.sheet +
                                   "」がないため、見出しのわかるシートを探して読みました。");
    }
  }
  if (named != nullptr) {
    std::vector<Record> filled;
    auto merged = with_merges_filled(*named, filled);
    if (!merged) return fail("import.too_large", merged.error().message);
    const std::vector<Record>& records = **merged;
    std::string why;
    auto header = detail::find_header(*named, records, options, why);
    if (!header) {
      return fail("import.no_table", "シート「" + named->name + "」: " + why +
                                         "。見出しの名前が違うときは --column "
                                         "name=見出し のように列を指定してください。");
    }
    read_sheet(*named, records, std::move(*header), scale, out);
    return out;
  }
  if (!options.sheet.empty() && !options.sheet_saved) {
    return fail("import.no_sheet",
                "シート「" + options.sheet +
                    "」がありません。このファイルのシート: " + quoted_names(out.sheet.sheet_names));
  }
  std::string whys;
  for (const auto& sheet : book.sheets) {
    if (sheet.hidden) continue;
    std::vector<Record> filled;
    auto merged = with_merges_filled(sheet, filled);
    if (!merged) return fail("import.too_large", merged.error().message);
    const std::vector<Record>& records = **merged;
    std::string why;
    auto header = detail::find_header(sheet, records, options, why);
    if (header) {
      read_sheet(sheet, records, std::move(*header), scale, out);
      return out;
    }
    whys += (whys.empty() ? "" : "。") +
            (sheet.name.empty() ? std::string() : "シート「" + sheet.name + "」: ") + why;
  }
  return fail("import.no_table",
              "「事業名」と「担当課」にあたる見出しの行が見つかりません（" + whys +
                  "）。進行管理シートか確かめ、見出しの名前が違うときは --column "
                  "name=見出し --column departments=見出し のように列を指定してください。");
}

Result<ProgressSheet> parse_progress_sheet(const Workbook& book, const EvaluationScale& scale,
                                           const SheetOptions& options) {
  SheetReading reading = read_progress_sheet(book, scale, options);
  if (!reading.problems.empty()) return reading.error();
  return std::move(reading.sheet);
}

Result<ProgressSheet> parse_progress_sheet(const std::vector<Record>& records,
                                           const EvaluationScale& scale, FiscalYear year) {
  Workbook book;
  book.sheets.push_back({"", false, records, {}});
  SheetOptions options;
  options.year = year;
  return parse_progress_sheet(book, scale, options);
}

}  // namespace tsunagu::io
