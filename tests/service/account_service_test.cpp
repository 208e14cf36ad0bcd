#include "service/account_service.hpp"

#include <gtest/gtest.h>

#include "store/account_store.hpp"
#include "support/test_db.hpp"

namespace tsunagu::service {
namespace {

using tsunagu::testing::TestDatabase;

constexpr std::int64_t kMinute = 60 * 1000;

class AccountServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::create(store::Backend::kSqlite);
    AuthOptions options;
    options.hashing = PasswordHashing::fastest_for_tests();
    accounts_ = std::make_unique<AccountService>(test_db_->db(), clock_, audit_, options);
    auto m =
        accounts_->create_municipality(Actor::operator_at_cli("test", {}), "131001", "テスト市");
    ASSERT_TRUE(m.ok());
    cli_ = Actor::operator_at_cli("test", m->id);
    ASSERT_TRUE(
        accounts_->add_user(cli_, {"yamada", "山田", Role::kPlanAdmin, "福祉政策課", kPassword})
            .ok());
  }

  std::int64_t audit_rows() {
    auto c = test_db_->db().connection();
    return audit_.verify(*c).rows;
  }

  static constexpr const char* kPassword = "correct horse battery";
  ManualClock clock_{1'700'000'000'000};
  AuditLog audit_{clock_};
  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<AccountService> accounts_;
  Actor cli_;
};

TEST_F(AccountServiceTest, AddUserValidatesEveryField) {
  auto code = [&](NewUser u) {
    auto r = accounts_->add_user(cli_, u);
    return r.ok() ? std::string("ok") : r.error().code;
  };
  EXPECT_EQ(code({"a", "", Role::kPartner, "", kPassword}), "user.invalid");
  EXPECT_EQ(code({"名前", "", Role::kPartner, "", kPassword}), "user.invalid");
  EXPECT_EQ(code({"sato", "", Role::kPartner, "", "short"}), "user.invalid");
  EXPECT_EQ(code({"sato", "", Role::kDepartmentEditor, "", kPassword}), "user.invalid");
  EXPECT_EQ(code({"yamada", "", Role::kPartner, "", kPassword}), "user.exists");
  EXPECT_EQ(code({"sato", "佐藤", Role::kDepartmentEditor, "社会福祉課", kPassword}), "ok");
}

TEST_F(AccountServiceTest, OnlyAnAdminAddsUsers) {
  auto yamada = accounts_->login("yamada", kPassword, "127.0.0.1");
  ASSERT_TRUE(yamada.ok());
  auto r = accounts_->add_user(Actor::of(yamada->user), {"sato", "", Role::kAdmin, "", kPassword});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "auth.forbidden");
}

TEST_F(AccountServiceTest, LoginOpensASessionThatAuthenticates) {
  auto session = accounts_->login("yamada", kPassword, "127.0.0.1");
  ASSERT_TRUE(session.ok()) << session.error().message;
  EXPECT_GE(session->token.size(), 40u);
  EXPECT_NE(session->csrf_token, session->token);
  auto again = accounts_->authenticate(session->token);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->user.username, "yamada");
  EXPECT_EQ(again->user.department_name, "福祉政策課");
  EXPECT_EQ(again->csrf_token, session->csrf_token);
  EXPECT_FALSE(accounts_->authenticate(session->token + "x").ok());
}

TEST_F(AccountServiceTest, WrongPasswordAndUnknownUserLookTheSame) {
  auto wrong = accounts_->login("yamada", "not the password", "127.0.0.1");
  auto unknown = accounts_->login("nobody", "not the password", "127.0.0.1");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, "auth.failed");
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_F(AccountServiceTest, RepeatedFailuresSlowTheGuessingAddressDown) {
  for (int i = 0; i < 5; ++i)
    EXPECT_FALSE(accounts_->login("yamada", "guess" + std::to_string(i), "10.0.0.9").ok());
  auto waiting = accounts_->login("yamada", kPassword, "10.0.0.9");
  ASSERT_FALSE(waiting.ok());
  EXPECT_EQ(waiting.error().code, "auth.throttled");
  // Not a lock of the account: its owner elsewhere signs in, and the guesser after a second.
  EXPECT_TRUE(accounts_->login("yamada", kPassword, "10.0.0.10").ok());
  clock_.advance_ms(1000);
  EXPECT_TRUE(accounts_->login("yamada", kPassword, "10.0.0.9").ok());
}

TEST_F(AccountServiceTest, SessionsEndWhenIdleAndAfterTwelveHours) {
  auto session = accounts_->login("yamada", kPassword, "127.0.0.1");
  ASSERT_TRUE(session.ok());
  clock_.advance_ms(119 * kMinute);
  EXPECT_TRUE(accounts_->authenticate(session->token).ok());  // touched: expiry slides
  clock_.advance_ms(119 * kMinute);
  EXPECT_TRUE(accounts_->authenticate(session->token).ok());
  clock_.advance_ms(121 * kMinute);
  EXPECT_FALSE(accounts_->authenticate(session->token).ok());  // idle too long

  auto busy = accounts_->login("yamada", kPassword, "127.0.0.1");
  for (int hour = 1; hour < 12; ++hour) {
    clock_.advance_ms(60 * kMinute);
    EXPECT_TRUE(accounts_->authenticate(busy->token).ok()) << hour;
  }
  clock_.advance_ms(60 * kMinute);
  EXPECT_FALSE(accounts_->authenticate(busy->token).ok());  // absolute limit
}

TEST_F(AccountServiceTest, LogoutEndsTheSessionAndEveryStepIsAudited) {
  auto before = audit_rows();
  auto session = accounts_->login("yamada", kPassword, "127.0.0.1");
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(accounts_->logout(*session).ok());
  EXPECT_FALSE(accounts_->authenticate(session->token).ok());
  EXPECT_EQ(audit_rows(), before + 2);
}

TEST_F(AccountServiceTest, DisabledUsersCannotLogIn) {
  {
    auto c = test_db_->db().connection();
    store::AccountStore accounts(*c);
    auto yamada = accounts.find_user_by_name("yamada")->user;
    accounts.set_disabled(yamada.municipality, yamada.id, true);
  }
  auto r = accounts_->login("yamada", kPassword, "127.0.0.1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "auth.failed");
}

TEST(PasswordHashing, Argon2idRoundTrip) {
  auto hash = hash_password("correct horse battery", PasswordHashing::fastest_for_tests());
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(hash, "correct horse battery"));
  EXPECT_FALSE(verify_password(hash, "correct horse batterz"));
  EXPECT_NE(hash, hash_password("correct horse battery", PasswordHashing::fastest_for_tests()));
}

}  // namespace
}  // namespace tsunagu::service
