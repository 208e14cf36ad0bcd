// The audited read's path (issue 11): a read of a person's record is answered only once its
// audit row is committed, and while it waits for the group commit no handler thread is held,
// so other requests are served. A read whose audit row cannot be committed shows nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "store/db.hpp"
#include "support/http_client.hpp"
#include "support/test_app.hpp"

namespace tsunagu::app::deferred_read_test {
namespace {

using namespace std::chrono_literals;
using tsunagu::testing::http_as;
using tsunagu::testing::http_call;
using tsunagu::testing::Login;

constexpr const char* kPassword = "correct horse battery";

class DeferredRead : public ::testing::Test {
 protected:
  void SetUp() override {
    // One handler thread: a handler parked on the audit commit would stop the whole server.
    app_ = std::make_unique<tsunagu::testing::TestApp>(1);
    auto cli = app_->operator_actor;
    ASSERT_TRUE(app_->accounts
                    ->add_user(cli, {"coordinator", "", Role::kCaseCoordinator, "", kPassword, ""})
                    .ok());
    Person p;
    p.name = "架空 待子";
    p.kana = "かくう まちこ";
    p.birth_date = {1980, 5, 5};
    p.registered_on = {2024, 4, 1};
    p.status = PersonStatus::kReleased;
    auto r = app_->cases->register_person(cli, p, true);
    ASSERT_TRUE(r.ok()) << r.error().message;
    person_ = r->id;
    coordinator_ = tsunagu::testing::login(app_->port, "coordinator", kPassword);
    ASSERT_EQ(coordinator_.status, 200);
  }

  std::int64_t read_rows() {
    auto c = app_->database->db().connection();
    return c->query("SELECT COUNT(*) FROM audit_log WHERE action = 'person.read'", {})
        .at(0)
        .integer(0);
  }

  // Waits (bounded) until the writer holds `n` rows it has not committed yet.
  bool writer_waits_on(std::int64_t n) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (app_->reads->stats().waiting < n) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(1ms);
    }
    return true;
  }

  std::unique_ptr<tsunagu::testing::TestApp> app_;
  PersonId person_;
  Login coordinator_;
};

TEST_F(DeferredRead, OtherRequestsAreServedWhileAReadWaitsForItsAuditRow) {
  const std::string target = "/api/v1/persons/" + std::to_string(person_.value);
  const auto before = read_rows();
  // Another connection holds the write lock, so the audit batch cannot commit yet.
  auto other = app_->database->open_again();
  auto blocker = other->connection();
  auto lock = std::make_unique<store::Transaction>(*blocker, store::TxMode::kWrite);

  auto read = std::async(std::launch::async,
                         [&] { return http_as(app_->port, coordinator_, "GET", target); });
  ASSERT_TRUE(writer_waits_on(1)) << "the read never queued its audit row";
  // The only handler thread is free: another request is answered at once.
  auto health = http_call(app_->port, {"GET", "/healthz", {}, ""});
  EXPECT_EQ(health.status, 200);
  // The read itself is not answered before its row is durable.
  EXPECT_EQ(read.wait_for(0ms), std::future_status::timeout);
  EXPECT_EQ(read_rows(), before);

  lock.reset();  // rolls back, releasing the write lock
  auto answered = read.get();
  EXPECT_EQ(answered.status, 200);
  EXPECT_NE(answered.body.find("架空 待子"), std::string::npos);
  EXPECT_EQ(read_rows(), before + 1);
}

TEST_F(DeferredRead, AReadWhoseAuditRowFailsShowsNothing) {
  const std::string target = "/api/v1/persons/" + std::to_string(person_.value);
  {
    auto c = app_->database->db().connection();
    c->execute_script("ALTER TABLE audit_log RENAME TO audit_log_away");
  }
  auto answered = http_as(app_->port, coordinator_, "GET", target);
  EXPECT_EQ(answered.status, 500);
  EXPECT_EQ(answered.body.find("架空"), std::string::npos);
  {
    auto c = app_->database->db().connection();
    c->execute_script("ALTER TABLE audit_log_away RENAME TO audit_log");
  }
  // The writer is still there for the next read.
  auto again = http_as(app_->port, coordinator_, "GET", target);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(read_rows(), 1);
}

TEST_F(DeferredRead, TheSynchronousEntryWaitsForTheAnswer) {
  // Application::handle, for callers without an event loop, returns the finished answer.
  http::Request request;
  request.method = "GET";
  request.path = "/api/v1/persons/" + std::to_string(person_.value);
  request.target = request.path;
  request.headers = {{"cookie", coordinator_.cookie}};
  auto response = app_->application->handle(request);
  EXPECT_FALSE(response.deferred);
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("架空 待子"), std::string::npos);
  EXPECT_EQ(read_rows(), 1);
}

}  // namespace
}  // namespace tsunagu::app::deferred_read_test
