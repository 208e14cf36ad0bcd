// Case coordination 多機関協働・出口支援 (seed 004, seed 000 goals 1, 4, 5): the person supported
// (対象者), the agencies that work together, and the person's consents (同意). The fields follow
// the national standard forms of the 重層的支援体制整備事業 (インテーク・アセスメントシート,
// プラン兼利用申込書). Criminal history is 要配慮個人情報: who may see what is decided in
// core/case_access.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fiscal_year.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"

namespace tsunagu {

using PersonId = Id<struct PersonTag>;
using ConsentId = Id<struct ConsentTag>;

// 在所中・在院中 / 出所後・出院後 / 保護観察中 / その他.
enum class PersonStatus { kInCustody, kReleased, kProbation, kOther };

// What a person needs (the アセスメント's 課題): 就労, 住居, 福祉サービス
// (生活保護・介護認定・成年後見), 医療, 依存症, 障がい, 高齢, 家族, 修学.
enum class Need {
  kEmployment,
  kHousing,
  kPublicAssistance,
  kCareCertification,
  kGuardianship,
  kMedical,
  kAddiction,
  kDisability,
  kElderly,
  kFamily,
  kEducation,
};
inline constexpr Need kAllNeeds[] = {
    Need::kEmployment,   Need::kHousing, Need::kPublicAssistance, Need::kCareCertification,
    Need::kGuardianship, Need::kMedical, Need::kAddiction,        Need::kDisability,
    Need::kElderly,      Need::kFamily,  Need::kEducation};

// The agencies that coordinate: the city's own sections and the partners of seed 004.
enum class AgencyKind {
  kMunicipality,          // 市の課（福祉総合相談課等）
  kProbationOffice,       // 保護観察所
  kCorrectionalFacility,  // 矯正施設（刑務所・少年院等）
  kSettlementCenter,      // 地域生活定着支援センター
  kSocialWelfareCouncil,  // 社会福祉協議会
  kVolunteerProbation,    // 保護司（保護司会）
  kSelfHelpGroup,         // ダルク等の自助グループ
  kEmploymentService,     // ハローワーク・コレワーク
  kMedical,               // 医療機関・保健所
  kHousingSupport,        // 居住支援法人・更生保護施設等
  kCommunityCareCenter,   // 地域包括支援センター・相談支援事業所
  kOther,                 // その他
};
inline constexpr AgencyKind kAllAgencyKinds[] = {AgencyKind::kMunicipality,
                                                 AgencyKind::kProbationOffice,
                                                 AgencyKind::kCorrectionalFacility,
                                                 AgencyKind::kSettlementCenter,
                                                 AgencyKind::kSocialWelfareCouncil,
                                                 AgencyKind::kVolunteerProbation,
                                                 AgencyKind::kSelfHelpGroup,
                                                 AgencyKind::kEmploymentService,
                                                 AgencyKind::kMedical,
                                                 AgencyKind::kHousingSupport,
                                                 AgencyKind::kCommunityCareCenter,
                                                 AgencyKind::kOther};

// Machine names ("in_custody", "housing", "probation_office") and Japanese labels; parse_* accept
// either.
std::string_view person_status_name(PersonStatus s);
std::string_view person_status_label(PersonStatus s);
std::optional<PersonStatus> parse_person_status(std::string_view text);
std::string_view need_name(Need n);
std::string_view need_label(Need n);
std::optional<Need> parse_need(std::string_view text);
std::string_view agency_kind_name(AgencyKind k);
std::string_view agency_kind_label(AgencyKind k);
std::optional<AgencyKind> parse_agency_kind(std::string_view text);

// True when `s` holds only hiragana, katakana (full or half width), ー, ・ and spaces.
bool is_kana(std::string_view s);

struct Agency {
  AgencyId id;
  std::string name;  // 東京保護観察所, 狛江市社会福祉協議会
  AgencyKind kind = AgencyKind::kOther;
};

// 特別調整 (刑事施設・少年院からの釈放時の福祉的支援): the six conditions, as recorded.
struct SpecialCoordination {
  bool elderly_or_disabled = false;  // ① 高齢（おおむね65歳以上）又は障害がある
  bool no_residence = false;         // ② 適当な帰住予定地がない
  bool needs_welfare = false;  // ③ 釈放後に福祉サービス等を受ける必要がある
  bool appropriate = false;  // ④ 円滑な社会復帰のために特別調整の対象とすることが相当
  bool wishes = false;               // ⑤ 本人が特別調整を希望している
  bool consents_to_sharing = false;  // ⑥ 個人情報の提供に同意している
  friend bool operator==(const SpecialCoordination&, const SpecialCoordination&) = default;
};

struct Person {
  PersonId id;
  std::string name;  // 氏名 (外字・異体字 kept as typed)
  std::string kana;  // ふりがな
  Date birth_date;
  std::string phone;
  std::string address;
  PersonStatus status = PersonStatus::kOther;
  std::string facility;                  // 矯正施設名, when in custody
  std::optional<Date> expected_release;  // 釈放予定日 (kept after release as 釈放日)
  std::string destination;               // 帰住先
  std::vector<Need> needs;
  std::optional<SpecialCoordination> special_coordination;  // set when 特別調整
  bool entrance_support = false;                            // 入口支援
  std::optional<UserId> assigned_worker;                    // 担当者
  Date registered_on;
  std::int64_t version = 0;
};

// Checks what staff typed: name and kana present, kana in hiragana/katakana, a real birth date
// not after registration, known needs (no duplicates), text within limits, a release date not
// before birth. Error "person.invalid" with one detail per field.
Status validate_person(const Person& p);

// The key that finds a possible duplicate: NFKC-folded kana (katakana → hiragana, spaces
// removed) and the birth date. Folding is done by io::search_fold; this builds the key from it.
std::string duplicate_key(std::string_view folded_kana, Date birth_date);

enum class ConsentState { kGiven, kRefused, kWithdrawn };
enum class ConsentPurpose {
  kSharing,     // 関係機関での情報共有
  kStatistics,  // 統計への計上（指標の算出）
};

// Categories of information a consent may cover.
enum class InfoCategory {
  kBasic,     // 氏名・連絡先・生年月日・帰住先
  kCriminal,  // 犯罪・処分歴、矯正施設、釈放予定日、特別調整・入口支援
  kHealth,    // 心身の状況（医療・依存症・障がい）
  kLiving,    // 生活の状況（就労・住居・家族・福祉サービス・修学）
  kSupport,   // 支援の経過（会議・つなぎ・プラン）
};
inline constexpr InfoCategory kAllInfoCategories[] = {InfoCategory::kBasic, InfoCategory::kCriminal,
                                                      InfoCategory::kHealth, InfoCategory::kLiving,
                                                      InfoCategory::kSupport};
std::string_view info_category_name(InfoCategory c);
std::string_view info_category_label(InfoCategory c);
std::optional<InfoCategory> parse_info_category(std::string_view text);
// "basic,health" and back, as the store keeps a list (unknown names are skipped).
std::string info_categories_text(const std::vector<InfoCategory>& categories);
std::vector<InfoCategory> parse_info_categories(std::string_view text);
std::string_view consent_state_name(ConsentState s);
std::string_view consent_state_label(ConsentState s);

struct ConsentScope {
  std::vector<AgencyId> agencies;  // named agencies
  std::vector<AgencyKind> kinds;   // or every agency of these kinds
  std::vector<InfoCategory> categories;
};

struct Consent {
  ConsentId id;
  PersonId person;
  ConsentPurpose purpose = ConsentPurpose::kSharing;
  ConsentState state = ConsentState::kGiven;
  Date given_on;                // the day it was given (or refused)
  std::string method;           // 書面, 口頭, …
  ConsentScope scope;           // sharing only
  std::optional<Date> expires;  // last day it holds
  std::optional<Date> withdrawn_on;
};

// True when `c` lets `agency` see `category` on `today`: a sharing consent that was given, has
// begun, has not expired and was not withdrawn on or before `today`, and names the agency or
// its kind and the category. Nobody needs to act for expiry or withdrawal to stop sharing.
bool consent_covers(const Consent& c, const Agency& agency, InfoCategory category, Date today);

// True when a statistics consent holds on `today`.
bool counts_in_statistics(const std::vector<Consent>& consents, Date today);

// Error "consent.invalid": a scope without agencies or categories (sharing), an expiry before
// the day given, a withdrawal before it, an empty method.
Status validate_consent(const Consent& c);

}  // namespace tsunagu
