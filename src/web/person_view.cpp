#include "web/person_view.hpp"

#include <algorithm>

#include "route/respond.hpp"
#include "service/clock.hpp"
#include "web/render.hpp"

namespace tsunagu::web::cases {

// File-local names live in a namespace named after the file, so unity batches can join files.
namespace person_view_parts {
namespace {

struct TimelineEntry {
  Date date;
  std::string kind;
  std::string text;
};
using Timeline = std::vector<TimelineEntry>;

bool has(const std::vector<InfoCategory>& cats, InfoCategory x) {
  return std::find(cats.begin(), cats.end(), x) != cats.end();
}

// The facts of the record, each category only when the reader may see it; empty ones omitted.
mstch::array facts(const Person& p, const std::vector<InfoCategory>& cats) {
  mstch::array fields;
  auto field = [&](const char* label, const std::string& value) {
    if (!value.empty())
      fields.push_back(mstch::map{{"label", std::string(label)}, {"value", value}});
  };
  field("ふりがな", p.kana);
  if (has(cats, InfoCategory::kBasic)) {
    field("生年月日", day(p.birth_date));
    field("電話", p.phone);
    field("住所", p.address);
    field("帰住先", p.destination);
  }
  if (has(cats, InfoCategory::kCriminal)) {
    field("状況", std::string(person_status_label(p.status)));
    field("矯正施設", p.facility);
    field("釈放（予定）日", day(p.expected_release));
    if (p.special_coordination) field("特別調整", "対象");
    if (p.entrance_support) field("入口支援", "対象");
  }
  std::string needs;
  for (Need n : p.needs) needs += (needs.empty() ? "" : "・") + std::string(need_label(n));
  field("課題", needs);
  field("登録日", day(p.registered_on));
  return fields;
}

std::string consent_scope(const Consent& x, const std::vector<Agency>& agencies) {
  std::string scope;
  for (AgencyId a : x.scope.agencies)
    scope += (scope.empty() ? "" : "、") + agency_name(agencies, a);
  for (AgencyKind k : x.scope.kinds)
    scope += (scope.empty() ? "" : "、") + std::string(agency_kind_label(k));
  return scope;
}

mstch::array consents(const service::PersonPage& page, Timeline& timeline) {
  mstch::array out;
  for (const auto& x : page.view.consents) {
    std::string categories;
    for (InfoCategory cat : x.scope.categories)
      categories += (categories.empty() ? "" : "・") + std::string(info_category_label(cat));
    bool statistics = x.purpose == ConsentPurpose::kStatistics;
    out.push_back(
        mstch::map{{"consent_id", std::to_string(x.id.value)},
                   {"purpose", std::string(statistics ? "統計への計上" : "情報の共有")},
                   {"state", std::string(consent_state_label(x.state))},
                   {"given_on", day(x.given_on)},
                   {"method", x.method},
                   {"scope", statistics ? std::string("—") : consent_scope(x, page.agencies)},
                   {"categories", statistics ? std::string("—") : categories},
                   {"expires", x.expires ? day(*x.expires) : std::string("なし")},
                   {"withdrawn_on", day(x.withdrawn_on)},
                   {"withdrawable", x.state == ConsentState::kGiven}});
    timeline.push_back(
        {x.given_on, "同意",
         std::string(statistics ? "統計への計上に" : "情報の共有に") +
             std::string(consent_state_label(
                 x.state == ConsentState::kWithdrawn ? ConsentState::kGiven : x.state))});
    if (x.withdrawn_on) timeline.push_back({*x.withdrawn_on, "同意の撤回", "同意が撤回された"});
  }
  return out;
}

void meetings(const service::PersonPage& page, Timeline& timeline) {
  for (const auto& m : page.meetings) {
    std::string members;
    for (const auto& x : m.members) members += (members.empty() ? "" : "、") + x.name;
    timeline.push_back({m.held_on, std::string(meeting_kind_label(m.kind)),
                        m.agenda + (m.decisions.empty() ? "" : " → " + m.decisions) +
                            "（出席: " + members + "）"});
  }
}

mstch::array referrals(const service::PersonPage& page, const Viewer& viewer, Timeline& timeline) {
  mstch::array out;
  for (const auto& r : page.referrals) {
    std::string text =
        agency_name(page.agencies, r.from) + " → " + agency_name(page.agencies, r.to);
    timeline.push_back(
        {r.sent_on, "つなぎ", text + "（" + referral_state_label(r.state).data() + "）"});
    bool mine = viewer.agency && *viewer.agency == r.to;
    bool open = r.state == ReferralState::kSent;
    bool accepted = r.state == ReferralState::kAccepted;
    out.push_back(mstch::map{{"referral_id", std::to_string(r.id.value)},
                             {"version", std::to_string(r.version)},
                             {"text", text},
                             {"sent_on", day(r.sent_on)},
                             {"state", std::string(referral_state_label(r.state))},
                             {"note", r.note},
                             {"may_answer", open && (mine || viewer.staff)},
                             {"may_complete", accepted && (mine || viewer.staff)},
                             {"may_withdraw", (open || accepted) && viewer.staff}});
  }
  return out;
}

mstch::array checkpoints(const service::PersonPage& page, Timeline& timeline) {
  mstch::array out;
  for (const auto& x : page.checkpoints) {
    bool follow = x.kind == CheckpointKind::kFollowUp;
    std::string kind = follow ? "フォローアップ" : "進捗確認";
    if (x.done_on) timeline.push_back({*x.done_on, kind, x.note.empty() ? "実施" : x.note});
    out.push_back(mstch::map{{"checkpoint_id", std::to_string(x.id.value)},
                             {"kind", kind},
                             {"follow_up", follow},
                             {"due_on", day(x.due_on)},
                             {"done_on", day(x.done_on)},
                             {"note", x.note},
                             {"open", !x.done_on}});
  }
  return out;
}

mstch::array supporters(const service::PersonPage& page, Timeline& timeline) {
  mstch::array out;
  for (const auto& s : page.supporters) {
    std::string who = s.name.empty() ? agency_name(page.agencies, s.agency) : s.name;
    timeline.push_back(
        {s.from, "支援者",
         who + "（" + std::string(supporter_kind_label(s.kind)) + "）が関わり始めた"});
    if (s.until) timeline.push_back({*s.until, "支援者", who + "の関わりが終わった"});
    out.push_back(mstch::map{{"supporter_id", std::to_string(s.id.value)},
                             {"name", who},
                             {"kind", std::string(supporter_kind_label(s.kind))},
                             {"formal", std::string(s.formal ? "公的" : "インフォーマル")},
                             {"local", std::string(s.local ? "地域" : "—")},
                             {"from", day(s.from)},
                             {"until", s.until ? day(*s.until) : std::string("継続中")},
                             {"ongoing", !s.until}});
  }
  return out;
}

mstch::map plan(const SupportPlan& plan, Timeline& timeline) {
  timeline.push_back({plan.started_on, "支援プラン", "支援を開始"});
  if (plan.closed_on) timeline.push_back({*plan.closed_on, "終結", plan.closure_reason});
  mstch::array goals, roles;
  for (const auto& g : plan.goals) goals.push_back(g);
  for (const auto& r : plan.roles) {
    roles.push_back(mstch::map{{"who", r.who}, {"task", r.task}, {"due", day(r.due)}});
  }
  return mstch::map{{"goals", goals},
                    {"roles", roles},
                    {"started_on", day(plan.started_on)},
                    {"closed", plan.closed_on.has_value()},
                    {"closed_on", day(plan.closed_on)},
                    {"closure_reason", plan.closure_reason},
                    {"version", std::to_string(plan.version)}};
}

// The timeline in date order; entries of one day keep the order they were added in.
mstch::array timeline_items(Timeline timeline) {
  std::stable_sort(timeline.begin(), timeline.end(),
                   [](const auto& a, const auto& b) { return a.date < b.date; });
  mstch::array items;
  for (const auto& t : timeline) {
    items.push_back(mstch::map{{"date", day(t.date)}, {"kind", t.kind}, {"text", t.text}});
  }
  return items;
}

mstch::array category_options() {
  mstch::array out;
  for (InfoCategory cat : kAllInfoCategories) {
    out.push_back(mstch::map{{"code", std::string(info_category_name(cat))},
                             {"label", std::string(info_category_label(cat))}});
  }
  return out;
}

mstch::array supporter_kind_options() {
  mstch::array out;
  for (SupporterKind k :
       {SupporterKind::kFamily, SupporterKind::kVolunteerProbation, SupporterKind::kEmployer,
        SupporterKind::kSelfHelpGroup, SupporterKind::kVolunteer, SupporterKind::kAgency,
        SupporterKind::kOther}) {
    out.push_back(mstch::map{{"code", std::string(supporter_kind_name(k))},
                             {"label", std::string(supporter_kind_label(k))}});
  }
  return out;
}

}  // namespace
}  // namespace person_view_parts

Viewer viewer_of(const route::Context& c) {
  return {staff(c), csrf(c), c.session ? c.session->user.agency : std::nullopt};
}

// Which meeting or which written reason the access rests on, and until when.
std::string basis_note(const LegalBasis& b) {
  if (b.kind == BasisKind::kSupportMeeting && b.meeting_held_on && b.until) {
    return "支援会議（" + format_wareki_date_with_western(*b.meeting_held_on) + "開催、会議番号 " +
           std::to_string(b.ref) + "）の構成員としての閲覧です。" +
           format_wareki_date_with_western(*b.until) +
           "まで見られます（支援が終結すると終わります）。見られるのは会議で共有する情報だけです。";
  }
  if (needs_justification(b.kind) && b.ground_until_ms > 0) {
    return "先に記録した理由（監査ログ " + std::to_string(b.ref) + " 番）に基づく閲覧です。" +
           service::format_jst(b.ground_until_ms) +
           "まで続けて見られます。その後は改めて根拠と理由を記録してください。";
  }
  if (needs_justification(b.kind)) {
    return "この根拠による閲覧は、この時から24時間続けられます。監査担当が記録を確認します。";
  }
  return "";
}

mstch::map person_view(const service::PersonPage& page, const Viewer& viewer) {
  using namespace person_view_parts;
  const Person& p = page.view.person;
  Timeline timeline{{p.registered_on, "登録", "対象者として登録"}};
  auto consent_rows = consents(page, timeline);
  meetings(page, timeline);
  auto referral_rows = referrals(page, viewer, timeline);
  auto checkpoint_rows = checkpoints(page, timeline);
  auto supporter_rows = supporters(page, timeline);
  mstch::map plan_context = page.plan ? plan(*page.plan, timeline) : mstch::map{};
  return mstch::map{{"id", std::to_string(p.id.value)},
                    {"name", p.name},
                    {"basis", std::string(basis_label(page.view.basis.kind))},
                    {"justification", page.view.basis.justification},
                    {"basis_note", basis_note(page.view.basis)},
                    {"fields", facts(p, page.view.categories)},
                    {"timeline", timeline_items(std::move(timeline))},
                    {"staff", viewer.staff},
                    {"csrf", viewer.csrf},
                    {"consents", consent_rows},
                    {"has_consents", !consent_rows.empty()},
                    {"referrals", referral_rows},
                    {"has_referrals", !referral_rows.empty()},
                    {"checkpoints", checkpoint_rows},
                    {"has_checkpoints", !checkpoint_rows.empty()},
                    {"supporters", supporter_rows},
                    {"has_supporters", !supporter_rows.empty()},
                    {"has_plan", page.plan.has_value()},
                    {"plan", plan_context},
                    {"agencies", agency_options(page.agencies)},
                    {"categories", category_options()},
                    {"supporter_kinds", supporter_kind_options()},
                    {"support_visible", has(page.view.categories, InfoCategory::kSupport)}};
}

http::Response person_page(const route::Context& c, service::CaseworkService& casework, PersonId id,
                           const std::optional<Ground>& ground, const std::string& notice,
                           const Error* error) {
  auto page = casework.page(c.actor, id, ground);
  if (!page) {
    if (page.error().code == "person.not_found") return error_page(404, page.error().message);
    return refused_page(c, id, page.error());
  }
  mstch::map context = person_view(*page, viewer_of(c));
  if (!notice.empty()) context["notice"] = notice;
  if (error != nullptr) context["error"] = error_text(*error);
  int status = error != nullptr ? route::status_for(*error) : 200;
  return html_response(status, render_page("case_person", page->view.person.name + "さんの支援記録",
                                           context, layout_for(c)));
}

}  // namespace tsunagu::web::cases
