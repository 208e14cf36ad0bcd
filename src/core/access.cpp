#include "core/access.hpp"

#include <initializer_list>

namespace tsunagu {
namespace {

struct Grant {
  Permission permission;
  std::initializer_list<Role> roles;
};

// The access table. Read a row as "this permission is held by these roles".
const Grant kGrants[] = {
    {Permission::kPlanRead,
     {Role::kAdmin, Role::kPlanAdmin, Role::kDepartmentEditor, Role::kCaseCoordinator,
      Role::kCaseWorker, Role::kPartner, Role::kAuditor}},
    {Permission::kPlanEdit, {Role::kPlanAdmin}},
    {Permission::kPlanImport, {Role::kPlanAdmin}},
    {Permission::kUserManage, {Role::kAdmin}},
    {Permission::kAuditRead, {Role::kAdmin, Role::kAuditor}},
    {Permission::kAuditReview, {Role::kAuditor}},
    {Permission::kProgressRead, {Role::kPlanAdmin, Role::kDepartmentEditor, Role::kAuditor}},
    {Permission::kProgressEdit, {Role::kPlanAdmin, Role::kDepartmentEditor}},
    {Permission::kProgressApprove, {Role::kPlanAdmin}},
    {Permission::kProgressImport, {Role::kPlanAdmin}},
    // Case records: the permission opens the door; each person still needs a legal basis
    // (core/case_access.hpp). The admin and the auditor see no person (separation of duties).
    {Permission::kCaseRead, {Role::kCaseCoordinator, Role::kCaseWorker, Role::kPartner}},
    {Permission::kCaseWrite, {Role::kCaseCoordinator, Role::kCaseWorker}},
    {Permission::kCaseAdmin, {Role::kCaseCoordinator}},
    {Permission::kCaseStatistics, {Role::kCaseCoordinator, Role::kPlanAdmin, Role::kAuditor}},
    // Local resources: staff and partners look things up; the sections that run the plan and
    // the coordination keep the directory; 保護司 book rooms.
    {Permission::kResourceRead,
     {Role::kPlanAdmin, Role::kDepartmentEditor, Role::kCaseCoordinator, Role::kCaseWorker,
      Role::kPartner}},
    {Permission::kResourceManage, {Role::kPlanAdmin, Role::kCaseCoordinator}},
    {Permission::kRoomBook, {Role::kPartner}},
};

struct RoleNames {
  Role role;
  std::string_view name;
  std::string_view label;
};

constexpr RoleNames kRoleNames[] = {
    {Role::kAdmin, "admin", "システム管理者"},
    {Role::kPlanAdmin, "plan-admin", "計画担当"},
    {Role::kDepartmentEditor, "department-editor", "担当課"},
    {Role::kCaseCoordinator, "case-coordinator", "多機関調整担当"},
    {Role::kCaseWorker, "case-worker", "支援担当"},
    {Role::kPartner, "partner", "関係機関"},
    {Role::kAuditor, "auditor", "監査担当"},
};

}  // namespace

std::string_view role_name(Role role) {
  for (const auto& r : kRoleNames) {
    if (r.role == role) return r.name;
  }
  return "unknown";
}

std::string_view role_label(Role role) {
  for (const auto& r : kRoleNames) {
    if (r.role == role) return r.label;
  }
  return "不明";
}

std::optional<Role> parse_role(std::string_view name) {
  for (const auto& r : kRoleNames) {
    if (r.name == name) return r.role;
  }
  return std::nullopt;
}

std::string_view permission_name(Permission permission) {
  switch (permission) {
    case Permission::kPlanRead:
      return "plan.read";
    case Permission::kPlanEdit:
      return "plan.edit";
    case Permission::kPlanImport:
      return "plan.import";
    case Permission::kUserManage:
      return "user.manage";
    case Permission::kAuditRead:
      return "audit.read";
    case Permission::kAuditReview:
      return "audit.review";
    case Permission::kProgressRead:
      return "progress.read";
    case Permission::kProgressEdit:
      return "progress.edit";
    case Permission::kProgressApprove:
      return "progress.approve";
    case Permission::kProgressImport:
      return "progress.import";
    case Permission::kCaseRead:
      return "case.read";
    case Permission::kCaseWrite:
      return "case.write";
    case Permission::kCaseAdmin:
      return "case.admin";
    case Permission::kCaseStatistics:
      return "case.statistics";
    case Permission::kResourceRead:
      return "resource.read";
    case Permission::kResourceManage:
      return "resource.manage";
    case Permission::kRoomBook:
      return "room.book";
  }
  return "unknown";
}

bool role_allows(Role role, Permission permission) {
  for (const auto& grant : kGrants) {
    if (grant.permission != permission) continue;
    for (Role r : grant.roles) {
      if (r == role) return true;
    }
  }
  return false;
}

}  // namespace tsunagu

#include "core/account.hpp"

namespace tsunagu {

bool is_valid_username(std::string_view username) {
  if (username.size() < 3 || username.size() > 64) return false;
  for (char c : username) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace tsunagu
