// Local resources on both backends: the directory and its search, open data, import that is
// all-or-nothing, interview rooms where the store refuses a double booking even when 50
// requests race for one slot, events linked to projects, and participation support from a
// person's needs to a placement with its follow-ups.
#include "service/resource_service.hpp"

#include <gtest/gtest.h>

#include <xlsxwriter.h>

#include <atomic>
#include <thread>

#include <nlohmann/json.hpp>

#include "io/delimited.hpp"
#include "service/case_admin_service.hpp"
#include "store/progress_store.hpp"
#include "support/case_fixture.hpp"
#include "support/test_support.hpp"

namespace tsunagu::service {
namespace {

using tsunagu::testing::kDay;

class ResourceTest : public tsunagu::testing::CaseFixture {
 protected:
  void SetUp() override {
    CaseFixture::SetUp();
    if (IsSkipped()) return;
    resources_ = std::make_unique<ResourceService>(test_db_->db(), clock_, audit_, *cases_);
    hogoshi_kai_ = *cases_->add_agency(cli_, "狛江地区保護司会", AgencyKind::kVolunteerProbation);
    AuthOptions options;
    options.hashing = PasswordHashing::fastest_for_tests();
    AccountService accounts(test_db_->db(), clock_, audit_, options);
    auto add = [&](const char* name, const char* display) {
      auto u = accounts.add_user(
          cli_, {name, display, Role::kPartner, "", "correct horse battery", "狛江地区保護司会"});
      EXPECT_TRUE(u.ok()) << u.error().message;
      return Actor::of(*u);
    };
    hogoshi_a_ = add("hogoshi-a", "保護司A");
    hogoshi_b_ = add("hogoshi-b", "保護司B");
  }

  Resource resource(const char* name, const char* kana, ResourceKind kind,
                    std::vector<Topic> topics, bool is_public = true) {
    Resource r;
    r.name = name;
    r.kana = kana;
    r.kind = kind;
    r.topics = std::move(topics);
    r.is_public = is_public;
    r.phone = "03-0000-0000";
    r.address = "東京都狛江市和泉本町1-1-5";
    r.days = "月火水木金";
    r.hours = "9:00〜17:00";
    return r;
  }

  Room room() {
    Room r;
    r.name = "第1相談室";
    r.facility = "架空地域センター";
    r.opens_minute = 9 * 60;
    r.closes_minute = 21 * 60;
    r.days = "月火水木金土";
    return r;
  }

