// The 計画書 (seed 001 §5): GET /plan/document draws the plan's 計画書 in §5's chapter order —
// はじめに (趣旨・位置付け・期間 with the period table of §4・策定体制), 基本理念, 基本目標, 施策
// (施策体系 and 施策一覧), 計画の推進に向けて, and 資料 (現状と課題) — with a table of contents,
// printed on A4 portrait a chapter a page. The chapters of free text are edited at
// GET /plan/document/edit?section=KEY and POST /plan/document/sections/{key}; a stale save keeps
// what was typed and shows what is stored. `?plan=NAME` chooses the plan when there are several.
#include <memory>

#include "core/text.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/plan_views.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace plan_document_pages {
namespace {

using route::Context;

struct Deps {
  service::PlanService& plans;
  std::shared_ptr<FragmentCache> cache;
};

// Paragraphs of a section's text: split at blank lines, a line break kept inside each.
mstch::array paragraphs(const std::string& text) {
  mstch::array out;
  std::string current;
  for (auto line : split(text, '\n')) {
    if (trim(line).empty()) {
      if (!current.empty()) out.push_back(current);
      current.clear();
      continue;
    }
    current += (current.empty() ? "" : "\n") + std::string(trim(line));
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

std::string encoded(const std::string& plan) {
  return plan.empty() ? std::string() : "&plan=" + http::percent_encode(plan);
}

mstch::map section_view(const DocumentSection& s, const std::string& plan, bool editable) {
  const DocumentSectionKind* kind = find_document_section(s.key);
  return mstch::map{{"key", s.key},
                    {"heading", std::string(kind ? kind->heading : s.key)},
                    {"paragraphs", paragraphs(s.text)},
                    {"empty", trim(s.text).empty()},
                    {"editable", editable},
                    {"edit_href", "/plan/document/edit?section=" + s.key + encoded(plan)}};
}

// The plan `name` names (or the only plan) among `tree`.
const Plan* chosen(const std::vector<Plan>& tree, const std::string& name) {
  if (name.empty()) return tree.size() == 1 ? &tree[0] : nullptr;
  for (const auto& p : tree) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

http::Response choose_plan_page(const Context& c, const std::vector<Plan>& tree) {
  mstch::array plans;
  for (const auto& p : tree) {
    plans.push_back(mstch::map{{"name", p.name},
                               {"href", "/plan/document?plan=" + http::percent_encode(p.name)}});
  }
  return html_response(
      200, render_page("plan_document_choose", "計画書", {{"plans", plans}}, layout_for(c)));
}

http::Response document_page(const Deps& d, Context& c) {
  const std::string name = route::query_param(c.request, "plan");
  auto revision = d.plans.plan_revision(c.actor);
  if (!revision) return error_page(revision.error());
  const bool editable = c.actor.may(Permission::kPlanEdit);
  mstch::map layout = layout_for(c);
  layout["stylesheet"] = std::string("/document.css");
  const std::string key = std::to_string(c.actor.municipality.value) + "\n" +
                          std::to_string(*revision) + "\n" + (editable ? "e" : "r") + "\n" + name;
  // The cached fragment starts with the page's title as "LENGTH:TITLE".
  if (auto hit = d.cache->find(key)) {
    auto colon = hit->find(':');
    std::size_t length = std::stoul(hit->substr(0, colon));
    return html_response(200, render_layout(hit->substr(colon + 1, length),
                                            hit->substr(colon + 1 + length), layout));
  }
  auto tree = d.plans.plans(c.actor);
  if (!tree) return error_page(tree.error());
  const Plan* plan = chosen(*tree, name);
  if (plan == nullptr) {
    if (name.empty() && tree->size() > 1) return choose_plan_page(c, *tree);
    return error_page(404, name.empty() ? "計画がまだ登録されていません。"
                                        : "計画「" + name + "」はありません。");
  }
  const std::string title = plan->name + " 計画書";
  auto sections = d.plans.document_sections(c.actor, plan->name);
  if (!sections) return error_page(sections.error());
  mstch::array intro, promotion;
  for (const auto& s : *sections) {
    (find_document_section(s.key)->chapter == "はじめに" ? intro : promotion)
        .push_back(section_view(s, name, editable));
  }
  mstch::array goals;
  for (const auto& g : plan->goals)
    goals.push_back(mstch::map{{"no", std::to_string(g.no)}, {"title", g.title}});
  mstch::map context{{"name", plan->name},
                     {"period", plan->from.japanese() + "〜" + plan->to.japanese()},
                     {"philosophy", plan->philosophy},
                     {"intro", intro},
                     {"promotion", promotion},
                     {"goals", goals},
                     {"period_table", period_view(*plan)},
                     {"system", system_view(*plan)},
                     {"policy_list", policy_list_view(*plan)}};
  std::string content = render_content("plan_document", context);
  d.cache->store(key, std::to_string(title.size()) + ":" + title + content);
  return html_response(200, render_layout(title, content, layout));
}

http::Response edit_page(const Context& c, const std::string& plan, const DocumentSection& shown,
                         const DocumentSection* stored, const Error* error) {
  const DocumentSectionKind* kind = find_document_section(shown.key);
  mstch::map context{
      {"key", shown.key},
      {"heading", std::string(kind->heading)},
      {"chapter", std::string(kind->chapter)},
      {"plan", plan},
      {"text", shown.text},
      {"version", std::to_string(stored ? stored->version : shown.version)},
      {"csrf", c.session ? c.session->csrf_token : std::string()},
      {"back", "/plan/document" + (plan.empty() ? "" : "?plan=" + http::percent_encode(plan))}};
  if (stored) context["stored"] = stored->text;
  if (error) context["error"] = error->message;
  int status = error ? route::status_for(*error) : 200;
  return html_response(
      status, render_page("plan_document_edit", std::string(kind->heading) + "の編集", context,
                          layout_for(c)));
}

Result<DocumentSection> stored_section(const Deps& d, const Context& c, const std::string& plan,
                                       const std::string& key) {
  auto sections = d.plans.document_sections(c.actor, plan);
  if (!sections) return sections.error();
  for (const auto& s : *sections) {
    if (s.key == key) return s;
  }
  return make_error(ErrorKind::kNotFound, "plan.section_unknown", "計画書にその節はありません。");
}

http::Response edit_form(const Deps& d, Context& c) {
  const std::string plan = route::query_param(c.request, "plan");
  auto section = stored_section(d, c, plan, route::query_param(c.request, "section"));
  if (!section) return error_page(section.error());
  return edit_page(c, plan, *section, nullptr, nullptr);
}

http::Response save_section(const Deps& d, Context& c) {
  auto f = route::form_fields(c.request);
  const std::string plan = f["plan"];
  auto current = stored_section(d, c, plan, std::string(c.request.param("key")));
  if (!current) return error_page(current.error());
  DocumentSection typed{current->key, f["text"], route::parse_id(f["version"]).value_or(0)};
  auto saved = d.plans.save_document_section(c.actor, plan, typed.key, typed.version, typed.text);
  if (!saved) {
    Error e = saved.error();
    const bool stale = e.code == "plan.stale_version";
    if (stale) e.message += " あなたの入力はこの画面に残しています。";
    return edit_page(c, plan, typed, stale ? &*current : nullptr, &e);
  }
  return redirect("/plan/document" + (plan.empty() ? "" : "?plan=" + http::percent_encode(plan)) +
                  "#section-" + typed.key);
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"GET",  "/plan/document",                route::need(Permission::kPlanRead), document_page},
    {"GET",  "/plan/document/edit",           route::need(Permission::kPlanEdit), edit_form},
    {"POST", "/plan/document/sections/{key}", route::need(Permission::kPlanEdit), save_section},
};
// clang-format on

}  // namespace
}  // namespace plan_document_pages

void add_plan_document_pages(const route::AddRoute& add_page, service::PlanService& plans) {
  using namespace plan_document_pages;
  route::add_table(add_page, Deps{plans, std::make_shared<FragmentCache>()}, kPages);
}

}  // namespace tsunagu::web
