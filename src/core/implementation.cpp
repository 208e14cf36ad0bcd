#include "core/implementation.hpp"

#include "core/plan.hpp"
#include "core/text.hpp"

namespace tsunagu {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += "\n";
    out += s;
  }
  return out;
}

const ImplementationYear* find_year(const ImplementationItem& item, FiscalYear y) {
  for (const auto& year : item.years) {
    if (year.year == y) return &year;
  }
  return nullptr;
}

}  // namespace

std::string revision_label(FiscalYear year, bool first) {
  auto ey = year.era_year();
  return std::string(era_name(ey.era)) + (ey.year == 1 ? "元" : std::to_string(ey.year)) + "年7月" +
         (first ? "策定" : "改定");
}

std::vector<FiscalYear> planning_window(FiscalYear y) { return {y, y.next(), y.next().next()}; }

std::vector<FiscalYear> results_window(FiscalYear y, FiscalYear plan_start) {
  std::vector<FiscalYear> out;
  for (int back = 3; back >= 1; --back) {
    FiscalYear candidate(y.western() - back);
    if (candidate >= plan_start) out.push_back(candidate);
  }
  return out;
}

std::string comparison_field_label(const std::string& field) {
  auto name = [](std::string_view f) -> std::string_view {
    if (f == "title") return "施策";
    if (f == "departments") return "担当課";
    if (f == "directions") return "施策の方向性";
    if (f == "end_target") return "計画期間終了時点の到達目標";
    if (f == "budget_projects") return "関連する予算事業";
    if (f == "planned_work") return "取組内容";
    if (f == "cost") return "事業費（千円）";
    if (f == "results") return "取組状況（成果）";
    return f;
  };
  auto dot = field.find('.');
  if (dot == std::string::npos) return std::string(name(field));
  auto year = FiscalYear::parse(field.substr(0, dot));
  return (year ? year->japanese() : field.substr(0, dot)) + " " +
         std::string(name(std::string_view(field).substr(dot + 1)));
}

std::vector<ItemComparison> compare_revisions(const Revision& older, const Revision& newer) {
  std::vector<ItemComparison> out;
  // The same item in the older revision: the same policy (its code may have been renamed),
  // else the same code.
  auto find = [](const Revision& r, const ImplementationItem& item) -> const ImplementationItem* {
    for (const auto& i : r.items) {
      if (item.policy && i.policy == item.policy) return &i;
    }
    for (const auto& i : r.items) {
      if (i.code == item.code && (!i.policy || !item.policy)) return &i;
    }
    return nullptr;
  };
  for (const auto& item : newer.items) {
    ItemComparison cmp{item.code, item.title, ItemDifference::kSame, {}};
    const ImplementationItem* old = find(older, item);
    if (old == nullptr) {
      cmp.difference = ItemDifference::kAdded;
      out.push_back(std::move(cmp));
      continue;
    }
    auto field = [&](std::string name, const std::string& before, const std::string& after) {
      if (before != after) cmp.changes.push_back({std::move(name), before, after});
    };
    field("code", old->code, item.code);
    field("title", old->title, item.title);
    field("departments", joined(old->departments), joined(item.departments));
    field("directions", joined(old->directions), joined(item.directions));
    field("end_target", old->end_target, item.end_target);
    field("budget_projects", joined(old->budget_projects), joined(item.budget_projects));
    std::vector<FiscalYear> years;
    for (const auto& y : old->years) years.push_back(y.year);
    for (const auto& y : item.years) {
      if (find_year(*old, y.year) == nullptr) years.push_back(y.year);
    }
    for (FiscalYear y : years) {
      const ImplementationYear* a = find_year(*old, y);
      const ImplementationYear* b = find_year(item, y);
      std::string prefix = y.short_name() + ".";
      field(prefix + "planned_work", a ? a->planned_work : "", b ? b->planned_work : "");
      field(prefix + "cost", a && a->cost ? std::to_string(*a->cost) : "",
            b && b->cost ? std::to_string(*b->cost) : "");
      field(prefix + "results", a ? a->results : "", b ? b->results : "");
    }
    if (!cmp.changes.empty()) cmp.difference = ItemDifference::kChanged;
    out.push_back(std::move(cmp));
  }
  for (const auto& old : older.items) {
    if (find(newer, old) == nullptr)
      out.push_back({old.code, old.title, ItemDifference::kRemoved, {}});
  }
  return out;
}

Status validate_item(const ImplementationItem& item) {
  std::vector<ErrorDetail> problems;
  auto check = [&](const std::string& field, const std::string& text) {
    if (text.size() > kMaxFieldBytes) problems.push_back({0, field, "64KiB を超えています。"});
    if (find_invalid_utf8(text))
      problems.push_back({0, field, "UTF-8 として正しくない文字を含んでいます。"});
  };
  check("end_target", item.end_target);
  if (trim(item.code).empty() || item.code.size() > 40 || find_invalid_utf8(item.code) ||
      item.code.find_first_of("\r\n\t") != std::string::npos) {
    problems.push_back(
        {0, "code", "項目コード（例: 1-1-1）を 40 バイト以内の1行で指定してください。"});
  }
  for (const auto& list : {item.departments, item.directions, item.budget_projects}) {
    for (const auto& s : list) check("list", s);
  }
  for (const auto& y : item.years) {
    check(y.year.short_name() + ".planned_work", y.planned_work);
    check(y.year.short_name() + ".results", y.results);
    if (y.cost && *y.cost < 0)
      problems.push_back(
          {0, y.year.short_name() + ".cost", "事業費（千円）は 0 以上にしてください。"});
  }
  if (problems.empty()) return Ok{};
  Error e =
      make_error(ErrorKind::kInvalid, "implementation.invalid", "実施計画の内容に誤りがあります。");
  e.details = std::move(problems);
  return e;
}

}  // namespace tsunagu
