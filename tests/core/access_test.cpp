#include "core/access.hpp"

#include <gtest/gtest.h>

namespace tsunagu {
namespace {

TEST(Access, RoleNamesRoundTrip) {
  for (Role role : kAllRoles) {
    auto parsed = parse_role(role_name(role));
    ASSERT_TRUE(parsed.has_value()) << role_name(role);
    EXPECT_EQ(*parsed, role);
    EXPECT_NE(role_label(role), "不明");
  }
  EXPECT_FALSE(parse_role("root").has_value());
  EXPECT_FALSE(parse_role("").has_value());
}

TEST(Access, OnlyPlanAdminEditsThePlan) {
  for (Role role : kAllRoles) {
    EXPECT_EQ(role_allows(role, Permission::kPlanEdit), role == Role::kPlanAdmin)
        << role_name(role);
    EXPECT_EQ(role_allows(role, Permission::kPlanImport), role == Role::kPlanAdmin);
  }
}

TEST(Access, AccountsAndAuditAreSeparateFromContent) {
  EXPECT_TRUE(role_allows(Role::kAdmin, Permission::kUserManage));
  EXPECT_FALSE(role_allows(Role::kPlanAdmin, Permission::kUserManage));
  EXPECT_TRUE(role_allows(Role::kAuditor, Permission::kAuditRead));
  EXPECT_FALSE(role_allows(Role::kAuditor, Permission::kPlanEdit));
  EXPECT_FALSE(role_allows(Role::kPartner, Permission::kAuditRead));
}

TEST(Access, EveryPermissionHasAName) {
  for (Permission p : kAllPermissions) EXPECT_NE(permission_name(p), "unknown");
  EXPECT_EQ(permission_name(Permission::kProgressApprove), "progress.approve");
}

TEST(Access, EveryRoleReadsThePlan) {
  for (Role role : kAllRoles) EXPECT_TRUE(role_allows(role, Permission::kPlanRead));
}

}  // namespace
}  // namespace tsunagu
