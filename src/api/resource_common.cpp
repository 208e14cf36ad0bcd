#include "api/resource_common.hpp"

#include "route/decode.hpp"

namespace tsunagu::api::resource_common {

Error bad_id() {
  return make_error(ErrorKind::kMalformed, "request.invalid", "URL の番号が正しくありません。");
}

Result<route::Fields> json_fields(const http::Request& request) {
  auto body = route::parse_json_body(request);
  if (!body) return body.error();
  return route::Fields::from_json(std::move(*body));
}

}  // namespace tsunagu::api::resource_common
