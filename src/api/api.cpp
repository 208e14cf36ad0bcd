#include "api/api.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <shared_mutex>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "api/case_routes.hpp"
#include "api/implementation_routes.hpp"
#include "api/progress_routes.hpp"
#include "api/resource_routes.hpp"
#include "api/review_routes.hpp"
#include "api/user_json.hpp"
#include "io/plan_json.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
using nlohmann::json;

namespace {

// A rendered plan tree per municipality, valid while the municipality's plan revision is the
// same; stateless across servers because the revision lives in the database.
struct PlanCache {
  struct Entry {
    std::int64_t revision = -1;
    std::string body;
    std::string etag;
  };
  std::shared_mutex mutex;
  std::unordered_map<std::int64_t, Entry> entries;  // guarded by mutex
};

}  // namespace

struct Api::Impl {
  service::AccountService& accounts;
  service::PlanService& plans;
  service::AuditService& audit;
  ApiOptions options;
  PlanCache plan_cache;

  Impl(Services s, ApiOptions o)
      : accounts(s.accounts), plans(s.plans), audit(s.audit), options(std::move(o)) {}

  void add_own_routes(const AddRoute& add) {
    add("GET", "/healthz", AccessKind::kPublic, {}, [](Context&) {
      return ok_json({{"status", "ok"}});
    });
    add("POST", "/api/v1/login", AccessKind::kPublic, {}, [this](Context& c) { return login(c); });
    add("POST", "/api/v1/logout", AccessKind::kLoggedIn, {},
        [this](Context& c) { return logout(c); });
    add("GET", "/api/v1/session", AccessKind::kLoggedIn, {}, [](Context& c) {
      return ok_json({{"user", user_json(c.session->user)}, {"csrf_token", c.session->csrf_token}});
    });
    add("GET", "/api/v1/plans", AccessKind::kPermission, Permission::kPlanRead,
        [this](Context& c) { return get_plans(c); });
    add("POST", "/api/v1/plans/import", AccessKind::kPermission, Permission::kPlanImport,
        [this](Context& c) { return import_plan(c); });
    add("GET", "/api/v1/policies/{id}", AccessKind::kPermission, Permission::kPlanRead,
        [this](Context& c) { return get_policy(c); });
    add("PATCH", "/api/v1/policies/{id}", AccessKind::kPermission, Permission::kPlanEdit,
        [this](Context& c) { return patch_policy(c); });
    add("GET", "/api/v1/audit/verify", AccessKind::kPermission, Permission::kAuditRead,
        [this](Context& c) { return verify_audit(c); });
    add("GET", "/api/v1/audit", AccessKind::kPermission, Permission::kAuditRead,
        [this](Context& c) { return list_audit(c); });
    add("GET", "/api/v1/audit/grounds", AccessKind::kPermission, Permission::kAuditRead,
        [this](Context& c) {
          auto rows = audit.ground_reads(c.actor, 0, 1000);
          if (!rows) return error_response(rows.error());
          json out = json::array();
          for (const auto& r : *rows) {
            auto detail = json::parse(r.detail, nullptr, false);
            out.push_back({{"seq", r.seq},
                           {"at", r.at},
                           {"actor", r.actor},
                           {"person", r.target_id},
                           {"ground", r.legal_basis},
                           {"justification", detail.is_object() ? detail.value("justification", "")
                                                                : std::string()}});
          }
          return ok_json({{"reads", std::move(out)}});
        });
  }

  std::string session_cookie(const std::string& value, bool tls, std::int64_t max_age_s) const {
    return session_cookie_header(options.session_cookie, value, tls, max_age_s);
  }

