#include "api/case_routes.hpp"

#include "io/case_indicators_json.hpp"
#include "io/case_json.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

Error bad_id() {
  return make_error(ErrorKind::kMalformed, "request.invalid", "URL の番号が正しくありません。");
}

std::int64_t version_of(const json& body) {
  return body.contains("version") && body["version"].is_number_integer()
             ? body["version"].get<std::int64_t>()
             : -1;
}

Error version_required() {
  return make_error(ErrorKind::kMalformed, "request.invalid",
                    "version（開いたときの版）を整数で指定してください。");
}

// Reads the route's {id} and the JSON body, then answers what `act(id, body)` returns.
template <class IdT, class Act>
http::Response with_id_and_body(Context& c, Act&& act) {
  auto id = id_param<IdT>(c, "id");
  if (!id) return error_response(bad_id());
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  return act(*id, *b);
}

// The result as JSON with `status`, or its error.
template <class T, class ToJson>
http::Response answer(const Result<T>& r, ToJson to_json, int status = 200) {
  if (!r) return error_response(r.error());
  return ok_ordered_json(to_json(*r), status);
}

ordered_json page_json(const service::PersonPage& p) {
  ordered_json out;
  out["person"] = io::person_json(p.view.person, p.view.categories);
  out["basis"] = {{"code", basis_code(p.view.basis)}, {"label", basis_label(p.view.basis.kind)}};
  ordered_json consents = ordered_json::array();
  for (const auto& c : p.view.consents) consents.push_back(io::consent_json(c));
  out["consents"] = consents;
  ordered_json meetings = ordered_json::array(), referrals = ordered_json::array(),
               checkpoints = ordered_json::array(), supporters = ordered_json::array(),
               agencies = ordered_json::array();
  for (const auto& m : p.meetings) meetings.push_back(io::meeting_json(m));
  for (const auto& r : p.referrals) referrals.push_back(io::referral_json(r));
  for (const auto& c : p.checkpoints) checkpoints.push_back(io::checkpoint_json(c));
  for (const auto& s : p.supporters) supporters.push_back(io::supporter_json(s));
  for (const auto& a : p.agencies) agencies.push_back(io::agency_json(a));
  out["meetings"] = meetings;
  out["referrals"] = referrals;
  out["plan"] = p.plan ? io::support_plan_json(*p.plan) : ordered_json(nullptr);
  out["checkpoints"] = checkpoints;
  out["supporters"] = supporters;
  out["agencies"] = agencies;
  return out;
}

}  // namespace

