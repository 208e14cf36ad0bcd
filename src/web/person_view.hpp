// A person's page (/cases/{id}) as a view model: the facts the reader may see, the timeline of
// registration, consents, meetings, referrals, reviews, follow-ups, supporters and the plan,
// and the forms for staff. Built from the audited read (CaseworkService::page) by a pure
// function, so the page can be checked without HTTP; person_page adds the read and the render.
#pragma once

#include <mstch/mstch.hpp>

#include <optional>
#include <string>

#include "core/result.hpp"
#include "route/context.hpp"
#include "service/casework_service.hpp"
#include "web/case_page_support.hpp"
#include "web/page_support.hpp"

namespace tsunagu::web::cases {

// Who is looking, as far as the page's forms and buttons go.
struct Viewer {
  bool staff = false;              // municipal staff: consents, the forms, every referral button
  std::string csrf;                // the session's token for the forms
  std::optional<AgencyId> agency;  // a partner's agency: may answer the referrals sent to it
};

Viewer viewer_of(const route::Context& c);

// The context of templates/case_person.mustache for `page` as `viewer` sees it. Pure.
mstch::map person_view(const service::PersonPage& page, const Viewer& viewer);

// The page of person `id`, read (and audited) through CaseworkService::page, optionally on a
// 第69条 ground; with `notice`, or with `error` (a change that failed: the status is then the
// error's). A missing person is a 404 page, a refused read the refusal page.
http::Response person_page(const route::Context& c, service::CaseworkService& casework, PersonId id,
                           const std::optional<Ground>& ground, const std::string& notice,
                           const Error* error);

// After a change made on the person's page: back to it with `notice`, or, when it failed, the
// page again with the reason (nothing was written).
template <class T>
http::Response after_change(const route::Context& c, service::CaseworkService& casework,
                            PersonId id, const Result<T>& done, const char* notice) {
  if (!done) return person_page(c, casework, id, std::nullopt, "", &done.error());
  return redirect(back_to(id, notice));
}

// A change from a form on the person's page: `decoded` is the form read by its use case's
// decoder, `act(value)` the service call; the error of either shows the page with the reason.
template <class T, class Act>
http::Response change_from_form(const route::Context& c, service::CaseworkService& casework,
                                PersonId id, Result<T> decoded, Act act, const char* notice) {
  if (!decoded) return person_page(c, casework, id, std::nullopt, "", &decoded.error());
  return after_change(c, casework, id, act(*decoded), notice);
}

}  // namespace tsunagu::web::cases
