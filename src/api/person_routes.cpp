// Persons (対象者): search (never a list without a query), registration, a person's page as
// one audited read (also on a 第69条 ground with its written reason), and changes to the record.
#include "api/case_json_support.hpp"
#include "api/case_routes.hpp"
#include "io/case_json.hpp"
#include "route/case_decode.hpp"
#include "route/table.hpp"

namespace tsunagu::api {

using namespace tsunagu::route;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::person_routes {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using Deps = CaseRouteDeps;

template <class T, class ToJson>
ordered_json array_of(const std::vector<T>& items, ToJson to_json) {
  ordered_json out = ordered_json::array();
  for (const auto& x : items) out.push_back(to_json(x));
  return out;
}

ordered_json page_json(const service::PersonPage& p) {
  ordered_json out;
  out["person"] = io::person_json(p.view.person, p.view.categories);
  out["basis"] = {{"code", basis_code(p.view.basis)}, {"label", basis_label(p.view.basis.kind)}};
  // Until when the basis lasts: the last day of a 支援会議's window, or the end of a ground's
  // 24 hours (Unix ms) when read again on it.
  if (p.view.basis.until) out["basis"]["until"] = format_iso_date(*p.view.basis.until);
  if (p.view.basis.ground_until_ms > 0) out["basis"]["until_ms"] = p.view.basis.ground_until_ms;
  out["consents"] = array_of(p.view.consents, io::consent_json);
  out["meetings"] = array_of(p.meetings, io::meeting_json);
  out["referrals"] = array_of(p.referrals, io::referral_json);
  out["plan"] = p.plan ? io::support_plan_json(*p.plan) : ordered_json(nullptr);
  out["checkpoints"] = array_of(p.checkpoints, io::checkpoint_json);
  out["supporters"] = array_of(p.supporters, io::supporter_json);
  out["agencies"] = array_of(p.agencies, io::agency_json);
  return out;
}

// The saved record as its author sees it: every category.
ordered_json saved_json(const Person& p) {
  std::vector<InfoCategory> all(std::begin(kAllInfoCategories), std::end(kAllInfoCategories));
  return io::person_json(p, all);
}

http::Response search_persons(const Deps& d, Context& c) {
  auto hits = d.cases.search(c.actor, query_param(c.request, "q"));
  if (!hits) return error_response(hits.error());
  ordered_json out = ordered_json::array();
  for (const auto& h : *hits) {
    out.push_back(
        {{"id", h.id.value},
         {"name", h.name},
         {"kana", h.kana},
         {"birth_date", h.birth_date.year == 0 ? ordered_json(nullptr)
                                               : ordered_json(format_iso_date(h.birth_date))}});
  }
  return ok_ordered_json({{"persons", out}});
}

http::Response register_person(const Deps& d, Context& c) {
  return with_body(c, decode_person_registration, [&](const PersonRegistration& r) {
    return answer(d.cases.register_person(c.actor, r.person, r.confirmed_new), saved_json, 201);
  });
}

http::Response get_person(const Deps& d, Context& c) {
  auto id = id_param<PersonId>(c, "id");
  if (!id) return error_response(bad_id());
  return answer(d.casework.page(c.actor, *id), page_json);
}

// Reading on a ground of 個人情報保護法第69条 with its written reason (POST: the reason stays
// out of URLs and logs).
http::Response read_on_ground(const Deps& d, Context& c) {
  auto id = id_param<PersonId>(c, "id");
  if (!id) return error_response(bad_id());
  auto b = parse_json_body(c.request);
  if (!b) return error_response(b.error());
  auto kind = parse_ground(b->value("ground", ""));
  if (!kind) {
    return error_response(
        make_error(ErrorKind::kMalformed, "request.invalid",
                   "ground は law, internal_use, other_agency, special_reason のいずれかです。"));
  }
  return answer(d.casework.page(c.actor, *id, Ground{*kind, b->value("justification", "")}),
                page_json);
}

http::Response update_person(const Deps& d, Context& c) {
  return with_id_and_body<PersonId>(c, decode_person_update, [&](PersonId id, PersonUpdate& u) {
    u.person.id = id;
    return answer(d.cases.update_person(c.actor, u.person, u.version), saved_json);
  });
}

// clang-format off
constexpr Row<Deps> kRoutes[] = {
    {"GET",  "/api/v1/persons",           need(Permission::kCaseRead),  search_persons},
    {"POST", "/api/v1/persons",           need(Permission::kCaseWrite), register_person},
    {"GET",  "/api/v1/persons/{id}",      need(Permission::kCaseRead),  get_person},
    {"POST", "/api/v1/persons/{id}/read", need(Permission::kCaseRead),  read_on_ground},
    {"PUT",  "/api/v1/persons/{id}",      need(Permission::kCaseWrite), update_person},
};
// clang-format on

}  // namespace
}  // namespace cases::person_routes

void add_person_routes(const AddRoute& add, const CaseRouteDeps& deps) {
  add_table(add, deps, cases::person_routes::kRoutes);
}

}  // namespace tsunagu::api
