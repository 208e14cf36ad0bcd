// The plan tree as JSON (for `tsunagu plan show --json` and GET /api/v1/plans) and as a
// readable Japanese outline. Keys are English; values are as in the source text.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/plan.hpp"

namespace tsunagu::io {

// {"plans":[{"id","name","period":{"from","to","label"},"goals":[{"no","title","policies":[
//   {"id","no","code","version","text","priority","viewpoints":[1..4],"findings":[{"kind",
//   "text","source"}],"vision","directions":[],"examples":[],"notes":[]}]}]}]}
// period.from/to are western fiscal years (2024 is 令和6年度); label is "令和6年度〜令和11年度".
// It also carries "families": every plan as its 基本計画 (a plan of its own is a family of one
// whose only member is itself): [{"id","name","family","version","period","philosophy",
// "goals":[{"no","title"}],"plans":[{"position","name","period","terms":[{"name","label",
// "period"}],"policies":[{…policy…,"goal"}]}]}].
nlohmann::ordered_json plans_to_json(const std::vector<Plan>& plans);

// The "families" array alone.
nlohmann::ordered_json families_to_json(const std::vector<Plan>& plans);

// One policy as it appears inside plans_to_json.
nlohmann::ordered_json policy_to_json(const Policy& policy);

// The same, serialised compactly (UTF-8).
std::string plans_to_json_text(const std::vector<Plan>& plans, int indent = -1);

// Reads the editable part of a policy from a JSON object; every key is optional and an absent
// key keeps `base`'s value. Errors "request.invalid" name the key that is wrong.
Result<PolicyContent> policy_content_from_json(const nlohmann::json& object, PolicyContent base);

// A plain-text outline for people: plan, goals, policies with code, 重点施策 mark and viewpoints.
std::string plans_to_outline(const std::vector<Plan>& plans);

}  // namespace tsunagu::io
