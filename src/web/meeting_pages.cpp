// The meeting-minutes form of a person: kind, day, the agencies present (checkboxes) and the
// others (one a line), everyone's confidentiality acknowledgement, agenda, decisions and the
// action items (one a line, "誰が|何を|期限"). Read by the decoder of POST /api/v1/meetings;
// refused minutes stay on the form with the reason.
#include <algorithm>

#include "route/case_decode.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"
#include "web/case_page_support.hpp"
#include "web/case_pages.hpp"
#include "web/page_support.hpp"
#include "web/render.hpp"

namespace tsunagu::web {

using route::Context;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::meeting_pages {
namespace {

using Deps = CasePageServices;
using Typed = std::map<std::string, std::string>;

mstch::array kind_options(const std::string& chosen) {
  mstch::array out;
  for (MeetingKind k :
       {MeetingKind::kCaseConference, MeetingKind::kMultiAgency, MeetingKind::kSupportMeeting}) {
    std::string code(meeting_kind_name(k));
    out.push_back(mstch::map{{"code", code},
                             {"label", std::string(meeting_kind_label(k))},
                             {"selected", chosen == code}});
  }
  return out;
}

mstch::array member_options(const std::vector<Agency>& agencies,
                            const std::vector<std::string>& chosen) {
  mstch::array out;
  for (const auto& a : agencies) {
    std::string value = std::to_string(a.id.value);
    out.push_back(
        mstch::map{{"id", value},
                   {"name", a.name},
                   {"checked", std::find(chosen.begin(), chosen.end(), value) != chosen.end()}});
  }
  return out;
}

// The categories a 支援会議 shares, ticked as sent.
mstch::array share_options(const std::vector<std::string>& chosen) {
  mstch::array out;
  for (InfoCategory c : kAllInfoCategories) {
    const std::string code(info_category_name(c));
    out.push_back(
        mstch::map{{"code", code},
                   {"label", std::string(info_category_label(c))},
                   {"checked", std::find(chosen.begin(), chosen.end(), code) != chosen.end()}});
  }
  return out;
}

// The form, with what was typed and the error when the minutes were refused.
http::Response meeting_form(const Context& c, service::CaseService& cases, PersonId id,
                            const Typed& typed, const std::vector<std::string>& chosen,
                            const Error* error) {
  auto agencies = cases.agencies(c.actor);
  if (!agencies) return error_page(403, agencies.error().message);
  auto get = [&](const char* key) {
    auto it = typed.find(key);
    return it == typed.end() ? std::string() : it->second;
  };
  mstch::map context{{"id", std::to_string(id.value)},
                     {"csrf", csrf(c)},
                     {"kinds", kind_options(get("kind"))},
                     {"agencies", member_options(*agencies, chosen)},
                     {"held_on", get("held_on")},
                     {"others", get("others")},
                     {"agenda", get("agenda")},
                     {"decisions", get("decisions")},
                     {"actions", get("actions")},
                     {"shares", share_options(route::form_values(c.request, "categories"))},
                     {"confidentiality", get("confidentiality") == "1"}};
  if (error != nullptr) {
    // The consent refusal names the agencies in its message; its details repeat them.
    context["error"] =
        error->code == "meeting.consent_required" ? error->message : error_text(*error);
  }
  return html_response(error ? route::status_for(*error) : 200,
                       render_page("case_meeting", "会議の記録", context, layout_for(c)));
}

// The form's members as the use case's rows: each agency ticked, then each other attendee,
// all with the one acknowledgement of confidentiality.
route::Fields meeting_fields(const http::Request& request) {
  auto form = route::Fields::from_form(request);
  const std::string acknowledged =
      form.value("confidentiality").text().value_or("") == "1" ? "1" : "0";
  for (const auto& a : route::form_values(request, "agencies"))
    form.add_row("members", {{"agency", a}, {"confidentiality_acknowledged", acknowledged}});
  if (auto others = form.items("others")) {
    for (const auto& name : *others) {
      form.add_row("members", {{"name", name.text().value_or("")},
                               {"confidentiality_acknowledged", acknowledged}});
    }
  }
  return form;
}

http::Response new_meeting(const Deps& s, Context& c) {
  auto id = person_param(c);
  if (!id) return no_such_person();
  return meeting_form(c, s.cases, *id, {}, {}, nullptr);
}

http::Response record_meeting(const Deps& s, Context& c) {
  auto id = person_param(c);
  if (!id) return no_such_person();
  auto m = route::decode_meeting(meeting_fields(c.request));
  if (m) m->person = *id;
  auto r = m ? s.casework.record_meeting(c.actor, *m) : m;
  if (!r) {  // the minutes stay on the form with the reason
    return meeting_form(c, s.cases, *id, route::form_fields(c.request),
                        route::form_values(c.request, "agencies"), &r.error());
  }
  return redirect(back_to(*id, "meeting"));
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"GET",  "/cases/{id}/meetings/new", route::need(Permission::kCaseWrite), new_meeting},
    {"POST", "/cases/{id}/meetings",     route::need(Permission::kCaseWrite), record_meeting},
};
// clang-format on

}  // namespace
}  // namespace cases::meeting_pages

void add_meeting_pages(const route::AddRoute& add_page, const CasePageServices& s) {
  route::add_table(add_page, s, cases::meeting_pages::kPages);
}

}  // namespace tsunagu::web
