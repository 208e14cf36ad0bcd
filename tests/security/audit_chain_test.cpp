// Issue 12, a keyless chain. The audit chain was plain SHA-256 with its head in the same
// database: anyone who could write to the database could drop the trigger, edit a row, recompute
// every hash and the head, and `audit verify` still said intact. The links are now HMAC-SHA-256
// under a key in a file outside the database, and anchors kept outside the system prove the log
// up to them. Both backends: a PostgreSQL DBA is exactly the person the key keeps out.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "app/application.hpp"
#include "service/audit_key.hpp"
#include "service/crypto.hpp"
#include "store/audit_store.hpp"
#include "support/test_db.hpp"
#include "support/test_support.hpp"

namespace tsunagu::security::audit_chain_test {
namespace {

using service::Actor;
using service::AuditLog;
using service::ManualClock;
using tsunagu::testing::TempDir;
using tsunagu::testing::TestDatabase;

class KeyedChain : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    database_ = TestDatabase::create(GetParam());
    if (!database_) GTEST_SKIP() << tsunagu::testing::kNoPostgres;
    app_ = open(key_file());
    auto m = app_->accounts.create_municipality(Actor::operator_at_cli("test", {}), "131001",
                                                "テスト市");
    ASSERT_TRUE(m.ok());
    operator_ = Actor::operator_at_cli("test", m->id);
    add_users(3);
  }

  std::string key_file() const { return (dir_ / "audit.key").string(); }

  std::unique_ptr<app::Application> open(const std::string& key) {
    app::Config config;
    config.clock = &clock_;
    config.auth.hashing = service::PasswordHashing::fastest_for_tests();
    config.audit_key_file = key;
    return app::Application::over(database_->db(), config);
  }

  void add_users(int n) {
    for (int i = 0; i < n; ++i) {
      auto name = "user" + std::to_string(next_user_++);
      ASSERT_TRUE(
          app_->accounts
              .add_user(operator_, {name, "", Role::kAuditor, "監査課", "correct horse battery"})
              .ok());
    }
  }

  service::VerifyReport verify(const std::vector<service::Anchor>& anchors = {}) {
    auto c = database_->db().connection();
    return app_->audit.verify(*c, anchors);
  }

  std::vector<store::AuditRow> rows() {
    auto c = database_->db().connection();
    return store::AuditStore(*c).rows_after(0, 100000);
  }

  // What someone with write access to the database but without the key can do: lift the
  // append-only guard and rewrite rows from `from_seq` on, each link recomputed by `relink`
  // over the rewritten previous link, then the head.
  void rewrite_from(std::int64_t from_seq, const std::function<void(store::AuditRow&)>& edit,
                    const std::function<std::string(const store::AuditRow&)>& relink) {
    auto all = rows();
    auto c = database_->db().connection();
    if (GetParam() == store::Backend::kSqlite) {
      c->execute_script(
          "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete");
    } else {
      c->execute_script("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log");
    }
    std::string prev;
    for (auto& row : all) {
      if (row.seq >= from_seq) {
        edit(row);
        row.prev_hash = prev;
        row.hash = relink(row);
        c->execute(
            "UPDATE audit_log SET actor = ?, action = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            {row.actor, row.action, row.prev_hash, row.hash, row.seq});
      }
      prev = row.hash;
    }
    c->execute("UPDATE audit_head SET hash = ? WHERE id = 1", {prev});
  }

  // Cuts the log after `last_seq`, the head moved back to match.
  void truncate_after(std::int64_t last_seq) {
    auto kept = rows().at(static_cast<std::size_t>(last_seq - 1));
    auto c = database_->db().connection();
    if (GetParam() == store::Backend::kSqlite) {
      c->execute_script("DROP TRIGGER IF EXISTS audit_log_no_delete");
    } else {
      c->execute_script("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log");
    }
    c->execute("DELETE FROM audit_log WHERE seq > ?", {last_seq});
    c->execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", {last_seq, kept.hash});
  }

  TempDir dir_;
  ManualClock clock_{1780275600000};
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<app::Application> app_;
  Actor operator_;
  int next_user_ = 1;
};

TEST_P(KeyedChain, ANewDatabaseIsKeyedFromItsFirstRowWithAnOwnerOnlyKeyFile) {
  auto report = verify();
  ASSERT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.keyed_since, 1);
  EXPECT_EQ(rows().at(0).action, service::kActionChainKeyed);
  struct stat info {};
  ASSERT_EQ(::stat(key_file().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(tsunagu::testing::read_file(key_file()).size(), 65u);  // 64 hex digits and '\n'
}

TEST_P(KeyedChain, ARowRewrittenAndTheChainRecomputedWithoutTheKeyIsCaught) {
  ASSERT_TRUE(verify().intact);
  const std::int64_t target = 3;
  auto rename = [](store::AuditRow& row) {
    if (row.seq == target) row.actor = "someone-else";
  };
  // Recomputed as plain SHA-256 links (what the old chain accepted) …
  AuditLog plain(clock_);
  rewrite_from(target, rename, [&](const store::AuditRow& r) { return plain.link(r, false); });
  auto report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_broken_seq, target) << report.problem;

  // … or as HMAC links under a key the attacker made up.
  AuditLog guessed(clock_, service::random_bytes(32));
  rewrite_from(target, rename, [&](const store::AuditRow& r) { return guessed.link(r, true); });
  report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_broken_seq, target) << report.problem;
}

