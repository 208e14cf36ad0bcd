#include "cli/demo.hpp"

#include "core/casework.hpp"

namespace tsunagu::cli {
namespace demo {
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
}  // namespace demo

Status seed_demo_project_links(app::Application& w, const service::Actor& actor,
                               const std::string& plan) {
  using namespace demo;
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

Status seed_demo_implementation(app::Application& w, const service::Actor& actor,
                                const std::string& plan) {
  using namespace demo;
  if (auto first = w.implementation.create_revision(actor, plan, FiscalYear(2024)); !first)
    return first.error();
  if (auto item = seed_demo_integrated_item(w, actor, plan, FiscalYear(2024)); !item) return item;
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
  if (auto item = seed_demo_integrated_item(w, actor, plan, FiscalYear(2025)); !item) return item;
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

namespace demo {
namespace {

struct DemoAgency {
  const char* name;
  AgencyKind kind;
};

const DemoAgency kAgencies[] = {
    {"狛江市福祉相談課", AgencyKind::kMunicipality},
    {"架空保護観察所", AgencyKind::kProbationOffice},
    {"架空刑務所", AgencyKind::kCorrectionalFacility},
    {"架空地域生活定着支援センター", AgencyKind::kSettlementCenter},
    {"狛江市社会福祉協議会（デモ）", AgencyKind::kSocialWelfareCouncil},
    {"狛江地区保護司会", AgencyKind::kVolunteerProbation},
    {"架空ダルク", AgencyKind::kSelfHelpGroup},
};

Result<AgencyId> agency_named(app::Application& w, const service::Actor& actor,
                              const std::string& name) {
  auto all = w.cases.agencies(actor);
  if (!all) return all.error();
  for (const auto& a : *all) {
    if (a.name == name) return a.id;
  }
  return make_error(ErrorKind::kNotFound, "agency.not_found",
                    "デモの機関「" + name + "」がありません。");
}

// Unwraps a Result inside a function returning Status.
#define DEMO_TRY(var, expr) \
  auto var = (expr);        \
  if (!var) return var.error()

}  // namespace
}  // namespace demo

Status seed_demo_agencies(app::Application& w, const service::Actor& actor) {
  using namespace demo;
  for (const auto& a : kAgencies) {
    DEMO_TRY(added, w.cases.add_agency(actor, a.name, a.kind));
  }
  return Ok{};
}

namespace demo {
namespace {

// The demo agencies the cases involve, looked up by name once.
struct DemoCaseAgencies {
  AgencyId city, probation, prison, center, hogoshi, darc;
};

Result<DemoCaseAgencies> demo_case_agencies(app::Application& w, const service::Actor& actor) {
  AgencyId ids[6];
  const char* names[6] = {"狛江市福祉相談課", "架空保護観察所",
                          "架空刑務所",       "架空地域生活定着支援センター",
                          "狛江地区保護司会", "架空ダルク"};
  for (int i = 0; i < 6; ++i) {
    auto id = agency_named(w, actor, names[i]);
    if (!id) return id.error();
    ids[i] = *id;
  }
  return DemoCaseAgencies{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]};
}

// 1. 架空 一郎: 特別調整, referred before release in 2024, supported, closed in 2025.
Result<PersonId> seed_demo_ichiro(app::Application& w, const service::Actor& actor,
                                  const DemoCaseAgencies& a) {
  Person ichiro;
  ichiro.name = "架空 一郎";
  ichiro.kana = "かくう いちろう";
  ichiro.birth_date = {1956, 7, 7};
  ichiro.registered_on = {2024, 5, 10};
  ichiro.status = PersonStatus::kReleased;
  ichiro.facility = "架空刑務所";
  ichiro.expected_release = Date{2024, 8, 20};
  ichiro.destination = "狛江市（更生保護施設を経て市内のアパート）";
  ichiro.needs = {Need::kHousing, Need::kPublicAssistance, Need::kElderly};
  ichiro.special_coordination = SpecialCoordination{true, true, true, true, true, true};
  DEMO_TRY(p1, w.cases.register_person(actor, ichiro, true));
  Consent sharing;
  sharing.person = p1->id;
  sharing.given_on = {2024, 5, 20};
  sharing.method = "書面（矯正施設内で本人が署名）";
  sharing.scope.agencies = {a.probation, a.prison, a.center, a.hogoshi};
  sharing.scope.categories.assign(std::begin(kAllInfoCategories), std::end(kAllInfoCategories));
  sharing.expires = Date{2026, 3, 31};
  DEMO_TRY(c1, w.cases.record_consent(actor, sharing));
  Consent statistics;
  statistics.person = p1->id;
  statistics.purpose = ConsentPurpose::kStatistics;
  statistics.given_on = {2024, 5, 20};
  statistics.method = "書面";
  DEMO_TRY(s1, w.cases.record_consent(actor, statistics));
  return p1->id;
}

// 一郎's referral to the settlement centre and the case conference before his release.
Status seed_demo_ichiro_referral(app::Application& w, const service::Actor& actor,
                                 const DemoCaseAgencies& a, PersonId p1) {
  Referral r1{{}, p1, a.city, a.center};
  r1.sent_on = {2024, 5, 22};
  r1.note = "釈放後の住まいと生活保護の調整を依頼";
  DEMO_TRY(sent1, w.casework.send_referral(actor, r1));
  DEMO_TRY(acc1, w.casework.act_on_referral(actor, sent1->id, ReferralAction::kAccept, 1,
                                            Date{2024, 5, 27}));
  Meeting conference;
  conference.kind = MeetingKind::kCaseConference;
  conference.person = p1;
  conference.held_on = {2024, 6, 12};
  conference.members = {MeetingMember{a.prison, std::nullopt, "", false},
                        MeetingMember{a.probation, std::nullopt, "", false},
                        MeetingMember{a.center, std::nullopt, "", false},
                        MeetingMember{a.city, std::nullopt, "福祉相談課 鈴木（デモ）", false}};
  conference.agenda = "釈放前ケース会議: 帰住先、生活保護の申請、通院先";
  conference.decisions = "更生保護施設を経て市内のアパートへ。釈放当日に福祉相談課が同行する。";
  conference.actions = {{"福祉相談課", "生活保護の申請に同行", Date{2024, 8, 20}, true},
                        {"定着支援センター", "アパートの候補を探す", Date{2024, 8, 1}, true}};
  DEMO_TRY(m1, w.casework.record_meeting(actor, conference));
  return Ok{};
}

// 一郎's support plan, his supporters, a review, and the plan closed once he settled.
Status seed_demo_ichiro_support(app::Application& w, const service::Actor& actor,
                                const DemoCaseAgencies& a, PersonId p1) {
  SupportPlan plan1;
  plan1.person = p1;
  plan1.goals = {"釈放後3か月以内に市内で住まいを確保する", "地域の居場所につながる"};
  plan1.roles = {{a.center, "架空地域生活定着支援センター", "住まいの確保", Date{2024, 11, 30}},
                 {a.city, "福祉相談課", "生活保護の申請と通院の同行", Date{2024, 9, 30}},
                 {a.hogoshi, "保護司", "月1回の面接", std::nullopt}};
  plan1.started_on = {2024, 6, 12};
  DEMO_TRY(saved1, w.casework.save_plan(actor, plan1, 0));
  Supporter sup1{{}, p1, SupporterKind::kAgency, true, true, "福祉相談課"};
  sup1.agency = a.city;
  sup1.from = {2024, 5, 10};
  DEMO_TRY(added1, w.casework.add_supporter(actor, sup1));
  Supporter sup2{{}, p1, SupporterKind::kVolunteerProbation, false, true, "保護司（デモ）"};
  sup2.from = {2024, 8, 20};
  DEMO_TRY(added2, w.casework.add_supporter(actor, sup2));
  Supporter sup3{{}, p1, SupporterKind::kVolunteer, false, true, "地域サロンの世話人（デモ）"};
  sup3.from = {2024, 12, 1};
  DEMO_TRY(added3, w.casework.add_supporter(actor, sup3));
  DEMO_TRY(review1, w.casework.schedule_review(actor, p1, Date{2024, 10, 15}));
  DEMO_TRY(done1, w.casework.complete_checkpoint(actor, review1->id, Date{2024, 10, 15},
                                                 "アパートに転居。通院が続いている。", {}));
  DEMO_TRY(closed1,
           w.casework.close_plan(actor, p1, Date{2025, 3, 15},
                                 "住まいと生活が安定し、地域の支えができた", saved1->version));
  return Ok{};
}

// 2. 架空 二郎: 入口支援, discussed at a 支援会議 before he consented; now in support.
Status seed_demo_jiro(app::Application& w, const service::Actor& actor, const DemoCaseAgencies& a) {
  Person jiro;
  jiro.name = "架空 二郎";
  jiro.kana = "かくう じろう";
  jiro.birth_date = {1988, 2, 14};
  jiro.registered_on = {2025, 4, 8};
  jiro.status = PersonStatus::kProbation;
  jiro.needs = {Need::kEmployment, Need::kAddiction};
  jiro.entrance_support = true;
  DEMO_TRY(p2, w.cases.register_person(actor, jiro, true));
  Meeting support;
  support.kind = MeetingKind::kSupportMeeting;
  support.person = p2->id;
  support.held_on = {2025, 4, 15};
  support.members = {MeetingMember{a.city, std::nullopt, "福祉相談課（デモ）", true},
                     MeetingMember{a.darc, std::nullopt, "", true}};
  support.agenda = "同意が得られていない段階での関わり方";
  support.decisions = "ダルクのスタッフが面談し、支援への同意を本人に確かめる。";
  DEMO_TRY(m2, w.casework.record_meeting(actor, support));
  Consent sharing2;
  sharing2.person = p2->id;
  sharing2.given_on = {2025, 5, 1};
  sharing2.method = "書面";
  sharing2.scope.agencies = {a.darc, a.probation};
  sharing2.scope.categories = {InfoCategory::kBasic, InfoCategory::kHealth, InfoCategory::kLiving,
                               InfoCategory::kSupport};
  DEMO_TRY(c2, w.cases.record_consent(actor, sharing2));
  SupportPlan plan2;
  plan2.person = p2->id;
  plan2.goals = {"自助グループに週1回通う", "協力雇用主のもとで働き始める"};
  plan2.roles = {{a.darc, "架空ダルク", "ミーティングへの参加の支え", std::nullopt}};
  plan2.started_on = {2025, 5, 1};
  DEMO_TRY(saved2, w.casework.save_plan(actor, plan2, 0));
  DEMO_TRY(review2, w.casework.schedule_review(actor, p2->id, Date{2025, 11, 30}));
  return Ok{};
}

// 3. 架空 花子: in custody, registered, no consent yet — only the coordinator sees her.
Status seed_demo_hanako(app::Application& w, const service::Actor& actor) {
  Person hanako;
  hanako.name = "架空 花子";
  hanako.kana = "かくう はなこ";
  hanako.birth_date = {1975, 11, 3};
  hanako.registered_on = {2025, 9, 1};
  hanako.status = PersonStatus::kInCustody;
  hanako.facility = "架空刑務所";
  hanako.expected_release = Date{2026, 2, 10};
  hanako.needs = {Need::kHousing, Need::kFamily};
  DEMO_TRY(p3, w.cases.register_person(actor, hanako, true));
  return Ok{};
}

}  // namespace
}  // namespace demo

Status seed_demo_cases(app::Application& w, const service::Actor& actor) {
  using namespace demo;
  DEMO_TRY(agencies, demo_case_agencies(w, actor));
  DEMO_TRY(ichiro, seed_demo_ichiro(w, actor, *agencies));
  if (auto referred = seed_demo_ichiro_referral(w, actor, *agencies, *ichiro); !referred)
    return referred;
  if (auto supported = seed_demo_ichiro_support(w, actor, *agencies, *ichiro); !supported)
    return supported;
  if (auto jiro = seed_demo_jiro(w, actor, *agencies); !jiro) return jiro;
  return seed_demo_hanako(w, actor);
}

namespace demo {
namespace {

struct DemoResource {
  ResourceKind kind;
  const char* name;
  const char* kana;
  const char* services;
  const char* eligibility;
  const char* phone;
  const char* hours;
  std::vector<Topic> topics;
  std::optional<int> capacity;
  bool is_public;
};

// Every name, address and number here is fictional (電話番号は 03-0000 の架空番号).
const DemoResource kDemoResources[] = {
    {ResourceKind::kConsultationWindow,
     "福祉総合相談窓口（デモ）",
     "ふくしそうごうそうだんまどぐち",
     "生活・仕事・お金・家族など、どんな困りごとでも受け付けて、必要な支援につなぎます。",
     "市内にお住まいの方とそのご家族",
     "03-0000-0101",
     "9:00〜17:00",
     {Topic::kGeneral, Topic::kMoney, Topic::kFamily},
     std::nullopt,
     true},
    {ResourceKind::kConsultationWindow,
     "生活困窮者自立相談支援窓口（デモ）",
     "せいかつこんきゅうしゃじりつそうだん",
     "家計の見直し、住居確保給付金、就労準備支援の相談。",
     "生活にお困りの方",
     "03-0000-0102",
     "9:00〜17:00",
     {Topic::kMoney, Topic::kWork, Topic::kHousing},
     std::nullopt,
     true},
    {ResourceKind::kProbationOffice,
     "架空保護観察所",
     "かくうほごかんさつしょ",
     "保護観察、更生緊急保護、協力雇用主の相談。",
     "保護観察中の方、協力雇用主を希望する事業主",
     "03-0000-0201",
     "8:30〜17:15",
     {Topic::kGeneral, Topic::kWork},
     std::nullopt,
     true},
    {ResourceKind::kHelloWork,
     "架空ハローワーク",
     "かくうはろーわーく",
     "職業相談・職業紹介。刑務所出所者等就労支援事業。",
     "仕事を探している方",
     "03-0000-0301",
     "8:30〜17:15",
     {Topic::kWork},
     std::nullopt,
     true},
    {ResourceKind::kCorrework,
     "コレワーク（デモ）",
     "これわーく",
     "受刑者等の雇用を考える事業主への情報提供と相談。",
     "事業主",
     "03-0000-0302",
     "9:00〜17:00",
     {Topic::kWork},
     std::nullopt,
     true},
    {ResourceKind::kHousingCouncil,
     "架空市居住支援協議会 住まい探し相談",
     "かくうしきょじゅうしえん",
     "民間賃貸住宅への入居の相談、見守りサービスの紹介。",
     "住まい探しにお困りの方",
     "03-0000-0401",
     "10:00〜16:00",
     {Topic::kHousing, Topic::kCare},
     std::nullopt,
     true},
    {ResourceKind::kSelfRelianceHome,
     "架空自立準備ホーム",
     "かくうじりつじゅんびほーむ",
     "帰る場所のない出所者等の一時的な住まいと生活指導。",
     "保護観察所から委託された方",
     "03-0000-0402",
     "",
     {Topic::kHousing},
     4,
     false},
    {ResourceKind::kSelfHelpGroup,
     "架空ダルク",
     "かくうだるく",
     "薬物依存からの回復プログラム、ミーティング、家族相談。",
     "依存症に悩む本人と家族",
     "03-0000-0501",
     "10:00〜18:00",
     {Topic::kAddiction, Topic::kFamily, Topic::kBelonging},
     12,
     true},
    {ResourceKind::kMentalHealthCenter,
     "架空精神保健福祉センター",
     "かくうせいしんほけんふくし",
     "こころの健康相談、依存症の専門相談。",
     "どなたでも",
     "03-0000-0502",
     "9:00〜17:00",
     {Topic::kHealth, Topic::kAddiction},
     std::nullopt,
     true},
    {ResourceKind::kCommunityCareCenter,
     "架空地域包括支援センター",
     "かくうちいきほうかつ",
     "高齢者の介護・福祉・権利擁護の相談。",
     "65歳以上の方とその家族",
     "03-0000-0601",
     "8:30〜17:00",
     {Topic::kCare},
     std::nullopt,
     true},
    {ResourceKind::kSalon,
     "ふれあいサロン（デモ）",
     "ふれあいさろん",
     "お茶を飲みながら話せる地域の集い。",
     "どなたでも",
     "03-0000-0701",
     "毎週水曜 13:00〜16:00",
     {Topic::kBelonging},
     15,
     true},
    {ResourceKind::kChildrenCafeteria,
     "みんなの食堂（デモ）",
     "みんなのしょくどう",
     "子どもも大人も一緒に食べられる食堂。",
     "どなたでも",
     "03-0000-0702",
     "第2・第4土曜 11:00〜14:00",
     {Topic::kBelonging, Topic::kFamily},
     30,
     true},
};

constexpr const char* kDemoAddress = "狛江市和泉本町（デモ）";

struct DemoRoom {
  const char* name;
  const char* facility;
  const char* days;
};

const DemoRoom kDemoRooms[] = {
    {"第1相談室", "架空地域センター", "月火水木金土"},
    {"和室", "架空公民館", "火水木金土日"},
};

struct DemoEvent {
  EventKind kind;
  const char* title;
  int months_from_today;  // when held_on is not given
  std::optional<Date> held_on;
  const char* organiser;
  const char* audience;
  std::optional<int> attendance;
  bool is_public;
  const char* project_label;  // links the projects whose label holds this; nullptr for none
};

const DemoEvent kDemoEvents[] = {
    {EventKind::kCampaign, "社会を明るくする運動 市民シンポジウム（デモ）", 1, std::nullopt,
     "福祉政策課・狛江地区保護司会", "市民", std::nullopt, true, nullptr},
    {EventKind::kFacilityTour, "架空女子学園 施設見学会（デモ）", -2, std::nullopt, "福祉政策課",
     "市職員・市内福祉関係機関", 18, false, nullptr},
    // Evidence for seed 003's project (4)-1 「社会を明るくする運動」の広報・周知 in R6.
    {EventKind::kCampaign, "社会を明るくする運動 駅前街頭啓発（デモ）", 0, Date{2024, 7, 5},
     "総務課・保護司会", "市民", 40, false, "社会を明るくする運動"},
};

Status seed_demo_resource_list(app::Application& w, const service::Actor& actor) {
  for (const auto& d : kDemoResources) {
    Resource r;
    r.kind = d.kind;
    r.name = d.name;
    r.kana = d.kana;
    r.services = d.services;
    r.eligibility = d.eligibility;
    r.phone = d.phone;
    r.address = kDemoAddress;
    r.days = "月火水木金";
    r.hours = d.hours;
    r.topics = d.topics;
    r.capacity = d.capacity;
    r.is_public = d.is_public;
    DEMO_TRY(added, w.resources.add_resource(actor, r));
  }
  return Ok{};
}

Status seed_demo_rooms(app::Application& w, const service::Actor& actor) {
  for (const auto& d : kDemoRooms) {
    Room room;
    room.name = d.name;
    room.facility = d.facility;
    room.address = kDemoAddress;
    room.days = d.days;
    DEMO_TRY(added, w.resources.add_room(actor, room));
  }
  return Ok{};
}

Status seed_demo_events(app::Application& w, const service::Actor& actor) {
  const Date today = w.resources.today();
  for (const auto& d : kDemoEvents) {
    Event e;
    e.kind = d.kind;
    e.title = d.title;
    e.held_on = d.held_on ? *d.held_on : add_months(today, d.months_from_today);
    e.organiser = d.organiser;
    e.audience = d.audience;
    e.attendance = d.attendance;
    e.is_public = d.is_public;
    if (d.project_label != nullptr) {
      DEMO_TRY(projects, w.resources.project_labels(actor));
      for (const auto& [id, label] : *projects) {
        if (label.find(d.project_label) != std::string::npos) e.projects.push_back(id);
      }
    }
    DEMO_TRY(added, w.resources.add_event(actor, e));
  }
  return Ok{};
}

}  // namespace
}  // namespace demo

Status seed_demo_resources(app::Application& w, const service::Actor& actor) {
  using namespace demo;
  if (auto listed = seed_demo_resource_list(w, actor); !listed) return listed;
  if (auto rooms = seed_demo_rooms(w, actor); !rooms) return rooms;
  return seed_demo_events(w, actor);
}

#undef DEMO_TRY

}  // namespace tsunagu::cli
