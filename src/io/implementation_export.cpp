#include "io/implementation_export.hpp"

#include <xlsxwriter.h>

#include "io/xlsx_layout.hpp"

namespace tsunagu::io {
namespace {

const ImplementationYear* year_of(const ImplementationItem& item, FiscalYear y) {
  for (const auto& r : item.years) {
    if (r.year == y) return &r;
  }
  return nullptr;
}

std::string bullets(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "・" : "\n・") + s;
  return out;
}

std::string cost_text(const ImplementationYear* y) {
  if (y == nullptr || !y->cost) return "";
  return "（事業費 " + std::to_string(*y->cost) + "千円）";
}

struct ImplementationFormats {
  lxw_format* title;
  lxw_format* head;
  lxw_format* item_head;
  lxw_format* body;
};

lxw_format* add_implementation_format(lxw_workbook* wb, bool bold, std::uint32_t fill) {
  lxw_format* f = workbook_add_format(wb);
  format_set_font_name(f, "ＭＳ ゴシック");
  format_set_text_wrap(f);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  format_set_border(f, LXW_BORDER_THIN);
  if (bold) format_set_bold(f);
  if (fill != 0) format_set_bg_color(f, fill);
  return f;
}

ImplementationFormats add_implementation_formats(lxw_workbook* wb) {
  lxw_format* title = add_implementation_format(wb, true, 0);
  format_set_font_size(title, 14);
  format_set_border(title, LXW_BORDER_NONE);
  lxw_format* head = add_implementation_format(wb, true, 0xD9E2F3);
  lxw_format* item_head = add_implementation_format(wb, true, 0xFCE4D6);
  lxw_format* body = add_implementation_format(wb, false, 0);
  return {title, head, item_head, body};
}

// Writes one revision as the printed 実施計画: a heading, then per item a block of rows
// (title, departments, directions and target, the results of the last three years, the budget
// projects and the work planned for the next three), a blank row after each.
class ImplementationSheet {
  static constexpr double kFirstWidth = 22;  // the labels' column
  static constexpr double kTextWidth = 42;   // each year's column

 public:
  ImplementationSheet(lxw_worksheet* ws, const ImplementationFormats& formats, const Revision& rev,
                      FiscalYear plan_from, FiscalYear plan_to)
      : ws_(ws),
        f_(formats),
        rev_(rev),
        plan_from_(plan_from),
        plan_to_(plan_to),
        plans_(planning_window(rev.year)),
        results_(results_window(rev.year, plan_from)) {}

  void write() {
    worksheet_set_column(ws_, 0, 0, kFirstWidth, nullptr);
    worksheet_set_column(ws_, 1, 3, kTextWidth, nullptr);
    std::string heading = "実施計画（" + rev_.label + "）　計画期間 " + plan_from_.japanese() +
                          "〜" + plan_to_.japanese();
    worksheet_write_string(ws_, row_++, 0, heading.c_str(), f_.title);
    row_++;
    for (const auto& item : rev_.items) {
      write_title_and_departments(item);
      write_directions(item);
      write_results(item);
      write_budget(item);
      ++row_;
    }
  }

 private:
  void write_title_and_departments(const ImplementationItem& item) {
    worksheet_merge_range(ws_, row_, 0, row_, 3, (item.code + " " + item.title).c_str(),
                          f_.item_head);
    ++row_;
    worksheet_write_string(ws_, row_, 0, "担当課", f_.head);
    std::string departments;
    for (const auto& d : item.departments) departments += (departments.empty() ? "" : "　") + d;
    worksheet_merge_range(ws_, row_, 1, row_, 3, departments.c_str(), f_.body);
    ++row_;
  }

  void write_directions(const ImplementationItem& item) {
    worksheet_merge_range(ws_, row_, 0, row_, 1, "施策の方向性", f_.head);
    worksheet_merge_range(
        ws_, row_, 2, row_, 3,
        ("計画期間終了時点における到達目標（" + plan_to_.japanese() + "）").c_str(), f_.head);
    ++row_;
    const std::string directions = bullets(item.directions);
    worksheet_merge_range(ws_, row_, 0, row_, 1, directions.c_str(), f_.body);
    worksheet_merge_range(ws_, row_, 2, row_, 3, item.end_target.c_str(), f_.body);
    fit({directions, item.end_target}, {kFirstWidth + kTextWidth, 2 * kTextWidth});
    ++row_;
  }

  void write_results(const ImplementationItem& item) {
    worksheet_write_string(ws_, row_, 0, "取組状況（成果）", f_.head);
    for (int k = 0; k < 3; ++k) {
      std::string label = k < static_cast<int>(results_.size())
                              ? results_[static_cast<std::size_t>(k)].short_name()
                              : "";
      worksheet_write_string(ws_, row_, static_cast<lxw_col_t>(k + 1), label.c_str(), f_.head);
    }
    ++row_;
    worksheet_write_string(ws_, row_, 0, "", f_.body);
    std::vector<std::string> texts;
    for (int k = 0; k < 3; ++k) {
      std::string text;
      if (results_.empty() && k == 0) text = "※" + rev_.year.japanese() + "策定時は未記載";
      if (k < static_cast<int>(results_.size())) {
        if (auto y = year_of(item, results_[static_cast<std::size_t>(k)])) text = y->results;
      }
      worksheet_write_string(ws_, row_, static_cast<lxw_col_t>(k + 1), text.c_str(), f_.body);
      texts.push_back(std::move(text));
    }
    fit({texts[0], texts[1], texts[2]}, {kTextWidth, kTextWidth, kTextWidth});
    ++row_;
  }

