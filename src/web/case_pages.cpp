// The case-coordination pages: search (no list without a query), registration with the
// duplicate warning, a person's page with the timeline of meetings, referrals, reviews and
// follow-ups, consents, the support plan with roles, supporters; the meeting-minutes form; the
// list of what is due. Every read goes through CaseworkService::page, so it is decided and
// audited like the API's.
#include "web/case_pages.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "route/decode.hpp"
#include "route/respond.hpp"
#include "web/page_support.hpp"
#include "web/render.hpp"

namespace tsunagu::web {
namespace {

std::string day(Date d) { return format_wareki_date_with_western(d); }
std::string day(const std::optional<Date>& d) { return d ? day(*d) : std::string(); }

std::optional<Date> date_field(const std::string& text) {
  auto d = parse_iso_date(trim(text));
  if (!d) return std::nullopt;
  return *d;
}

std::string csrf(const route::Context& c) {
  return c.session ? c.session->csrf_token : std::string();
}

bool staff(const route::Context& c) { return c.actor.may(Permission::kCaseWrite); }

std::string agency_name(const std::vector<Agency>& agencies, std::optional<AgencyId> id) {
  if (!id) return "";
  for (const auto& a : agencies) {
    if (a.id == *id) return a.name;
  }
  return "（不明な機関）";
}

mstch::array agency_options(const std::vector<Agency>& agencies) {
  mstch::array out;
  for (const auto& a : agencies) {
    out.push_back(mstch::map{{"id", std::to_string(a.id.value)},
                             {"name", a.name},
                             {"kind", std::string(agency_kind_label(a.kind))}});
  }
  return out;
}

struct TimelineEntry {
  Date date;
  std::string kind;
  std::string text;
};

http::Response refused_page(const route::Context& c, PersonId id, const Error& e) {
  mstch::map context{{"message", e.message},
                     {"id", std::to_string(id.value)},
                     {"csrf", csrf(c)},
                     {"may_invoke", staff(c) && e.code == "access.denied"}};
  mstch::array grounds;
  for (BasisKind k : {BasisKind::kLaw, BasisKind::kInternalUse, BasisKind::kOtherAgency,
                      BasisKind::kSpecialReason}) {
    grounds.push_back(
        mstch::map{{"code", basis_code({k, 0, ""})}, {"label", std::string(basis_label(k))}});
  }
  context["grounds"] = grounds;
  return html_response(
      route::status_for(e),
      render_page("case_refused", "対象者の情報を表示できません", context, layout_for(c)));
}

http::Response person_page(const route::Context& c, service::CaseworkService& casework, PersonId id,
                           const std::optional<Ground>& ground, const std::string& notice,
                           const Error* error) {
  auto page = casework.page(c.actor, id, ground);
  if (!page) {
    if (page.error().code == "person.not_found") return error_page(404, page.error().message);
    return refused_page(c, id, page.error());
  }
  const Person& p = page->view.person;
  const auto& cats = page->view.categories;
  auto has = [&](InfoCategory x) { return std::find(cats.begin(), cats.end(), x) != cats.end(); };
  const auto& agencies = page->agencies;

  mstch::array fields;
  auto field = [&](const char* label, const std::string& value) {
    if (!value.empty())
      fields.push_back(mstch::map{{"label", std::string(label)}, {"value", value}});
  };
  field("ふりがな", p.kana);
  if (has(InfoCategory::kBasic)) {
    field("生年月日", day(p.birth_date));
    field("電話", p.phone);
    field("住所", p.address);
    field("帰住先", p.destination);
  }
  if (has(InfoCategory::kCriminal)) {
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

  std::vector<TimelineEntry> timeline{{p.registered_on, "登録", "対象者として登録"}};
  mstch::array consents;
  for (const auto& x : page->view.consents) {
    std::string scope;
    for (AgencyId a : x.scope.agencies)
      scope += (scope.empty() ? "" : "、") + agency_name(agencies, a);
    for (AgencyKind k : x.scope.kinds)
      scope += (scope.empty() ? "" : "、") + std::string(agency_kind_label(k));
    std::string categories;
    for (InfoCategory cat : x.scope.categories)
      categories += (categories.empty() ? "" : "・") + std::string(info_category_label(cat));
    bool statistics = x.purpose == ConsentPurpose::kStatistics;
    consents.push_back(
        mstch::map{{"consent_id", std::to_string(x.id.value)},
                   {"purpose", std::string(statistics ? "統計への計上" : "情報の共有")},
                   {"state", std::string(consent_state_label(x.state))},
                   {"given_on", day(x.given_on)},
                   {"method", x.method},
                   {"scope", statistics ? std::string("—") : scope},
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
  for (const auto& m : page->meetings) {
    std::string members;
    for (const auto& x : m.members) members += (members.empty() ? "" : "、") + x.name;
    timeline.push_back({m.held_on, std::string(meeting_kind_label(m.kind)),
                        m.agenda + (m.decisions.empty() ? "" : " → " + m.decisions) +
                            "（出席: " + members + "）"});
  }
  mstch::array referrals;
  const auto my_agency = c.session ? c.session->user.agency : std::nullopt;
  for (const auto& r : page->referrals) {
    std::string text = agency_name(agencies, r.from) + " → " + agency_name(agencies, r.to);
    timeline.push_back(
        {r.sent_on, "つなぎ", text + "（" + referral_state_label(r.state).data() + "）"});
    bool receiver = my_agency && *my_agency == r.to;
    bool open = r.state == ReferralState::kSent;
    referrals.push_back(
        mstch::map{{"referral_id", std::to_string(r.id.value)},
                   {"version", std::to_string(r.version)},
                   {"text", text},
                   {"sent_on", day(r.sent_on)},
                   {"state", std::string(referral_state_label(r.state))},
                   {"note", r.note},
                   {"may_answer", open && (receiver || staff(c))},
                   {"may_complete", r.state == ReferralState::kAccepted && (receiver || staff(c))},
                   {"may_withdraw", (open || r.state == ReferralState::kAccepted) && staff(c)}});
  }
  mstch::array checkpoints;
  for (const auto& x : page->checkpoints) {
    bool follow = x.kind == CheckpointKind::kFollowUp;
    std::string kind = follow ? "フォローアップ" : "進捗確認";
    if (x.done_on) timeline.push_back({*x.done_on, kind, x.note.empty() ? "実施" : x.note});
    checkpoints.push_back(mstch::map{{"checkpoint_id", std::to_string(x.id.value)},
                                     {"kind", kind},
                                     {"follow_up", follow},
                                     {"due_on", day(x.due_on)},
                                     {"done_on", day(x.done_on)},
                                     {"note", x.note},
                                     {"open", !x.done_on}});
  }
  mstch::array supporters;
  for (const auto& s : page->supporters) {
    std::string who = s.name.empty() ? agency_name(agencies, s.agency) : s.name;
    timeline.push_back(
        {s.from, "支援者",
         who + "（" + std::string(supporter_kind_label(s.kind)) + "）が関わり始めた"});
    if (s.until) timeline.push_back({*s.until, "支援者", who + "の関わりが終わった"});
    supporters.push_back(mstch::map{{"supporter_id", std::to_string(s.id.value)},
                                    {"name", who},
                                    {"kind", std::string(supporter_kind_label(s.kind))},
                                    {"formal", std::string(s.formal ? "公的" : "インフォーマル")},
                                    {"local", std::string(s.local ? "地域" : "—")},
                                    {"from", day(s.from)},
                                    {"until", s.until ? day(*s.until) : std::string("継続中")},
                                    {"ongoing", !s.until}});
  }
  mstch::map plan_context;
  bool has_plan = page->plan.has_value();
  if (has_plan) {
    const auto& plan = *page->plan;
    timeline.push_back({plan.started_on, "支援プラン", "支援を開始"});
    if (plan.closed_on) timeline.push_back({*plan.closed_on, "終結", plan.closure_reason});
    mstch::array roles;
    for (const auto& r : plan.roles) {
      roles.push_back(mstch::map{{"who", r.who}, {"task", r.task}, {"due", day(r.due)}});
    }
    plan_context = mstch::map{{"goals",
                               [&] {
                                 mstch::array g;
                                 for (const auto& x : plan.goals) g.push_back(x);
                                 return g;
                               }()},
                              {"roles", roles},
                              {"started_on", day(plan.started_on)},
                              {"closed", plan.closed_on.has_value()},
                              {"closed_on", day(plan.closed_on)},
                              {"closure_reason", plan.closure_reason},
                              {"version", std::to_string(plan.version)}};
  }
  std::stable_sort(timeline.begin(), timeline.end(),
                   [](const auto& a, const auto& b) { return a.date < b.date; });
  mstch::array timeline_items;
  for (const auto& t : timeline) {
    timeline_items.push_back(mstch::map{{"date", day(t.date)}, {"kind", t.kind}, {"text", t.text}});
  }
  mstch::array categories;
  for (InfoCategory cat : kAllInfoCategories) {
    categories.push_back(mstch::map{{"code", std::string(info_category_name(cat))},
                                    {"label", std::string(info_category_label(cat))}});
  }
  mstch::array supporter_kinds;
  for (SupporterKind k :
       {SupporterKind::kFamily, SupporterKind::kVolunteerProbation, SupporterKind::kEmployer,
        SupporterKind::kSelfHelpGroup, SupporterKind::kVolunteer, SupporterKind::kAgency,
        SupporterKind::kOther}) {
    supporter_kinds.push_back(mstch::map{{"code", std::string(supporter_kind_name(k))},
                                         {"label", std::string(supporter_kind_label(k))}});
  }
  mstch::map context{{"id", std::to_string(p.id.value)},
                     {"name", p.name},
                     {"basis", std::string(basis_label(page->view.basis.kind))},
                     {"justification", page->view.basis.justification},
                     {"fields", fields},
                     {"timeline", timeline_items},
                     {"staff", staff(c)},
                     {"csrf", csrf(c)},
                     {"consents", consents},
                     {"has_consents", !consents.empty()},
                     {"referrals", referrals},
                     {"has_referrals", !referrals.empty()},
                     {"checkpoints", checkpoints},
                     {"has_checkpoints", !checkpoints.empty()},
                     {"supporters", supporters},
                     {"has_supporters", !supporters.empty()},
                     {"has_plan", has_plan},
                     {"plan", plan_context},
                     {"agencies", agency_options(agencies)},
                     {"categories", categories},
                     {"supporter_kinds", supporter_kinds},
                     {"support_visible", has(InfoCategory::kSupport)}};
  if (!notice.empty()) context["notice"] = notice;
  if (error != nullptr) {
    std::string message = error->message;
    for (const auto& d : error->details) message += " " + d.message;
    context["error"] = message;
  }
  int status = error != nullptr ? route::status_for(*error) : 200;
  return html_response(
      status, render_page("case_person", p.name + "さんの支援記録", context, layout_for(c)));
}

std::optional<PersonId> person_param(const route::Context& c) {
  auto id = route::parse_id(c.request.param("id"));
  if (!id) return std::nullopt;
  return PersonId{*id};
}

std::string back_to(PersonId id, const std::string& notice) {
  return "/cases/" + std::to_string(id.value) + "?notice=" + notice;
}

std::string notice_text(const std::string& code) {
  static const std::pair<const char*, const char*> kNotices[] = {
      {"registered", "登録しました。"},
      {"consent", "同意を記録しました。"},
      {"withdrawn", "同意の撤回を記録しました。"},
      {"referral", "つなぎを送りました。"},
      {"answered", "つなぎの状態を更新しました。"},
      {"meeting", "会議の記録を保存しました。"},
      {"plan", "支援プランを保存しました。"},
      {"closed", "終結を記録し、フォローアップを予定しました。"},
      {"review", "進捗確認を予定しました。"},
      {"checkpoint", "確認の結果を記録しました。"},
      {"supporter", "支援者を記録しました。"},
  };
  for (const auto& [key, text] : kNotices) {
    if (code == key) return text;
  }
  return "";
}

Person person_from_form(std::map<std::string, std::string>& f, const http::Request& r,
                        std::vector<ErrorDetail>& problems) {
  Person p;
  p.name = f["name"];
  p.kana = f["kana"];
  if (auto d = date_field(f["birth_date"])) {
    p.birth_date = *d;
  } else {
    problems.push_back({0, "birth_date", "生年月日を 1980-04-01 の形で入力してください。"});
  }
  p.phone = f["phone"];
  p.address = f["address"];
  p.status = parse_person_status(f["status"]).value_or(PersonStatus::kOther);
  p.facility = f["facility"];
  if (!trim(f["expected_release"]).empty()) {
    if (auto d = date_field(f["expected_release"]))
      p.expected_release = *d;
    else
      problems.push_back(
          {0, "expected_release", "釈放予定日を 2025-09-01 の形で入力してください。"});
  }
  p.destination = f["destination"];
  for (const auto& n : route::form_values(r, "needs")) {
    if (auto need = parse_need(n)) p.needs.push_back(*need);
  }
  p.entrance_support = f["entrance_support"] == "1";
  if (f["special_coordination"] == "1") p.special_coordination = SpecialCoordination{};
  return p;
}

http::Response new_person_page(const route::Context& c,
                               const std::map<std::string, std::string>& typed,
                               const std::vector<std::string>& needs_typed, const Error* error,
                               bool duplicate) {
  mstch::array statuses;
  for (PersonStatus s : {PersonStatus::kInCustody, PersonStatus::kReleased,
                         PersonStatus::kProbation, PersonStatus::kOther}) {
    std::string code(person_status_name(s));
    auto it = typed.find("status");
    statuses.push_back(mstch::map{{"code", code},
                                  {"label", std::string(person_status_label(s))},
                                  {"selected", it != typed.end() && it->second == code}});
  }
  mstch::array needs;
  for (Need n : kAllNeeds) {
    std::string code(need_name(n));
    needs.push_back(mstch::map{
        {"code", code},
        {"label", std::string(need_label(n))},
        {"checked", std::find(needs_typed.begin(), needs_typed.end(), code) != needs_typed.end()}});
  }
  mstch::map context{
      {"csrf", csrf(c)}, {"statuses", statuses}, {"needs", needs}, {"duplicate", duplicate}};
  for (const char* key : {"name", "kana", "birth_date", "phone", "address", "facility",
                          "expected_release", "destination"}) {
    auto it = typed.find(key);
    context[key] = it == typed.end() ? std::string() : it->second;
  }
  if (error != nullptr) {
    std::string message = error->message;
    mstch::array details, existing;
    for (const auto& d : error->details) {
      // "既存の記録 ID 12": offered as a link to open the existing record.
      auto at = d.message.rfind("ID ");
      if (duplicate && at != std::string::npos) {
        existing.push_back(mstch::map{{"id", d.message.substr(at + 3)}});
      } else {
        details.push_back(d.message);
      }
    }
    context["error"] = message;
    context["details"] = details;
    context["existing"] = existing;
  }
  int status = error != nullptr ? route::status_for(*error) : 200;
  return html_response(status, render_page("case_new", "対象者の登録", context, layout_for(c)));
}

http::Response meeting_form(const route::Context& c, service::CaseService& cases, PersonId id,
                            const std::map<std::string, std::string>& typed,
                            const std::vector<std::string>& chosen, const Error* error) {
  auto agencies = cases.agencies(c.actor);
  if (!agencies) return error_page(403, agencies.error().message);
  auto get = [&](const char* key) {
    auto it = typed.find(key);
    return it == typed.end() ? std::string() : it->second;
  };
  mstch::array kinds;
  for (MeetingKind k :
       {MeetingKind::kCaseConference, MeetingKind::kMultiAgency, MeetingKind::kSupportMeeting}) {
    std::string code(meeting_kind_name(k));
    kinds.push_back(mstch::map{{"code", code},
                               {"label", std::string(meeting_kind_label(k))},
                               {"selected", get("kind") == code}});
  }
  mstch::array options;
  for (const auto& a : *agencies) {
    std::string value = std::to_string(a.id.value);
    options.push_back(
        mstch::map{{"id", value},
                   {"name", a.name},
                   {"checked", std::find(chosen.begin(), chosen.end(), value) != chosen.end()}});
  }
  mstch::map context{{"id", std::to_string(id.value)},
                     {"csrf", csrf(c)},
                     {"kinds", kinds},
                     {"agencies", options},
                     {"held_on", get("held_on")},
                     {"others", get("others")},
                     {"agenda", get("agenda")},
                     {"decisions", get("decisions")},
                     {"actions", get("actions")},
                     {"confidentiality", get("confidentiality") == "1"}};
  if (error != nullptr) {
    std::string message = error->message;
    if (error->code != "meeting.consent_required") {
      for (const auto& d : error->details) message += " " + d.message;
    }
    context["error"] = message;
  }
  return html_response(error ? route::status_for(*error) : 200,
                       render_page("case_meeting", "会議の記録", context, layout_for(c)));
}

}  // namespace

void add_case_pages(const route::AddRoute& add_page, CasePageServices s) {
  add_page(
      "GET", "/cases", route::AccessKind::kPermission, Permission::kCaseRead,
      [s](route::Context& c) {
        std::string q(trim(route::query_param(c.request, "q")));
        mstch::map context{{"q", q},
                           {"staff", staff(c)},
                           {"admin", c.actor.may(Permission::kCaseAdmin)},
                           {"searched", !q.empty()}};
        if (!q.empty()) {
          auto hits = s.cases.search(c.actor, q);
          if (!hits) {
            context["error"] = hits.error().message;
          } else {
            mstch::array list;
            for (const auto& h : *hits) {
              list.push_back(mstch::map{
                  {"id", std::to_string(h.id.value)},
                  {"name", h.name},
                  {"kana", h.kana},
                  {"birth_date", h.birth_date.year == 0 ? std::string("—") : day(h.birth_date)}});
            }
            context["count"] = std::to_string(hits->size());
            context["results"] = list;
          }
        }
        return html_response(200,
                             render_page("cases_search", "対象者の検索", context, layout_for(c)));
      });

  add_page("GET", "/cases/new", route::AccessKind::kPermission, Permission::kCaseWrite,
           [](route::Context& c) { return new_person_page(c, {}, {}, nullptr, false); });

  add_page("POST", "/cases/new", route::AccessKind::kPermission, Permission::kCaseWrite,
           [s](route::Context& c) {
             auto f = route::form_fields(c.request);
             auto needs = route::form_values(c.request, "needs");
             std::vector<ErrorDetail> problems;
             Person p = person_from_form(f, c.request, problems);
             if (!problems.empty()) {
               Error e = make_error(ErrorKind::kInvalid, "person.invalid",
                                    "対象者の情報に誤りがあります。");
               e.details = problems;
               return new_person_page(c, f, needs, &e, false);
             }
             auto saved = s.cases.register_person(c.actor, p, f["confirmed_new"] == "1");
             if (!saved) {
               return new_person_page(c, f, needs, &saved.error(),
                                      saved.error().code == "person.possible_duplicate");
             }
             return redirect(back_to(saved->id, "registered"));
           });

  add_page(
      "GET", "/cases/register", route::AccessKind::kPermission, Permission::kCaseAdmin,
      [s](route::Context& c) {
        auto summary = s.cases.file_summary(c.actor);
        if (!summary) return error_page(summary.error());
        mstch::array items;
        for (const char* item : {"氏名、ふりがな、生年月日、電話番号、住所、帰住先（基本情報）",
                                 "在所・出所・保護観察の状況、矯正施設、釈放日、特別調整の六要件、"
                                 "入口支援（犯罪・処分歴）",
                                 "医療・依存症・障がいに関する課題（心身の状況）",
                                 "就労・住居・家族・福祉サービス・修学に関する課題（生活の状況）",
                                 "同意（日付、方法、範囲、期限、撤回）",
                                 "会議の記録、つなぎ、支援プランと役割、進捗確認、終結、フォローア"
                                 "ップ、支援者（支援の経過）",
                                 "閲覧と変更の記録（閲覧者、日時、法的根拠）"}) {
          items.push_back(std::string(item));
        }
        std::string office = c.session && !c.session->user.department_name.empty()
                                 ? c.session->user.department_name
                                 : std::string("多機関協働の担当課");
        mstch::map context{{"municipality", summary->municipality},
                           {"office", office},
                           {"items", items},
                           {"persons", std::to_string(summary->persons)},
                           {"agencies", std::to_string(summary->agencies)}};
        return html_response(200, render_page("case_register", "個人情報ファイル簿の記載事項",
                                              context, layout_for(c)));
      });

  add_page("GET", "/cases/due", route::AccessKind::kPermission, Permission::kCaseWrite,
           [s](route::Context& c) {
             auto due = s.casework.due(c.actor, 14);
             if (!due) return error_page(due.error());
             struct Row {
               Date due_on;
               mstch::map item;
             };
             std::vector<Row> rows;
             for (const auto& d : *due) {
               rows.push_back(
                   {d.checkpoint.due_on,
                    mstch::map{{"person", std::to_string(d.checkpoint.person.value)},
                               {"href", std::string()},
                               {"name", d.person_name},
                               {"kind", std::string(d.checkpoint.kind == CheckpointKind::kFollowUp
                                                        ? "フォローアップ"
                                                        : "進捗確認")},
                               {"due_on", day(d.checkpoint.due_on)},
                               {"overdue", d.overdue}}});
             }
             // 参加支援: follow-ups with the person and with the host after a placement.
             const Date today = s.resources.today();
             if (auto placed = s.resources.due_follow_ups(c.actor, 14)) {
               for (const auto& d : *placed) {
                 rows.push_back(
                     {d.due_on,
                      mstch::map{{"person", std::to_string(d.person.value)},
                                 {"href", std::string("/resources")},
                                 {"name", d.person_name},
                                 {"kind", "参加支援の確認（" + d.resource_name + "・" +
                                              std::string(follow_up_with_label(d.with)) + "）"},
                                 {"due_on", day(d.due_on)},
                                 {"overdue", d.due_on < today}}});
               }
             }
             std::stable_sort(rows.begin(), rows.end(),
                              [](const Row& a, const Row& b) { return a.due_on < b.due_on; });
             mstch::array items;
             for (auto& r : rows) items.push_back(std::move(r.item));
             mstch::map context{{"items", items}, {"empty", items.empty()}};
             return html_response(
                 200, render_page("cases_due", "予定の確認（期限が近いもの・過ぎたもの）", context,
                                  layout_for(c)));
           });

  add_page("GET", "/cases/{id}", route::AccessKind::kPermission, Permission::kCaseRead,
           [s](route::Context& c) {
             auto id = person_param(c);
             if (!id) return error_page(404, "指定された対象者は見つかりません。");
             return person_page(c, s.casework, *id, std::nullopt,
                                notice_text(route::query_param(c.request, "notice")), nullptr);
           });

  // The case in the layout of the national standard forms (インテーク, アセスメント, プラン兼
  // 利用申込書), for printing and filing. An audited read like the page itself.
  add_page(
      "GET", "/cases/{id}/print", route::AccessKind::kPermission, Permission::kCaseRead,
      [s](route::Context& c) {
        auto id = person_param(c);
        if (!id) return error_page(404, "指定された対象者は見つかりません。");
        auto page = s.casework.page(c.actor, *id);
        if (!page) {
          if (page.error().code == "person.not_found") return error_page(404, page.error().message);
          return refused_page(c, *id, page.error());
        }
        const Person& p = page->view.person;
        const auto& agencies = page->agencies;
        const auto& cats = page->view.categories;
        auto has = [&](InfoCategory x) {
          return std::find(cats.begin(), cats.end(), x) != cats.end();
        };
        std::string age;
        if (has(InfoCategory::kBasic) && is_valid_date(p.birth_date)) {
          Date now = p.registered_on;
          int years = now.year - p.birth_date.year -
                      ((now.month < p.birth_date.month ||
                        (now.month == p.birth_date.month && now.day < p.birth_date.day))
                           ? 1
                           : 0);
          age = std::to_string(years) + "歳（受付日現在）";
        }
        mstch::array referrals;
        for (const auto& r : page->referrals) {
          referrals.push_back(day(r.sent_on) + " " + agency_name(agencies, r.from) + " → " +
                              agency_name(agencies, r.to) + "（" +
                              std::string(referral_state_label(r.state)) + "）");
        }
        mstch::array needs;
        for (Need n : kAllNeeds) {
          bool marked = std::find(p.needs.begin(), p.needs.end(), n) != p.needs.end();
          needs.push_back(mstch::map{{"label", std::string(need_label(n))},
                                     {"mark", std::string(marked ? "■" : "□")}});
        }
        mstch::array supporters;
        for (const auto& x : page->supporters) {
          supporters.push_back(mstch::map{
              {"name", x.name.empty() ? agency_name(agencies, x.agency) : x.name},
              {"kind", std::string(supporter_kind_label(x.kind))},
              {"span", day(x.from) + " 〜 " + (x.until ? day(*x.until) : std::string("継続中"))}});
        }
        mstch::array goals, roles, checkpoints;
        std::string started;
        if (page->plan) {
          started = day(page->plan->started_on);
          for (const auto& g : page->plan->goals) goals.push_back(g);
          for (const auto& r : page->plan->roles)
            roles.push_back(mstch::map{{"who", r.who}, {"task", r.task}, {"due", day(r.due)}});
        }
        for (const auto& x : page->checkpoints) {
          checkpoints.push_back(mstch::map{
              {"kind",
               std::string(x.kind == CheckpointKind::kFollowUp ? "フォローアップ" : "進捗確認")},
              {"due", day(x.due_on)},
              {"done", day(x.done_on)}});
        }
        bool criminal = has(InfoCategory::kCriminal);
        mstch::map context{
            {"id", std::to_string(p.id.value)},
            {"registered_on", day(p.registered_on)},
            {"kana", p.kana},
            {"name", p.name},
            {"birth_date", has(InfoCategory::kBasic) ? day(p.birth_date) : std::string()},
            {"age", age},
            {"address", p.address},
            {"phone", p.phone},
            {"status", criminal ? std::string(person_status_label(p.status)) : std::string()},
            {"facility", p.facility},
            {"release", day(p.expected_release)},
            {"destination", p.destination},
            {"special", std::string(!criminal                ? ""
                                    : p.special_coordination ? "対象"
                                                             : "—")},
            {"entrance", std::string(!criminal            ? ""
                                     : p.entrance_support ? "対象"
                                                          : "—")},
            {"referrals", referrals},
            {"needs", needs},
            {"supporters", supporters},
            {"plan_started", started},
            {"goals", goals},
            {"roles", roles},
            {"checkpoints", checkpoints}};
        return html_response(200, render_page("case_print", p.name + "さんの支援記録（様式）",
                                              context, layout_for(c)));
      });

  add_page("POST", "/cases/{id}/read", route::AccessKind::kPermission, Permission::kCaseRead,
           [s](route::Context& c) {
             auto id = person_param(c);
             if (!id) return error_page(404, "指定された対象者は見つかりません。");
             auto f = route::form_fields(c.request);
             auto kind = parse_ground(f["ground"]);
             if (!kind) return error_page(400, "閲覧の根拠を選んでください。");
             return person_page(c, s.casework, *id, Ground{*kind, f["justification"]}, "", nullptr);
           });

  // A change that fails shows the person's page again with the reason; nothing was written.
  auto change = [s](route::Context& c, PersonId id, const auto& done, const char* notice) {
    if (!done) return person_page(c, s.casework, id, std::nullopt, "", &done.error());
    return redirect(back_to(id, notice));
  };

  add_page("POST", "/cases/{id}/consents", route::AccessKind::kPermission, Permission::kCaseWrite,
           [s, change](route::Context& c) {
             auto id = person_param(c);
             if (!id) return error_page(404, "指定された対象者は見つかりません。");
             auto f = route::form_fields(c.request);
             Consent x;
             x.person = *id;
             x.purpose = f["purpose"] == "statistics" ? ConsentPurpose::kStatistics
                                                      : ConsentPurpose::kSharing;
             x.state = f["state"] == "refused" ? ConsentState::kRefused : ConsentState::kGiven;
             x.given_on = date_field(f["given_on"]).value_or(Date{});
             x.method = f["method"];
             x.expires = date_field(f["expires"]);
             for (const auto& a : route::form_values(c.request, "agencies")) {
               if (auto v = route::parse_id(a)) x.scope.agencies.push_back(AgencyId{*v});
             }
             for (const auto& cat : route::form_values(c.request, "categories")) {
               if (auto v = parse_info_category(cat)) x.scope.categories.push_back(*v);
             }
             auto saved = s.cases.record_consent(c.actor, x);
             return change(c, *id, saved, "consent");
           });

  add_page("POST", "/cases/{id}/consents/{consent}/withdraw", route::AccessKind::kPermission,
           Permission::kCaseWrite, [s, change](route::Context& c) {
             auto id = person_param(c);
             auto consent = route::parse_id(c.request.param("consent"));
             if (!id || !consent) return error_page(404, "指定された同意は見つかりません。");
             auto f = route::form_fields(c.request);
             auto done = s.cases.withdraw_consent(c.actor, ConsentId{*consent},
                                                  date_field(f["withdrawn_on"]).value_or(Date{}));
             return change(c, *id, done, "withdrawn");
           });

  add_page("POST", "/cases/{id}/referrals", route::AccessKind::kPermission, Permission::kCaseWrite,
           [s, change](route::Context& c) {
             auto id = person_param(c);
             if (!id) return error_page(404, "指定された対象者は見つかりません。");
             auto f = route::form_fields(c.request);
             Referral r;
             r.person = *id;
             r.from = AgencyId{route::parse_id(f["from"]).value_or(0)};
             r.to = AgencyId{route::parse_id(f["to"]).value_or(0)};
             r.sent_on = date_field(f["sent_on"]).value_or(Date{});
             r.note = f["note"];
             auto sent = s.casework.send_referral(c.actor, r);
             return change(c, *id, sent, "referral");
           });

  add_page("POST", "/cases/{id}/referrals/{referral}", route::AccessKind::kPermission,
           Permission::kCaseRead, [s, change](route::Context& c) {
             auto id = person_param(c);
             auto referral = route::parse_id(c.request.param("referral"));
             if (!id || !referral) return error_page(404, "指定されたつなぎは見つかりません。");
             auto f = route::form_fields(c.request);
             auto action = parse_referral_action(f["action"]);
             if (!action) return error_page(400, "操作を選んでください。");
             auto done = s.casework.act_on_referral(
                 c.actor, ReferralId{*referral}, *action, route::parse_id(f["version"]).value_or(0),
                 date_field(f["on"]).value_or(Date{}), f["note"]);
             return change(c, *id, done, "answered");
           });

  add_page("POST", "/cases/{id}/plan", route::AccessKind::kPermission, Permission::kCaseWrite,
           [s, change](route::Context& c) {
             auto id = person_param(c);
             if (!id) return error_page(404, "指定された対象者は見つかりません。");
             auto f = route::form_fields(c.request);
             SupportPlan plan;
             plan.person = *id;
             for (auto line : split(f["goals"], '\n')) {
               auto t = trim(line);
               if (!t.empty()) plan.goals.emplace_back(t);
             }
             // Roles: one per line, "担い手｜役割｜期限(任意)".
             for (auto line : split(f["roles"], '\n')) {
               auto t = std::string(trim(line));
               if (t.empty()) continue;
               std::vector<std::string> parts;
               for (auto part : split(t, '|')) parts.emplace_back(trim(part));
               PlanRole role;
               role.who = parts.size() > 0 ? parts[0] : "";
               role.task = parts.size() > 1 ? parts[1] : "";
               if (parts.size() > 2) role.due = date_field(parts[2]);
               plan.roles.push_back(std::move(role));
             }
             plan.started_on = date_field(f["started_on"]).value_or(Date{});
             auto saved =
                 s.casework.save_plan(c.actor, plan, route::parse_id(f["version"]).value_or(0));
             return change(c, *id, saved, "plan");
           });

  add_page("POST", "/cases/{id}/plan/close", route::AccessKind::kPermission, Permission::kCaseWrite,
           [s, change](route::Context& c) {
             auto id = person_param(c);
             if (!id) return error_page(404, "指定された対象者は見つかりません。");
             auto f = route::form_fields(c.request);
             auto closed =
                 s.casework.close_plan(c.actor, *id, date_field(f["closed_on"]).value_or(Date{}),
                                       f["reason"], route::parse_id(f["version"]).value_or(0));
             return change(c, *id, closed, "closed");
           });

  add_page("POST", "/cases/{id}/reviews", route::AccessKind::kPermission, Permission::kCaseWrite,
           [s, change](route::Context& c) {
             auto id = person_param(c);
             if (!id) return error_page(404, "指定された対象者は見つかりません。");
             auto f = route::form_fields(c.request);
             auto r =
                 s.casework.schedule_review(c.actor, *id, date_field(f["due_on"]).value_or(Date{}));
             return change(c, *id, r, "review");
           });

  add_page("POST", "/cases/{id}/checkpoints/{checkpoint}", route::AccessKind::kPermission,
           Permission::kCaseWrite, [s, change](route::Context& c) {
             auto id = person_param(c);
             auto checkpoint = route::parse_id(c.request.param("checkpoint"));
             if (!id || !checkpoint) return error_page(404, "指定された予定は見つかりません。");
             auto f = route::form_fields(c.request);
             std::optional<bool> local;
             if (f["local"] == "yes") local = true;
             if (f["local"] == "no") local = false;
             auto r = s.casework.complete_checkpoint(c.actor, CheckpointId{*checkpoint},
                                                     date_field(f["done_on"]).value_or(Date{}),
                                                     f["note"], local);
             return change(c, *id, r, "checkpoint");
           });

  add_page("POST", "/cases/{id}/supporters", route::AccessKind::kPermission, Permission::kCaseWrite,
           [s, change](route::Context& c) {
             auto id = person_param(c);
             if (!id) return error_page(404, "指定された対象者は見つかりません。");
             auto f = route::form_fields(c.request);
             Supporter x;
             x.person = *id;
             x.kind = parse_supporter_kind(f["kind"]).value_or(SupporterKind::kOther);
             x.formal = f["formal"] == "1";
             x.local = f["local"] == "1";
             x.name = f["name"];
             x.from = date_field(f["from"]).value_or(Date{});
             auto r = s.casework.add_supporter(c.actor, x);
             return change(c, *id, r, "supporter");
           });

  add_page("GET", "/cases/{id}/meetings/new", route::AccessKind::kPermission,
           Permission::kCaseWrite, [s](route::Context& c) {
             auto id = person_param(c);
             if (!id) return error_page(404, "指定された対象者は見つかりません。");
             return meeting_form(c, s.cases, *id, {}, {}, nullptr);
           });

  add_page("POST", "/cases/{id}/meetings", route::AccessKind::kPermission, Permission::kCaseWrite,
           [s](route::Context& c) {
             auto id = person_param(c);
             if (!id) return error_page(404, "指定された対象者は見つかりません。");
             auto f = route::form_fields(c.request);
             Meeting m;
             m.kind = parse_meeting_kind(f["kind"]).value_or(MeetingKind::kCaseConference);
             m.person = *id;
             m.held_on = date_field(f["held_on"]).value_or(Date{});
             m.agenda = f["agenda"];
             m.decisions = f["decisions"];
             const bool acknowledged = f["confidentiality"] == "1";
             for (const auto& a : route::form_values(c.request, "agencies")) {
               if (auto v = route::parse_id(a))
                 m.members.push_back({AgencyId{*v}, std::nullopt, "", acknowledged});
             }
             for (auto line : split(f["others"], '\n')) {
               auto t = trim(line);
               if (!t.empty())
                 m.members.push_back({std::nullopt, std::nullopt, std::string(t), acknowledged});
             }
             for (auto line : split(f["actions"], '\n')) {
               auto t = std::string(trim(line));
               if (t.empty()) continue;
               std::vector<std::string> parts;
               for (auto part : split(t, '|')) parts.emplace_back(trim(part));
               ActionItem a{parts.size() > 0 ? parts[0] : "", parts.size() > 1 ? parts[1] : "",
                            parts.size() > 2 ? date_field(parts[2]) : std::nullopt, false};
               m.actions.push_back(std::move(a));
             }
             auto r = s.casework.record_meeting(c.actor, m);
             if (!r) {  // the minutes stay on the form with the reason
               return meeting_form(c, s.cases, *id, f, route::form_values(c.request, "agencies"),
                                   &r.error());
             }
             return redirect(back_to(*id, "meeting"));
           });
}

}  // namespace tsunagu::web
