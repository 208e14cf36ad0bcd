#include "route/account_decode.hpp"

#include "core/text.hpp"

namespace tsunagu::route {
namespace account_decode {
namespace {

constexpr Field kUsername{"username", "ユーザー名"};
constexpr Field kDisplayName{"display_name", "表示名"};
constexpr Field kRole{"role", "役割"};
constexpr Field kDepartment{"department", "担当課"};
constexpr Field kAgency{"agency", "機関"};
constexpr Field kPassword{"password", "初期パスワード"};

Result<Role> role_of(const Fields& f) {
  auto text = f.text(kRole);
  if (!text) return text.error();
  if (auto role = parse_role(trim(*text))) return *role;
  Error e = make_error(ErrorKind::kInvalid, "field.invalid",
                       "役割を選んでください（admin, plan-admin, department-editor, "
                       "case-coordinator, case-worker, partner, auditor のいずれか）。");
  e.details.push_back({0, std::string(kRole.key), e.message});
  return e;
}

}  // namespace
}  // namespace account_decode

Result<service::NewUser> decode_new_user(const Fields& f) {
  using namespace account_decode;
  service::NewUser u;
  auto role = role_of(f);
  if (!role) return role.error();
  u.role = *role;
  for (auto [field, out] : {std::pair{kUsername, &u.username},
                            {kDisplayName, &u.display_name},
                            {kDepartment, &u.department},
                            {kAgency, &u.agency},
                            {kPassword, &u.password}}) {
    auto text = f.text(field);
    if (!text) return text.error();
    *out = field.key == kPassword.key ? *text : std::string(trim(*text));
  }
  u.must_change_password = true;
  return u;
}

Result<service::RoleChange> decode_role_change(const Fields& f) {
  using namespace account_decode;
  service::RoleChange change;
  auto role = role_of(f);
  if (!role) return role.error();
  change.role = *role;
  auto department = f.text(kDepartment);
  if (!department) return department.error();
  change.department = std::string(trim(*department));
  auto agency = f.text(kAgency);
  if (!agency) return agency.error();
  change.agency = std::string(trim(*agency));
  return change;
}

}  // namespace tsunagu::route
