#include "io/plan_json.hpp"

#include <nlohmann/json.hpp>

namespace tsunagu::io {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

ordered policy_to_json(const Policy& p) {
  const PolicyContent& c = p.content;
  ordered findings = ordered::array();
  for (const auto& f : c.findings) {
    findings.push_back(
        {{"kind", finding_kind_name(f.kind)}, {"text", f.text}, {"source", f.source}});
  }
  return {{"id", p.id.value},
          {"no", p.no},
          {"code", p.code},
          {"version", p.version},
          {"text", c.text},
          {"priority", c.priority},
          {"viewpoints", c.viewpoints},
          {"findings", std::move(findings)},
          {"vision", c.vision},
          {"directions", c.directions},
          {"examples", c.examples},
          {"notes", c.notes}};
}

namespace {

std::string viewpoint_marks(const std::vector<int>& viewpoints) {
  static const char* kMarks[] = {"①", "②", "③", "④"};
  std::string out;
  for (int v : viewpoints) {
    if (v >= 1 && v <= 4) out += kMarks[v - 1];
  }
  return out;
}

Error invalid(const std::string& key, const std::string& what) {
  Error e = make_error(ErrorKind::kMalformed, "request.invalid",
                       "「" + key + "」は" + what + "で指定してください。");
  e.details.push_back({0, key, what + "で指定してください。"});
  return e;
}

Result<std::vector<std::string>> string_list(const json& value, const std::string& key) {
  if (!value.is_array()) return invalid(key, "文字列の配列");
  std::vector<std::string> out;
  for (const auto& v : value) {
    if (!v.is_string()) return invalid(key, "文字列の配列");
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

namespace {

ordered period_json(FiscalYear from, FiscalYear to) {
  return {{"from", from.western()},
          {"to", to.western()},
          {"label", from.japanese() + "〜" + to.japanese()}};
}

// A member plan (or a plan of its own, as the only member of its family) with its policies
// under every goal; each policy names its goal.
ordered member_json(const Plan& plan, std::optional<int> position, const std::string& name,
                    FiscalYear from, FiscalYear to, const std::vector<PlanTerm>& terms) {
  ordered policies = ordered::array();
  for (const auto& goal : plan.goals) {
    for (const auto& p : goal.policies) {
      if (plan.family && p.member != position.value_or(0)) continue;
      ordered j = policy_to_json(p);
      j["goal"] = goal.no;
      policies.push_back(std::move(j));
    }
  }
  ordered term_list = ordered::array();
  for (const auto& t : terms)
    term_list.push_back(
        {{"name", t.name}, {"label", t.label}, {"period", period_json(t.from, t.to)}});
  ordered pos = nullptr;
  if (position) pos = *position;
  return {{"position", pos},
          {"name", name},
          {"period", period_json(from, to)},
          {"terms", std::move(term_list)},
          {"policies", std::move(policies)}};
}

}  // namespace

ordered families_to_json(const std::vector<Plan>& plans) {
  ordered out = ordered::array();
  for (const auto& plan : plans) {
    ordered goals = ordered::array();
    for (const auto& goal : plan.goals) goals.push_back({{"no", goal.no}, {"title", goal.title}});
    ordered members = ordered::array();
    if (plan.family) {
      for (const auto& m : plan.members)
        members.push_back(member_json(plan, m.position, m.name, m.from, m.to, m.terms));
    } else {
      members.push_back(member_json(plan, plan.family_position, plan.name, plan.from, plan.to, {}));
    }
    out.push_back({{"id", plan.id.value},
                   {"name", plan.name},
                   {"family", plan.family},
                   {"version", plan.version},
                   {"period", period_json(plan.from, plan.to)},
                   {"philosophy", plan.philosophy},
                   {"goals", std::move(goals)},
                   {"plans", std::move(members)}});
  }
  return out;
}

ordered plans_to_json(const std::vector<Plan>& plans) {
  ordered out = ordered::array();
  for (const auto& plan : plans) {
    ordered goals = ordered::array();
    for (const auto& goal : plan.goals) {
      ordered policies = ordered::array();
      for (const auto& p : goal.policies) policies.push_back(policy_to_json(p));
      goals.push_back({{"no", goal.no}, {"title", goal.title}, {"policies", std::move(policies)}});
    }
    out.push_back({{"id", plan.id.value},
                   {"name", plan.name},
                   {"period",
                    {{"from", plan.from.western()},
                     {"to", plan.to.western()},
                     {"label", plan.from.japanese() + "〜" + plan.to.japanese()}}},
                   {"goals", std::move(goals)}});
  }
  return {{"plans", std::move(out)}, {"families", families_to_json(plans)}};
}

std::string plans_to_json_text(const std::vector<Plan>& plans, int indent) {
  return plans_to_json(plans).dump(indent, ' ', false, ordered::error_handler_t::strict);
}

Result<PolicyContent> policy_content_from_json(const json& o, PolicyContent c) {
  if (!o.is_object()) return invalid("body", "JSON オブジェクト");
  if (o.contains("text")) {
    if (!o["text"].is_string()) return invalid("text", "文字列");
    c.text = o["text"].get<std::string>();
  }
  if (o.contains("vision")) {
    if (!o["vision"].is_string()) return invalid("vision", "文字列");
    c.vision = o["vision"].get<std::string>();
  }
  if (o.contains("priority")) {
    if (!o["priority"].is_boolean()) return invalid("priority", "true か false");
    c.priority = o["priority"].get<bool>();
  }
  if (o.contains("viewpoints")) {
    if (!o["viewpoints"].is_array()) return invalid("viewpoints", "1〜4 の番号の配列");
    c.viewpoints.clear();
    for (const auto& v : o["viewpoints"]) {
      if (!v.is_number_integer()) return invalid("viewpoints", "1〜4 の番号の配列");
      c.viewpoints.push_back(v.get<int>());
    }
  }
  for (auto [key, field] : {std::pair{"directions", &c.directions},
                            std::pair{"examples", &c.examples}, std::pair{"notes", &c.notes}}) {
    if (!o.contains(key)) continue;
    auto list = string_list(o[key], key);
    if (!list) return list.error();
    *field = std::move(list.value());
  }
  if (o.contains("findings")) {
    if (!o["findings"].is_array()) return invalid("findings", "{kind, text, source} の配列");
    c.findings.clear();
    for (const auto& f : o["findings"]) {
      if (!f.is_object() || !f.contains("kind") || !f["kind"].is_string() || !f.contains("text") ||
          !f["text"].is_string() || (f.contains("source") && !f["source"].is_string())) {
        return invalid("findings", "{kind, text, source} の配列");
      }
      auto kind = parse_finding_kind(f["kind"].get<std::string>());
      if (!kind) return invalid("findings.kind", "「現状」か「課題」");
      c.findings.push_back({*kind, f["text"].get<std::string>(), f.value("source", std::string())});
    }
  }
  return c;
}

std::string plans_to_outline(const std::vector<Plan>& plans) {
  std::string out;
  for (const auto& plan : plans) {
    out += plan.name + "（" + plan.from.japanese() + "〜" + plan.to.japanese() + "）" +
           (plan.family ? "　基本計画" : "") + "\n";
    if (!plan.philosophy.empty()) out += "基本理念: " + plan.philosophy + "\n";
    for (const auto& m : plan.members) {
      out += "  計画" + std::to_string(m.position) + " " + m.name + "（" + m.from.japanese() +
             "〜" + m.to.japanese() + "）\n";
    }
    for (const auto& goal : plan.goals) {
      out += "\n基本目標" + std::to_string(goal.no) + " " + goal.title + "\n";
      for (const auto& p : goal.policies) {
        std::string first_line = p.content.text.substr(0, p.content.text.find('\n'));
        out += "  " + p.code + " " + first_line;
        if (p.content.priority) out += " 【重点施策】";
        if (!p.content.viewpoints.empty()) out += " 視点" + viewpoint_marks(p.content.viewpoints);
        out += "\n";
      }
    }
  }
  if (plans.empty())
    out = "計画はまだ登録されていません。tsunagu import policy-table で取り込めます。\n";
  return out;
}

}  // namespace tsunagu::io