  std::unique_ptr<ResourceService> resources_;
  Agency hogoshi_kai_;
  Actor hogoshi_a_, hogoshi_b_;
};

TEST_P(ResourceTest, DirectorySearchFoldsScriptsAndFindsSubstrings) {
  auto window = resources_->add_resource(
      coordinator_, resource("福祉総合相談窓口", "ふくしそうごうそうだんまどぐち",
                             ResourceKind::kConsultationWindow, {Topic::kGeneral, Topic::kMoney}));
  ASSERT_TRUE(window.ok()) << window.error().message;
  auto darc = resource("多摩ダルク", "たまだるく", ResourceKind::kSelfHelpGroup,
                       {Topic::kAddiction, Topic::kBelonging});
  darc.services = "薬物依存からの回復プログラム、ミーティング";
  ASSERT_TRUE(resources_->add_resource(coordinator_, darc).ok());
  ASSERT_TRUE(resources_
                  ->add_resource(coordinator_, resource("架空協力雇用主", "かくうきょうりょく",
                                                        ResourceKind::kCooperatingEmployer,
                                                        {Topic::kWork}, false))
                  .ok());

  auto names = [](const Result<std::vector<Resource>>& list) {
    std::vector<std::string> out;
    for (const auto& r : *list) out.push_back(r.name);
    return out;
  };
  // Katakana typed in hiragana, half-width katakana, a substring in the middle (trigram index),
  // and a two-character query (scan).
  EXPECT_EQ(names(resources_->resources(coordinator_, {std::nullopt, std::nullopt, "だるく"})),
            std::vector<std::string>{"多摩ダルク"});
  EXPECT_EQ(names(resources_->resources(coordinator_, {std::nullopt, std::nullopt, "ﾀﾞﾙｸ"})),
            std::vector<std::string>{"多摩ダルク"});
  EXPECT_EQ(names(resources_->resources(coordinator_, {std::nullopt, std::nullopt, "回復プロ"})),
            std::vector<std::string>{"多摩ダルク"});
  EXPECT_EQ(names(resources_->resources(coordinator_, {std::nullopt, std::nullopt, "総合"})),
            std::vector<std::string>{"福祉総合相談窓口"});
  EXPECT_TRUE(
      resources_->resources(coordinator_, {std::nullopt, std::nullopt, "存在しない名前"})->empty());

  // The public see public resources only, by topic.
  auto pub = resources_->public_resources(cli_.municipality, {Topic::kWork, std::nullopt, ""});
  EXPECT_TRUE(pub->empty());
  EXPECT_EQ(resources_->resources(coordinator_, {Topic::kWork, std::nullopt, ""})->size(), 1u);
  EXPECT_EQ(
      names(resources_->public_resources(cli_.municipality, {Topic::kAddiction, std::nullopt, ""})),
      std::vector<std::string>{"多摩ダルク"});

  // An edit keeps the search index in step; a stale edit is refused and changes nothing.
  auto stored = *resources_->resources(coordinator_, {std::nullopt, std::nullopt, "だるく"});
  Resource edited = stored[0];
  edited.name = "多摩ダルク 狛江ミーティング会場";
  ASSERT_TRUE(resources_->update_resource(coordinator_, edited, stored[0].version).ok());
  EXPECT_EQ(
      names(resources_->resources(coordinator_, {std::nullopt, std::nullopt, "ミーティング会場"})),
      std::vector<std::string>{"多摩ダルク 狛江ミーティング会場"});
  edited.name = "古い版からの変更";
  EXPECT_EQ(resources_->update_resource(coordinator_, edited, stored[0].version).error().code,
            "resource.stale_version");
  EXPECT_TRUE(resources_->resources(coordinator_, {std::nullopt, std::nullopt, "古い版"})->empty());

  // Roles: a partner reads, may not add; an auditor may not read.
  EXPECT_TRUE(resources_->resources(darc_staff_, {}).ok());
  EXPECT_EQ(resources_->add_resource(darc_staff_, darc).error().code, "auth.forbidden");
  Resource invalid = darc;
  invalid.name = "";
  invalid.capacity = 0;
  auto refused = resources_->add_resource(coordinator_, invalid);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "resource.invalid");
  EXPECT_EQ(refused.error().details.size(), 2u);
  EXPECT_EQ(resources_->add_resource(coordinator_, *window).error().code, "resource.exists");
}

TEST_P(ResourceTest, OpenDataCsvHasTheStandardColumnsAndOnlyPublicResources) {
  auto r = resource("福祉総合相談窓口", "ふくしそうごうそうだんまどぐち",
                    ResourceKind::kConsultationWindow, {Topic::kGeneral});
  r.services = "生活の困りごとの相談";
  r.eligibility = "市内在住の方";
  ASSERT_TRUE(resources_->add_resource(coordinator_, r).ok());
  ASSERT_TRUE(resources_
                  ->add_resource(coordinator_, resource("内部の資源", "ないぶ",
                                                        ResourceKind::kPrivateSupport, {}, false))
                  .ok());
  auto csv = resources_->open_data_csv(cli_.municipality);
  ASSERT_TRUE(csv.ok());
  ASSERT_TRUE(csv->starts_with("\xEF\xBB\xBF"));
  auto rows = io::read_delimited(csv->substr(3), {','});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);  // header and the public one
  const auto& header = (*rows)[0].cells;
  ASSERT_EQ(header.size(), 23u);
  EXPECT_EQ(header[0], "全国地方公共団体コード");
  EXPECT_EQ(header[4], "名称_カナ");
  EXPECT_EQ(header[16], "開始時間");
  const auto& row = (*rows)[1].cells;
  EXPECT_EQ(row[0], "132195");
  EXPECT_EQ(row[2], "狛江市");
  EXPECT_EQ(row[3], "福祉総合相談窓口");
  EXPECT_EQ(row[4], "フクシソウゴウソウダンマドグチ");
  EXPECT_EQ(row[6], "相談窓口");
  EXPECT_EQ(row[16], "9:00");
  EXPECT_EQ(row[17], "17:00");
  EXPECT_EQ(row[19], "生活の困りごとの相談\n対象: 市内在住の方");
}

