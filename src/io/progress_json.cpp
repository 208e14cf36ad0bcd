#include "io/progress_json.hpp"

namespace tsunagu::io {

using nlohmann::ordered_json;

namespace {
ordered_json counts(const Tally& t) {
  ordered_json j = ordered_json::object();
  for (const auto& [code, count] : t.by_grade) j[code] = count;
  if (t.ungraded > 0) j["ungraded"] = t.ungraded;
  j["total"] = t.total;
  return j;
}
}  // namespace

ordered_json tally_json(FiscalYear year, const Tally& overall,
                        const std::vector<std::pair<std::string, Tally>>* groups) {
  ordered_json j;
  j["year"] = year.short_name();
  const ordered_json all = counts(overall);
  for (const auto& [k, v] : all.items()) j[k] = v;
  if (groups != nullptr) {
    ordered_json list = ordered_json::array();
    for (const auto& [label, t] : *groups) {
      ordered_json item;
      item["label"] = label;
      const ordered_json c = counts(t);
      for (const auto& [k, v] : c.items()) item[k] = v;
      list.push_back(std::move(item));
    }
    j["groups"] = std::move(list);
  }
  return j;
}

ordered_json scale_json(const EvaluationScale& scale) {
  ordered_json list = ordered_json::array();
  for (const auto& g : scale.grades()) list.push_back({{"code", g.code}, {"label", g.label}});
  return list;
}

ordered_json project_json(const Project& p, const std::string& category) {
  ordered_json j;
  j["id"] = p.id.value;
  j["category"] = category;
  j["no"] = p.no;
  if (!p.code.empty()) j["code"] = p.code;  // the number as the city writes it: "0704-01"
  j["name"] = p.name;
  j["departments"] = p.departments;
  j["content"] = p.content;
  return j;
}

ordered_json entry_json(const EvaluationScale& scale, const std::optional<ProgressEntry>& e) {
  if (!e) return nullptr;
  ordered_json j;
  j["year"] = e->year.short_name();
  j["grade"] = e->content.grade ? ordered_json(*e->content.grade) : ordered_json(nullptr);
  j["grade_label"] = e->content.grade ? scale.display(*e->content.grade) : "";
  j["done"] = e->content.done;
  j["next_plan"] = e->content.next_plan;
  j["budget_planned"] =
      e->content.budget_planned ? ordered_json(*e->content.budget_planned) : ordered_json(nullptr);
  j["budget_actual"] =
      e->content.budget_actual ? ordered_json(*e->content.budget_actual) : ordered_json(nullptr);
  j["state"] = entry_state_name(e->state);
  j["state_label"] = entry_state_label(e->state);
  j["return_comment"] = e->return_comment;
  j["version"] = e->version;
  return j;
}

}  // namespace tsunagu::io