  void write_budget(const ImplementationItem& item) {
    worksheet_write_string(ws_, row_, 0, "関連する予算事業", f_.head);
    for (int k = 0; k < 3; ++k) {
      auto y = year_of(item, plans_[static_cast<std::size_t>(k)]);
      worksheet_write_string(
          ws_, row_, static_cast<lxw_col_t>(k + 1),
          (plans_[static_cast<std::size_t>(k)].short_name() + cost_text(y)).c_str(), f_.head);
    }
    ++row_;
    const std::string projects = bullets(item.budget_projects);
    worksheet_write_string(ws_, row_, 0, projects.c_str(), f_.body);
    std::vector<std::string_view> texts = {projects};
    for (int k = 0; k < 3; ++k) {
      auto y = year_of(item, plans_[static_cast<std::size_t>(k)]);
      worksheet_write_string(ws_, row_, static_cast<lxw_col_t>(k + 1),
                             y ? y->planned_work.c_str() : "", f_.body);
      texts.push_back(y ? std::string_view(y->planned_work) : std::string_view());
    }
    fit(texts, {kFirstWidth, kTextWidth, kTextWidth, kTextWidth});
    ++row_;
  }

  // The current row as tall as its longest wrapped text, so that printing shows every word.
  void fit(const std::vector<std::string_view>& texts, const std::vector<double>& widths) {
    worksheet_set_row(ws_, row_, row_height_points(texts, widths), nullptr);
  }

  lxw_worksheet* ws_;
  ImplementationFormats f_;
  const Revision& rev_;
  FiscalYear plan_from_, plan_to_;
  std::vector<FiscalYear> plans_;    // the three years planned
  std::vector<FiscalYear> results_;  // up to three years with results
  lxw_row_t row_ = 0;
};

}  // namespace

Status write_implementation_xlsx(const Revision& rev, FiscalYear plan_from, FiscalYear plan_to,
                                 const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr)
    return make_error(ErrorKind::kInternal, "export.failed",
                      "ファイル「" + path + "」を作成できません。");
  lxw_worksheet* ws = workbook_add_worksheet(wb, "実施計画");
  ImplementationSheet(ws, add_implementation_formats(wb), rev, plan_from, plan_to).write();
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_footer(ws, "&C&P / &N");
  lxw_error error = workbook_close(wb);
  if (error != LXW_NO_ERROR) {
    return make_error(ErrorKind::kInternal, "export.failed",
                      "ファイル「" + path + "」を書き込めません（" + lxw_strerror(error) + "）。");
  }
  return Ok{};
}

nlohmann::ordered_json revision_json(const Revision& rev, FiscalYear plan_from, bool latest) {
  using nlohmann::ordered_json;
  ordered_json items = ordered_json::array();
  for (const auto& i : rev.items) {
    ordered_json years = ordered_json::array();
    for (const auto& y : i.years) {
      years.push_back({{"year", y.year.short_name()},
                       {"planned_work", y.planned_work},
                       {"cost", y.cost ? ordered_json(*y.cost) : ordered_json(nullptr)},
                       {"results", y.results}});
    }
    items.push_back({{"id", i.id.value},
                     {"code", i.code},
                     {"title", i.title},
                     {"departments", i.departments},
                     {"directions", i.directions},
                     {"end_target", i.end_target},
                     {"budget_projects", i.budget_projects},
                     {"years", years}});
  }
  ordered_json plan_years = ordered_json::array();
  for (auto y : planning_window(rev.year)) plan_years.push_back(y.short_name());
  ordered_json result_years = ordered_json::array();
  for (auto y : results_window(rev.year, plan_from)) result_years.push_back(y.short_name());
  return {{"year", rev.year.short_name()},
          {"label", rev.label},
          {"latest", latest},
          {"planning_years", plan_years},
          {"results_years", result_years},
          {"items", items}};
}

nlohmann::ordered_json comparison_json(const std::vector<ItemComparison>& comparison) {
  using nlohmann::ordered_json;
  ordered_json out = ordered_json::array();
  for (const auto& c : comparison) {
    const char* kind = c.difference == ItemDifference::kSame      ? "same"
                       : c.difference == ItemDifference::kChanged ? "changed"
                       : c.difference == ItemDifference::kAdded   ? "added"
                                                                  : "removed";
    ordered_json changes = ordered_json::array();
    for (const auto& ch : c.changes)
      changes.push_back({{"field", ch.field}, {"before", ch.before}, {"after", ch.after}});
    out.push_back(
        {{"code", c.code}, {"title", c.title}, {"difference", kind}, {"changes", changes}});
  }
  return out;
}

}  // namespace tsunagu::io