TEST_P(KeyedChain, AChainRebuiltWithoutItsUpgradeRowIsCaught) {
  // Every row recomputed as plain SHA-256, the upgrade row turned into an ordinary one: a
  // consistent keyless chain, which the key-holding verifier refuses.
  AuditLog plain(clock_);
  rewrite_from(
      1,
      [](store::AuditRow& row) {
        if (row.seq == 1) row.action = "audit.note";
      },
      [&](const store::AuditRow& r) { return plain.link(r, false); });
  auto report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_NE(report.problem.find("鍵"), std::string::npos) << report.problem;
}

TEST_P(KeyedChain, AKeptAnchorCatchesALogTruncatedAfterIt) {
  auto anchor = app_->audit_service.anchor(operator_);
  ASSERT_TRUE(anchor.ok());
  EXPECT_EQ(rows().back().action, service::kActionAnchor);
  EXPECT_EQ(anchor->anchor.mac, rows().back().hash);
  add_users(2);
  auto kept = service::parse_anchor(service::format_anchor(anchor->anchor));
  ASSERT_TRUE(kept.has_value());
  auto report = verify({*kept});
  ASSERT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.anchors_matched, 1);

  // Cut back to before the anchor: every remaining link is genuine, so only the anchor can tell.
  truncate_after(kept->seq - 1);
  EXPECT_TRUE(verify().intact);
  report = verify({*kept});
  EXPECT_FALSE(report.intact);
  EXPECT_NE(report.problem.find("アンカー"), std::string::npos) << report.problem;
}

TEST_P(KeyedChain, AKeptAnchorCatchesALogRebuiltAfterIt) {
  auto anchor = app_->audit_service.anchor(operator_);
  ASSERT_TRUE(anchor.ok());
  add_users(1);
  // Rebuilt by someone who also took the key: a row before the anchor rewritten and every link
  // after it recomputed under the real key. The chain is consistent again; the kept anchor is
  // what still knows the old link.
  const std::int64_t target = anchor->anchor.seq - 1;
  rewrite_from(
      target,
      [&](store::AuditRow& row) {
        if (row.seq == target) row.actor = "someone-else";
      },
      [&](const store::AuditRow& r) { return app_->audit.link(r, true); });
  EXPECT_TRUE(verify().intact);
  auto report = verify({anchor->anchor});
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_broken_seq, anchor->anchor.seq) << report.problem;
}

TEST_P(KeyedChain, AnOldDatabaseContinuesItsChainWithKeyedLinksFromAnUpgradeRow) {
  // A database from before keys: its rows written with plain links.
  auto old = TestDatabase::create(GetParam());
  AuditLog keyless(clock_);
  service::AccountService accounts(old->db(), clock_, keyless);
  auto m = accounts.create_municipality(Actor::operator_at_cli("test", {}), "131002", "旧市");
  ASSERT_TRUE(m.ok());
  std::int64_t old_rows = 0;
  {
    auto c = old->db().connection();
    old_rows = keyless.verify(*c).rows;
  }
  ASSERT_GT(old_rows, 0);

  app::Config config;
  config.clock = &clock_;
  config.audit_key_file = (dir_ / "old.key").string();
  auto upgraded = app::Application::over(old->db(), config);
  auto c = old->db().connection();
  auto report = upgraded->audit.verify(*c);
  ASSERT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.keyed_since, old_rows + 1);
  auto all = store::AuditStore(*c).rows_after(0, 1000);
  EXPECT_EQ(all.at(static_cast<std::size_t>(old_rows)).action, service::kActionChainKeyed);
  // The plain rows before the upgrade are held by the keyed row after them: recomputing them
  // breaks the link into the upgrade row.
  EXPECT_EQ(upgraded->audit.link(all.at(0), false), all.at(0).hash);
  EXPECT_NE(upgraded->audit.link(all.at(static_cast<std::size_t>(old_rows)), false),
            all.at(static_cast<std::size_t>(old_rows)).hash);
}

TEST_P(KeyedChain, AKeyedDatabaseRefusesToOpenWithoutItsKeyOrWithAnother) {
  app_.reset();
  const auto other = (dir_ / "other.key").string();
  ASSERT_TRUE(service::create_audit_key(other).ok());
  try {
    open(other);
    FAIL() << "opened with another database's key";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("このデータベースのものではありません"), std::string::npos)
        << e.what();
  }
  try {
    open((dir_ / "missing.key").string());
    FAIL() << "opened a keyed chain without a key";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("がありません"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "missing.key"));  // no new key for a keyed chain
  ::chmod(key_file().c_str(), 0644);
  EXPECT_THROW(open(key_file()), std::runtime_error);  // readable by anyone: refused
  ::chmod(key_file().c_str(), 0600);
  EXPECT_NO_THROW(open(key_file()));
}

TEST(AuditAnchor, ReadsOnlyTheFormAuditAnchorPrints) {
  const std::string mac(64, 'a');
  auto a = service::parse_anchor("42:" + mac);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->seq, 42);
  EXPECT_EQ(service::format_anchor(*a), "42:" + mac);
  EXPECT_TRUE(service::parse_anchor("42:" + std::string(64, 'A')).has_value());
  EXPECT_FALSE(service::parse_anchor("0:" + mac).has_value());
  EXPECT_FALSE(service::parse_anchor("-1:" + mac).has_value());
  EXPECT_FALSE(service::parse_anchor("42:" + mac.substr(1)).has_value());
  EXPECT_FALSE(service::parse_anchor("42" + mac).has_value());
  EXPECT_FALSE(service::parse_anchor("x:" + mac).has_value());
  EXPECT_FALSE(service::parse_anchor("42:" + std::string(63, 'a') + "g").has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, KeyedChain,
                         ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) {
                           return tsunagu::testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace tsunagu::security::audit_chain_test
