// Roles and what each may do. This is the one declarative access table of Tsunagu: services
// check it before every use case, and every API route names the permission it needs, so a test
// can walk every route × role. Anything not granted here is denied.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace tsunagu {

enum class Role {
  kAdmin,      // システム管理者: accounts, audit; not plan content (separation of duties)
  kPlanAdmin,  // 計画担当課 (福祉政策課等): the plan tree, fiscal years, approvals
  kDepartmentEditor,  // 担当課: own department's projects
  kCaseCoordinator,   // 多機関調整管理者: every case of the municipality
  kCaseWorker,        // 支援担当 (多機関調整推進員等): the cases assigned to them
  kPartner,  // 関係機関 (保護司, 保護観察所, 矯正施設, 社協, ダルク…)
  kAuditor,  // 監査: reads the audit log, changes nothing
};

inline constexpr std::array<Role, 7> kAllRoles = {
    Role::kAdmin,      Role::kPlanAdmin, Role::kDepartmentEditor, Role::kCaseCoordinator,
    Role::kCaseWorker, Role::kPartner,   Role::kAuditor};

enum class Permission {
  kPlanRead,      // read the plan tree
  kPlanEdit,      // edit a policy
  kPlanImport,    // import a policy table
  kUserManage,    // add and disable accounts
  kAuditRead,     // list and verify the audit log
  kAuditReview,   // sign off reads on a ground of 個人情報保護法第69条 (the auditor only)
  kProgressRead,  // read projects, progress entries and tallies
  kProgressEdit,  // fill in and submit entries (a department-editor: its own projects only)
  kProgressApprove,  // open a year, approve, return, reopen
  kProgressImport,   // import and export progress sheets
  kCaseRead,         // open persons' records — each read still needs a legal basis (case_access)
  kCaseWrite,        // register persons, record consent, meetings, referrals, plans
  kCaseAdmin,        // agencies, retention, incidents, the register of personal-information files
  kCaseStatistics,   // the case indicators: anonymous figures over consenting persons
  kResourceRead,     // the internal resource directory, rooms and events
  kResourceManage,   // add, edit and import resources; rooms; events and their projects
  kRoomBook,         // book interview rooms (保護司 accounts; the service checks the agency)
};

inline constexpr std::array<Permission, 17> kAllPermissions = {
    Permission::kPlanRead,       Permission::kPlanEdit,       Permission::kPlanImport,
    Permission::kUserManage,     Permission::kAuditRead,      Permission::kAuditReview,
    Permission::kProgressRead,   Permission::kProgressEdit,   Permission::kProgressApprove,
    Permission::kProgressImport, Permission::kCaseRead,       Permission::kCaseWrite,
    Permission::kCaseAdmin,      Permission::kCaseStatistics, Permission::kResourceRead,
    Permission::kResourceManage, Permission::kRoomBook};

// "admin", "plan-admin", "department-editor", "case-coordinator", "case-worker", "partner",
// "auditor".
std::string_view role_name(Role role);
// Japanese label for screens: "システム管理者", "計画担当", ...
std::string_view role_label(Role role);
std::optional<Role> parse_role(std::string_view name);

std::string_view permission_name(Permission permission);

// True when `role` holds `permission` in the access table.
bool role_allows(Role role, Permission permission);

}  // namespace tsunagu
