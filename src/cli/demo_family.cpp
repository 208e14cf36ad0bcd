// The demo's 基本計画: Komae's あいとぴあレインボープラン of seed 001 — a 基本理念 (written for
// the demo: the seed gives none), the five shared goals of §8(2), the six plans with §8's
// example policies under goal 1, seed 000's 再犯防止計画 as plan 4, and §10's 実施計画 item
// 1-1-1 (重層的支援体制) beside the 再犯防止計画's.
#include "cli/demo.hpp"

namespace tsunagu::cli {
namespace demo_family {
namespace {

constexpr const char* kGoals[] = {
    "一人ひとりの状況に合わせた切れ目がない相談支援", "「つながり」を実感できる地域づくり",
    "社会参加を進めるシステムづくり", "総合的で切れ目のない生活支援システムづくり",
    "多機関で協働して支援に当たる体制の構築"};

constexpr const char* kPhilosophy =
    "【デモ用の文】だれもが個人として尊重され、ささえあい、ともに生きる地域共生のまち・狛江"
    "（seed 001 は基本理念の文言を示していないため、デモのために書いた文です）";

struct DemoMember {
  int position;
  const char* name;
  std::vector<PlanTerm> terms;
  const char* table;  // CSV with a header row, goal 1's policies (§8, §9); empty for plan 4
};

// §8(1)'s example policies (one per plan under goal 1) and §9's 重層計画 priority policy.
const DemoMember kMembers[] = {
    {1,
     "地域福祉計画",
     {},
     "基本目標,No.,施策\n"
     "基本目標1 "
     "一人ひとりの状況に合わせた切れ目がない相談支援,1,生活困窮者の自立支援を行います。\n"},
    {2,
     "高齢者計画",
     {{"介護保険事業計画", "第9期", FiscalYear(2024), FiscalYear(2026)},
      {"介護保険事業計画", "第10期", FiscalYear(2027), FiscalYear(2029)}},
     "基本目標,No.,施策\n"
     "基本目標1 一人ひとりの状況に合わせた切れ目がない相談支援,1,"
     "地域包括支援センターの総合相談支援機能を発揮できるようにします。\n"},
    {3,
     "障がい者計画",
     {{"障がい福祉・障がい児福祉計画", "第7期・第3期", FiscalYear(2024), FiscalYear(2026)},
      {"障がい福祉・障がい児福祉計画", "第8期・第4期", FiscalYear(2027), FiscalYear(2029)}},
     "基本目標,No.,施策\n"
     "基本目標1 "
     "一人ひとりの状況に合わせた切れ目がない相談支援,1,基幹相談支援センターを設置します。\n"},
    {4, "再犯防止計画", {}, ""},
    {5,
     "成年後見計画",
     {},
     "基本目標,No.,施策\n"
     "基本目標1 一人ひとりの状況に合わせた切れ目がない相談支援,1,"
     "意思決定支援を重視した相談支援を充実させます。\n"},
    {6,
     "重層計画",
     {},
     "基本目標,No.,施策,重点施策,施策の将来像,施策の方向性,主な事業例\n"
     "基本目標1 一人ひとりの状況に合わせた切れ目がない相談支援,1,"
     "複雑化・複合化した課題に対応できる包括的な切れ目のない相談支援体制の整備を進めます。,"
     "重点施策,"
     "庁内各課、関係機関が連携を図り、既存の相談支援の取組を活かしつつ、新たな事業を実施することに"
     "より、市民の複雑化・複合化した支援ニーズに対応する包括的支援体制が構築されている。,"
     "\"つなぐシートを活用し、複雑化・複合化した課題を抱える市民、その家族に対する支援を届けます。"
     "\n"
     "伴走支援を行うアウトリーチ型相談支援を強化します。\n"
     "相談支援業務の標準化、DXを推進することにより、業務の効率化を図り、庁内各課、関係機関の連携を"
     "強化します。\",\"つなぐシート事業の拡大\n"
     "生活困窮者自立支援事業（アウトリーチ支援事業）の対象者の拡大\n"
     "AIを活用した相談支援システムの導入\"\n"
     "基本目標1 一人ひとりの状況に合わせた切れ目がない相談支援,2,"
     "ひきこもり相談窓口を設置し、周知します。,,,,\n"},
};

// §10's item: the 重層計画's priority policy 1-6-1, which the plan office cites as 1-1-1.
constexpr const char* kIntegratedPolicy = "1-6-1";
constexpr const char* kIntegratedItem = "1-1-1";

}  // namespace
}  // namespace demo_family

Status seed_demo_family(app::Application& w, const service::Actor& actor, const std::string& family,
                        std::string_view reentry_table) {
  using namespace demo_family;
  FamilyHeader header{family, FiscalYear(2024), FiscalYear(2029), kPhilosophy, {}};
  for (int i = 0; i < 5; ++i) header.goals.push_back({{}, i + 1, kGoals[i], {}});
  if (auto id = w.plans.create_family(actor, header, EvaluationScale::ena_default()); !id)
    return id.error();
  for (const auto& m : kMembers) {
    service::MemberEdit edit{family, m.name, "", m.position, std::nullopt, std::nullopt, m.terms};
    if (auto saved = w.plans.save_member(actor, edit); !saved) return saved.error();
    service::PolicyTableImport request{m.name, std::nullopt, std::nullopt, m.position};
    request.family_name = family;
    std::string_view table = reentry_table;
    if (*m.table != '\0') {
      request.file_name = "demo.csv";
      table = m.table;
    }
    if (auto imported = w.plans.import_policy_table(actor, request, table); !imported)
      return imported.error();
  }
  return Ok{};
}

Status seed_demo_integrated_item(app::Application& w, const service::Actor& actor,
                                 const std::string& plan, FiscalYear revision) {
  using namespace demo_family;
  service::ItemPatch patch;
  if (revision == FiscalYear(2024)) {
    patch.code = kIntegratedItem;
    patch.departments = {{"福祉政策課", "福祉相談課", "高齢障がい課", "健康推進課"}};
    patch.directions = {
        {"重層的支援体制整備事業の実施に向けて、分野を超えて地域生活課題について総合的に相談に応じ"
         "、"
         "関連機関と連携して複雑化・複合化した課題を解決するための包括的相談支援体制を整備します。",
         "多様な方法・主体による情報提供を行います。", "アウトリーチ型相談支援を実施します。",
         "包括的な相談に対応できる体制を整備するため、市内各相談窓口や市内外の関係機関との情報共有"
         "・"
         "連携を推進するとともに、様々な相談ができる各種相談窓口の周知を進めます。"}};
    patch.end_target =
        "既存の相談支援の取組を活かしつつ、重層的支援体制整備事業の実施により、市民の複雑化・複合化"
        "した支援ニーズに対応する包括的支援体制が構築されている。";
    patch.budget_projects = {
        {"コミュニティ・ソーシャルワーカー事業", "多世代・多機能型交流拠点運営事業"}};
    const char* work[] = {
        "コミュニティ・ソーシャルワーカーによる地域づくり\n福祉カレッジの開催\n"
        "福祉のまちづくり協議委員会・協議会による地域アセスメント\n多世代交流拠点での多世代交流",
        "コミュニティ・ソーシャルワーカーによる地域づくり\n福祉カレッジのカリキュラムの改定\n"
        "地域アセスメントを踏まえた課題解決\n多世代交流拠点での多世代交流",
        "コミュニティ・ソーシャルワーカーによる地域づくり\n福祉カレッジのカリキュラムの改定\n"
        "地域アセスメントを踏まえた課題解決\n多世代交流拠点での多世代交流"};
    for (int i = 0; i < 3; ++i)
      patch.years.push_back({FiscalYear(2024 + i), work[i], std::nullopt, std::nullopt});
    auto updated = w.implementation.update_item(actor, plan, revision, kIntegratedPolicy, patch);
    if (!updated) return updated.error();
    return Ok{};
  }
  patch.years.push_back(
      {FiscalYear(2024), std::nullopt, std::nullopt,
       "日常生活圏域ごとに配置されたコミュニティ・ソーシャルワーカーが地域づくりを行った。\n"
       "福祉カレッジ2024を全6回開催し、28人の市民が修了した（デモ用の数値）。\n"
       "福祉のまちづくり委員会ごとに地域アセスメントを実施した。"});
  patch.years.push_back({FiscalYear(2027),
                         "コミュニティ・ソーシャルワーカーによる地域づくり\n"
                         "地域アセスメントを踏まえた課題解決",
                         std::nullopt, std::nullopt});
  auto updated = w.implementation.update_item(actor, plan, revision, kIntegratedItem, patch);
  if (!updated) return updated.error();
  return Ok{};
}

}  // namespace tsunagu::cli
