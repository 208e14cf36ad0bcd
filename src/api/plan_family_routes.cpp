// The 基本計画's routes: POST /api/v1/plans/families (create), PATCH /api/v1/plans/families/{id}
// (name, period, 基本理念, goals; `version` required, a stale edit answers 409), and
// PUT /api/v1/plans/families/{id}/members (add a member plan or change one), each answering with
// the family as it appears in GET /api/v1/plans' "families"; and the 計画書's chapters of free
// text: GET /api/v1/plans/{id}/sections, PUT /api/v1/plans/{id}/sections/{key}.
#include "api/plan_routes.hpp"
#include "io/plan_json.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace plan_family_routes {
namespace {

using nlohmann::json;

struct Deps {
  service::PlanService& plans;
};

Error bad(const std::string& key, const std::string& what) {
  Error e = make_error(ErrorKind::kMalformed, "request.invalid",
                       "「" + key + "」は" + what + "で指定してください。");
  e.details.push_back({0, key, what + "で指定してください。"});
  return e;
}

// `object[key]` is a whole number in [low, high] (not one that overflows an int).
bool small_int(const json& object, const char* key, std::int64_t low, std::int64_t high) {
  if (!object.contains(key) || !object[key].is_number_integer()) return false;
  if (object[key].is_number_unsigned() &&
      object[key].get<std::uint64_t>() > static_cast<std::uint64_t>(high)) {
    return false;
  }
  const std::int64_t v = object[key].get<std::int64_t>();
  return low <= v && v <= high;
}

// "R6-R11", or {"from":2024,"to":2029}.
Result<FiscalPeriod> period_of(const json& value, const std::string& key) {
  if (value.is_string()) return parse_fiscal_period(value.get<std::string>());
  if (value.is_object() && small_int(value, "from", 1, 9999) && small_int(value, "to", 1, 9999)) {
    auto from = FiscalYear::from_western(value["from"].get<int>());
    if (!from) return from.error();
    auto to = FiscalYear::from_western(value["to"].get<int>());
    if (!to) return to.error();
    return FiscalPeriod{*from, *to};
  }
  return bad(key, "\"R6-R11\" か {\"from\":2024,\"to\":2029}");
}

Result<std::string> text_of(const json& b, const std::string& key, std::string fallback) {
  if (!b.contains(key)) return fallback;
  if (!b[key].is_string()) return bad(key, "文字列");
  return b[key].get<std::string>();
}

// The body's keys over `h` (absent keys keep it).
Status read_header(const json& b, FamilyHeader& h) {
  auto name = text_of(b, "name", h.name);
  if (!name) return name.error();
  h.name = *name;
  auto philosophy = text_of(b, "philosophy", h.philosophy);
  if (!philosophy) return philosophy.error();
  h.philosophy = *philosophy;
  if (b.contains("period")) {
    auto p = period_of(b["period"], "period");
    if (!p) return p.error();
    h.from = p->from;
    h.to = p->to;
  }
  if (b.contains("goals")) {
    if (!b["goals"].is_array()) return bad("goals", "{no, title} の配列");
    h.goals.clear();
    for (const auto& g : b["goals"]) {
      if (!g.is_object() || !small_int(g, "no", 1, kMaxFamilyGoals) || !g.contains("title") ||
          !g["title"].is_string()) {
        return bad("goals", "{no（1〜99）, title} の配列");
      }
      h.goals.push_back({{}, g["no"].get<int>(), g["title"].get<std::string>(), {}});
    }
  }
  return Ok{};
}

Result<Plan> family_of_route(const Deps& d, Context& c) {
  auto id = id_param<PlanId>(c, "id");
  auto tree = d.plans.plans(c.actor);
  if (!tree) return tree.error();
  for (auto& p : *tree) {
    if (id && p.id == *id && p.family) return std::move(p);
  }
  return make_error(ErrorKind::kNotFound, "plan.not_found", "指定された基本計画はありません。");
}

http::Response family_response(const Plan& p, int status = 200) {
  return ok_ordered_json(io::families_to_json({p})[0], status);
}

http::Response create_family(const Deps& d, Context& c) {
  auto body = parse_json_body(c.request);
  if (!body) return error_response(body.error());
  FamilyHeader h;
  if (!body->contains("period")) return error_response(bad("period", "\"R6-R11\" など"));
  if (auto ok = read_header(*body, h); !ok) return error_response(ok.error());
  auto id = d.plans.create_family(c.actor, h, EvaluationScale::ena_default());
  if (!id) return error_response(id.error());
  auto tree = d.plans.plans(c.actor);
  if (!tree) return error_response(tree.error());
  for (const auto& p : *tree) {
    if (p.id == *id) return family_response(p, 201);
  }
  return error_response(
      make_error(ErrorKind::kInternal, "plan.not_found", "作成した基本計画を読めません。"));
}

http::Response patch_family(const Deps& d, Context& c) {
  auto body = parse_json_body(c.request);
  if (!body) return error_response(body.error());
  if (!body->contains("version") || !(*body)["version"].is_number_integer()) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "編集の元にした版（version）を指定してください。"));
  }
  auto family = family_of_route(d, c);
  if (!family) return error_response(family.error());
  FamilyHeader h{family->name, family->from, family->to, family->philosophy, {}};
  for (const auto& g : family->goals) h.goals.push_back({{}, g.no, g.title, {}});
  if (auto ok = read_header(*body, h); !ok) return error_response(ok.error());
  auto saved =
      d.plans.update_family(c.actor, family->name, (*body)["version"].get<std::int64_t>(), h);
  if (!saved) return error_response(saved.error());
  return family_response(*saved);
}

