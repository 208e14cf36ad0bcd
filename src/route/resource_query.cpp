#include "route/resource_query.hpp"

#include "route/decode.hpp"

namespace tsunagu::route {

service::ResourceQuery resource_query(const http::Request& request) {
  service::ResourceQuery q;
  q.topic = parse_topic(query_param(request, "topic"));
  q.kind = parse_resource_kind(query_param(request, "kind"));
  q.text = query_param(request, "q");
  return q;
}

Result<MunicipalityId> public_municipality(service::ResourceService& resources,
                                           const http::Request& request) {
  return resources.public_municipality(query_param(request, "city"));
}

}  // namespace tsunagu::route
