// Case coordination at scale: 100,000 fictional persons with about 1,100,000 consents,
// meetings, referrals, checkpoints and supporter spans. Timed: the indicators of one fiscal
// year over all of them, one person's page (the audited read), and a search.
//   bench_case                      Google Benchmark figures
//   bench_case --make-db PATH       only build the database (for the load test in run.sh),
//                                   with the account "bench-coordinator" / "bench-password-1"
// Every name is generated ("架空 12345"); no real person appears.
#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>

#include "app/application.hpp"
#include "io/text_search.hpp"
#include "store/account_store.hpp"
#include "store/case_store.hpp"
#include "store/casework_store.hpp"
#include "store/resource_store.hpp"

namespace {

using namespace tsunagu;

constexpr int kPersons = 100000;
constexpr int kResources = 5000;

struct Built {
  std::unique_ptr<store::Database> db;
  service::Actor coordinator;
  std::int64_t events = 0;
};

Date day_from(int offset) { return add_days(Date{2020, 4, 1}, offset); }

// Builds the database at `path` with the store layer in large transactions (seeding is not
// what is measured).
Built build(const std::string& path) {
  for (auto s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  Built b;
  b.db = store::Database::open(path);
  app::Config config;
  config.auth.hashing = service::PasswordHashing::fastest_for_tests();
  auto application = app::Application::over(*b.db, config);
  auto& accounts = application->accounts;
  auto m = accounts.create_municipality(service::Actor::operator_at_cli("bench", {}), "bench",
                                        "ベンチ市");
  auto cli = service::Actor::operator_at_cli("bench", m->id);
  auto user = accounts.add_user(cli, {"bench-coordinator", "調整担当（ベンチ）",
                                      Role::kCaseCoordinator, "", "bench-password-1"});
  b.coordinator = service::Actor::of(*user);
  std::mt19937 rng(20261124);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto c = b.db->connection();
  std::vector<AgencyId> agencies;
  {
    store::Transaction tx(*c, store::TxMode::kWrite);
    store::CaseStore cases(*c);
    for (int i = 0; i < 20; ++i) {
      agencies.push_back(
          cases.insert_agency(m->id, {{}, "機関" + std::to_string(i), kAllAgencyKinds[i % 12]}, 0));
    }
    tx.commit();
  }
  const std::vector<InfoCategory> all(std::begin(kAllInfoCategories), std::end(kAllInfoCategories));
  for (int start = 0; start < kPersons; start += 10000) {
    store::Transaction tx(*c, store::TxMode::kWrite);
    store::CaseStore cases(*c);
    store::CaseworkStore work(*c);
    for (int i = start; i < start + 10000; ++i) {
      const int registered = pick(1800);
      Person p;
      p.name = "架空 " + std::to_string(i);
      p.kana = "かくう " + std::to_string(i);
      p.birth_date = {1940 + pick(60), 1 + pick(12), 1 + pick(28)};
      p.registered_on = day_from(registered);
      p.status = static_cast<PersonStatus>(pick(4));
      p.expected_release = day_from(registered + pick(200));
      p.needs = {kAllNeeds[pick(11)]};
      PersonId id = cases.insert_person(m->id, p, "かくう" + std::to_string(i), 0);
      Consent sharing;
      sharing.person = id;
      sharing.given_on = p.registered_on;
      sharing.method = "書面";
      sharing.scope.agencies = {agencies[pick(20)], agencies[pick(20)]};
      sharing.scope.categories = all;
      cases.insert_consent(m->id, sharing, 0);
      ++b.events;
      if (pick(10) < 7) {
        Consent stats = sharing;
        stats.purpose = ConsentPurpose::kStatistics;
        cases.insert_consent(m->id, stats, 0);
        ++b.events;
      }
      for (int k = 0; k < 3; ++k) {
        Meeting meeting;
        meeting.kind = k == 0 ? MeetingKind::kSupportMeeting : MeetingKind::kCaseConference;
        meeting.person = id;
        meeting.held_on = day_from(registered + 5 + pick(300));
        meeting.members = {{agencies[pick(20)], std::nullopt, "出席者", true}};
        meeting.agenda = "支援の方針";
        work.insert_meeting(m->id, meeting, 0);
        ++b.events;
      }
      for (int k = 0, n = 1 + pick(2); k < n; ++k) {
        Referral r{{}, id, agencies[0], agencies[1 + pick(19)]};
        r.state = static_cast<ReferralState>(pick(5));
        r.sent_on = day_from(registered + pick(100));
        r.id = work.insert_referral(m->id, r, 0);
        if (r.state != ReferralState::kSent) {
          r.responded_on = add_days(r.sent_on, 3 + pick(20));
          work.update_referral(m->id, r, 1);
        }
        ++b.events;
      }
      if (pick(10) < 8) {
        SupportPlan plan;
        plan.person = id;
        plan.goals = {"暮らしを立て直す"};
        plan.started_on = day_from(registered + 10);
        if (pick(2) == 0) {
          plan.closed_on = add_days(plan.started_on, 100 + pick(500));
          plan.closure_reason = "目標を達成";
        }
        work.save_support_plan(m->id, plan, 0);
        work.insert_checkpoint(
            m->id, {{}, id, CheckpointKind::kReview, add_days(plan.started_on, 60), {}, "", {}});
        ++b.events;
        if (plan.closed_on) {
          for (Date due : default_follow_ups(*plan.closed_on)) {
            work.insert_checkpoint(m->id, {{}, id, CheckpointKind::kFollowUp, due, {}, "", {}});
            ++b.events;
          }
        }
      }
      for (int k = 0, n = 2 + pick(2); k < n; ++k) {
        Supporter s{{},           id,           static_cast<SupporterKind>(pick(7)),
                    pick(2) == 0, pick(2) == 0, "支援者"};
        s.from = day_from(registered + pick(400));
        if (pick(3) == 0) s.until = add_days(s.from, 100 + pick(600));
        work.insert_supporter(m->id, s);
        ++b.events;
      }
    }
    tx.commit();
  }
  {
    // 5,000 local resources for the directory search (far more than a city keeps).
    store::Transaction tx(*c, store::TxMode::kWrite);
    store::ResourceStore resources(*c);
    const auto all_kinds = all_resource_kinds();
    for (int i = 0; i < kResources; ++i) {
      Resource r;
      r.kind = all_kinds[static_cast<std::size_t>(pick(static_cast<int>(all_kinds.size())))];
      r.name = "架空資源 " + std::to_string(i);
      r.kana = "かくうしげん";
      r.services = "相談と支援 " + std::to_string(i * 7);
      r.address = "ベンチ市 " + std::to_string(i);
      r.topics = {kAllTopics[static_cast<std::size_t>(pick(10))]};
      resources.insert_resource(m->id, r, io::search_fold(r.name + " " + r.kana + " " + r.services),
                                0);
    }
    tx.commit();
  }
  // Fold the seeding's WAL into the database, as a server starting on it would find it.
  c->execute_script("PRAGMA wal_checkpoint(TRUNCATE)");
  return b;
}

Built& shared() {
  static Built b = [] {
    auto path = (std::filesystem::temp_directory_path() / "tsunagu-bench-case.db").string();
    auto start = std::chrono::steady_clock::now();
    Built built = build(path);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    std::cerr << "built " << kPersons << " persons and " << built.events << " records in " << ms
              << " ms\n";
    return built;
  }();
  return b;
}

// The services as the server builds them: the one Application over the benchmark's database.
std::unique_ptr<app::Application> open_app(store::Database& db) {
  return app::Application::over(db, app::Config{});
}

void BM_IndicatorsOverOneFiscalYear(benchmark::State& state) {
  auto& b = shared();
  auto s = open_app(*b.db);
  for (auto _ : state) {
    auto r = s->casework.indicators(b.coordinator, {2022, 4, 1}, {2023, 3, 31});
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
  state.counters["persons"] = kPersons;
  state.counters["records"] = static_cast<double>(b.events);
}
BENCHMARK(BM_IndicatorsOverOneFiscalYear)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_PersonPageAuditedRead(benchmark::State& state) {
  auto& b = shared();
  auto s = open_app(*b.db);
  std::int64_t id = 1;
  for (auto _ : state) {
    auto page = s->casework.page(b.coordinator, PersonId{id});
    if (!page) state.SkipWithError(page.error().message.c_str());
    id = (id + 7919) % kPersons + 1;  // spread over the table
  }
}
BENCHMARK(BM_PersonPageAuditedRead)->Unit(benchmark::kMillisecond);

void BM_SearchByKana(benchmark::State& state) {
  auto& b = shared();
  auto s = open_app(*b.db);
  for (auto _ : state) {
    auto hits = s->cases.search(b.coordinator, "かくう 4242");
    if (!hits || hits->empty()) state.SkipWithError("no hits");
  }
}
BENCHMARK(BM_SearchByKana)->Unit(benchmark::kMillisecond);

// Two characters: below the trigram index's reach, so the store scans the folded column.
void BM_SearchShortQuery(benchmark::State& state) {
  auto& b = shared();
  auto s = open_app(*b.db);
  for (auto _ : state) {
    auto hits = s->cases.search(b.coordinator, "かく");
    if (!hits || hits->empty()) state.SkipWithError("no hits");
  }
}
BENCHMARK(BM_SearchShortQuery)->Unit(benchmark::kMillisecond);

void BM_ResourceSearch(benchmark::State& state) {
  auto& b = shared();
  auto s = open_app(*b.db);
  for (auto _ : state) {
    auto hits = s->resources.resources(b.coordinator, {std::nullopt, std::nullopt, "支援 2177"});
    if (!hits || hits->empty()) state.SkipWithError("no hits");
  }
  state.counters["resources"] = kResources;
}
BENCHMARK(BM_ResourceSearch)->Unit(benchmark::kMillisecond);

void BM_PublicDirectoryByTopic(benchmark::State& state) {
  auto& b = shared();
  auto s = open_app(*b.db);
  for (auto _ : state) {
    auto list = s->resources.public_resources(b.coordinator.municipality,
                                              {Topic::kHousing, std::nullopt, ""});
    if (!list || list->empty()) state.SkipWithError("no resources");
  }
}
BENCHMARK(BM_PublicDirectoryByTopic)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--make-db") == 0) {
    auto start = std::chrono::steady_clock::now();
    Built b = build(argv[2]);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    std::cout << kPersons << " persons, " << b.events << " records, " << ms << " ms\n";
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
