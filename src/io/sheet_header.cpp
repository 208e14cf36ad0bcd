#include "io/sheet_header.hpp"

#include <algorithm>
#include <map>

#include "core/text.hpp"
#include "io/sheet_text.hpp"

namespace tsunagu::io::detail {
namespace {

std::string cell_at(const Record& r, std::size_t column) {
  return column < r.cells.size() ? std::string(trim(r.cells[column])) : std::string();
}

void add_problem(FoundHeader& h, const char* code, int line, std::string field,
                 std::string message) {
  if (h.problems.empty()) h.code = code;
  h.problems.push_back({line, std::move(field), std::move(message)});
}

// The merged ranges that start on `line` and span more than one column.
std::vector<CellRange> wide_merges(const Sheet& sheet, int line) {
  std::vector<CellRange> wide;
  for (const auto& m : sheet.merged) {
    if (m.first_line == line && m.last_column > m.first_column) wide.push_back(m);
  }
  return wide;
}

// The header texts of the row at `i`, joined with the row below when the row has cells
// merged across columns with a sub-header under each ("R6年度" over "評価" and "実績").
// Sets `rows` to 2 when the row below was used.
std::vector<std::string> header_texts(const Sheet& sheet, const std::vector<Record>& records,
                                      std::size_t i, int& rows,
                                      std::vector<CellRange>& unresolved) {
  const Record& top = records[i];
  std::vector<std::string> texts;
  for (std::size_t c = 0; c < top.cells.size(); ++c) texts.push_back(cell_at(top, c));
  rows = 1;
  unresolved = wide_merges(sheet, top.line);
  if (unresolved.empty() || i + 1 >= records.size() || records[i + 1].line != top.line + 1)
    return texts;
  // The row below is a sub-header when it has a text under every column of each merge, and
  // elsewhere nothing but the header's own cells merged down (a data row has its own texts).
  const Record& below = records[i + 1];
  auto in_wide_merge = [&](int c) {
    for (const auto& m : unresolved) {
      if (c >= m.first_column && c <= m.last_column) return true;
    }
    return false;
  };
  const std::size_t width = std::max(top.cells.size(), below.cells.size());
  for (std::size_t c = 0; c < width; ++c) {
    std::string sub = cell_at(below, c);
    bool same = sub == cell_at(top, c);
    if (in_wide_merge(static_cast<int>(c)) ? (sub.empty() || same) : (!sub.empty() && !same))
      return texts;
  }
  rows = 2;
  unresolved.clear();
  texts.resize(std::max(texts.size(), below.cells.size()));
  for (std::size_t c = 0; c < texts.size(); ++c) {
    std::string sub = cell_at(below, c);
    if (sub.empty() || sub == texts[c]) continue;
    texts[c] = texts[c].empty() ? sub : texts[c] + " " + sub;
  }
  return texts;
}

bool year_matters(SheetRole role) {
  return role == SheetRole::kGrade || role == SheetRole::kDone || role == SheetRole::kBudget ||
         role == SheetRole::kSettlement || role == SheetRole::kNextPlan;
}

FiscalYear expected_year(SheetRole role, FiscalYear year) {
  return role == SheetRole::kNextPlan ? year.next() : year;
}

// The column a --column choice names: the same header (width and spaces aside), else the same
// header without its year — a mapping saved with R6評価 finds R7評価 next year; of several,
// the one of the year imported.
SheetColumn* chosen_column(FoundHeader& h, const ColumnChoice& choice, FiscalYear year) {
  const std::string wanted = compact_header(choice.header);
  SheetColumn* exact = nullptr;
  for (auto& col : h.columns) {
    if (exact == nullptr && compact_header(col.header) == wanted) exact = &col;
  }
  if (exact != nullptr && choice.keep_as_extra) return exact;
  const std::string key = fold_header(choice.header, year).key;
  std::vector<SheetColumn*> same_key;
  for (auto& col : h.columns) {
    if (fold_header(col.header, year).key == key) same_key.push_back(&col);
  }
  // A mapping saved from last year's file names last year's column (R6評価); when this year's
  // file has the year imported beside it (R6評価 and R7評価), the year imported wins.
  if (same_key.size() > 1 && !choice.keep_as_extra) {
    for (auto* col : same_key) {
      if (col->year && col->year == expected_year(choice.role, year)) return col;
    }
  }
  if (exact != nullptr) return exact;
  return same_key.empty() ? nullptr : same_key.front();
}

// Gives each column its role: the chosen ones first, then the vocabulary. Two columns for one
// role are resolved by the year when exactly one names the year imported; otherwise reported.
void assign_roles(FoundHeader& h, const SheetOptions& options) {
  std::map<SheetRole, bool> chosen_roles;
  for (const auto& choice : options.columns) {
    SheetColumn* match = chosen_column(h, choice, options.year);
    if (!choice.keep_as_extra) chosen_roles[choice.role] = true;
    if (match == nullptr) {
      std::string headers;
      for (const auto& col : h.columns) headers += (headers.empty() ? "" : "、") + column_name(col);
      std::string role = choice.keep_as_extra ? "extra" : std::string(sheet_role_name(choice.role));
      add_problem(h, "import.bad_header", h.line, "",
                  "--column " + role + "=" + choice.header + ": 見出しの行（" +
                      std::to_string(h.line) + "行目）に「" + choice.header +
                      "」がありません。見出し: " + headers);
      continue;
    }
    match->chosen = true;
    if (choice.keep_as_extra) {
      match->role.reset();
    } else {
      match->role = choice.role;
    }
  }
  std::map<SheetRole, std::vector<SheetColumn*>> by_role;
  for (auto& col : h.columns) {
    if (col.chosen) continue;
    auto role = role_of_key(fold_header(col.header, options.year).key);
    if (role && !chosen_roles.count(*role)) by_role[*role].push_back(&col);
  }
  for (auto& [role, cols] : by_role) {
    if (cols.size() > 1 && year_matters(role)) {
      // R5評価 and R6評価 side by side: the year imported is the column; the other is kept.
      std::vector<SheetColumn*> of_year;
      for (auto* col : cols) {
        if (col->year == expected_year(role, options.year)) of_year.push_back(col);
      }
      if (of_year.size() == 1) cols = of_year;
    }
    if (cols.size() > 1) {
      h.ambiguous.push_back(role);
      std::string names;
      for (auto* col : cols) names += (names.empty() ? "" : "、") + column_name(*col);
      add_problem(h, "import.bad_header", h.line, column_letters(cols[1]->index) + "列",
                  std::string(sheet_role_label(role)) + "の列が" + std::to_string(cols.size()) +
                      "つあります（" + names + "）。使う列を --column " +
                      std::string(sheet_role_name(role)) + "=見出し で指定してください。");
      continue;
    }
    cols[0]->role = role;
  }
}

void check_years(FoundHeader& h, FiscalYear year) {
  for (const auto& col : h.columns) {
    if (!col.role || !col.year || !year_matters(*col.role)) continue;
    FiscalYear expected = expected_year(*col.role, year);
    if (*col.year == expected) continue;
    add_problem(h, "import.bad_header", h.line, column_letters(col.index) + "列",
                column_name(col) + "は" + col.year->short_name() + "（" + col.year->japanese() +
                    "）の列ですが、" + year.short_name() + "（" + year.japanese() +
                    "）として取り込もうとしています" +
                    (*col.role == SheetRole::kNextPlan
                         ? "（次年度の列は " + expected.short_name() + " のはずです）"
                         : std::string()) +
                    "。--year を確かめてください。");
  }
}

std::string roles_missing(const FoundHeader& h) {
  bool name = false, departments = false;
  for (const auto& col : h.columns) {
    name |= col.role == SheetRole::kName;
    departments |= col.role == SheetRole::kDepartments;
  }
  std::string missing;
  if (!name) missing = "事業名";
  if (!departments) missing += std::string(missing.empty() ? "" : "と") + "担当課";
  return missing;
}

}  // namespace

std::string column_name(const SheetColumn& column) {
  return column_letters(column.index) + "列「" + column.header + "」";
}

std::optional<FoundHeader> find_header(const Sheet& sheet, const std::vector<Record>& records,
                                       const SheetOptions& options, std::string& why) {
  std::string title;
  int searched = 0;
  int best_roles = 0;
  for (std::size_t i = 0; i < records.size() && searched < kHeaderSearchRows; ++i) {
    const Record& r = records[i];
    if (r.blank()) continue;
    ++searched;
    FoundHeader h;
    h.line = r.line;
    int rows = 1;
    std::vector<CellRange> unresolved;
    std::vector<std::string> texts = header_texts(sheet, records, i, rows, unresolved);
    for (std::size_t c = 0; c < texts.size(); ++c) {
      if (!texts[c].empty()) h.columns.push_back({static_cast<int>(c), texts[c]});
    }
    // A header merged across columns without a sub-header row: its copies are no columns.
    std::erase_if(h.columns, [&](const SheetColumn& col) {
      for (const auto& m : unresolved) {
        if (col.index > m.first_column && col.index <= m.last_column) return true;
      }
      return false;
    });
    for (auto& col : h.columns) {
      HeaderKey key = fold_header(col.header, options.year);
      col.year = key.year;
      col.thousand_yen = key.thousand_yen;
    }
    assign_roles(h, options);
    std::string missing = roles_missing(h);
    if (!missing.empty()) {
      int roles = 0;
      for (const auto& col : h.columns) roles += col.role ? 1 : 0;
      if (roles > best_roles) {
        best_roles = roles;
        why = std::to_string(r.line) + "行目が見出しのようですが、" + missing +
              "にあたる列がありません";
      }
      std::size_t filled = 0;
      for (const auto& c : r.cells) filled += trim(c).empty() ? 0 : 1;
      if (title.empty() && filled == 1) {
        for (const auto& c : r.cells) {
          if (!trim(c).empty()) title = std::string(trim(c));
        }
      }
      continue;
    }
    for (const auto& m : unresolved) {
      add_problem(h, "import.merged_header", r.line,
                  column_letters(m.first_column) + "〜" + column_letters(m.last_column) + "列",
                  "見出し「" + cell_at(r, static_cast<std::size_t>(m.first_column)) + "」が " +
                      column_letters(m.first_column) + "〜" + column_letters(m.last_column) +
                      "列に結合されています。結合を解除して、列ごとに見出しを付けてください。");
    }
    check_years(h, options.year);
    if (std::none_of(h.columns.begin(), h.columns.end(),
                     [](const SheetColumn& c) { return c.role == SheetRole::kGrade; }) &&
        std::find(h.ambiguous.begin(), h.ambiguous.end(), SheetRole::kGrade) == h.ambiguous.end()) {
      add_problem(h, "import.bad_header", r.line, "",
                  "評価の列（例: R6評価、達成度）がありません。見出しの名前が違うときは --column "
                  "grade=見出し で指定してください。");
    }
    h.data_from = i + static_cast<std::size_t>(rows);
    h.title = title;
    return h;
  }
  if (why.empty()) {
    why = "先頭" + std::to_string(kHeaderSearchRows) +
          "行に「事業名」と「担当課」にあたる見出しが"
          "ありません";
  }
  return std::nullopt;
}

}  // namespace tsunagu::io::detail
