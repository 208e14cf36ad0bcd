// What the resource domain's page files share (社会資源, 面接室, 行事, 参加支援): dates as shown,
// the CSRF token for forms, errors as the templates show them, the topic filter, and each
// file's page table, which add_resource_pages adds in order.
#pragma once

#include <mstch/mstch.hpp>

#include <optional>
#include <span>
#include <string>

#include "core/resource.hpp"
#include "core/result.hpp"
#include "route/table.hpp"
#include "web/resource_pages.hpp"

namespace tsunagu::web::resource_page_common {

using Table = std::span<const route::Row<ResourcePageServices>>;

// 令和7年4月1日（2025年4月1日）
std::string day(Date d);
// The session's CSRF token for a form's hidden _csrf field ("" without a session).
std::string csrf(const route::Context& c);
// {message, details: {items} or false} for templates with an error box; a detail reads
// "「field」: message".
mstch::map error_of(const Error& e);
// The message and each detail's message in one line, for templates with one error paragraph.
std::string error_text(const Error& e);
// The topics as filter links: {name, label, current}.
mstch::array topic_options(std::optional<Topic> current);

}  // namespace tsunagu::web::resource_page_common

// The tables, one file each.
namespace tsunagu::web::public_pages {
resource_page_common::Table table();  // the public directory, leaflet and about page
}
namespace tsunagu::web::room_pages {
resource_page_common::Table table();  // interview rooms, a room's week and bookings
}
namespace tsunagu::web::event_pages {
resource_page_common::Table table();  // events and trainings
}
namespace tsunagu::web::placement_pages {
resource_page_common::Table table();  // a person's participation support
}
