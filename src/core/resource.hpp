// Local resources 社会資源 (seed 000 goals 1-1, 2-1, 3-2, 4-1, 4-4, 5-1; seed 004 参加支援): the
// consultation windows, agencies and places to belong that a municipality makes known, the
// interview rooms lent to 保護司, the events and trainings it holds, and the placements
// (受入れ) through which a person joins a local resource.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fiscal_year.hpp"
#include "core/ids.hpp"
#include "core/person.hpp"
#include "core/progress.hpp"
#include "core/result.hpp"

namespace tsunagu {

using ResourceId = Id<struct ResourceTag>;
using RoomId = Id<struct RoomTag>;
using BookingId = Id<struct BookingTag>;
using EventId = Id<struct EventTag>;
using PlacementId = Id<struct PlacementTag>;

// What a resource is. The list follows seed 000 (goals 1-1, 2-1, 3-2) and the issue.
enum class ResourceKind {
  kConsultationWindow,      // 相談窓口
  kCorrectionalFacility,    // 矯正施設
  kProbationOffice,         // 保護観察所
  kSettlementCenter,        // 地域生活定着支援センター
  kHelloWork,               // ハローワーク
  kCorrework,               // コレワーク
  kRehabilitationFacility,  // 更生保護施設
  kSelfRelianceHome,        // 自立準備ホーム
  kCooperatingEmployer,     // 協力雇用主
  kSelfHelpGroup,           // ダルク等の自助グループ
  kMedical,                 // 医療機関
  kHealthCenter,            // 保健所
  kMentalHealthCenter,      // 精神保健福祉センター
  kSocialWelfareCouncil,    // 社会福祉協議会
  kCommunityCareCenter,     // 地域包括支援センター
  kHousingCouncil,          // 居住支援協議会
  kPrivateSupport,          // 民間支援団体
  kSalon,                   // サロン
  kChildrenCafeteria,       // 子ども食堂
  kPeerGroup,               // 自主グループ
  kOtherPlace,              // その他の居場所
};

// The three groups the directory shows.
enum class ResourceGroup { kWindow, kAgency, kPlace };

// What a resident looks for (the public directory's 「困りごとから探す」) and what a resource
// helps with.
enum class Topic {
  kGeneral,    // なんでも相談
  kWork,       // 仕事
  kHousing,    // 住まい
  kMoney,      // お金・生活
  kAddiction,  // 依存症
  kFamily,     // 家族
  kHealth,     // こころとからだ
  kCare,       // 高齢・障がい
  kLearning,   // 学び
  kBelonging,  // 居場所・仲間
};
inline constexpr Topic kAllTopics[] = {
    Topic::kGeneral, Topic::kWork,   Topic::kHousing, Topic::kMoney,    Topic::kAddiction,
    Topic::kFamily,  Topic::kHealth, Topic::kCare,    Topic::kLearning, Topic::kBelonging};

std::string_view resource_kind_name(ResourceKind k);
std::string_view resource_kind_label(ResourceKind k);
std::optional<ResourceKind> parse_resource_kind(std::string_view text);
std::vector<ResourceKind> all_resource_kinds();
ResourceGroup resource_group(ResourceKind k);
std::string_view resource_group_label(ResourceGroup g);
std::string_view topic_name(Topic t);
std::string_view topic_label(Topic t);
std::optional<Topic> parse_topic(std::string_view text);

struct Resource {
  ResourceId id;
  ResourceKind kind = ResourceKind::kConsultationWindow;
  std::string name;         // 名称
  std::string kana;         // 名称_カナ
  std::string services;     // 支援の内容
  std::string eligibility;  // 利用できる人
  std::string phone;
  std::string address;
  std::string days;             // 利用可能曜日 (月火水木金)
  std::string hours;            // 受付時間 (9:00〜17:00), free text for 特記事項
  std::optional<int> capacity;  // 受入れ人数 (places to belong, housing)
  std::string url;
  std::vector<Topic> topics;
  bool is_public = true;  // shown on the public pages and in the open-data file
  std::int64_t version = 0;
};

// Error "resource.invalid" with one detail per field: a name, known topics without repeats,
// kana in kana, a capacity from 1 to 10,000, a URL that starts with http(s)://, text within
// limits (names 100, services 1,000, others 200 characters).
Status validate_resource(const Resource& r);

// The topics a person's need points to (就労 → 仕事, 依存症 → 依存症, …).
std::vector<Topic> topics_for_need(Need need);

// A resource matched to a person's needs, with the reason in words.
struct Match {
  Resource resource;
  int score = 0;
  std::vector<Need> needs_met;  // the person's needs this resource helps with
  int placed = 0;               // people placed there now
  std::string reason;           // 「就労・住居に対応」「残り 2 人受入れ可」
};

// Ranks `resources` for a person with `needs`: those meeting more needs first; places to
// belong gain for everyone (居場所 is seed 004's 参加支援); a resource that is full
// (`placed_now` ≥ capacity) falls to the end with the reason said. Resources that meet no need
// and are not places to belong are left out. `placed_now[i]` goes with `resources[i]`.
std::vector<Match> match_resources(const std::vector<Need>& needs,
                                   const std::vector<Resource>& resources,
                                   const std::vector<int>& placed_now);

// ---- Interview rooms (保護司の面接場所, seed 000 goal 4-1) ----

struct Room {
  RoomId id;
  std::string name;      // 第1相談室
  std::string facility;  // 地域センター
  std::string address;
  int opens_minute = 9 * 60;        // minutes after midnight
  int closes_minute = 21 * 60;      // exclusive
  std::string days = "月火水木金";  // days of the week it opens, written as 月火水木金土日
  bool active = true;
};

// Error "room.invalid": a name, opening before closing on 15-minute marks, days written with
// 月火水木金土日 only.
Status validate_room(const Room& r);
// True when the room opens on `date`'s day of the week.
bool room_open_on(const Room& r, Date date);

// A booking holds a room for a time; it names the 保護司 account, never the person met.
struct Booking {
  BookingId id;
  RoomId room;
  UserId user;
  std::string user_name;  // display name of the booking account
  Date date;
  int start_minute = 0;
  int end_minute = 0;
  bool cancelled = false;
};

// Error "booking.invalid": within the room's hours on a day it opens, on 15-minute marks, at
// most 4 hours, not in the past (`today`).
Status validate_booking(const Room& room, const Booking& b, Date today);
std::string format_minute(int minute);                   // 570 → "9:30"
std::optional<int> parse_minute(std::string_view hhmm);  // "09:30" → 570

// ---- Events and trainings (seed 000 goals 2-1, 4-4, 5-1) ----

enum class EventKind {
  kTraining,      // 研修
  kFacilityTour,  // 施設見学会
  kFamilyCourse,  // 家族向け講座
  kSymposium,     // シンポジウム
  kCampaign,      // 啓発行事（社会を明るくする運動・再犯防止啓発月間）
  kOther,         // その他
};
std::string_view event_kind_name(EventKind k);
std::string_view event_kind_label(EventKind k);
std::optional<EventKind> parse_event_kind(std::string_view text);
std::vector<EventKind> all_event_kinds();

struct Event {
  EventId id;
  EventKind kind = EventKind::kTraining;
  std::string title;
  Date held_on;
  std::string organiser;          // 主催
  std::string audience;           // 対象
  std::optional<int> attendance;  // 参加者数, once held
  bool is_public = false;
  std::vector<ProjectId> projects;  // 進行管理の事業 this event is evidence for
};
Status validate_event(const Event& e);

// ---- Participation support (参加支援, seed 004) ----

enum class FollowUpWith { kPerson, kHost };
std::string_view follow_up_with_label(FollowUpWith w);

struct PlacementFollowUp {
  std::int64_t id = 0;
  FollowUpWith with = FollowUpWith::kPerson;
  Date due_on;
  std::optional<Date> done_on;
  std::string note;
};

struct Placement {
  PlacementId id;
  PersonId person;
  ResourceId resource;
  std::string resource_name;
  Date started_on;
  std::optional<Date> ended_on;
  std::string note;
  std::vector<PlacementFollowUp> follow_ups;
};

// Follow-ups a placement starts with: with the person and with the host, after 2 weeks and
// after 3 months.
std::vector<PlacementFollowUp> default_placement_follow_ups(Date started_on);

}  // namespace tsunagu
