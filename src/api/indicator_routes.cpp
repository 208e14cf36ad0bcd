#include "api/indicator_routes.hpp"

#include "route/decode.hpp"
#include "route/respond.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace indicator_routes {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

struct Deps {
  service::IndicatorService& indicators;
};

ordered_json indicator_json(const service::IndicatorStatus& s) {
  const Indicator& i = s.indicator;
  ordered_json actuals = ordered_json::array();
  for (std::size_t k = 0; k < i.actuals.size(); ++k) {
    actuals.push_back({{"year", i.actuals[k].year.short_name()},
                       {"value", i.actuals[k].value},
                       {"expected", expected_value(i, i.actuals[k].year)},
                       {"on_track", s.years[k].second ? ordered_json(*s.years[k].second)
                                                      : ordered_json(nullptr)}});
  }
  return {{"id", i.id.value},
          {"name", i.name},
          {"definition", i.definition},
          {"unit", i.unit},
          {"source", i.source},
          {"kind", i.kind == IndicatorKind::kComputed ? "computed" : "entered"},
          {"baseline", {{"value", i.baseline}, {"year", i.baseline_year.short_name()}}},
          {"target",
           {{"kind", i.target_kind == TargetKind::kAbsolute ? "absolute" : "relative"},
            {"value", i.target},
            {"resolved", s.target_value},
            {"year", i.target_year.short_name()}}},
          {"actuals", actuals}};
}

Result<FiscalYear> year_text(const json& b, const char* key) {
  if (!b.contains(key) || !b[key].is_string()) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      std::string("「") + key + "」を年度（例: \"R6\"）で指定してください。");
  }
  return FiscalYear::parse(b[key].get<std::string>());
}

// The body of POST /api/v1/plan-indicators as the service's request.
Result<service::NewIndicator> new_indicator(const json& b) {
  service::NewIndicator request;
  Indicator& i = request.indicator;
  i.name = b.value("name", "");
  i.unit = b.value("unit", "");
  i.definition = b.value("definition", "");
  i.source = b.value("source", "");
  auto baseline_year = year_text(b, "baseline_year");
  if (!baseline_year) return baseline_year.error();
  i.baseline_year = *baseline_year;
  if (b.contains("target_year")) {
    auto ty = year_text(b, "target_year");
    if (!ty) return ty.error();
    i.target_year = *ty;
  }
  if ((b.contains("baseline") && !b["baseline"].is_number()) || !b.contains("target") ||
      !b["target"].is_number()) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "baseline と target は数値で指定してください。");
  }
  i.baseline = b.value("baseline", 0.0);
  i.target = b["target"].get<double>();
  i.target_kind = b.value("target_kind", "absolute") == "relative" ? TargetKind::kRelativePercent
                                                                   : TargetKind::kAbsolute;
  request.policy_code = b.value("policy_code", "");
  request.baseline_finding = b.value("baseline_finding", 0);
  request.baseline_figure = b.value("baseline_figure", 1);
  return request;
}

http::Response list_indicators(const Deps& d, Context& c) {
  auto list = d.indicators.indicators(c.actor, query_param(c.request, "plan"));
  if (!list) return error_response(list.error());
  ordered_json out = ordered_json::array();
  for (const auto& s : *list) out.push_back(indicator_json(s));
  return ok_ordered_json({{"indicators", out}});
}

http::Response add_indicator(const Deps& d, Context& c) {
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  auto request = new_indicator(*b);
  if (!request) return error_response(request.error());
  auto r = d.indicators.add(c.actor, b->value("plan", ""), *request);
  if (!r) return error_response(r.error());
  return ok_json({{"id", r->id.value}, {"baseline", r->baseline}}, 201);
}

http::Response record_actual(const Deps& d, Context& c) {
  auto id = id_param<IndicatorId>(c, "id");
  if (!id)
    return error_response(
        make_error(ErrorKind::kNotFound, "indicator.not_found", "指定された指標はありません。"));
  auto year = FiscalYear::parse(c.request.param("year"));
  if (!year) return error_response(year.error());
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  if (!b->contains("value") || !(*b)["value"].is_number()) {
    return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                     "value（実績値）を数値で指定してください。"));
  }
  auto r = d.indicators.record_actual(c.actor, *id, *year, (*b)["value"].get<double>());
  if (!r) return error_response(r.error());
  auto track = on_track(*r, *year);
  return ok_json(
      {{"id", r->id.value}, {"year", year->short_name()}, {"on_track", track.value_or(false)}});
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",  "/api/v1/plan-indicators",                    need(Permission::kPlanRead), list_indicators},
    {"POST", "/api/v1/plan-indicators",                    need(Permission::kPlanEdit), add_indicator},
    {"PUT",  "/api/v1/plan-indicators/{id}/actuals/{year}", need(Permission::kPlanEdit), record_actual},
};
// clang-format on

}  // namespace
}  // namespace indicator_routes

void add_indicator_routes(const AddRoute& add, service::IndicatorService& indicators) {
  using namespace indicator_routes;
  add_table(add, Deps{indicators}, kRoutes);
}

}  // namespace tsunagu::api
