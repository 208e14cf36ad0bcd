// Registering a person (with the possible-duplicate warning and the links to the records it
// may be), a person's page, and reading it on a 第69条 ground with a written reason. The
// registration form is read by the decoder of POST /api/v1/persons.
#include <algorithm>

#include "route/case_decode.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"
#include "web/case_pages.hpp"
#include "web/person_view.hpp"
#include "web/render.hpp"

namespace tsunagu::web {

using route::Context;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::person_pages {
namespace {

using Deps = CasePageServices;
using Typed = std::map<std::string, std::string>;

std::string typed_value(const Typed& typed, const char* key) {
  auto it = typed.find(key);
  return it == typed.end() ? std::string() : it->second;
}

mstch::array status_options(const Typed& typed) {
  mstch::array out;
  for (PersonStatus s : {PersonStatus::kInCustody, PersonStatus::kReleased,
                         PersonStatus::kProbation, PersonStatus::kOther}) {
    std::string code(person_status_name(s));
    out.push_back(mstch::map{{"code", code},
                             {"label", std::string(person_status_label(s))},
                             {"selected", typed_value(typed, "status") == code}});
  }
  return out;
}

mstch::array need_options(const std::vector<std::string>& checked) {
  mstch::array out;
  for (Need n : kAllNeeds) {
    std::string code(need_name(n));
    out.push_back(
        mstch::map{{"code", code},
                   {"label", std::string(need_label(n))},
                   {"checked", std::find(checked.begin(), checked.end(), code) != checked.end()}});
  }
  return out;
}

// The error above the form; a possible duplicate's details ("既存の記録 ID 12") become links
// to open the existing records.
void show_error(mstch::map& context, const Error& error, bool duplicate) {
  mstch::array details, existing;
  for (const auto& d : error.details) {
    auto at = d.message.rfind("ID ");
    if (duplicate && at != std::string::npos) {
      existing.push_back(mstch::map{{"id", d.message.substr(at + 3)}});
    } else {
      details.push_back(d.message);
    }
  }
  context["error"] = error.message;
  context["details"] = details;
  context["existing"] = existing;
}

// The registration form, with what was typed and the error when it was refused.
http::Response new_person_page(const Context& c, const Typed& typed,
                               const std::vector<std::string>& needs, const Error* error,
                               bool duplicate) {
  mstch::map context{{"csrf", csrf(c)},
                     {"statuses", status_options(typed)},
                     {"needs", need_options(needs)},
                     {"duplicate", duplicate}};
  for (const char* key : {"name", "kana", "birth_date", "phone", "address", "facility",
                          "expected_release", "destination"}) {
    context[key] = typed_value(typed, key);
  }
  if (error != nullptr) show_error(context, *error, duplicate);
  int status = error != nullptr ? route::status_for(*error) : 200;
  return html_response(status, render_page("case_new", "対象者の登録", context, layout_for(c)));
}

http::Response registration_form(const Deps&, Context& c) {
  return new_person_page(c, {}, {}, nullptr, false);
}

http::Response register_person(const Deps& s, Context& c) {
  auto typed = route::form_fields(c.request);
  auto needs = route::form_values(c.request, "needs");
  auto r = route::decode_person_registration(route::Fields::from_form(c.request));
  if (!r) return new_person_page(c, typed, needs, &r.error(), false);
  auto saved = s.cases.register_person(c.actor, r->person, r->confirmed_new);
  if (!saved) {
    return new_person_page(c, typed, needs, &saved.error(),
                           saved.error().code == "person.possible_duplicate");
  }
  return redirect(back_to(saved->id, "registered"));
}

http::Response show_person(const Deps& s, Context& c) {
  auto id = person_param(c);
  if (!id) return no_such_person();
  return person_page(c, s.casework, *id, std::nullopt,
                     notice_text(route::query_param(c.request, "notice")), nullptr);
}

http::Response read_on_ground(const Deps& s, Context& c) {
  auto id = person_param(c);
  if (!id) return no_such_person();
  auto f = route::form_fields(c.request);
  auto kind = parse_ground(f["ground"]);
  if (!kind) return error_page(400, "閲覧の根拠を選んでください。");
  return person_page(c, s.casework, *id, Ground{*kind, f["justification"]}, "", nullptr);
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"GET",  "/cases/new",       route::need(Permission::kCaseWrite), registration_form},
    {"POST", "/cases/new",       route::need(Permission::kCaseWrite), register_person},
    {"GET",  "/cases/{id}",      route::need(Permission::kCaseRead),  show_person},
    {"POST", "/cases/{id}/read", route::need(Permission::kCaseRead),  read_on_ground},
};
// clang-format on

}  // namespace
}  // namespace cases::person_pages

void add_person_pages(const route::AddRoute& add_page, const CasePageServices& s) {
  route::add_table(add_page, s, cases::person_pages::kPages);
}

}  // namespace tsunagu::web
