#include "route/resource_decode.hpp"

#include <algorithm>
#include <limits>

#include "core/text.hpp"

namespace tsunagu::route {
// File-local names live in a namespace named after the file, so unity batches can join files.
namespace resource_decode {
namespace {

// A count (capacity, attendance) as an int; values beyond int are clamped, and the service's
// range check refuses them.
std::optional<int> as_count(std::optional<std::int64_t> n) {
  if (!n) return std::nullopt;
  return static_cast<int>(std::clamp<std::int64_t>(*n, std::numeric_limits<int>::min(),
                                                   std::numeric_limits<int>::max()));
}

}  // namespace
}  // namespace resource_decode

ResourceDraft resource_draft(const Fields& f) {
  constexpr Field kKind{"kind", "種別"}, kTopics{"topics", "分野"};
  FieldProblems p;
  ResourceDraft out;
  Resource& r = out.resource;
  if (auto kind = parse_resource_kind(p.take(f.text(kKind)))) {
    r.kind = *kind;
  } else {
    p.add(kKind.key, "種別が正しくありません（例: consultation_window, salon）。");
  }
  for (auto [field, text] :
       {std::pair{Field{"name", "名称"}, &r.name}, std::pair{Field{"kana", "名称のよみ"}, &r.kana},
        std::pair{Field{"services", "支援の内容"}, &r.services},
        std::pair{Field{"eligibility", "利用できる人"}, &r.eligibility},
        std::pair{Field{"phone", "電話番号"}, &r.phone},
        std::pair{Field{"address", "住所"}, &r.address},
        std::pair{Field{"days", "利用可能曜日"}, &r.days},
        std::pair{Field{"hours", "受付時間"}, &r.hours},
        std::pair{Field{"url", "ホームページ"}, &r.url}}) {
    *text = p.take(f.text(field));
  }
  r.capacity = resource_decode::as_count(p.take(f.integer({"capacity", "受入れ人数"})));
  for (const auto& t : p.take(f.texts(kTopics))) {
    if (auto topic = parse_topic(t)) {
      r.topics.push_back(*topic);
    } else {
      p.add(kTopics.key, "分野「" + t + "」は使えません。");
    }
  }
  r.is_public = p.take(f.flag({"public", "公開"})).value_or(true);
  out.error = p.error("resource.invalid", "社会資源の情報に誤りがあります。");
  return out;
}

Result<Resource> resource_request(const Fields& f) {
  auto draft = resource_draft(f);
  if (draft.error) return *draft.error;
  return std::move(draft.resource);
}

Result<std::int64_t> resource_version(const Fields& f) {
  auto version = f.integer({"version", "版"});
  if (!version || !*version) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "version（開いたときの版）を整数で指定してください。");
  }
  return **version;
}

Result<Room> room_request(const Fields& f) {
  constexpr Field kOpens{"opens", "開館時刻"}, kCloses{"closes", "閉館時刻"};
  FieldProblems p;
  Room r;
  r.name = p.take(f.text({"name", "部屋の名前"}));
  r.facility = p.take(f.text({"facility", "施設名"}));
  r.address = p.take(f.text({"address", "所在地"}));
  if (f.has("days")) r.days = std::string(trim(p.take(f.text({"days", "開館日"}))));
  if (f.has(kOpens.key)) r.opens_minute = p.require(f.time(kOpens), kOpens).value_or(-1);
  if (f.has(kCloses.key)) r.closes_minute = p.require(f.time(kCloses), kCloses).value_or(-1);
  if (auto e = p.error("room.invalid", "面接室の情報に誤りがあります。")) return *e;
  return r;
}

Result<Booking> booking_request(const Fields& f, std::optional<RoomId> room) {
  constexpr Field kRoom{"room", "面接室"}, kDate{"date", "予約する日"};
  constexpr Field kStart{"start", "開始時刻"}, kEnd{"end", "終了時刻"};
  FieldProblems p;
  if (!room) {
    if (auto id = p.require(f.id(kRoom), kRoom)) room = RoomId{*id};
  }
  auto date = p.require(f.date(kDate), kDate);
  auto start = p.require(f.time(kStart), kStart);
  auto end = p.require(f.time(kEnd), kEnd);
  if (auto e = p.error("booking.invalid", "予約の内容に誤りがあります。")) return *e;
  return Booking{{}, *room, {}, "", *date, *start, *end};
}

Result<Event> event_request(const Fields& f) {
  constexpr Field kKindOfEvent{"kind", "種類"}, kHeldOn{"held_on", "開催日"};
  constexpr Field kProjects{"projects", "事業"}, kProject{"project", "事業"};
  FieldProblems p;
  Event e;
  if (auto kind = parse_event_kind(p.take(f.text(kKindOfEvent)))) {
    e.kind = *kind;
  } else {
    p.add(kKindOfEvent.key,
          "種類は training, facility_tour, family_course, symposium, campaign, other "
          "のいずれかで指定してください。");
  }
  e.title = p.take(f.text({"title", "名称"}));
  e.organiser = p.take(f.text({"organiser", "主催"}));
  e.audience = p.take(f.text({"audience", "対象"}));
  if (auto held = p.require(f.date(kHeldOn), kHeldOn)) e.held_on = *held;
  e.attendance = resource_decode::as_count(p.take(f.integer({"attendance", "参加者数"})));
  e.is_public = p.take(f.flag({"public", "公開"})).value_or(false);
  for (auto id : p.take(f.ids(kProjects))) e.projects.push_back(ProjectId{id});
  if (auto id = p.take(f.id(kProject))) e.projects.push_back(ProjectId{*id});
  if (auto error = p.error("event.invalid", "行事の情報に誤りがあります。")) return *error;
  return e;
}

Result<PlacementRequest> placement_request(const Fields& f) {
  constexpr Field kResource{"resource", "社会資源"}, kStartedOn{"started_on", "受入れ開始日"};
  FieldProblems p;
  auto resource = p.require(f.id(kResource), kResource);
  auto started = p.require(f.date(kStartedOn), kStartedOn);
  std::string note = p.take(f.text({"note", "記録"}));
  if (auto e = p.error("placement.invalid", "受入れの記録に誤りがあります。")) return *e;
  return PlacementRequest{ResourceId{*resource}, *started, std::move(note)};
}

Result<PlacementFollowUpRequest> placement_follow_up_request(const Fields& f,
                                                             std::optional<PlacementId> placement) {
  constexpr Field kPlacement{"placement", "受入れ"}, kFollowUp{"follow_up", "フォローアップ"};
  constexpr Field kDoneOn{"done_on", "実施日"};
  FieldProblems p;
  if (!placement) {
    if (auto id = p.require(f.id(kPlacement), kPlacement)) placement = PlacementId{*id};
  }
  auto follow_up = p.require(f.id(kFollowUp), kFollowUp);
  auto on = p.require(f.date(kDoneOn), kDoneOn);
  std::string note = p.take(f.text({"note", "記録"}));
  if (auto e = p.error("placement.invalid", "フォローアップの記録に誤りがあります。")) return *e;
  return PlacementFollowUpRequest{*placement, *follow_up, *on, std::move(note)};
}

}  // namespace tsunagu::route
