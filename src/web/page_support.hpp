// What every page handler shares: the layout's user block and menu, redirects, year links.
#pragma once

#include <mstch/mstch.hpp>

#include <string>
#include <vector>

#include "core/fiscal_year.hpp"
#include "route/context.hpp"

namespace tsunagu::web {

// The layout's "user" block (name, role, CSRF token for the logout form) and the menu entries
// the user's role may open. Empty without a session.
mstch::map layout_for(const route::Context& c);

// 303 See Other to a same-site path; never cached.
http::Response redirect(const std::string& location);

// Links to other fiscal years of a page: {year, year_label, current} for each of `years`.
mstch::array year_links(const std::vector<FiscalYear>& years, FiscalYear current);

}  // namespace tsunagu::web