void add_case_routes(const AddRoute& add, service::CaseService& cases,
                     service::CaseworkService& casework, service::CaseAdminService& admin) {
  add("GET", "/api/v1/retention", AccessKind::kPermission, Permission::kCaseAdmin,
      [&admin](Context& c) {
        auto years = parse_id(query_param(c.request, "years"));
        auto list = admin.retention_candidates(c.actor, static_cast<int>(years.value_or(0)));
        if (!list) return error_response(list.error());
        ordered_json out = ordered_json::array();
        for (const auto& x : *list) {
          out.push_back({{"person", x.person.value},
                         {"name", x.name},
                         {"closed_on", format_iso_date(x.closed_on)}});
        }
        return ok_ordered_json({{"candidates", out}});
      });

  add("POST", "/api/v1/retention/erase", AccessKind::kPermission, Permission::kCaseAdmin,
      [&admin](Context& c) {
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        std::vector<PersonId> confirmed;
        if (b->contains("persons") && (*b)["persons"].is_array()) {
          for (const auto& p : (*b)["persons"]) {
            if (p.is_number_integer()) confirmed.push_back(PersonId{p.get<std::int64_t>()});
          }
        }
        auto years = b->value("years", 0);
        auto erased = admin.erase(c.actor, years, confirmed);
        if (!erased) return error_response(erased.error());
        return ok_ordered_json({{"erased", *erased}});
      });

  add("GET", "/api/v1/persons/{id}/disclosure", AccessKind::kPermission, Permission::kCaseAdmin,
      [&admin](Context& c) {
        auto id = id_param<PersonId>(c, "id");
        if (!id) return error_response(bad_id());
        auto text = admin.disclosure(c.actor, *id);
        if (!text) return error_response(text.error());
        http::Response r;
        r.body = *text;
        r.set("Content-Type", "application/json; charset=utf-8");
        r.set("Content-Disposition", attachment("開示_" + std::to_string(id->value) + ".json"));
        return r;
      });

  add("GET", "/api/v1/incidents", AccessKind::kPermission, Permission::kCaseAdmin,
      [&admin](Context& c) {
        auto list = admin.incidents(c.actor);
        if (!list) return error_response(list.error());
        ordered_json out = ordered_json::array();
        for (const auto& x : *list) {
          ordered_json persons = ordered_json::array(), categories = ordered_json::array();
          for (PersonId p : x.persons) persons.push_back(p.value);
          for (InfoCategory cat : x.categories) categories.push_back(info_category_name(cat));
          out.push_back(
              {{"id", x.id},
               {"occurred_on", format_iso_date(x.occurred_on)},
               {"discovered_on", format_iso_date(x.discovered_on)},
               {"description", x.description},
               {"categories", categories},
               {"persons", persons},
               {"measures", x.measures},
               {"reported_on", x.reported_on ? ordered_json(format_iso_date(*x.reported_on))
                                             : ordered_json(nullptr)}});
        }
        return ok_ordered_json({{"incidents", out}});
      });

  add("POST", "/api/v1/incidents", AccessKind::kPermission, Permission::kCaseAdmin,
      [&admin](Context& c) {
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        service::Incident x;
        auto date = [&](const char* key) {
          auto d = parse_iso_date(b->value(key, ""));
          return d ? *d : Date{};
        };
        x.occurred_on = date("occurred_on");
        x.discovered_on = date("discovered_on");
        if (auto d = parse_iso_date(b->value("reported_on", ""))) x.reported_on = *d;
        x.description = b->value("description", "");
        x.measures = b->value("measures", "");
        if (b->contains("persons") && (*b)["persons"].is_array()) {
          for (const auto& p : (*b)["persons"]) {
            if (p.is_number_integer()) x.persons.push_back(PersonId{p.get<std::int64_t>()});
          }
        }
        if (b->contains("categories") && (*b)["categories"].is_array()) {
          for (const auto& cat : (*b)["categories"]) {
            if (auto v =
                    cat.is_string() ? parse_info_category(cat.get<std::string>()) : std::nullopt)
              x.categories.push_back(*v);
          }
        }
        auto saved = admin.record_incident(c.actor, x);
        if (!saved) return error_response(saved.error());
        return ok_ordered_json({{"id", saved->id}}, 201);
      });

  add("GET", "/api/v1/indicators", AccessKind::kPermission, Permission::kCaseStatistics,
      [&casework](Context& c) {
        auto from = parse_iso_date(query_param(c.request, "from"));
        auto to = parse_iso_date(query_param(c.request, "to"));
        if (!from || !to) {
          return error_response(make_error(ErrorKind::kMalformed, "request.invalid",
                                           "from と to を 2024-04-01 の形で指定してください。"));
        }
        auto result = casework.indicators(c.actor, *from, *to);
        if (!result) return error_response(result.error());
        return ok_ordered_json(io::case_indicators_json(result->first, result->second));
      });

  add("GET", "/api/v1/agencies", AccessKind::kPermission, Permission::kCaseRead,
      [&cases](Context& c) {
        auto list = cases.agencies(c.actor);
        if (!list) return error_response(list.error());
        ordered_json out = ordered_json::array();
        for (const auto& a : *list) out.push_back(io::agency_json(a));
        return ok_ordered_json({{"agencies", out}});
      });

  add("POST", "/api/v1/agencies", AccessKind::kPermission, Permission::kCaseAdmin,
      [&cases](Context& c) {
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto kind = parse_agency_kind(b->value("kind", ""));
        if (!kind)
          return error_response(
              make_error(ErrorKind::kInvalid, "agency.invalid", "kind（機関の種類）が不明です。"));
        auto a = cases.add_agency(c.actor, b->value("name", ""), *kind);
        if (!a) return error_response(a.error());
        return ok_ordered_json(io::agency_json(*a), 201);
      });

  add("GET", "/api/v1/persons", AccessKind::kPermission, Permission::kCaseRead,
      [&cases](Context& c) {
        auto hits = cases.search(c.actor, query_param(c.request, "q"));
        if (!hits) return error_response(hits.error());
        ordered_json out = ordered_json::array();
        for (const auto& h : *hits) {
          out.push_back({{"id", h.id.value},
                         {"name", h.name},
                         {"kana", h.kana},
                         {"birth_date", h.birth_date.year == 0
                                            ? ordered_json(nullptr)
                                            : ordered_json(format_iso_date(h.birth_date))}});
        }
        return ok_ordered_json({{"persons", out}});
      });

  add("POST", "/api/v1/persons", AccessKind::kPermission, Permission::kCaseWrite,
      [&cases](Context& c) {
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto person = io::person_from_json(*b);
        if (!person) return error_response(person.error());
        auto saved = cases.register_person(c.actor, *person, b->value("confirmed_new", false));
        if (!saved) return error_response(saved.error());
        std::vector<InfoCategory> all(std::begin(kAllInfoCategories), std::end(kAllInfoCategories));
        return ok_ordered_json(io::person_json(*saved, all), 201);
      });

  add("GET", "/api/v1/persons/{id}", AccessKind::kPermission, Permission::kCaseRead,
      [&casework](Context& c) {
        auto id = id_param<PersonId>(c, "id");
        if (!id) return error_response(bad_id());
        auto page = casework.page(c.actor, *id);
        if (!page) return error_response(page.error());
        return ok_ordered_json(page_json(*page));
      });

  // Reading on a ground of 個人情報保護法第69条 with its written reason (POST: the reason stays
  // out of URLs and logs).
  add("POST", "/api/v1/persons/{id}/read", AccessKind::kPermission, Permission::kCaseRead,
      [&casework](Context& c) {
        auto id = id_param<PersonId>(c, "id");
        if (!id) return error_response(bad_id());
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto kind = parse_ground(b->value("ground", ""));
        if (!kind) {
          return error_response(make_error(
              ErrorKind::kMalformed, "request.invalid",
              "ground は law, internal_use, other_agency, special_reason のいずれかです。"));
        }
        auto page = casework.page(c.actor, *id, Ground{*kind, b->value("justification", "")});
        if (!page) return error_response(page.error());
        return ok_ordered_json(page_json(*page));
      });

  add("PUT", "/api/v1/persons/{id}", AccessKind::kPermission, Permission::kCaseWrite,
      [&cases](Context& c) {
        auto id = id_param<PersonId>(c, "id");
        if (!id) return error_response(bad_id());
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto version = version_of(*b);
        if (version < 0) return error_response(version_required());
        auto person = io::person_from_json(*b);
        if (!person) return error_response(person.error());
        person->id = *id;
        auto saved = cases.update_person(c.actor, *person, version);
        if (!saved) return error_response(saved.error());
        std::vector<InfoCategory> all(std::begin(kAllInfoCategories), std::end(kAllInfoCategories));
        return ok_ordered_json(io::person_json(*saved, all));
      });

  add("POST", "/api/v1/persons/{id}/consents", AccessKind::kPermission, Permission::kCaseWrite,
      [&cases](Context& c) {
        return with_id_and_body<PersonId>(c, [&](PersonId id, const json& b) {
          auto consent = io::consent_from_json(b);
          if (!consent) return error_response(consent.error());
          consent->person = id;
          return answer(cases.record_consent(c.actor, *consent), io::consent_json, 201);
        });
      });

  add("POST", "/api/v1/consents/{id}/withdraw", AccessKind::kPermission, Permission::kCaseWrite,
      [&cases](Context& c) {
        return with_id_and_body<ConsentId>(c, [&](ConsentId id, const json& b) {
          auto on = io::date_from_json(b, "withdrawn_on", "consent.invalid");
          if (!on) return error_response(on.error());
          return answer(cases.withdraw_consent(c.actor, id, *on), io::consent_json);
        });
      });

  add("POST", "/api/v1/meetings", AccessKind::kPermission, Permission::kCaseWrite,
      [&casework](Context& c) {
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto meeting = io::meeting_from_json(*b);
        if (!meeting) return error_response(meeting.error());
        auto saved = casework.record_meeting(c.actor, *meeting);
        if (!saved) return error_response(saved.error());
        return ok_ordered_json(io::meeting_json(*saved), 201);
      });

  add("POST", "/api/v1/persons/{id}/referrals", AccessKind::kPermission, Permission::kCaseWrite,
      [&casework](Context& c) {
        return with_id_and_body<PersonId>(c, [&](PersonId id, const json& b) {
          auto referral = io::referral_from_json(b);
          if (!referral) return error_response(referral.error());
          referral->person = id;
          return answer(casework.send_referral(c.actor, *referral), io::referral_json, 201);
        });
      });

  add("POST", "/api/v1/referrals/{id}/{action}", AccessKind::kPermission, Permission::kCaseRead,
      [&casework](Context& c) {
        auto id = id_param<ReferralId>(c, "id");
        if (!id) return error_response(bad_id());
        auto action = parse_referral_action(c.request.param("action"));
        if (!action) {
          return error_response(
              make_error(ErrorKind::kNotFound, "referral.not_found",
                         "操作は accept, decline, complete, withdraw のいずれかです。"));
        }
        auto b = parse_json_body(c.request);
        if (!b) return error_response(b.error());
        auto version = version_of(*b);
        if (version < 0) return error_response(version_required());
        Date on{};
        if (b->contains("on")) {
          auto d = io::date_from_json(*b, "on", "referral.invalid");
          if (!d) return error_response(d.error());
          on = *d;
        }
        auto saved =
            casework.act_on_referral(c.actor, *id, *action, version, on, b->value("note", ""));
        if (!saved) return error_response(saved.error());
        return ok_ordered_json(io::referral_json(*saved));
      });

  add("PUT", "/api/v1/persons/{id}/plan", AccessKind::kPermission, Permission::kCaseWrite,
      [&casework](Context& c) {
        return with_id_and_body<PersonId>(c, [&](PersonId id, const json& b) {
          auto version = version_of(b);
          if (version < 0) return error_response(version_required());
          auto plan = io::support_plan_from_json(b);
          if (!plan) return error_response(plan.error());
          plan->person = id;
          return answer(casework.save_plan(c.actor, *plan, version), io::support_plan_json);
        });
      });

  add("POST", "/api/v1/persons/{id}/plan/close", AccessKind::kPermission, Permission::kCaseWrite,
      [&casework](Context& c) {
        return with_id_and_body<PersonId>(c, [&](PersonId id, const json& b) {
          auto version = version_of(b);
          if (version < 0) return error_response(version_required());
          auto on = io::date_from_json(b, "closed_on", "plan.invalid");
          if (!on) return error_response(on.error());
          return answer(casework.close_plan(c.actor, id, *on, b.value("reason", ""), version),
                        io::support_plan_json);
        });
      });

  add("POST", "/api/v1/persons/{id}/reviews", AccessKind::kPermission, Permission::kCaseWrite,
      [&casework](Context& c) {
        return with_id_and_body<PersonId>(c, [&](PersonId id, const json& b) {
          auto due = io::date_from_json(b, "due_on", "checkpoint.invalid");
          if (!due) return error_response(due.error());
          return answer(casework.schedule_review(c.actor, id, *due), io::checkpoint_json, 201);
        });
      });

  add("POST", "/api/v1/checkpoints/{id}/done", AccessKind::kPermission, Permission::kCaseWrite,
      [&casework](Context& c) {
        return with_id_and_body<CheckpointId>(c, [&](CheckpointId id, const json& b) {
          auto on = io::date_from_json(b, "done_on", "checkpoint.invalid");
          if (!on) return error_response(on.error());
          std::optional<bool> local;
          if (b.contains("local_supporter_involved") && b["local_supporter_involved"].is_boolean())
            local = b["local_supporter_involved"].get<bool>();
          return answer(casework.complete_checkpoint(c.actor, id, *on, b.value("note", ""), local),
                        io::checkpoint_json);
        });
      });

  add("GET", "/api/v1/checkpoints/due", AccessKind::kPermission, Permission::kCaseWrite,
      [&casework](Context& c) {
        auto list = casework.due(c.actor);
        if (!list) return error_response(list.error());
        ordered_json out = ordered_json::array();
        for (const auto& d : *list) {
          auto item = io::checkpoint_json(d.checkpoint);
          item["person_name"] = d.person_name;
          item["overdue"] = d.overdue;
          out.push_back(item);
        }
        return ok_ordered_json({{"checkpoints", out}});
      });

  add("POST", "/api/v1/persons/{id}/supporters", AccessKind::kPermission, Permission::kCaseWrite,
      [&casework](Context& c) {
        return with_id_and_body<PersonId>(c, [&](PersonId id, const json& b) {
          auto s = io::supporter_from_json(b);
          if (!s) return error_response(s.error());
          s->person = id;
          return answer(casework.add_supporter(c.actor, *s), io::supporter_json, 201);
        });
      });

  add("POST", "/api/v1/supporters/{id}/end", AccessKind::kPermission, Permission::kCaseWrite,
      [&casework](Context& c) {
        return with_id_and_body<SupporterId>(c, [&](SupporterId id, const json& b) {
          auto on = io::date_from_json(b, "until", "supporter.invalid");
          if (!on) return error_response(on.error());
          return answer(casework.end_supporter(c.actor, id, *on), io::supporter_json);
        });
      });
}

}  // namespace tsunagu::api