TEST_P(ResourceTest, ImportIsAllOrNothingAndReadsItsOwnExportBack) {
  const std::string good =
      "種別,名称,名称_カナ,支援の内容,電話番号,住所,分野,公開,受入れ人数\n"
      "サロン,架空ふれあいサロン,かくうふれあいさろん,お茶と会話,03-1111-1111,狛江市元和泉1,"
      "居場所・仲間,公開,10\n"
      "自助グループ,架空AAグループ,,,,狛江市中和泉2,\"依存症、居場所・仲間\",非公開,\n";
  auto report = resources_->import_resources(coordinator_, good, "list.csv");
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->added, 2);
  EXPECT_EQ(resources_->resources(coordinator_, {})->size(), 2u);

  // One bad row among good ones: nothing is written, each problem is named with its line.
  const std::string bad =
      "種別,名称,分野,受入れ人数\n"
      "サロン,架空新しいサロン,居場所・仲間,5\n"
      "宇宙基地,架空の何か,,\n"
      "サロン,,お金,abc\n";
  auto refused = resources_->import_resources(coordinator_, bad, "list.csv");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "import.invalid");
  ASSERT_GE(refused.error().details.size(), 3u);
  EXPECT_EQ(refused.error().details[0].line, 3);
  EXPECT_EQ(refused.error().details[0].field, "種別");
  EXPECT_EQ(resources_->resources(coordinator_, {})->size(), 2u);
  EXPECT_EQ(resources_->import_resources(coordinator_, "名称\n架空\n", "x.csv").error().code,
            "import.bad_header");
  // A truncated file (unclosed quote), an oversized field, a broken workbook: refused whole.
  EXPECT_EQ(
      resources_->import_resources(coordinator_, "種別,名称\nサロン,\"架空の閉じない\n", "x.csv")
          .error()
          .code,
      "import.unclosed_quote");
  std::string oversized = "種別,名称\nサロン,";
  for (int i = 0; i < 101; ++i) oversized += "長";
  auto too_long = resources_->import_resources(coordinator_, oversized + "\n", "x.csv");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().details.at(0).field, "name");
  EXPECT_NE(too_long.error().details.at(0).message.find("100 文字以内"), std::string::npos);
  EXPECT_EQ(resources_
                ->import_resources(coordinator_,
                                   "PK\x03\x04"
                                   "broken",
                                   "x.xlsx")
                .error()
                .code,
            "import.not_xlsx");

  // The open-data export of the public one imports back as an update, not a duplicate.
  auto csv = *resources_->open_data_csv(cli_.municipality);
  auto again = resources_->import_resources(coordinator_, csv, "opendata.csv");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->updated, 1);
  auto salon = *resources_->resources(coordinator_, {std::nullopt, std::nullopt, "ふれあい"});
  ASSERT_EQ(salon.size(), 1u);
  EXPECT_EQ(salon[0].services, "お茶と会話");
  EXPECT_EQ(salon[0].topics, std::vector<Topic>{Topic::kBelonging});
}

