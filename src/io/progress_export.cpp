#include "io/progress_export.hpp"

#include <xlsxwriter.h>

#include "io/delimited.hpp"
#include "io/xlsx_layout.hpp"

namespace tsunagu::io {
namespace {

constexpr int kProgressColumns = 9;          // before the extra fields
constexpr lxw_row_t kProgressHeaderRow = 2;  // below the title and a blank row

std::string join_items(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += separator;
    out += s;
  }
  return out;
}

}  // namespace

std::vector<std::vector<std::string>> progress_sheet_cells(const ProgressSheetData& d) {
  std::vector<std::vector<std::string>> rows;
  const std::string y = d.year.short_name();
  const std::string next = d.year.next().short_name();
  rows.push_back({d.title});
  rows.push_back({});
  const std::size_t width = kProgressColumns + d.extra_names.size();
  std::vector<std::string> header = {"基本目標", "基本方針",     "具体的な取り組み",
                                     "事業",     "担当課",       "内容",
                                     y + "評価", y + "実施内容", next + "実施予定"};
  header.insert(header.end(), d.extra_names.begin(), d.extra_names.end());
  rows.push_back(std::move(header));
  std::string category;
  std::vector<ProgressContent> contents;
  for (const auto& r : d.rows) {
    if (!r.category.empty() && r.category != category) {
      category = r.category;
      std::vector<std::string> row(width);
      row[0] = category;
      rows.push_back(std::move(row));
    }
    std::vector<std::string> row = {"",
                                    "",
                                    r.code.empty() ? std::to_string(r.no) : r.code,
                                    r.name,
                                    join_items(r.departments, " "),
                                    r.content,
                                    r.progress.grade ? d.scale.display(*r.progress.grade) : "",
                                    r.progress.done,
                                    r.progress.next_plan};
    row.resize(width);
    for (const auto& [name, value] : r.extras) {
      for (std::size_t i = 0; i < d.extra_names.size(); ++i) {
        if (d.extra_names[i] == name) row[kProgressColumns + i] = value;
      }
    }
    rows.push_back(std::move(row));
    contents.push_back(r.progress);
  }
  rows.push_back({});
  Tally t = tally(d.scale, contents);
  for (const auto& [code, count] : t.by_grade)
    rows.push_back({d.scale.display(code) + " " + std::to_string(count) + "事業"});
  if (t.ungraded > 0) rows.push_back({"評価なし " + std::to_string(t.ungraded) + "事業"});
  rows.push_back({std::to_string(t.total) + "事業"});
  return rows;
}

namespace {

struct ProgressFormats {
  lxw_format* title;
  lxw_format* header;
  lxw_format* body;
  lxw_format* category;
};

ProgressFormats add_progress_formats(lxw_workbook* workbook) {
  lxw_format* title = workbook_add_format(workbook);
  format_set_bold(title);
  format_set_font_size(title, 14);
  lxw_format* header = workbook_add_format(workbook);
  format_set_bold(header);
  format_set_text_wrap(header);
  format_set_align(header, LXW_ALIGN_CENTER);
  format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color(header, 0xD9E2F3);
  format_set_border(header, LXW_BORDER_THIN);
  lxw_format* body = workbook_add_format(workbook);
  format_set_text_wrap(body);
  format_set_align(body, LXW_ALIGN_VERTICAL_TOP);
  format_set_border(body, LXW_BORDER_THIN);
  lxw_format* category = workbook_add_format(workbook);
  format_set_bold(category);
  format_set_bg_color(category, 0xF2F2F2);
  format_set_border(category, LXW_BORDER_THIN);
  for (lxw_format* f : {title, header, body, category}) format_set_font_name(f, "ＭＳ ゴシック");
  return {title, header, body, category};
}

// The width of each column: the plan's nine, then 24 for each extra field.
std::vector<double> progress_column_widths(std::size_t extras) {
  std::vector<double> widths = {10, 10, 8, 24, 14, 40, 14, 40, 40};
  widths.resize(widths.size() + extras, 24);
  return widths;
}

void set_progress_column_widths(lxw_worksheet* sheet, const std::vector<double>& widths) {
  for (std::size_t c = 0; c < widths.size(); ++c) {
    worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c],
                         nullptr);
  }
}

