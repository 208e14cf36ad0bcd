// Meeting minutes (支援会議, 重層的支援会議, ケース会議, 定例会), recorded as one change.
#include "api/case_json_support.hpp"
#include "api/case_routes.hpp"
#include "io/case_json.hpp"
#include "route/case_decode.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::meeting_routes {
namespace {

using Deps = CaseRouteDeps;

http::Response record_meeting(const Deps& d, Context& c) {
  return with_body(c, decode_meeting, [&](const Meeting& meeting) {
    return answer(d.casework.record_meeting(c.actor, meeting), io::meeting_json, 201);
  });
}

constexpr Row<Deps> kRoutes[] = {
    {"POST", "/api/v1/meetings", need(Permission::kCaseWrite), record_meeting},
};

}  // namespace
}  // namespace cases::meeting_routes

void add_meeting_routes(const AddRoute& add, const CaseRouteDeps& deps) {
  add_table(add, deps, cases::meeting_routes::kRoutes);
}

}  // namespace tsunagu::api
