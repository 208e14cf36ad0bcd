// Finding the plan a request means: by name, or the municipality's only plan when no name is
// given. Shared by the services that work inside one plan.
#pragma once

#include <string>

#include "core/result.hpp"
#include "store/db.hpp"
#include "store/plan_store.hpp"

namespace tsunagu::service {

// Errors "plan.not_found", "plan.ambiguous" (several plans and no name).
Result<store::PlanHeader> resolve_plan(store::Connection& c, MunicipalityId municipality,
                                       const std::string& name);

// The 基本計画 named `name` with its tree and members. Errors "plan.not_found",
// "plan.not_family" (a plan of its own by that name).
Result<Plan> find_family(store::PlanStore& plans, MunicipalityId municipality,
                         const std::string& name);

// The policy with `code` ("4-4-2") in the plan. Error "policy.not_found".
Result<Policy> find_policy_by_code(store::Connection& c, MunicipalityId municipality, PlanId plan,
                                   const std::string& code);

}  // namespace tsunagu::service
