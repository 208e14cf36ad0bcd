#include "io/progress_sheet.hpp"

#include <charconv>
#include <map>

#include "core/text.hpp"

namespace tsunagu::io {
namespace {

struct Columns {
  int number = -1;  // 具体的な取り組み (the project's number within its category)
  int name = -1;    // 事業
  int departments = -1;
  int content = -1;
  int grade = -1;      // R6評価
  int done = -1;       // R6実施内容
  int next_plan = -1;  // R7実施予定
  std::optional<FiscalYear> grade_year, done_year, next_year;
};

std::string cell(const Record& r, int column) {
  if (column < 0 || static_cast<std::size_t>(column) >= r.cells.size()) return {};
  return std::string(trim(r.cells[static_cast<std::size_t>(column)]));
}

// "R6評価" → (R6, 評価); "評価" → (nullopt, 評価).
std::pair<std::optional<FiscalYear>, std::string> split_year_prefix(std::string_view header) {
  for (std::string_view suffix : {"評価", "実施内容", "実施予定"}) {
    if (header.size() >= suffix.size() && header.substr(header.size() - suffix.size()) == suffix) {
      std::string_view prefix = trim(header.substr(0, header.size() - suffix.size()));
      if (prefix.empty()) return {std::nullopt, std::string(suffix)};
      auto fy = FiscalYear::parse(prefix);
      if (fy) return {*fy, std::string(suffix)};
    }
  }
  return {std::nullopt, std::string(header)};
}

std::optional<Columns> find_columns(const Record& r) {
  Columns c;
  for (std::size_t i = 0; i < r.cells.size(); ++i) {
    std::string h = squeeze_spaces(fold_width(r.cells[i]));
    int col = static_cast<int>(i);
    if (h == "事業" || h == "事業名")
      c.name = col;
    else if (h == "担当課" || h == "担当部署")
      c.departments = col;
    else if (h == "内容" || h == "事業内容")
      c.content = col;
    else if (h == "具体的な取り組み" || h == "No." || h == "番号")
      c.number = col;
    else {
      auto [year, kind] = split_year_prefix(h);
      if (kind == "評価") {
        c.grade = col;
        c.grade_year = year;
      } else if (kind == "実施内容") {
        c.done = col;
        c.done_year = year;
      } else if (kind == "実施予定") {
        c.next_plan = col;
        c.next_year = year;
      }
    }
  }
  if (c.name < 0 || c.departments < 0) return std::nullopt;
  return c;
}

std::optional<int> parse_small_int(std::string_view text) {
  std::string folded = fold_width(trim(text));
  int v = 0;
  auto [p, ec] = std::from_chars(folded.data(), folded.data() + folded.size(), v);
  if (ec != std::errc() || p != folded.data() + folded.size() || v < 0 || v > 100000)
    return std::nullopt;
  return v;
}

// "(1)住居・就労の確保など" or "（1）…" → {1, "住居・就労の確保など"}.
std::optional<std::pair<int, std::string>> parse_category(std::string_view text) {
  std::string folded = fold_width(trim(text));
  if (folded.empty() || folded[0] != '(') return std::nullopt;
  auto close = folded.find(')');
  if (close == std::string::npos) return std::nullopt;
  auto no = parse_small_int(std::string_view(folded).substr(1, close - 1));
  if (!no) return std::nullopt;
  // Keep the name as written: skip the bracketed number in the original text.
  std::string_view original = trim(text);
  std::size_t skip = original.find(')');
  std::size_t width = 1;
  if (skip == std::string_view::npos) {
    skip = original.find("）");
    width = 3;
  }
  return std::make_pair(*no, squeeze_spaces(original.substr(skip + width)));
}

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

std::vector<std::string> filled_cells(const Record& r) {
  std::vector<std::string> filled;
  for (const auto& c : r.cells) {
    if (!trim(c).empty()) filled.emplace_back(trim(c));
  }
  return filled;
}

// Reads a sheet one record at a time: above the table (the title, then the header), then
// category lines, tally lines and project rows. Every problem is collected, so one import
// reports all of them; the first problem's code becomes the error's code.
class SheetReader {
 public:
  SheetReader(const EvaluationScale& scale, FiscalYear year) : scale_(scale), year_(year) {
    sheet_.year = year;
  }