// Writes the cells of progress_sheet_cells: the table (header, category and project rows, up to
// the first blank row below the header) framed, the tally below it plain. Returns the table's
// last row.
lxw_row_t write_progress_cells(lxw_worksheet* sheet,
                               const std::vector<std::vector<std::string>>& cells,
                               const ProgressFormats& formats, const std::vector<double>& widths) {
  lxw_row_t last_table_row = kProgressHeaderRow;
  bool in_table = true;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    auto row = static_cast<lxw_row_t>(i);
    const auto& values = cells[i];
    if (values.empty()) {
      if (row > kProgressHeaderRow) in_table = false;
      continue;
    }
    bool is_category = in_table && row > kProgressHeaderRow && values.size() >= kProgressColumns &&
                       values[3].empty() && !values[0].empty();
    lxw_format* f = row == 0                    ? formats.title
                    : row == kProgressHeaderRow ? formats.header
                    : !in_table                 ? nullptr
                    : is_category               ? formats.category
                                                : formats.body;
    for (std::size_t col = 0; col < values.size(); ++col) {
      worksheet_write_string(sheet, row, static_cast<lxw_col_t>(col), values[col].c_str(), f);
    }
    // Every word on paper: the row as tall as its longest wrapped cell (a category row spans
    // the table in one line).
    if (in_table && row >= kProgressHeaderRow && !is_category) {
      std::vector<std::string_view> texts(values.begin(), values.end());
      worksheet_set_row(sheet, row, row_height_points(texts, widths), nullptr);
    }
    if (in_table && row > kProgressHeaderRow) last_table_row = row;
  }
  return last_table_row;
}

// A4 landscape, one page wide, the header repeated on every page and frozen, a filter on the
// table.
void set_progress_page(lxw_worksheet* sheet, lxw_row_t last_table_row, std::size_t width) {
  worksheet_set_landscape(sheet);
  worksheet_set_paper(sheet, 9);  // A4
  worksheet_set_margins(sheet, 0.4, 0.4, 0.6, 0.6);
  worksheet_fit_to_pages(sheet, 1, 0);
  worksheet_repeat_rows(sheet, kProgressHeaderRow, kProgressHeaderRow);
  worksheet_freeze_panes(sheet, kProgressHeaderRow + 1, 0);
  worksheet_autofilter(sheet, kProgressHeaderRow, 0, last_table_row,
                       static_cast<lxw_col_t>(width - 1));
  worksheet_set_footer(sheet, "&C&P / &N");
}

}  // namespace

Status write_progress_xlsx(const ProgressSheetData& d, const std::string& path) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  if (workbook == nullptr)
    return make_error(ErrorKind::kInternal, "export.failed",
                      "ファイル「" + path + "」を作成できません。");
  lxw_worksheet* sheet =
      workbook_add_worksheet(workbook, ("進行管理" + d.year.short_name()).c_str());
  ProgressFormats formats = add_progress_formats(workbook);
  const std::vector<double> widths = progress_column_widths(d.extra_names.size());
  set_progress_column_widths(sheet, widths);
  lxw_row_t last_table_row = write_progress_cells(sheet, progress_sheet_cells(d), formats, widths);
  set_progress_page(sheet, last_table_row, kProgressColumns + d.extra_names.size());
  lxw_error error = workbook_close(workbook);
  if (error != LXW_NO_ERROR) {
    return make_error(ErrorKind::kInternal, "export.failed",
                      "ファイル「" + path + "」を書き込めません（" + lxw_strerror(error) + "）。");
  }
  return Ok{};
}

CsvExport progress_csv(const ProgressSheetData& d, CsvEncoding encoding) {
  std::string text = write_delimited(progress_sheet_cells(d), ',');
  if (encoding == CsvEncoding::kUtf8Bom) return {"\xEF\xBB\xBF" + text, {}};
  auto converted = encode_cp932(text);
  return {std::move(converted.bytes), std::move(converted.unmappable)};
}

}  // namespace tsunagu::io
