// The case in the layout of the national standard forms (インテーク, アセスメント, プラン兼
// 利用申込書), for printing and filing. An audited read like the person's page, showing only
// what the reader may see.
#include <algorithm>

#include "route/table.hpp"
#include "web/case_page_support.hpp"
#include "web/case_pages.hpp"
#include "web/page_support.hpp"
#include "web/render.hpp"

namespace tsunagu::web {

using route::Context;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::case_print_pages {
namespace {

using Deps = CasePageServices;

bool has(const std::vector<InfoCategory>& cats, InfoCategory x) {
  return std::find(cats.begin(), cats.end(), x) != cats.end();
}

// "67歳（受付日現在）": the age on the day of registration.
std::string age_at_registration(const Person& p) {
  if (!is_valid_date(p.birth_date)) return "";
  Date now = p.registered_on;
  bool before_birthday = now.month < p.birth_date.month ||
                         (now.month == p.birth_date.month && now.day < p.birth_date.day);
  int years = now.year - p.birth_date.year - (before_birthday ? 1 : 0);
  return std::to_string(years) + "歳（受付日現在）";
}

// The support part of the forms: referrals, needs, supporters, the plan and its checkpoints.
void add_support(mstch::map& context, const service::PersonPage& page) {
  const auto& agencies = page.agencies;
  mstch::array referrals, needs, supporters, goals, roles, checkpoints;
  for (const auto& r : page.referrals) {
    referrals.push_back(day(r.sent_on) + " " + agency_name(agencies, r.from) + " → " +
                        agency_name(agencies, r.to) + "（" +
                        std::string(referral_state_label(r.state)) + "）");
  }
  const auto& marked = page.view.person.needs;
  for (Need n : kAllNeeds) {
    bool on = std::find(marked.begin(), marked.end(), n) != marked.end();
    needs.push_back(
        mstch::map{{"label", std::string(need_label(n))}, {"mark", std::string(on ? "■" : "□")}});
  }
  for (const auto& x : page.supporters) {
    supporters.push_back(mstch::map{
        {"name", x.name.empty() ? agency_name(agencies, x.agency) : x.name},
        {"kind", std::string(supporter_kind_label(x.kind))},
        {"span", day(x.from) + " 〜 " + (x.until ? day(*x.until) : std::string("継続中"))}});
  }
  std::string started;
  if (page.plan) {
    started = day(page.plan->started_on);
    for (const auto& g : page.plan->goals) goals.push_back(g);
    for (const auto& r : page.plan->roles)
      roles.push_back(mstch::map{{"who", r.who}, {"task", r.task}, {"due", day(r.due)}});
  }
  for (const auto& x : page.checkpoints) {
    bool follow = x.kind == CheckpointKind::kFollowUp;
    checkpoints.push_back(mstch::map{{"kind", std::string(follow ? "フォローアップ" : "進捗確認")},
                                     {"due", day(x.due_on)},
                                     {"done", day(x.done_on)}});
  }
  context.insert({{"referrals", referrals},
                  {"needs", needs},
                  {"supporters", supporters},
                  {"plan_started", started},
                  {"goals", goals},
                  {"roles", roles},
                  {"checkpoints", checkpoints}});
}

// The context of templates/case_print.mustache.
mstch::map print_view(const service::PersonPage& page) {
  const Person& p = page.view.person;
  const auto& cats = page.view.categories;
  bool basic = has(cats, InfoCategory::kBasic);
  bool criminal = has(cats, InfoCategory::kCriminal);
  auto mark = [&](bool on) { return std::string(!criminal ? "" : on ? "対象" : "—"); };
  mstch::map context{
      {"id", std::to_string(p.id.value)},
      {"registered_on", day(p.registered_on)},
      {"kana", p.kana},
      {"name", p.name},
      {"birth_date", basic ? day(p.birth_date) : std::string()},
      {"age", basic ? age_at_registration(p) : std::string()},
      {"address", p.address},
      {"phone", p.phone},
      {"status", criminal ? std::string(person_status_label(p.status)) : std::string()},
      {"facility", p.facility},
      {"release", day(p.expected_release)},
      {"destination", p.destination},
      {"special", mark(p.special_coordination.has_value())},
      {"entrance", mark(p.entrance_support)}};
  add_support(context, page);
  return context;
}

http::Response print_case(const Deps& s, Context& c) {
  auto id = person_param(c);
  if (!id) return no_such_person();
  auto page = s.casework.page(c.actor, *id);
  if (!page) {
    if (page.error().code == "person.not_found") return error_page(404, page.error().message);
    return refused_page(c, *id, page.error());
  }
  return html_response(200,
                       render_page("case_print", page->view.person.name + "さんの支援記録（様式）",
                                   print_view(*page), layout_for(c)));
}

constexpr route::Row<Deps> kPages[] = {
    {"GET", "/cases/{id}/print", route::need(Permission::kCaseRead), print_case},
};

}  // namespace
}  // namespace cases::case_print_pages

void add_case_print_pages(const route::AddRoute& add_page, const CasePageServices& s) {
  route::add_table(add_page, s, cases::case_print_pages::kPages);
}

}  // namespace tsunagu::web
