// The local-resource pages. Public, without login: the directory by need (/public/resources),
// the A4 leaflet (/public/leaflet) and the page on 更生保護 bodies and campaigns
// (/public/about). For staff and partners: the directory with its forms and import (/resources…,
// this file), interview rooms and bookings (/rooms…, /bookings…), events (/events) and a person's
// participation support (/cases/{id}/resources), one file and table each
// (web/resource_page_common.hpp).
#pragma once

#include "route/context.hpp"
#include "service/case_service.hpp"
#include "service/resource_service.hpp"

namespace tsunagu::web {

struct ResourcePageServices {
  service::ResourceService& resources;
  service::CaseService& cases;
};

void add_resource_pages(const route::AddRoute& add_page, ResourcePageServices services);

}  // namespace tsunagu::web
