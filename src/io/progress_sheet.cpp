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

}  // namespace

Result<ProgressSheet> parse_progress_sheet(const std::vector<Record>& records,
                                           const EvaluationScale& scale, FiscalYear year) {
  ProgressSheet sheet;
  sheet.year = year;
  std::vector<ErrorDetail> problems;
  std::string first_code;
  auto problem = [&](const char* code, int line, std::string message) {
    if (problems.empty()) first_code = code;
    problems.push_back({line, "", std::move(message)});
  };

  std::optional<Columns> columns;
  int current_category = 0;
  std::map<std::pair<int, int>, int> seen;  // (category, no) → line
  for (const auto& r : records) {
    if (r.blank()) continue;
    std::vector<std::string> filled;
    for (const auto& c : r.cells) {
      if (!trim(c).empty()) filled.emplace_back(trim(c));
    }
    if (!columns) {
      if (auto found = find_columns(r)) {
        columns = found;
        if (found->grade < 0) {
          problem("import.bad_header", r.line, "評価の列（例: R6評価）がありません。");
        }
        for (auto [y, label] :
             {std::pair{found->grade_year, "評価"}, std::pair{found->done_year, "実施内容"}}) {
          if (y && *y != year) {
            problem("import.bad_header", r.line,
                    std::string(label) + "の列は " + y->short_name() + " のものですが、" +
                        year.short_name() + "（" + year.japanese() +
                        "）として取り込もうとしています。--year を確かめてください。");
          }
        }
        if (found->next_year && *found->next_year != year.next()) {
          problem("import.bad_header", r.line,
                  "実施予定の列は " + found->next_year->short_name() + " のものですが、" +
                      year.next().short_name() + " のはずです。");
        }
      } else if (sheet.title.empty() && filled.size() == 1) {
        sheet.title = filled[0];
      }
      continue;
    }
    std::string name = cell(r, columns->name);
    if (name.empty()) {
      if (filled.size() == 1) {
        if (auto category = parse_category(filled[0])) {
          current_category = category->first;
          sheet.categories.push_back({r.line, category->first, category->second});
          continue;
        }
        if (auto t = parse_tally_line(filled[0])) {
          if (t->first.empty()) {
            sheet.stated_total = t->second;
          } else if (auto code = scale.parse(t->first)) {
            sheet.stated_tally.emplace_back(*code, t->second);
          } else {
            problem("import.bad_row", r.line,
                    "集計行の評価「" + t->first + "」はこの計画の評価段階にありません。");
          }
          continue;
        }
        if (filled[0] == "具体的な取り組み") continue;  // a second header row
      }
      problem("import.bad_row", r.line,
              "事業名のない行です。事業名を入れるか、行を削除してください。");
      continue;
    }
    SheetProject p;
    p.line = r.line;
    p.category_no = current_category;
    p.name = name;
    p.departments = split_departments(cell(r, columns->departments));
    p.content = cell(r, columns->content);
    if (p.departments.empty())
      problem("import.bad_row", r.line, "「" + name + "」の担当課がありません。");
    std::string number = cell(r, columns->number);
    if (auto no = parse_small_int(number); no && *no > 0) {
      p.no = *no;
    } else if (number.empty()) {
      int count = 0;
      for (const auto& q : sheet.projects) count += q.category_no == current_category ? 1 : 0;
      p.no = count + 1;
    } else {
      problem("import.bad_row", r.line,
              "番号「" + number + "」は事業の番号（1, 2, …）ではありません。");
    }
    if (auto [it, fresh] = seen.emplace(std::pair{current_category, p.no}, r.line); !fresh) {
      problem("import.bad_row", r.line,
              "事業の番号 " + std::to_string(p.no) + " が " + std::to_string(it->second) +
                  "行目と重複しています。");
    }
    std::string grade_text = cell(r, columns->grade);
    if (!grade_text.empty()) {
      p.progress.grade = scale.parse(grade_text);
      if (!p.progress.grade) {
        std::string known;
        for (const auto& g : scale.grades())
          known += (known.empty() ? "" : "、") + scale.display(g.code);
        problem(
            "import.bad_row", r.line,
            "評価「" + grade_text + "」が読み取れません。" + known + " のいずれかにしてください。");
      }
    }
    p.progress.done = cell(r, columns->done);
    p.progress.next_plan = cell(r, columns->next_plan);
    if (auto ok = validate_progress(scale, p.progress); !ok) {
      for (const auto& d : ok.error().details) problem("import.bad_row", r.line, d.message);
    }
    sheet.projects.push_back(std::move(p));
  }

  if (!columns && problems.empty()) {
    return make_error(
        ErrorKind::kInvalid, "import.no_table",
        "「事業」と「担当課」の見出しがある行が見つかりません。進行管理シートか確かめてください。");
  }
  if (columns && sheet.projects.empty() && problems.empty()) {
    problem("import.no_table", 0, "事業の行がありません。");
  }
  if (!problems.empty()) {
    Error e = make_error(
        ErrorKind::kInvalid, first_code,
        problems.size() == 1
            ? (problems[0].line > 0 ? std::to_string(problems[0].line) + "行目: " : "") +
                  problems[0].message
            : std::to_string(problems.size()) + "件の問題があるため取り込みませんでした。");
    e.details = std::move(problems);
    return e;
  }

  // Compare the sheet's own tally with its rows.
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
  return sheet;
}

}  // namespace tsunagu::io
