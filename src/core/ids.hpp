// Typed identifiers: a PolicyId cannot be passed where a UserId is expected.
#pragma once

#include <cstdint>
#include <functional>

namespace tsunagu {

template <class Tag>
struct Id {
  std::int64_t value = 0;
  constexpr bool valid() const { return value > 0; }
  friend constexpr bool operator==(Id, Id) = default;
  friend constexpr auto operator<=>(Id, Id) = default;
};

using MunicipalityId = Id<struct MunicipalityTag>;
using UserId = Id<struct UserTag>;
using DepartmentId = Id<struct DepartmentTag>;
using PlanId = Id<struct PlanTag>;
using GoalId = Id<struct GoalTag>;
using PolicyId = Id<struct PolicyTag>;
using AgencyId = Id<struct AgencyTag>;  // a partner agency or a city section (case coordination)

}  // namespace tsunagu

template <class Tag>
struct std::hash<tsunagu::Id<Tag>> {
  std::size_t operator()(tsunagu::Id<Tag> id) const noexcept {
    return std::hash<std::int64_t>{}(id.value);
  }
};
