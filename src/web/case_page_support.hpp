// What the case pages share: dates as 和暦 with the western year, the reader's CSRF token and
// staff flag, agency names and options, the {id} of the person, the notices after a change,
// and the page that refuses a person without naming them. In namespace `cases`, which the case
// page files' own namespaces sit in, so other pages' helpers of the same names never meet them.
#pragma once

#include <mstch/mstch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/casework.hpp"
#include "core/result.hpp"
#include "route/context.hpp"

namespace tsunagu::web::cases {

// "令和7年6月1日（2025年）"; "" for nullopt.
std::string day(Date d);
std::string day(const std::optional<Date>& d);

// The session's CSRF token ("" without a session).
std::string csrf(const route::Context& c);
// Municipal staff (case.write): sees consents and the forms.
bool staff(const route::Context& c);

// The name of agency `id` among `agencies`; "" for nullopt, "（不明な機関）" when not listed.
std::string agency_name(const std::vector<Agency>& agencies, std::optional<AgencyId> id);
// {id, name, kind} for each agency, for selects and checkbox groups.
mstch::array agency_options(const std::vector<Agency>& agencies);

// The route's {id} as a person, or nullopt.
std::optional<PersonId> person_param(const route::Context& c);
// 404 "指定された対象者は見つかりません。"
http::Response no_such_person();

// The person's page with `notice` (a key of notice_text) after a change.
std::string back_to(PersonId id, const std::string& notice);
// The Japanese text of a notice key ("consent" → "同意を記録しました。"); "" when unknown.
std::string notice_text(const std::string& code);

// The error's message followed by each detail's, as a page shows it.
std::string error_text(const Error& e);

// The page shown when the reader may not see the person: the reason without the name, and for
// staff refused for want of a basis, the form to read on a 第69条 ground. Status of `e`.
http::Response refused_page(const route::Context& c, PersonId id, const Error& e);

}  // namespace tsunagu::web::cases
