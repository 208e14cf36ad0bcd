// The audit log for auditors: GET /api/v1/audit (rows after a sequence number),
// /api/v1/audit/verify (the hash chain), /api/v1/audit/grounds (reads of a person's record and
// the legal ground given for each).
#pragma once

#include "route/context.hpp"
#include "service/audit_service.hpp"

namespace tsunagu::api {

void add_audit_routes(const route::AddRoute& add, service::AuditService& audit);

}  // namespace tsunagu::api
