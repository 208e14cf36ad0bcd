#include "core/person.hpp"

#include <algorithm>

#include "core/named_enum.hpp"
#include "core/plan.hpp"
#include "core/text.hpp"
#include "core/validation.hpp"

namespace tsunagu {
namespace {

using detail::label_of;
using detail::name_of;
using detail::Named;
using detail::parse_named;

constexpr Named<PersonStatus> kStatuses[] = {
    {PersonStatus::kInCustody, "in_custody", "在所中・在院中"},
    {PersonStatus::kReleased, "released", "出所後・出院後"},
    {PersonStatus::kProbation, "probation", "保護観察中"},
    {PersonStatus::kOther, "other", "その他"},
};

constexpr Named<Need> kNeeds[] = {
    {Need::kEmployment, "employment", "就労"},
    {Need::kHousing, "housing", "住居"},
    {Need::kPublicAssistance, "public_assistance", "生活保護"},
    {Need::kCareCertification, "care_certification", "介護認定"},
    {Need::kGuardianship, "guardianship", "成年後見"},
    {Need::kMedical, "medical", "医療"},
    {Need::kAddiction, "addiction", "依存症"},
    {Need::kDisability, "disability", "障がい"},
    {Need::kElderly, "elderly", "高齢"},
    {Need::kFamily, "family", "家族"},
    {Need::kEducation, "education", "修学"},
};

constexpr Named<AgencyKind> kKinds[] = {
    {AgencyKind::kMunicipality, "municipality", "市区町村"},
    {AgencyKind::kProbationOffice, "probation_office", "保護観察所"},
    {AgencyKind::kCorrectionalFacility, "correctional_facility", "矯正施設"},
    {AgencyKind::kSettlementCenter, "settlement_center", "地域生活定着支援センター"},
    {AgencyKind::kSocialWelfareCouncil, "social_welfare_council", "社会福祉協議会"},
    {AgencyKind::kVolunteerProbation, "volunteer_probation", "保護司"},
    {AgencyKind::kSelfHelpGroup, "self_help_group", "自助グループ"},
    {AgencyKind::kEmploymentService, "employment_service", "就労支援機関"},
    {AgencyKind::kMedical, "medical", "医療機関・保健所"},
    {AgencyKind::kHousingSupport, "housing_support", "住まいの支援機関"},
    {AgencyKind::kCommunityCareCenter, "community_care_center", "地域包括・相談支援事業所"},
    {AgencyKind::kOther, "other", "その他"},
};

constexpr Named<InfoCategory> kCategories[] = {
    {InfoCategory::kBasic, "basic", "基本情報"},
    {InfoCategory::kCriminal, "criminal", "犯罪・処分歴"},
    {InfoCategory::kHealth, "health", "心身の状況"},
    {InfoCategory::kLiving, "living", "生活の状況"},
    {InfoCategory::kSupport, "support", "支援の経過"},
};

constexpr Named<ConsentState> kConsentStates[] = {
    {ConsentState::kGiven, "given", "同意"},
    {ConsentState::kRefused, "refused", "不同意"},
    {ConsentState::kWithdrawn, "withdrawn", "撤回"},
};

constexpr std::size_t kMaxNameChars = 100;
constexpr std::size_t kMaxShortTextChars = 400;

}  // namespace

// Hiragana, katakana, the long-vowel mark, middle dot and spaces (full or half width).
bool is_kana(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ') {
      ++i;
      continue;
    }
    if (c != 0xE3 && c != 0xEF) return false;
    if (i + 2 >= s.size()) return false;
    unsigned cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                  (static_cast<unsigned char>(s[i + 2]) & 0x3F);
    bool ok = (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC ||
              cp == 0x30FB || cp == 0x3000 || (cp >= 0xFF66 && cp <= 0xFF9F);
    if (!ok) return false;
    i += 3;
  }
  return true;
}

std::string_view person_status_name(PersonStatus s) { return name_of(kStatuses, s); }
std::string_view person_status_label(PersonStatus s) { return label_of(kStatuses, s); }
std::optional<PersonStatus> parse_person_status(std::string_view t) {
  return parse_named(kStatuses, t);
}
std::string_view need_name(Need n) { return name_of(kNeeds, n); }
std::string_view need_label(Need n) { return label_of(kNeeds, n); }
std::optional<Need> parse_need(std::string_view t) { return parse_named(kNeeds, t); }
std::string_view agency_kind_name(AgencyKind k) { return name_of(kKinds, k); }
std::string_view agency_kind_label(AgencyKind k) { return label_of(kKinds, k); }
std::optional<AgencyKind> parse_agency_kind(std::string_view t) { return parse_named(kKinds, t); }
std::string_view info_category_name(InfoCategory c) { return name_of(kCategories, c); }
std::string_view info_category_label(InfoCategory c) { return label_of(kCategories, c); }
std::optional<InfoCategory> parse_info_category(std::string_view t) {
  return parse_named(kCategories, t);
}

std::string info_categories_text(const std::vector<InfoCategory>& categories) {
  std::string out;
  for (InfoCategory c : categories)
    out += (out.empty() ? "" : ",") + std::string(info_category_name(c));
  return out;
}