  http::Response login(Context& c) {
    auto body = parse_json_body(c.request);
    if (!body) return error_response(body.error());
    const json& b = body.value();
    if (!b.contains("username") || !b["username"].is_string() || !b.contains("password") ||
        !b["password"].is_string()) {
      return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                       "username と password を文字列で指定してください。"));
    }
    auto session = accounts.login(b["username"].get<std::string>(),
                                  b["password"].get<std::string>(), c.request.remote_address);
    if (!session) return error_response(session.error());
    auto response =
        ok_json({{"user", user_json(session->user)}, {"csrf_token", session->csrf_token}});
    response.set("Set-Cookie", session_cookie(session->token, c.request.tls, 12 * 60 * 60));
    return response;
  }

  http::Response logout(Context& c) {
    if (auto done = accounts.logout(*c.session); !done) return error_response(done.error());
    http::Response response;
    response.status = 204;
    response.set("Set-Cookie", session_cookie("", c.request.tls, 0));
    return response;
  }

  http::Response get_plans(Context& c) {
    auto revision = plans.plan_revision(c.actor);
    if (!revision) return error_response(revision.error());
    const std::int64_t key = c.actor.municipality.value;
    PlanCache::Entry entry;
    {
      std::shared_lock lock(plan_cache.mutex);
      if (auto it = plan_cache.entries.find(key);
          it != plan_cache.entries.end() && it->second.revision == *revision) {
        entry = it->second;
      }
    }
    if (entry.revision != *revision) {
      auto tree = plans.plans(c.actor);
      if (!tree) return error_response(tree.error());
      entry.revision = *revision;
      entry.body = io::plans_to_json_text(*tree);
      entry.etag = "\"p" + std::to_string(key) + "-" + std::to_string(*revision) + "\"";
      std::unique_lock lock(plan_cache.mutex);
      plan_cache.entries[key] = entry;
    }
    if (c.request.header("if-none-match") == entry.etag) {
      http::Response not_modified;
      not_modified.status = 304;
      not_modified.set("ETag", entry.etag);
      return not_modified;
    }
    auto response = http::Response::json(200, std::move(entry.body));
    response.set("ETag", entry.etag);
    return response;
  }

  http::Response import_plan(Context& c) {
    std::string plan_name = query_param(c.request, "plan");
    auto report = plans.import_policy_table(
        c.actor, {plan_name, std::nullopt, std::nullopt, std::nullopt}, c.request.body);
    if (!report) return error_response(report.error());
    return ok_json({{"plan_id", report->plan.value},
                    {"plan_created", report->plan_created},
                    {"goals", report->goals},
                    {"policies", report->policies},
                    {"added", report->changes.policies_added},
                    {"changed", report->changes.policies_changed},
                    {"removed", report->changes.policies_removed}});
  }

  static std::vector<std::string_view> split(std::string_view s, char delimiter) {
    std::vector<std::string_view> parts;
    while (!s.empty()) {
      auto pos = s.find(delimiter);
      parts.push_back(s.substr(0, pos));
      if (pos == std::string_view::npos) break;
      s.remove_prefix(pos + 1);
    }
    return parts;
  }

  static nlohmann::ordered_json policy_json(const Policy& p) { return io::policy_to_json(p); }

  http::Response get_policy(Context& c) {
    auto id = parse_id(c.request.param("id"));
    if (!id)
      return error_response(
          make_error(ErrorKind::kNotFound, "policy.not_found", "指定された施策はありません。"));
    auto policy = plans.policy(c.actor, PolicyId{*id});
    if (!policy) return error_response(policy.error());
    auto response = ok_ordered_json(policy_json(*policy));
    response.set("ETag", "\"v" + std::to_string(policy->version) + "\"");
    return response;
  }

  http::Response patch_policy(Context& c) {
    auto id = parse_id(c.request.param("id"));
    if (!id)
      return error_response(
          make_error(ErrorKind::kNotFound, "policy.not_found", "指定された施策はありません。"));
    auto body = parse_json_body(c.request);
    if (!body) return error_response(body.error());
    const json& b = body.value();
    if (!b.contains("version") || !b["version"].is_number_integer()) {
      return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                       "編集の元にした版（version）を指定してください。他の人の変更"
                                       "を上書きしないために必要です。"));
    }
    auto current = plans.policy(c.actor, PolicyId{*id});
    if (!current) return error_response(current.error());
    auto content = io::policy_content_from_json(b, current->content);
    if (!content) return error_response(content.error());
    auto updated =
        plans.update_policy(c.actor, PolicyId{*id}, b["version"].get<std::int64_t>(), *content);
    if (!updated) {
      auto response = error_response(updated.error());
      if (response.status == 409) {
        // Give the editor what is stored now, so nothing typed is lost and it can be merged.
        auto body409 = nlohmann::ordered_json::parse(response.body);
        body409["current"] = policy_json(*current);
        response.body = body409.dump();
      }
      return response;
    }
    return ok_ordered_json(policy_json(*updated));
  }

  http::Response verify_audit(Context& c) {
    auto report = audit.verify(c.actor);
    if (!report) return error_response(report.error());
    json body = {{"intact", report->intact}, {"rows", report->rows}};
    if (!report->intact) {
      body["first_broken_seq"] = report->first_broken_seq;
      body["problem"] = report->problem;
    }
    return ok_json(body);
  }

  http::Response list_audit(Context& c) {
    std::int64_t after = 0;
    std::int64_t limit = 100;
    for (auto part : split(c.request.query, '&')) {
      auto eq = part.find('=');
      if (eq == std::string_view::npos) continue;
      auto value = parse_id(part.substr(eq + 1));
      if (part.substr(0, eq) == "after")
        after = part.substr(eq + 1) == "0" ? 0 : value.value_or(-1);
      if (part.substr(0, eq) == "limit") limit = value.value_or(0);
    }
    auto rows = audit.rows(c.actor, after, static_cast<int>(std::min<std::int64_t>(limit, 100000)));
    if (!rows) return error_response(rows.error());
    json out = json::array();
    for (const auto& r : *rows) {
      out.push_back({{"seq", r.seq},
                     {"at", r.at},
                     {"actor", r.actor},
                     {"action", r.action},
                     {"target_type", r.target_type},
                     {"target_id", r.target_id},
                     {"legal_basis", r.legal_basis},
                     {"detail", json::parse(r.detail, nullptr, false)},
                     {"hash", r.hash}});
    }
    return ok_json({{"rows", std::move(out)}});
  }
};

Api::Api(Services services, ApiOptions options)
    : services_(services), impl_(std::make_unique<Impl>(services, std::move(options))) {}

Api::~Api() = default;

void Api::add_routes(const AddRoute& add) {
  impl_->add_own_routes(add);
  add_progress_routes(add, services_.progress, services_.reviews);
  add_implementation_routes(add, services_.implementation);
  add_review_routes(add, services_.reviews, services_.indicators, services_.progress);
  add_case_routes(add, services_.cases, services_.casework, services_.case_admin);
  add_resource_routes(add, services_.resources);
}

}  // namespace tsunagu::api
