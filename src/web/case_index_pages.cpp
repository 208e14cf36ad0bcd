// The case pages that are about no one person: the search (no list without a query), the
// entry of the 個人情報ファイル簿 (register of the personal-information file), and the reviews,
// follow-ups and placement follow-ups that are due.
#include <algorithm>

#include "core/text.hpp"
#include "route/decode.hpp"
#include "route/table.hpp"
#include "web/case_page_support.hpp"
#include "web/case_pages.hpp"
#include "web/page_support.hpp"
#include "web/render.hpp"

namespace tsunagu::web {

using route::Context;
// File-local names live in a namespace named after the file (inside `cases`, whose helpers it
// uses), so unity batches can join files.
namespace cases::case_index_pages {
namespace {

using Deps = CasePageServices;

http::Response search(const Deps& s, Context& c) {
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
  return html_response(200, render_page("cases_search", "対象者の検索", context, layout_for(c)));
}

// What the register lists as the file's items (個人情報ファイル簿の記録項目).
mstch::array register_items() {
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
  return items;
}

http::Response file_register(const Deps& s, Context& c) {
  auto summary = s.cases.file_summary(c.actor);
  if (!summary) return error_page(summary.error());
  std::string office = c.session && !c.session->user.department_name.empty()
                           ? c.session->user.department_name
                           : std::string("多機関協働の担当課");
  mstch::map context{{"municipality", summary->municipality},
                     {"office", office},
                     {"items", register_items()},
                     {"persons", std::to_string(summary->persons)},
                     {"agencies", std::to_string(summary->agencies)}};
  return html_response(
      200, render_page("case_register", "個人情報ファイル簿の記載事項", context, layout_for(c)));
}

struct DueRow {
  Date due_on;
  mstch::map item;
};

DueRow checkpoint_row(const service::DueItem& d) {
  bool follow = d.checkpoint.kind == CheckpointKind::kFollowUp;
  return {d.checkpoint.due_on,
          mstch::map{{"person", std::to_string(d.checkpoint.person.value)},
                     {"href", std::string()},
                     {"name", d.person_name},
                     {"kind", std::string(follow ? "フォローアップ" : "進捗確認")},
                     {"due_on", day(d.checkpoint.due_on)},
                     {"overdue", d.overdue}}};
}

// 参加支援: follow-ups with the person and with the host after a placement.
DueRow placement_row(const store::PlacementDue& d, Date today) {
  return {d.due_on, mstch::map{{"person", std::to_string(d.person.value)},
                               {"href", std::string("/resources")},
                               {"name", d.person_name},
                               {"kind", "参加支援の確認（" + d.resource_name + "・" +
                                            std::string(follow_up_with_label(d.with)) + "）"},
                               {"due_on", day(d.due_on)},
                               {"overdue", d.due_on < today}}};
}

http::Response due(const Deps& s, Context& c) {
  auto due = s.casework.due(c.actor, 14);
  if (!due) return error_page(due.error());
  std::vector<DueRow> rows;
  for (const auto& d : *due) rows.push_back(checkpoint_row(d));
  const Date today = s.resources.today();
  if (auto placed = s.resources.due_follow_ups(c.actor, 14)) {
    for (const auto& d : *placed) rows.push_back(placement_row(d, today));
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const DueRow& a, const DueRow& b) { return a.due_on < b.due_on; });
  mstch::array items;
  for (auto& r : rows) items.push_back(std::move(r.item));
  mstch::map context{{"items", items}, {"empty", items.empty()}};
  return html_response(200, render_page("cases_due", "予定の確認（期限が近いもの・過ぎたもの）",
                                        context, layout_for(c)));
}

// clang-format off
constexpr route::Row<Deps> kPages[] = {
    {"GET", "/cases",          route::need(Permission::kCaseRead),  search},
    {"GET", "/cases/register", route::need(Permission::kCaseAdmin), file_register},
    {"GET", "/cases/due",      route::need(Permission::kCaseWrite), due},
};
// clang-format on

}  // namespace
}  // namespace cases::case_index_pages

void add_case_index_pages(const route::AddRoute& add_page, const CasePageServices& s) {
  route::add_table(add_page, s, cases::case_index_pages::kPages);
}

}  // namespace tsunagu::web
