#include "cli/demo.hpp"

namespace tsunagu::cli {
namespace {

struct DemoItem {
  const char* code;
  std::vector<std::string> departments;
  std::vector<std::string> directions;
  const char* end_target;
  std::vector<std::string> budget_projects;
  const char* work[3];  // R6, R7, R8
  std::int64_t cost[3];
};

const DemoItem kItems[] = {
    {"4-4-2",
     {"福祉政策課", "住宅課"},
     {"居住支援協議会と連携し、入居を拒まれにくい住まいの情報を集める",
      "更生保護施設・自立準備ホームを出た後の住まいへつなぐ"},
     "出所（院）後に住まいの相談を受けた人の全員に、相談から1か月以内に住まいの候補を示す。",
     {"居住支援協議会運営事業", "住宅確保要配慮者専用賃貸住宅改修費補助"},
     {"居住支援協議会で保護観察所との情報交換の場を設ける。", "協力的な不動産事業者の名簿を作る。",
      "名簿を使った入居支援を始める。"},
     {1200, 1500, 1500}},
    {"5-4-1",
     {"福祉政策課"},
     {"市職員と福祉関係機関の職員が再犯防止の基礎を学ぶ研修を毎年行う"},
     "市職員と市内福祉関係機関の職員、延べ300人が研修を受講する。",
     {"再犯防止推進事業（研修）"},
     {"保護観察所の講師による職員研修を1回行う。", "福祉関係機関向けの研修を加え、年2回行う。",
      "事例検討を中心とした研修を年2回行う。"},
     {150, 300, 300}},
    {"5-4-4",
     {"福祉政策課", "社会福祉課"},
     {"矯正施設・保護観察所・地域生活定着支援センターとの連絡会を持つ",
      "釈放前からのケース会議に市の担当者が参加する"},
     "出口支援の対象となった人について、釈放前のケース会議に市が必ず参加する。",
     {"再犯防止推進事業（連携会議）"},
     {"関係機関連絡会を年2回開く。", "釈放前ケース会議への参加手順を定める。",
      "手順に沿って全件に参加する。"},
     {80, 80, 120}},
};

const char* const kResultsR6[] = {
    "居住支援協議会で保護観察所と2回情報交換を行い、相談窓口の案内を共有した。",
    "職員研修を1回行い、42人が受講した。",
    "関係機関連絡会を2回開き、出口支援の連絡窓口を確認した。",
};

// Which 施策 of seed 000 each of seed 003's projects serves, so the plan reads 基本目標 → 施策 →
// 事業.
const std::pair<const char*, const char*> kProjectPolicies[] = {
    {"協力雇用主の支援・拡大及び求人情報の提供", "3-4-1"},
    {"生活困窮者自立支援事業の活用", "4-4-3"},
    {"市営住宅の受け入れ", "4-4-2"},
    {"生活保護", "4-4-3"},
    {"高齢者支援の実施", "4-4-3"},
    {"障がい者支援の実施", "4-4-3"},
    {"更生保護活動に取り組みやすい環境づくり", "4-4-1"},
    {"関係機関などとの福祉に関する情報の共有", "5-4-4"},
    {"情報交換会の実施", "5-4-4"},
    {"「社会を明るくする運動」の広報・周知", "2-4-1"},
    {"薬物乱用防止啓発活動の推進", "2-4-2"},
    {"更生保護活動に関する情報の周知", "2-4-1"},
};

}  // namespace

Status seed_demo_project_links(Wiring& w, const service::Actor& actor, const std::string& plan) {
  auto projects = w.progress.projects(actor, plan);
  if (!projects) return projects.error();
  for (const auto& [name, code] : kProjectPolicies) {
    for (const auto& [project, category] : *projects) {
      if (project.name != name) continue;
      if (auto linked = w.progress.link_policy(actor, project.id, code); !linked)
        return linked.error();
    }
  }
  return Ok{};
}

Status seed_demo_implementation(Wiring& w, const service::Actor& actor, const std::string& plan) {
  if (auto first = w.implementation.create_revision(actor, plan, FiscalYear(2024)); !first)
    return first.error();
  for (const auto& item : kItems) {
    service::ItemPatch patch;
    patch.departments = item.departments;
    patch.directions = item.directions;
    patch.end_target = item.end_target;
    patch.budget_projects = item.budget_projects;
    for (int i = 0; i < 3; ++i) {
      patch.years.push_back({FiscalYear(2024 + i), item.work[i], item.cost[i], std::nullopt});
    }
    if (auto updated =
            w.implementation.update_item(actor, plan, FiscalYear(2024), item.code, patch);
        !updated)
      return updated.error();
  }
  // 令和7年7月改定: R6's results, a target raised, and R9 planned.
  if (auto second = w.implementation.create_revision(actor, plan, FiscalYear(2025)); !second)
    return second.error();
  for (std::size_t i = 0; i < std::size(kItems); ++i) {
    service::ItemPatch patch;
    patch.years.push_back({FiscalYear(2024), std::nullopt, std::nullopt, kResultsR6[i]});
    patch.years.push_back({FiscalYear(2027), "前年度の取組を評価し、内容を見直して続ける。",
                           kItems[i].cost[2], std::nullopt});
    if (i == 1) patch.end_target = "市職員と市内福祉関係機関の職員、延べ400人が研修を受講する。";
    if (auto updated =
            w.implementation.update_item(actor, plan, FiscalYear(2025), kItems[i].code, patch);
        !updated)
      return updated.error();
  }
  return Ok{};
}

}  // namespace tsunagu::cli
