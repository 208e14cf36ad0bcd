// What the case route files share: the error for a bad {id}, and reading a route's {id} with
// its JSON body through one of the case decoders (route/case_decode.hpp), answering the result
// as JSON. Errors keep their order: a bad id (400), then the body (415/400), then its fields.
// In namespace `cases`, which the case route files' own namespaces sit in.
#pragma once

#include <utility>

#include "core/result.hpp"
#include "route/context.hpp"
#include "route/decode.hpp"
#include "route/fields.hpp"
#include "route/respond.hpp"

namespace tsunagu::api::cases {

// 400 "request.invalid": the URL's number is not a positive integer.
Error bad_id();

// The JSON body decoded by `decode(const route::Fields&) -> Result<T>`, then `act(value)`.
template <class Decode, class Act>
http::Response with_body(route::Context& c, Decode decode, Act act) {
  auto body = route::parse_json_body(c.request);
  if (!body) return route::error_response(body.error());
  auto value = decode(route::Fields::from_json(std::move(*body)));
  if (!value) return route::error_response(value.error());
  return act(*value);
}

// The route's {id} as IdT and the decoded JSON body, then `act(id, value)`.
template <class IdT, class Decode, class Act>
http::Response with_id_and_body(route::Context& c, Decode decode, Act act) {
  auto id = route::id_param<IdT>(c, "id");
  if (!id) return route::error_response(bad_id());
  return with_body(c, decode, [&](auto& value) { return act(*id, value); });
}

// The result as JSON with `status`, or its error.
template <class T, class ToJson>
http::Response answer(const Result<T>& r, ToJson to_json, int status = 200) {
  if (!r) return route::error_response(r.error());
  return route::ok_ordered_json(to_json(*r), status);
}

}  // namespace tsunagu::api::cases