  void read(const Record& r) {
    if (r.blank()) return;
    std::vector<std::string> filled = filled_cells(r);
    if (!columns_) {
      read_above_table(r, filled);
      return;
    }
    std::string name = cell(r, columns_->name);
    if (name.empty()) {
      read_unnamed_row(r, filled);
    } else {
      read_project_row(r, std::move(name));
    }
  }

  Result<ProgressSheet> finish() {
    if (!columns_ && problems_.empty()) {
      return make_error(ErrorKind::kInvalid, "import.no_table",
                        "「事業」と「担当課」の見出しがある行が見つかりません。進行管理シートか確か"
                        "めてください。");
    }
    if (columns_ && sheet_.projects.empty() && problems_.empty()) {
      problem("import.no_table", 0, "事業の行がありません。");
    }
    if (!problems_.empty()) return problems_error();
    compare_stated_tally();
    return std::move(sheet_);
  }

 private:
  void problem(const char* code, int line, std::string message) {
    if (problems_.empty()) first_code_ = code;
    problems_.push_back({line, "", std::move(message)});
  }

  void read_above_table(const Record& r, const std::vector<std::string>& filled) {
    if (auto found = find_columns(r)) {
      columns_ = found;
      check_header(*found, r.line);
    } else if (sheet_.title.empty() && filled.size() == 1) {
      sheet_.title = filled[0];
    }
  }

  // The header must have a grade column, and its year prefixes must match the year imported.
  void check_header(const Columns& found, int line) {
    if (found.grade < 0) {
      problem("import.bad_header", line, "評価の列（例: R6評価）がありません。");
    }
    for (auto [y, label] :
         {std::pair{found.grade_year, "評価"}, std::pair{found.done_year, "実施内容"}}) {
      if (y && *y != year_) {
        problem("import.bad_header", line,
                std::string(label) + "の列は " + y->short_name() + " のものですが、" +
                    year_.short_name() + "（" + year_.japanese() +
                    "）として取り込もうとしています。--year を確かめてください。");
      }
    }
    if (found.next_year && *found.next_year != year_.next()) {
      problem("import.bad_header", line,
              "実施予定の列は " + found.next_year->short_name() + " のものですが、" +
                  year_.next().short_name() + " のはずです。");
    }
  }

  // A row without a project name: a category line, a tally line, a second header row, or a
  // mistake.
  void read_unnamed_row(const Record& r, const std::vector<std::string>& filled) {
    if (filled.size() == 1) {
      if (auto category = parse_category(filled[0])) {
        current_category_ = category->first;
        sheet_.categories.push_back({r.line, category->first, category->second});
        return;
      }
      if (auto t = parse_tally_line(filled[0])) {
        read_tally_line(*t, r.line);
        return;
      }
      if (filled[0] == "具体的な取り組み") return;  // a second header row
    }
    problem("import.bad_row", r.line,
            "事業名のない行です。事業名を入れるか、行を削除してください。");
  }

  void read_tally_line(const std::pair<std::string, int>& t, int line) {
    if (t.first.empty()) {
      sheet_.stated_total = t.second;
    } else if (auto code = scale_.parse(t.first)) {
      sheet_.stated_tally.emplace_back(*code, t.second);
    } else {
      problem("import.bad_row", line,
              "集計行の評価「" + t.first + "」はこの計画の評価段階にありません。");
    }
  }

