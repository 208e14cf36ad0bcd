// The supporter form of a person's page: a supporter (支援者) joining. Read by the decoder of
// POST /api/v1/persons/{id}/supporters.
#include "route/case_decode.hpp"
#include "route/table.hpp"
#include "web/case_pages.hpp"
#include "web/person_view.hpp"

namespace tsunagu::web {

using route::Context;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::supporter_pages {
namespace {

using Deps = CasePageServices;

http::Response add_supporter(const Deps& s, Context& c) {
  auto id = person_param(c);
  if (!id) return no_such_person();
  return change_from_form(
      c, s.casework, *id, route::decode_supporter(route::Fields::from_form(c.request)),
      [&](Supporter& x) {
        x.person = *id;
        return s.casework.add_supporter(c.actor, x);
      },
      "supporter");
}

constexpr route::Row<Deps> kPages[] = {
    {"POST", "/cases/{id}/supporters", route::need(Permission::kCaseWrite), add_supporter},
};

}  // namespace
}  // namespace cases::supporter_pages

void add_supporter_pages(const route::AddRoute& add_page, const CasePageServices& s) {
  route::add_table(add_page, s, cases::supporter_pages::kPages);
}

}  // namespace tsunagu::web