TEST_P(ResourceTest, ImportReadsAnExcelWorkbook) {
  // A list as staff keep it in Excel: headers in another order, a number cell for capacity.
  tsunagu::testing::TempDir dir;
  const auto path = (dir / "一覧.xlsx").string();
  lxw_workbook* book = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(book, "社会資源");
  const char* header[] = {"名称", "種別", "分野", "受入れ人数", "公開"};
  for (int col = 0; col < 5; ++col) worksheet_write_string(sheet, 0, col, header[col], nullptr);
  worksheet_write_string(sheet, 1, 0, "架空子ども食堂", nullptr);
  worksheet_write_string(sheet, 1, 1, "子ども食堂", nullptr);
  worksheet_write_string(sheet, 1, 2, "居場所・仲間、家族", nullptr);
  worksheet_write_number(sheet, 1, 3, 20, nullptr);
  worksheet_write_string(sheet, 1, 4, "公開", nullptr);
  ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);

  auto report =
      resources_->import_resources(coordinator_, tsunagu::testing::read_file(path), "一覧.xlsx");
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->added, 1);
  auto stored = *resources_->resources(coordinator_, {std::nullopt, std::nullopt, "子ども食堂"});
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].kind, ResourceKind::kChildrenCafeteria);
  EXPECT_EQ(stored[0].capacity, 20);
  EXPECT_EQ(stored[0].topics, (std::vector<Topic>{Topic::kBelonging, Topic::kFamily}));
}

TEST_P(ResourceTest, BookingsAreTheVolunteersOwnAndNeverOverlap) {
  auto r = resources_->add_room(coordinator_, room());
  ASSERT_TRUE(r.ok()) << r.error().message;
  Booking b{{}, r->id, {}, "", Date{2025, 6, 3}, 10 * 60, 11 * 60};  // a Tuesday
  auto first = resources_->book(hogoshi_a_, b);
  ASSERT_TRUE(first.ok()) << first.error().message;

  Booking overlapping = b;
  overlapping.start_minute = 10 * 60 + 30;
  overlapping.end_minute = 11 * 60 + 30;
  auto refused = resources_->book(hogoshi_b_, overlapping);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "booking.conflict");
  Booking adjacent = b;
  adjacent.start_minute = 11 * 60;
  adjacent.end_minute = 12 * 60;
  EXPECT_TRUE(resources_->book(hogoshi_b_, adjacent).ok());

  // Another partner (not a 保護司) may not book; rules of the room hold.
  EXPECT_EQ(resources_->book(darc_staff_, adjacent).error().code, "booking.not_volunteer");
  Booking sunday = b;
  sunday.date = {2025, 6, 8};
  EXPECT_EQ(resources_->book(hogoshi_a_, sunday).error().code, "booking.invalid");
  Booking late = b;
  late.start_minute = 20 * 60;
  late.end_minute = 22 * 60;
  EXPECT_EQ(resources_->book(hogoshi_a_, late).error().code, "booking.invalid");
  Booking past = b;
  past.date = {2025, 5, 30};
  EXPECT_EQ(resources_->book(hogoshi_a_, past).error().code, "booking.invalid");

  // Each 保護司 sees its own name only; the day view shows others' times as taken.
  auto day = resources_->room_day(hogoshi_b_, r->id, b.date);
  ASSERT_TRUE(day.ok());
  ASSERT_EQ(day->bookings.size(), 2u);
  EXPECT_EQ(day->bookings[0].user_name, "");
  EXPECT_EQ(day->bookings[1].user_name, "保護司B");
  EXPECT_EQ(resources_->my_bookings(hogoshi_a_)->size(), 1u);
  // The week from the day before holds the same two; a week starting after them holds none.
  EXPECT_EQ(resources_->room_day(hogoshi_b_, r->id, {2025, 6, 2}, 7)->bookings.size(), 2u);
  EXPECT_TRUE(resources_->room_day(hogoshi_b_, r->id, {2025, 6, 4}, 7)->bookings.empty());
  EXPECT_EQ(resources_->room_day(hogoshi_b_, r->id, {2025, 6, 2}, 40).error().code,
            "booking.invalid");
  EXPECT_EQ(resources_->cancel_booking(hogoshi_b_, first->id).error().code, "booking.not_found");
  ASSERT_TRUE(resources_->cancel_booking(hogoshi_a_, first->id).ok());
  EXPECT_TRUE(resources_->book(hogoshi_b_, b).ok());  // free again

  // The booking table has no column for the person met.
  auto c = test_db_->db().connection();
  auto columns = c->query("SELECT * FROM booking LIMIT 1");
  EXPECT_EQ(columns.at(0).size(), 11u);
}