  void read_project_row(const Record& r, std::string name) {
    SheetProject p;
    p.line = r.line;
    p.category_no = current_category_;
    p.name = name;
    p.departments = split_departments(cell(r, columns_->departments));
    p.content = cell(r, columns_->content);
    if (p.departments.empty())
      problem("import.bad_row", r.line, "「" + name + "」の担当課がありません。");
    number_project(p, cell(r, columns_->number));
    read_grade(p, cell(r, columns_->grade));
    p.progress.done = cell(r, columns_->done);
    p.progress.next_plan = cell(r, columns_->next_plan);
    if (auto ok = validate_progress(scale_, p.progress); !ok) {
      for (const auto& d : ok.error().details) problem("import.bad_row", p.line, d.message);
    }
    sheet_.projects.push_back(std::move(p));
  }

  // The number as written, or the next one in its category when the cell is empty; a number
  // may appear once per category.
  void number_project(SheetProject& p, const std::string& number) {
    if (auto no = parse_small_int(number); no && *no > 0) {
      p.no = *no;
    } else if (number.empty()) {
      int count = 0;
      for (const auto& q : sheet_.projects) count += q.category_no == current_category_ ? 1 : 0;
      p.no = count + 1;
    } else {
      problem("import.bad_row", p.line,
              "番号「" + number + "」は事業の番号（1, 2, …）ではありません。");
    }
    if (auto [it, fresh] = seen_.emplace(std::pair{current_category_, p.no}, p.line); !fresh) {
      problem("import.bad_row", p.line,
              "事業の番号 " + std::to_string(p.no) + " が " + std::to_string(it->second) +
                  "行目と重複しています。");
    }
  }

  void read_grade(SheetProject& p, const std::string& grade_text) {
    if (grade_text.empty()) return;
    p.progress.grade = scale_.parse(grade_text);
    if (p.progress.grade) return;
    std::string known;
    for (const auto& g : scale_.grades())
      known += (known.empty() ? "" : "、") + scale_.display(g.code);
    problem("import.bad_row", p.line,
            "評価「" + grade_text + "」が読み取れません。" + known + " のいずれかにしてください。");
  }

  Error problems_error() {
    Error e = make_error(
        ErrorKind::kInvalid, first_code_,
        problems_.size() == 1
            ? (problems_[0].line > 0 ? std::to_string(problems_[0].line) + "行目: " : "") +
                  problems_[0].message
            : std::to_string(problems_.size()) + "件の問題があるため取り込みませんでした。");
    e.details = std::move(problems_);
    return e;
  }

  // Compares the sheet's own tally with its rows; a difference is a warning, not an error.
  void compare_stated_tally() {
    std::vector<ProgressContent> contents;
    for (const auto& p : sheet_.projects) contents.push_back(p.progress);
    Tally counted = tally(scale_, contents);
    for (const auto& [code, stated] : sheet_.stated_tally) {
      for (const auto& [c, n] : counted.by_grade) {
        if (c == code && n != stated) {
          sheet_.tally_mismatches.push_back(scale_.display(code) + " はシートの集計で " +
                                            std::to_string(stated) + "事業ですが、行を数えると " +
                                            std::to_string(n) + "事業です。");
        }
      }
    }
    if (sheet_.stated_total && *sheet_.stated_total != counted.total) {
      sheet_.tally_mismatches.push_back("合計はシートの集計で " +
                                        std::to_string(*sheet_.stated_total) + "事業ですが、行は " +
                                        std::to_string(counted.total) + "事業です。");
    }
  }

  const EvaluationScale& scale_;
  FiscalYear year_;
  ProgressSheet sheet_;
  std::vector<ErrorDetail> problems_;
  std::string first_code_;
  std::optional<Columns> columns_;
  int current_category_ = 0;
  std::map<std::pair<int, int>, int> seen_;  // (category, no) → line
};

}  // namespace

Result<ProgressSheet> parse_progress_sheet(const std::vector<Record>& records,
                                           const EvaluationScale& scale, FiscalYear year) {
  SheetReader reader(scale, year);
  for (const auto& r : records) reader.read(r);
  return reader.finish();
}

}  // namespace tsunagu::io
