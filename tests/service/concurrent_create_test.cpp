// Twenty people create the same record at the same moment, through a 20-connection pool: the
// database's unique constraint decides, so exactly one succeeds and nineteen get a conflict (409
// over HTTP, exit 5 from the CLI), never a fault. On PostgreSQL, reading first and inserting
// after let every writer pass the read; these tests would fail if a service went back to that.
#include <gtest/gtest.h>

#include <latch>
#include <mutex>
#include <thread>

#include "service/account_service.hpp"
#include "support/case_fixture.hpp"

namespace tsunagu::service {
namespace {

constexpr int kWriters = 20;

class ConcurrentCreate : public tsunagu::testing::CaseFixture {
 protected:
  void SetUp() override {
    CaseFixture::SetUp();
    if (IsSkipped()) return;
    wide_ = store::Database::open(test_db_->url(), {kWriters, false});
    AuthOptions options;
    options.hashing = PasswordHashing::fastest_for_tests();
    accounts_ = std::make_unique<AccountService>(*wide_, clock_, audit_, options);
    wide_cases_ = std::make_unique<CaseService>(*wide_, clock_, audit_, *writer_);
  }

  // Runs `create` on kWriters threads released together; returns the errors (empty: success).
  template <class F>
  std::vector<std::optional<Error>> race(F create) {
    std::vector<std::optional<Error>> outcomes(kWriters);
    std::latch start(kWriters);
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        outcomes[static_cast<std::size_t>(i)] = create();
      });
    }
    for (auto& t : threads) t.join();
    return outcomes;
  }

  static void expect_one_winner(const std::vector<std::optional<Error>>& outcomes,
                                const std::string& conflict_code) {
    int won = 0;
    int conflicts = 0;
    for (const auto& o : outcomes) {
      if (!o) {
        ++won;
        continue;
      }
      EXPECT_EQ(o->kind, ErrorKind::kConflict) << o->code << ": " << o->message;
      EXPECT_EQ(o->code, conflict_code);
      conflicts += o->kind == ErrorKind::kConflict;
    }
    EXPECT_EQ(won, 1);
    EXPECT_EQ(conflicts, kWriters - 1);
  }

  std::unique_ptr<store::Database> wide_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<CaseService> wide_cases_;
};

TEST_P(ConcurrentCreate, TheSameUsernameTwentyTimesAtOnce) {
  auto outcomes = race([&]() -> std::optional<Error> {
    auto u =
        accounts_->add_user(cli_, {"douji", "", Role::kCaseWorker, "", "correct horse battery"});
    if (u) return std::nullopt;
    return u.error();
  });
  expect_one_winner(outcomes, "user.exists");
  auto c = test_db_->db().connection();
  EXPECT_EQ(c->query("SELECT COUNT(*) FROM app_user WHERE username = 'douji'").at(0).integer(0), 1);
}

TEST_P(ConcurrentCreate, TheSameAgencyTwentyTimesAtOnce) {
  auto outcomes = race([&]() -> std::optional<Error> {
    auto a = wide_cases_->add_agency(cli_, "架空地域生活定着支援センター",
                                     AgencyKind::kSettlementCenter);
    if (a) return std::nullopt;
    return a.error();
  });
  expect_one_winner(outcomes, "agency.exists");
  EXPECT_EQ(count("agency"), 5);  // the fixture's four and the one winner
}

INSTANTIATE_TEST_SUITE_P(Backends, ConcurrentCreate,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::service
