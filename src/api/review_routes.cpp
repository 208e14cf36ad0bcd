#include "api/review_routes.hpp"

#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace review_routes {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

struct Deps {
  service::ReviewService& reviews;
};

ordered_json opinion_json(const CommitteeOpinion& o) {
  return {{"id", o.id.value},     {"year", o.year.short_name()}, {"policy_code", o.policy_code},
          {"opinion", o.opinion}, {"response", o.response},      {"answered", !o.response.empty()},
          {"version", o.version}};
}

http::Response list_opinions(const Deps& d, Context& c) {
  std::optional<FiscalYear> year;
  if (auto text = query_param(c.request, "year"); !text.empty()) {
    auto y = FiscalYear::parse(text);
    if (!y) return error_response(y.error());
    year = *y;
  }
  auto list = d.reviews.opinions(c.actor, query_param(c.request, "plan"), year);
  if (!list) return error_response(list.error());
  ordered_json out = ordered_json::array();
  for (const auto& o : *list) out.push_back(opinion_json(o));
  return ok_ordered_json({{"opinions", out}});
}

http::Response add_opinion(const Deps& d, Context& c) {
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  if (!b->contains("year") || !(*b)["year"].is_string()) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "「year」を年度（例: \"R6\"）で指定してください。"));
  }
  auto year = FiscalYear::parse((*b)["year"].get<std::string>());
  if (!year) return error_response(year.error());
  auto r = d.reviews.add_opinion(c.actor, b->value("plan", ""), *year, b->value("policy_code", ""),
                                 b->value("opinion", ""));
  if (!r) return error_response(r.error());
  return ok_ordered_json(opinion_json(*r), 201);
}

http::Response respond(const Deps& d, Context& c) {
  auto id = id_param<OpinionId>(c, "id");
  if (!id)
    return error_response(
        make_error(ErrorKind::kNotFound, "review.not_found", "指定された意見はありません。"));
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  if (!b->contains("version") || !(*b)["version"].is_number_integer()) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "元にした版（version）を指定してください。"));
  }
  auto r = d.reviews.respond(c.actor, *id, (*b)["version"].get<std::int64_t>(),
                             b->value("response", ""));
  if (!r) return error_response(r.error());
  return ok_ordered_json(opinion_json(*r));
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",  "/api/v1/reviews",               need(Permission::kPlanRead), list_opinions},
    {"POST", "/api/v1/reviews",               need(Permission::kPlanEdit), add_opinion},
    {"PUT",  "/api/v1/reviews/{id}/response", need(Permission::kPlanEdit), respond},
};
// clang-format on

}  // namespace
}  // namespace review_routes

void add_review_routes(const AddRoute& add, service::ReviewService& reviews) {
  using namespace review_routes;
  add_table(add, Deps{reviews}, kRoutes);
}

}  // namespace tsunagu::api
