#include "api/review_routes.hpp"

#include "io/progress_json.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json opinion_json(const CommitteeOpinion& o) {
  return {{"id", o.id.value},     {"year", o.year.short_name()}, {"policy_code", o.policy_code},
          {"opinion", o.opinion}, {"response", o.response},      {"answered", !o.response.empty()},
          {"version", o.version}};
}

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

}  // namespace

void add_review_routes(const AddRoute& add, service::ReviewService& reviews,
                       service::IndicatorService& indicators, service::ProgressService& progress) {
  add("GET", "/api/v1/reviews", AccessKind::kPermission, Permission::kPlanRead,
      [&reviews](Context& c) {
        std::optional<FiscalYear> year;
        if (auto text = query_param(c.request, "year"); !text.empty()) {
          auto y = FiscalYear::parse(text);
          if (!y) return error_response(y.error());
          year = *y;
        }
        auto list = reviews.opinions(c.actor, query_param(c.request, "plan"), year);
        if (!list) return error_response(list.error());
        ordered_json out = ordered_json::array();
        for (const auto& o : *list) out.push_back(opinion_json(o));
        return ok_ordered_json({{"opinions", out}});
      });

  add("POST", "/api/v1/reviews", AccessKind::kPermission, Permission::kPlanEdit,
      [&reviews](Context& c) {
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto year = year_text(*b, "year");
        if (!year) return error_response(year.error());
        auto r = reviews.add_opinion(c.actor, b->value("plan", ""), *year,
                                     b->value("policy_code", ""), b->value("opinion", ""));
        if (!r) return error_response(r.error());
        return ok_ordered_json(opinion_json(*r), 201);
      });

  add("PUT", "/api/v1/reviews/{id}/response", AccessKind::kPermission, Permission::kPlanEdit,
      [&reviews](Context& c) {
        auto id = parse_id(c.request.param("id"));
        if (!id)
          return error_response(
              make_error(ErrorKind::kNotFound, "review.not_found", "指定された意見はありません。"));
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        if (!b->contains("version") || !(*b)["version"].is_number_integer()) {
          return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                           "元にした版（version）を指定してください。"));
        }
        auto r = reviews.respond(c.actor, OpinionId{*id}, (*b)["version"].get<std::int64_t>(),
                                 b->value("response", ""));
        if (!r) return error_response(r.error());
        return ok_ordered_json(opinion_json(*r));
      });

  add("GET", "/api/v1/plan-indicators", AccessKind::kPermission, Permission::kPlanRead,
      [&indicators](Context& c) {
        auto list = indicators.indicators(c.actor, query_param(c.request, "plan"));
        if (!list) return error_response(list.error());
        ordered_json out = ordered_json::array();
        for (const auto& s : *list) out.push_back(indicator_json(s));
        return ok_ordered_json({{"indicators", out}});
      });

  add("POST", "/api/v1/plan-indicators", AccessKind::kPermission, Permission::kPlanEdit,
      [&indicators](Context& c) {
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        service::NewIndicator request;
        Indicator& i = request.indicator;
        i.name = b->value("name", "");
        i.unit = b->value("unit", "");
        i.definition = b->value("definition", "");
        i.source = b->value("source", "");
        auto baseline_year = year_text(*b, "baseline_year");
        if (!baseline_year) return error_response(baseline_year.error());
        i.baseline_year = *baseline_year;
        if (b->contains("target_year")) {
          auto ty = year_text(*b, "target_year");
          if (!ty) return error_response(ty.error());
          i.target_year = *ty;
        }
        if ((b->contains("baseline") && !(*b)["baseline"].is_number()) || !b->contains("target") ||
            !(*b)["target"].is_number()) {
          return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                           "baseline と target は数値で指定してください。"));
        }
        i.baseline = b->value("baseline", 0.0);
        i.target = (*b)["target"].get<double>();
        i.target_kind = b->value("target_kind", "absolute") == "relative"
                            ? TargetKind::kRelativePercent
                            : TargetKind::kAbsolute;
        request.policy_code = b->value("policy_code", "");
        request.baseline_finding = b->value("baseline_finding", 0);
        request.baseline_figure = b->value("baseline_figure", 1);
        auto r = indicators.add(c.actor, b->value("plan", ""), request);
        if (!r) return error_response(r.error());
        return ok_json({{"id", r->id.value}, {"baseline", r->baseline}}, 201);
      });

  add("PUT", "/api/v1/plan-indicators/{id}/actuals/{year}", AccessKind::kPermission,
      Permission::kPlanEdit, [&indicators](Context& c) {
        auto id = parse_id(c.request.param("id"));
        if (!id)
          return error_response(make_error(ErrorKind::kNotFound, "indicator.not_found",
                                           "指定された指標はありません。"));
        auto year = FiscalYear::parse(c.request.param("year"));
        if (!year) return error_response(year.error());
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        if (!b->contains("value") || !(*b)["value"].is_number()) {
          return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                           "value（実績値）を数値で指定してください。"));
        }
        auto r =
            indicators.record_actual(c.actor, IndicatorId{*id}, *year, (*b)["value"].get<double>());
        if (!r) return error_response(r.error());
        auto track = on_track(*r, *year);
        return ok_json({{"id", r->id.value},
                        {"year", year->short_name()},
                        {"on_track", track.value_or(false)}});
      });

  add("GET", "/api/v1/projects", AccessKind::kPermission, Permission::kProgressRead,
      [&progress](Context& c) {
        auto list = progress.projects(c.actor, query_param(c.request, "plan"));
        if (!list) return error_response(list.error());
        ordered_json out = ordered_json::array();
        for (const auto& [project, category] : *list)
          out.push_back(io::project_json(project, category));
        return ok_ordered_json({{"projects", out}});
      });

  add("PATCH", "/api/v1/projects/{id}", AccessKind::kPermission, Permission::kProgressApprove,
      [&progress](Context& c) {
        auto id = parse_id(c.request.param("id"));
        if (!id)
          return error_response(make_error(ErrorKind::kNotFound, "project.not_found",
                                           "指定された事業はありません。"));
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        if (!b->contains("policy_code") || !(*b)["policy_code"].is_string()) {
          return error_response(
              make_error(ErrorKind::kMalformed, "request.invalid",
                         "policy_code（例: \"4-4-2\"、空で解除）を指定してください。"));
        }
        auto r =
            progress.link_policy(c.actor, ProjectId{*id}, (*b)["policy_code"].get<std::string>());
        if (!r) return error_response(r.error());
        return ok_ordered_json(io::project_json(*r, ""));
      });
}

}  // namespace tsunagu::api