std::vector<InfoCategory> parse_info_categories(std::string_view text) {
  std::vector<InfoCategory> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    if (auto c = parse_info_category(text.substr(0, comma))) out.push_back(*c);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}
std::string_view consent_state_name(ConsentState s) { return name_of(kConsentStates, s); }
std::string_view consent_state_label(ConsentState s) { return label_of(kConsentStates, s); }

Status validate_person(const Person& p) {
  std::vector<ErrorDetail> problems;
  check_text(problems, "name", p.name, kMaxNameChars, true);
  check_text(problems, "kana", p.kana, kMaxNameChars, true);
  check_text(problems, "phone", p.phone, 40);
  check_text(problems, "address", p.address, kMaxShortTextChars);
  check_text(problems, "facility", p.facility, kMaxShortTextChars);
  check_text(problems, "destination", p.destination, kMaxShortTextChars);
  if (!find_invalid_utf8(p.kana) && !trim(p.kana).empty() && !is_kana(p.kana)) {
    problems.push_back({0, "kana", "ふりがなは、ひらがな又はカタカナで入力してください。"});
  }
  if (!is_valid_date(p.birth_date)) {
    problems.push_back({0, "birth_date", "生年月日が正しい日付ではありません。"});
  } else if (is_valid_date(p.registered_on) && p.birth_date > p.registered_on) {
    problems.push_back({0, "birth_date", "生年月日が登録日より後になっています。"});
  }
  if (p.expected_release) {
    if (!is_valid_date(*p.expected_release)) {
      problems.push_back({0, "expected_release", "釈放予定日が正しい日付ではありません。"});
    } else if (is_valid_date(p.birth_date) && *p.expected_release < p.birth_date) {
      problems.push_back({0, "expected_release", "釈放（予定）日が生年月日より前になっています。"});
    }
  }
  std::vector<Need> needs = p.needs;
  std::sort(needs.begin(), needs.end());
  if (std::adjacent_find(needs.begin(), needs.end()) != needs.end()) {
    problems.push_back({0, "needs", "同じ課題が二度指定されています。"});
  }
  return problems_or_ok(std::move(problems), "person.invalid", "対象者の情報に誤りがあります。");
}

std::string duplicate_key(std::string_view folded_kana, Date birth_date) {
  std::string key;
  for (char c : folded_kana) {
    if (c != ' ') key += c;
  }
  return key + "|" + format_iso_date(birth_date);
}

bool consent_covers(const Consent& c, const Agency& agency, InfoCategory category, Date today) {
  if (c.purpose != ConsentPurpose::kSharing || c.state != ConsentState::kGiven) return false;
  if (today < c.given_on) return false;
  if (c.expires && today > *c.expires) return false;
  if (c.withdrawn_on && today >= *c.withdrawn_on) return false;
  const auto& s = c.scope;
  bool names_agency =
      std::find(s.agencies.begin(), s.agencies.end(), agency.id) != s.agencies.end() ||
      std::find(s.kinds.begin(), s.kinds.end(), agency.kind) != s.kinds.end();
  return names_agency &&
         std::find(s.categories.begin(), s.categories.end(), category) != s.categories.end();
}

bool counts_in_statistics(const std::vector<Consent>& consents, Date today) {
  return std::any_of(consents.begin(), consents.end(), [&](const Consent& c) {
    return c.purpose == ConsentPurpose::kStatistics && c.state == ConsentState::kGiven &&
           c.given_on <= today && (!c.expires || today <= *c.expires) &&
           (!c.withdrawn_on || today < *c.withdrawn_on);
  });
}

Status validate_consent(const Consent& c) {
  std::vector<ErrorDetail> problems;
  if (!is_valid_date(c.given_on)) problems.push_back({0, "given_on", "日付が正しくありません。"});
  if (trim(c.method).empty()) {
    problems.push_back({0, "method", "同意の方法（書面・口頭など）を入力してください。"});
  } else if (utf8_length(c.method) > 100 || find_invalid_utf8(c.method)) {
    problems.push_back({0, "method", "同意の方法は 100 文字以内で入力してください。"});
  }
  if (c.purpose == ConsentPurpose::kSharing && c.state == ConsentState::kGiven) {
    if (c.scope.agencies.empty() && c.scope.kinds.empty())
      problems.push_back({0, "scope", "情報を共有してよい機関を一つ以上指定してください。"});
    if (c.scope.categories.empty())
      problems.push_back({0, "categories", "共有してよい情報の種類を一つ以上指定してください。"});
  }
  if (c.expires && (!is_valid_date(*c.expires) || *c.expires < c.given_on))
    problems.push_back({0, "expires", "有効期限が同意の日より前になっています。"});
  if (c.withdrawn_on && *c.withdrawn_on < c.given_on)
    problems.push_back({0, "withdrawn_on", "撤回の日が同意の日より前になっています。"});
  if (problems.empty()) return Ok{};
  Error e = make_error(ErrorKind::kInvalid, "consent.invalid", "同意の内容に誤りがあります。");
  e.details = std::move(problems);
  return e;
}

}  // namespace tsunagu