TEST_P(ResourceTest, FiftyConcurrentRequestsForOneSlotExactlyOneWins) {
  auto r = resources_->add_room(coordinator_, room());
  ASSERT_TRUE(r.ok());
  // A pool as wide as the requests, so all 50 transactions are in flight together.
  auto wide = store::Database::open(test_db_->url(), {50, false});
  ResourceService racing(*wide, clock_, audit_, *cases_);
  std::atomic<int> won{0}, conflict{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      // Each asks for a slightly different overlapping time: all collide with each other.
      Booking b{{}, r->id, {}, "", Date{2025, 6, 4}, 14 * 60, 15 * 60 + (i % 4) * 15};
      try {
        auto result = racing.book(i % 2 ? hogoshi_a_ : hogoshi_b_, b);
        if (result.ok()) {
          ++won;
        } else if (result.error().code == "booking.conflict") {
          ++conflict;
        } else {
          ADD_FAILURE() << result.error().code << ": " << result.error().message;
          ++other;
        }
      } catch (const std::exception& e) {  // a store fault escaping the service
        ADD_FAILURE() << "exception: " << e.what();
        ++other;
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflict.load(), 49);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(count("booking"), 1);
}

TEST_P(ResourceTest, EventsAreEvidenceForProjects) {
  ProjectId project;
  {
    auto c = test_db_->db().connection();
    // A project to link to, in a plan of its own.
    auto plan = c->query(
        "INSERT INTO plan (municipality_id, name, period_from, period_to, "
        "created_at) VALUES (?, '架空計画', 2024, 2028, 0) RETURNING id",
        {cli_.municipality.value});
    Project p;
    p.no = 1;
    p.name = "施設見学会の実施";
    project = store::ProgressStore(*c).create_project(cli_.municipality,
                                                      PlanId{plan.at(0).integer(0)}, 2, p, 0);
  }
  Event e;
  e.kind = EventKind::kFacilityTour;
  e.title = "架空女子学園 施設見学会";
  e.held_on = {2025, 7, 15};
  e.organiser = "福祉政策課";
  e.audience = "市内福祉関係機関の職員";
  e.projects = {project};
  auto added = resources_->add_event(plan_admin_, e);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(resources_->record_attendance(plan_admin_, added->id, 23)->attendance, 23);
  auto evidence = resources_->events_for_project(plan_admin_, project);
  ASSERT_EQ(evidence->size(), 1u);
  EXPECT_EQ((*evidence)[0].attendance, 23);
  e.projects = {ProjectId{9999}};
  EXPECT_EQ(resources_->add_event(plan_admin_, e).error().code, "event.project_not_found");
  EXPECT_EQ(resources_->add_event(darc_staff_, e).error().code, "auth.forbidden");
  // Not public: the public list stays empty until it is marked public.
  EXPECT_TRUE(resources_->public_events(cli_.municipality, {2025, 4, 1}, {2026, 3, 31}).empty());
}

TEST_P(ResourceTest, MatchingRanksByNeedsAndPlacementSchedulesFollowUps) {
  auto person = cases_->register_person(coordinator_, fictional(), false);  // housing, addiction,
  ASSERT_TRUE(person.ok());                                                 // elderly
  auto darc = resource("多摩ダルク", "たまだるく", ResourceKind::kSelfHelpGroup,
                       {Topic::kAddiction, Topic::kBelonging});
  auto housing = resource("架空居住支援協議会", "かくうきょじゅう", ResourceKind::kHousingCouncil,
                          {Topic::kHousing, Topic::kCare});
  auto salon = resource("架空サロン", "かくうさろん", ResourceKind::kSalon, {Topic::kBelonging});
  salon.capacity = 1;
  auto work =
      resource("架空ハローワーク", "かくうはろー", ResourceKind::kHelloWork, {Topic::kWork});
  for (const auto& r : {darc, housing, salon, work})
    ASSERT_TRUE(resources_->add_resource(coordinator_, r).ok());

  auto matches = resources_->matches(coordinator_, person->id);
  ASSERT_TRUE(matches.ok()) << matches.error().message;
  ASSERT_EQ(matches->size(), 3u);                                // the job centre meets no need
  EXPECT_EQ((*matches)[0].resource.name, "架空居住支援協議会");  // housing + elderly
  EXPECT_EQ((*matches)[0].reason, "住居・高齢の課題に対応");
  EXPECT_EQ((*matches)[1].resource.name, "多摩ダルク");
  EXPECT_EQ((*matches)[2].resource.name, "架空サロン");
  EXPECT_NE((*matches)[2].reason.find("残り 1 人"), std::string::npos);

  auto salon_id = (*matches)[2].resource.id;
  auto placed = resources_->place(coordinator_, person->id, salon_id, {2025, 6, 10}, "");
  ASSERT_TRUE(placed.ok()) << placed.error().message;
  ASSERT_EQ(placed->follow_ups.size(), 4u);
  EXPECT_EQ(placed->follow_ups[0].due_on, (Date{2025, 6, 24}));
  // The salon is now full and falls to the end with the reason.
  clock_.advance_ms(10 * kDay);
  auto again = *resources_->matches(coordinator_, person->id);
  EXPECT_EQ(again.back().resource.name, "架空サロン");
  EXPECT_NE(again.back().reason.find("定員に達しています"), std::string::npos);

  // Due list: the two-week follow-ups (person and host) are due from 2025-06-24.
  clock_.advance_ms(14 * kDay);
  auto due = resources_->due_follow_ups(coordinator_, 0);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].person_name, "架空 太郎");
  EXPECT_EQ((*due)[0].resource_name, "架空サロン");
  auto done = resources_->complete_follow_up(coordinator_, placed->id, (*due)[0].follow_up,
                                             {2025, 6, 24}, "通えている");
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(resources_->due_follow_ups(coordinator_, 0)->size(), 1u);
  EXPECT_EQ(
      resources_
          ->complete_follow_up(coordinator_, placed->id, (*due)[0].follow_up, {2025, 6, 25}, "")
          .error()
          .code,
      "placement.invalid");

  // A partner without consent may neither match nor place; the refusal is audited.
  EXPECT_EQ(resources_->matches(darc_staff_, person->id).error().code, "access.denied");
  EXPECT_EQ(resources_->place(darc_staff_, person->id, salon_id, {2025, 6, 10}, "").error().code,
            "auth.forbidden");
  auto before = count("placement");
  EXPECT_EQ(resources_->place(coordinator_, person->id, salon_id, {2020, 1, 1}, "").error().code,
            "placement.invalid");
  EXPECT_EQ(count("placement"), before);
  bool audited = false;
  for (const auto& row : audit_rows()) {
    if (row.action == "placement.add" && row.target_id == std::to_string(person->id.value))
      audited = true;
  }
  EXPECT_TRUE(audited);
  // A disclosure request (開示請求) includes the placements and their follow-ups.
  CaseAdminService admin(test_db_->db(), clock_, audit_);
  auto disclosed =
      nlohmann::json::parse(*admin.disclosure(coordinator_, person->id, "令和8年度開示第4号"));
  ASSERT_EQ(disclosed["placements"].size(), 1u);
  EXPECT_EQ(disclosed["placements"][0]["resource_name"], "架空サロン");
  EXPECT_EQ(disclosed["placements"][0]["follow_ups"][0]["note"], "通えている");
}

INSTANTIATE_TEST_SUITE_P(Backends, ResourceTest,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::service
