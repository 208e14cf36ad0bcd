#include "core/resource.hpp"

#include <algorithm>
#include <chrono>

#include "core/casework.hpp"
#include "core/named_enum.hpp"
#include "core/text.hpp"
#include "core/validation.hpp"

namespace tsunagu {
namespace {

using detail::label_of;
using detail::name_of;
using detail::Named;
using detail::parse_named;

constexpr Named<ResourceKind> kResourceKinds[] = {
    {ResourceKind::kConsultationWindow, "consultation_window", "相談窓口"},
    {ResourceKind::kCorrectionalFacility, "correctional_facility", "矯正施設"},
    {ResourceKind::kProbationOffice, "probation_office", "保護観察所"},
    {ResourceKind::kSettlementCenter, "settlement_center", "地域生活定着支援センター"},
    {ResourceKind::kHelloWork, "hello_work", "ハローワーク"},
    {ResourceKind::kCorrework, "corrework", "コレワーク"},
    {ResourceKind::kRehabilitationFacility, "rehabilitation_facility", "更生保護施設"},
    {ResourceKind::kSelfRelianceHome, "self_reliance_home", "自立準備ホーム"},
    {ResourceKind::kCooperatingEmployer, "cooperating_employer", "協力雇用主"},
    {ResourceKind::kSelfHelpGroup, "self_help_group", "自助グループ"},
    {ResourceKind::kMedical, "medical", "医療機関"},
    {ResourceKind::kHealthCenter, "health_center", "保健所"},
    {ResourceKind::kMentalHealthCenter, "mental_health_center", "精神保健福祉センター"},
    {ResourceKind::kSocialWelfareCouncil, "social_welfare_council", "社会福祉協議会"},
    {ResourceKind::kCommunityCareCenter, "community_care_center", "地域包括支援センター"},
    {ResourceKind::kHousingCouncil, "housing_council", "居住支援協議会"},
    {ResourceKind::kPrivateSupport, "private_support", "民間支援団体"},
    {ResourceKind::kSalon, "salon", "サロン"},
    {ResourceKind::kChildrenCafeteria, "children_cafeteria", "子ども食堂"},
    {ResourceKind::kPeerGroup, "peer_group", "自主グループ"},
    {ResourceKind::kOtherPlace, "other_place", "その他の居場所"},
};

constexpr Named<ResourceGroup> kGroups[] = {
    {ResourceGroup::kWindow, "window", "相談窓口"},
    {ResourceGroup::kAgency, "agency", "支援機関・団体"},
    {ResourceGroup::kPlace, "place", "居場所"},
};

constexpr Named<Topic> kTopics[] = {
    {Topic::kGeneral, "general", "なんでも相談"}, {Topic::kWork, "work", "仕事"},
    {Topic::kHousing, "housing", "住まい"},       {Topic::kMoney, "money", "お金・生活"},
    {Topic::kAddiction, "addiction", "依存症"},   {Topic::kFamily, "family", "家族"},
    {Topic::kHealth, "health", "こころとからだ"}, {Topic::kCare, "care", "高齢・障がい"},
    {Topic::kLearning, "learning", "学び"},       {Topic::kBelonging, "belonging", "居場所・仲間"},
};

constexpr Named<EventKind> kEventKinds[] = {
    {EventKind::kTraining, "training", "研修"},
    {EventKind::kFacilityTour, "facility_tour", "施設見学会"},
    {EventKind::kFamilyCourse, "family_course", "家族向け講座"},
    {EventKind::kSymposium, "symposium", "シンポジウム"},
    {EventKind::kCampaign, "campaign", "啓発行事"},
    {EventKind::kOther, "other", "その他"},
};

constexpr int kMaxBookingMinutes = 4 * 60;

// The day of the week as written in 月火水木金土日 (Monday first).
std::string_view weekday_char(Date d) {
  static constexpr std::string_view kDays[] = {"月", "火", "水", "木", "金", "土", "日"};
  std::chrono::sys_days days =
      std::chrono::year{d.year} / static_cast<unsigned>(d.month) / static_cast<unsigned>(d.day);
  unsigned iso = std::chrono::weekday{days}.iso_encoding();  // 1 = Monday
  return kDays[iso - 1];
}

bool only_weekday_chars(std::string_view days) {
  static constexpr std::string_view kAll = "月火水木金土日";
  if (days.empty() || days.size() % 3 != 0) return false;
  for (std::size_t i = 0; i < days.size(); i += 3) {
    if (kAll.find(days.substr(i, 3)) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

std::string_view resource_kind_name(ResourceKind k) { return name_of(kResourceKinds, k); }
std::string_view resource_kind_label(ResourceKind k) { return label_of(kResourceKinds, k); }
std::optional<ResourceKind> parse_resource_kind(std::string_view t) {
  return parse_named(kResourceKinds, t);
}
std::vector<ResourceKind> all_resource_kinds() {
  std::vector<ResourceKind> out;
  for (const auto& k : kResourceKinds) out.push_back(k.value);
  return out;
}

ResourceGroup resource_group(ResourceKind k) {
  switch (k) {
    case ResourceKind::kConsultationWindow:
      return ResourceGroup::kWindow;
    case ResourceKind::kSalon:
    case ResourceKind::kChildrenCafeteria:
    case ResourceKind::kPeerGroup:
    case ResourceKind::kOtherPlace:
      return ResourceGroup::kPlace;
    case ResourceKind::kCorrectionalFacility:
    case ResourceKind::kProbationOffice:
    case ResourceKind::kSettlementCenter:
    case ResourceKind::kHelloWork:
    case ResourceKind::kCorrework:
    case ResourceKind::kRehabilitationFacility:
    case ResourceKind::kSelfRelianceHome:
    case ResourceKind::kCooperatingEmployer:
    case ResourceKind::kSelfHelpGroup:
    case ResourceKind::kMedical:
    case ResourceKind::kHealthCenter:
    case ResourceKind::kMentalHealthCenter:
    case ResourceKind::kSocialWelfareCouncil:
    case ResourceKind::kCommunityCareCenter:
    case ResourceKind::kHousingCouncil:
    case ResourceKind::kPrivateSupport:
      return ResourceGroup::kAgency;
  }
  return ResourceGroup::kAgency;
}

std::string_view resource_group_label(ResourceGroup g) { return label_of(kGroups, g); }
std::string_view topic_name(Topic t) { return name_of(kTopics, t); }
std::string_view topic_label(Topic t) { return label_of(kTopics, t); }
std::optional<Topic> parse_topic(std::string_view t) { return parse_named(kTopics, t); }

Status validate_resource(const Resource& r) {
  std::vector<ErrorDetail> problems;
  check_text(problems, "name", r.name, 100, true);
  check_text(problems, "kana", r.kana, 100);
  check_text(problems, "services", r.services, 1000);
  check_text(problems, "eligibility", r.eligibility, 200);
  check_text(problems, "phone", r.phone, 40);
  check_text(problems, "address", r.address, 200);
  check_text(problems, "days", r.days, 40);
  check_text(problems, "hours", r.hours, 200);
  check_text(problems, "url", r.url, 200);
  if (!find_invalid_utf8(r.kana) && !trim(r.kana).empty() && !is_kana(r.kana)) {
    problems.push_back({0, "kana", "カナはひらがな又はカタカナで入力してください。"});
  }
  if (r.capacity && (*r.capacity < 1 || *r.capacity > 10000)) {
    problems.push_back({0, "capacity", "受入れ人数は 1 から 10000 までの整数にしてください。"});
  }
  if (!r.url.empty() && !r.url.starts_with("https://") && !r.url.starts_with("http://")) {
    problems.push_back({0, "url", "URL は https:// 又は http:// で始めてください。"});
  }
  std::vector<Topic> topics = r.topics;
  std::sort(topics.begin(), topics.end());
  if (std::adjacent_find(topics.begin(), topics.end()) != topics.end()) {
    problems.push_back({0, "topics", "同じ分野が二度指定されています。"});
  }
  return problems_or_ok(std::move(problems), "resource.invalid",
                        "社会資源の情報に誤りがあります。");
}

std::vector<Topic> topics_for_need(Need need) {
  switch (need) {
    case Need::kEmployment:
      return {Topic::kWork};
    case Need::kHousing:
      return {Topic::kHousing};
    case Need::kPublicAssistance:
      return {Topic::kMoney};
    case Need::kCareCertification:
      return {Topic::kCare};
    case Need::kGuardianship:
      return {Topic::kCare, Topic::kMoney};
    case Need::kMedical:
      return {Topic::kHealth};
    case Need::kAddiction:
      return {Topic::kAddiction};
    case Need::kDisability:
      return {Topic::kCare};
    case Need::kElderly:
      return {Topic::kCare};
    case Need::kFamily:
      return {Topic::kFamily};
    case Need::kEducation:
      return {Topic::kLearning};
  }
  return {};
}

std::vector<Match> match_resources(const std::vector<Need>& needs,
                                   const std::vector<Resource>& resources,
                                   const std::vector<int>& placed_now) {
  std::vector<Match> out;
  for (std::size_t i = 0; i < resources.size(); ++i) {
    const Resource& r = resources[i];
    Match m{r, 0, {}, i < placed_now.size() ? placed_now[i] : 0, ""};
    for (Need n : needs) {
      for (Topic t : topics_for_need(n)) {
        if (std::find(r.topics.begin(), r.topics.end(), t) != r.topics.end()) {
          m.needs_met.push_back(n);
          break;
        }
      }
    }
    const bool place =
        resource_group(r.kind) == ResourceGroup::kPlace ||
        std::find(r.topics.begin(), r.topics.end(), Topic::kBelonging) != r.topics.end();
    if (m.needs_met.empty() && !place) continue;
    m.score = 10 * static_cast<int>(m.needs_met.size()) + (place ? 3 : 0);
    std::string reason;
    if (!m.needs_met.empty()) {
      for (std::size_t k = 0; k < m.needs_met.size(); ++k) {
        if (k > 0) reason += "・";
        reason += need_label(m.needs_met[k]);
      }
      reason += "の課題に対応";
    }
    if (place) reason += std::string(reason.empty() ? "" : "。") + "地域の居場所";
    const bool full = r.capacity && m.placed >= *r.capacity;
    if (r.capacity) {
      reason += full ? "。定員に達しています（" + std::to_string(*r.capacity) + " 人）"
                     : "。残り " + std::to_string(*r.capacity - m.placed) + " 人受入れ可";
    }
    if (full) m.score = -1;
    m.reason = reason;
    out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.resource.kana < b.resource.kana;
  });
  return out;
}

Status validate_room(const Room& r) {
  std::vector<ErrorDetail> problems;
  check_text(problems, "name", r.name, 100, true);
  check_text(problems, "facility", r.facility, 100, true);
  check_text(problems, "address", r.address, 200);
  if (r.opens_minute < 0 || r.closes_minute > 24 * 60 || r.opens_minute >= r.closes_minute ||
      r.opens_minute % 15 != 0 || r.closes_minute % 15 != 0) {
    problems.push_back(
        {0, "hours",
         "開館時刻は閉館時刻より前にし、15 分単位（例 9:00〜21:00）で入力してください。"});
  }
  if (!only_weekday_chars(r.days)) {
    problems.push_back({0, "days", "開館日は「月火水木金」のように曜日の漢字で入力してください。"});
  }
  return problems_or_ok(std::move(problems), "room.invalid", "面接室の情報に誤りがあります。");
}

bool room_open_on(const Room& r, Date date) {
  return is_valid_date(date) && r.days.find(weekday_char(date)) != std::string::npos;
}

Status validate_booking(const Room& room, const Booking& b, Date today) {
  std::vector<ErrorDetail> problems;
  if (!is_valid_date(b.date)) {
    problems.push_back({0, "date", "日付が正しくありません。"});
  } else if (b.date < today) {
    problems.push_back({0, "date", "過去の日付は予約できません。"});
  } else if (!room_open_on(room, b.date)) {
    problems.push_back({0, "date", "この日は休館日です（開館日: " + room.days + "）。"});
  }
  if (b.start_minute % 15 != 0 || b.end_minute % 15 != 0 || b.start_minute >= b.end_minute) {
    problems.push_back({0, "time", "開始は終了より前にし、15 分単位で指定してください。"});
  } else if (b.start_minute < room.opens_minute || b.end_minute > room.closes_minute) {
    problems.push_back({0, "time",
                        "開館時間（" + format_minute(room.opens_minute) + "〜" +
                            format_minute(room.closes_minute) + "）内で指定してください。"});
  } else if (b.end_minute - b.start_minute > kMaxBookingMinutes) {
    problems.push_back({0, "time", "1 回の予約は 4 時間までです。"});
  }
  return problems_or_ok(std::move(problems), "booking.invalid", "予約の内容に誤りがあります。");
}

std::string format_minute(int minute) {
  std::string mm = std::to_string(minute % 60);
  if (mm.size() < 2) mm = "0" + mm;
  return std::to_string(minute / 60) + ":" + mm;
}

std::optional<int> parse_minute(std::string_view hhmm) {
  hhmm = trim(hhmm);
  auto colon = hhmm.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || hhmm.size() - colon != 3) {
    return std::nullopt;
  }
  int h = 0, m = 0;
  for (char c : hhmm.substr(0, colon)) {
    if (c < '0' || c > '9') return std::nullopt;
    h = h * 10 + (c - '0');
  }
  for (char c : hhmm.substr(colon + 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    m = m * 10 + (c - '0');
  }
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string_view event_kind_name(EventKind k) { return name_of(kEventKinds, k); }
std::string_view event_kind_label(EventKind k) { return label_of(kEventKinds, k); }
std::optional<EventKind> parse_event_kind(std::string_view t) {
  return parse_named(kEventKinds, t);
}
std::vector<EventKind> all_event_kinds() {
  std::vector<EventKind> out;
  for (const auto& k : kEventKinds) out.push_back(k.value);
  return out;
}

Status validate_event(const Event& e) {
  std::vector<ErrorDetail> problems;
  check_text(problems, "title", e.title, 200, true);
  check_text(problems, "organiser", e.organiser, 100);
  check_text(problems, "audience", e.audience, 200);
  if (!is_valid_date(e.held_on)) problems.push_back({0, "held_on", "開催日が正しくありません。"});
  if (e.attendance && (*e.attendance < 0 || *e.attendance > 1000000)) {
    problems.push_back({0, "attendance", "参加者数は 0 以上の整数にしてください。"});
  }
  return problems_or_ok(std::move(problems), "event.invalid", "行事の情報に誤りがあります。");
}

std::string_view follow_up_with_label(FollowUpWith w) {
  return w == FollowUpWith::kPerson ? "本人" : "受入れ先";
}

std::vector<PlacementFollowUp> default_placement_follow_ups(Date started_on) {
  std::vector<PlacementFollowUp> out;
  for (Date due : {add_days(started_on, 14), add_months(started_on, 3)}) {
    out.push_back({0, FollowUpWith::kPerson, due, std::nullopt, ""});
    out.push_back({0, FollowUpWith::kHost, due, std::nullopt, ""});
  }
  return out;
}

}  // namespace tsunagu
