// The support plan (支援プラン) of a person with its roles, its closure (終結) with the
// follow-ups it schedules, reviews (進捗確認) and their results, and what is due.
#include "api/case_json_support.hpp"
#include "api/case_routes.hpp"
#include "io/case_json.hpp"
#include "route/case_decode.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::support_plan_routes {
namespace {

using nlohmann::ordered_json;
using Deps = CaseRouteDeps;

http::Response save_plan(const Deps& d, Context& c) {
  return with_id_and_body<PersonId>(c, decode_plan, [&](PersonId id, PlanChange& change) {
    change.plan.person = id;
    return answer(d.casework.save_plan(c.actor, change.plan, change.version),
                  io::support_plan_json);
  });
}

http::Response close_plan(const Deps& d, Context& c) {
  return with_id_and_body<PersonId>(c, decode_plan_closure, [&](PersonId id, PlanClosure& x) {
    return answer(d.casework.close_plan(c.actor, id, x.closed_on, x.reason, x.version),
                  io::support_plan_json);
  });
}

http::Response schedule_review(const Deps& d, Context& c) {
  return with_id_and_body<PersonId>(c, decode_review, [&](PersonId id, Date due) {
    return answer(d.casework.schedule_review(c.actor, id, due), io::checkpoint_json, 201);
  });
}

http::Response complete_checkpoint(const Deps& d, Context& c) {
  return with_id_and_body<CheckpointId>(
      c, decode_checkpoint_result, [&](CheckpointId id, const CheckpointResult& x) {
        return answer(d.casework.complete_checkpoint(c.actor, id, x.done_on, x.note,
                                                     x.local_supporter_involved),
                      io::checkpoint_json);
      });
}

http::Response list_due(const Deps& d, Context& c) {
  auto list = d.casework.due(c.actor);
  if (!list) return error_response(list.error());
  ordered_json out = ordered_json::array();
  for (const auto& x : *list) {
    auto item = io::checkpoint_json(x.checkpoint);
    item["person_name"] = x.person_name;
    item["overdue"] = x.overdue;
    out.push_back(item);
  }
  return ok_ordered_json({{"checkpoints", out}});
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"PUT",  "/api/v1/persons/{id}/plan",       need(Permission::kCaseWrite), save_plan},
    {"POST", "/api/v1/persons/{id}/plan/close", need(Permission::kCaseWrite), close_plan},
    {"POST", "/api/v1/persons/{id}/reviews",    need(Permission::kCaseWrite), schedule_review},
    {"POST", "/api/v1/checkpoints/{id}/done",   need(Permission::kCaseWrite), complete_checkpoint},
    {"GET",  "/api/v1/checkpoints/due",         need(Permission::kCaseWrite), list_due},
};
// clang-format on

}  // namespace
}  // namespace cases::support_plan_routes

void add_support_plan_routes(const AddRoute& add, const CaseRouteDeps& deps) {
  add_table(add, deps, cases::support_plan_routes::kRoutes);
}

}  // namespace tsunagu::api