http::Response put_member(const Deps& d, Context& c) {
  auto body = parse_json_body(c.request);
  if (!body) return error_response(body.error());
  const json& b = *body;
  auto family = family_of_route(d, c);
  if (!family) return error_response(family.error());
  service::MemberEdit edit;
  edit.family_name = family->name;
  auto name = text_of(b, "name", "");
  if (!name) return error_response(name.error());
  edit.name = *name;
  auto rename = text_of(b, "rename", "");
  if (!rename) return error_response(rename.error());
  edit.rename = *rename;
  if (b.contains("position")) {
    if (!small_int(b, "position", 1, kMaxMemberPosition))
      return error_response(bad("position", "1〜99 の整数"));
    edit.position = b["position"].get<int>();
  }
  if (b.contains("version")) {
    if (!b["version"].is_number_integer()) return error_response(bad("version", "整数"));
    edit.expected_version = b["version"].get<std::int64_t>();
  }
  if (b.contains("period")) {
    auto p = period_of(b["period"], "period");
    if (!p) return error_response(p.error());
    edit.from = p->from;
    edit.to = p->to;
  }
  if (b.contains("terms")) {
    if (!b["terms"].is_array() || b["terms"].size() > kMaxMemberTerms)
      return error_response(bad("terms", "{name, label, period} の配列（20 まで）"));
    edit.terms.emplace();
    for (const auto& t : b["terms"]) {
      if (!t.is_object() || !t.contains("name") || !t["name"].is_string() || !t.contains("label") ||
          !t["label"].is_string() || !t.contains("period")) {
        return error_response(bad("terms", "{name, label, period} の配列"));
      }
      auto p = period_of(t["period"], "terms.period");
      if (!p) return error_response(p.error());
      edit.terms->push_back(
          {t["name"].get<std::string>(), t["label"].get<std::string>(), p->from, p->to});
    }
  }
  auto saved = d.plans.save_member(c.actor, edit);
  if (!saved) return error_response(saved.error());
  return family_response(*saved);
}

// The plan named by {id}: a 基本計画 or a plan of its own.
Result<std::string> plan_name_of_route(const Deps& d, Context& c) {
  auto id = id_param<PlanId>(c, "id");
  auto tree = d.plans.plans(c.actor);
  if (!tree) return tree.error();
  for (const auto& p : *tree) {
    if (id && p.id == *id) return p.name;
  }
  return make_error(ErrorKind::kNotFound, "plan.not_found", "指定された計画はありません。");
}

nlohmann::ordered_json section_json(const DocumentSection& s) {
  const DocumentSectionKind* kind = find_document_section(s.key);
  return {{"key", s.key},
          {"heading", kind ? std::string(kind->heading) : s.key},
          {"text", s.text},
          {"version", s.version}};
}

http::Response get_sections(const Deps& d, Context& c) {
  auto name = plan_name_of_route(d, c);
  if (!name) return error_response(name.error());
  auto sections = d.plans.document_sections(c.actor, *name);
  if (!sections) return error_response(sections.error());
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& s : *sections) out.push_back(section_json(s));
  return ok_ordered_json({{"sections", out}});
}

http::Response put_section(const Deps& d, Context& c) {
  auto body = parse_json_body(c.request);
  if (!body) return error_response(body.error());
  const json& b = *body;
  if (!b.contains("version") || !b["version"].is_number_integer() || !b.contains("text") ||
      !b["text"].is_string()) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "text と編集の元にした版（version、初めてなら 0）を指定して"
                                     "ください。"));
  }
  auto name = plan_name_of_route(d, c);
  if (!name) return error_response(name.error());
  auto saved =
      d.plans.save_document_section(c.actor, *name, std::string(c.request.param("key")),
                                    b["version"].get<std::int64_t>(), b["text"].get<std::string>());
  if (!saved) return error_response(saved.error());
  return ok_ordered_json(section_json(*saved));
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",   "/api/v1/plans/{id}/sections",         need(Permission::kPlanRead),   get_sections},
    {"PUT",   "/api/v1/plans/{id}/sections/{key}",   need(Permission::kPlanEdit),   put_section},
    {"POST",  "/api/v1/plans/families",              need(Permission::kPlanImport), create_family},
    {"PATCH", "/api/v1/plans/families/{id}",         need(Permission::kPlanImport), patch_family},
    {"PUT",   "/api/v1/plans/families/{id}/members", need(Permission::kPlanImport), put_member},
};
// clang-format on

}  // namespace
}  // namespace plan_family_routes

void add_plan_family_routes(const AddRoute& add, service::PlanService& plans) {
  using namespace plan_family_routes;
  add_table(add, Deps{plans}, kRoutes);
}

}  // namespace tsunagu::api
