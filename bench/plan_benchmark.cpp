// The importer and the store, measured: the seed policy table parsed, imported into a fresh
// SQLite database (one transaction), read back as a tree, and rendered as JSON. The twin of
// the import is a bare SQLite loop inserting the same number of rows in one transaction.
#include <benchmark/benchmark.h>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/plan_json.hpp"
#include "io/policy_table.hpp"
#include "service/audit_log.hpp"
#include "service/clock.hpp"
#include "service/plan_service.hpp"
#include "store/account_store.hpp"
#include "store/plan_store.hpp"

namespace {

std::string seed() {
  std::ifstream in(std::filesystem::path(TSUNAGU_DEMO_DIR) / "policy_table_komae.tsv",
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::filesystem::path temp_db(const char* name) {
  auto path = std::filesystem::temp_directory_path() / name;
  for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path;
}

void BM_ParsePolicyTable(benchmark::State& state) {
  const std::string bytes = seed();
  for (auto _ : state) {
    auto table = tsunagu::io::parse_policy_table(bytes);
    benchmark::DoNotOptimize(table);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_ParsePolicyTable)->Unit(benchmark::kMicrosecond);

// `tsunagu import policy-table` without process start: parse + one write transaction with the
// audit row, into a database that already holds the plan (the common re-import) or not.
void BM_ImportSeedIntoSqlite(benchmark::State& state) {
  using namespace tsunagu;
  const std::string bytes = seed();
  auto path = temp_db("tsunagu-bench-import.db");
  auto db = store::Database::open(path.string());
  service::SystemClock clock;
  service::AuditLog audit(clock);
  service::PlanService plans(*db, clock, audit);
  MunicipalityId m;
  {
    auto c = db->connection();
    store::Transaction tx(*c, store::TxMode::kWrite);
    m = store::AccountStore(*c).create_municipality("bench", "ベンチ市", 0);
    tx.commit();
  }
  auto actor = service::Actor::operator_at_cli("bench", m);
  int n = 0;
  for (auto _ : state) {
    // A new plan each time: every policy is inserted, the slow path.
    auto report = plans.import_policy_table(
        actor, {"計画" + std::to_string(n++), FiscalYear(2024), FiscalYear(2029), 4}, bytes);
    if (!report) state.SkipWithError(report.error().message.c_str());
  }
}
BENCHMARK(BM_ImportSeedIntoSqlite)->Unit(benchmark::kMillisecond);

// The twin: the same number of rows (15 policies + their ~130 list rows) inserted by bare
// SQLite in one transaction with synchronous=FULL in WAL, the floor any import pays.
void BM_BareSqliteInsertSameRows(benchmark::State& state) {
  auto path = temp_db("tsunagu-bench-bare.db");
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(
      db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (a INTEGER, b TEXT)",
      nullptr, nullptr, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?)", -1, &stmt, nullptr);
  const std::string text(120, 'x');
  for (auto _ : state) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (int i = 0; i < 150; ++i) {
      sqlite3_bind_int(stmt, 1, i);
      sqlite3_bind_text(stmt, 2, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
      sqlite3_step(stmt);
      sqlite3_reset(stmt);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}
BENCHMARK(BM_BareSqliteInsertSameRows)->Unit(benchmark::kMillisecond);

void BM_LoadPlanTree(benchmark::State& state) {
  using namespace tsunagu;
  auto path = temp_db("tsunagu-bench-load.db");
  auto db = store::Database::open(path.string());
  service::SystemClock clock;
  service::AuditLog audit(clock);
  service::PlanService plans(*db, clock, audit);
  MunicipalityId m;
  {
    auto c = db->connection();
    store::Transaction tx(*c, store::TxMode::kWrite);
    m = store::AccountStore(*c).create_municipality("bench", "ベンチ市", 0);
    tx.commit();
  }
  auto actor = service::Actor::operator_at_cli("bench", m);
  (void)plans.import_policy_table(actor, {"計画", FiscalYear(2024), FiscalYear(2029), 4}, seed());
  for (auto _ : state) {
    auto tree = plans.plans(actor);
    benchmark::DoNotOptimize(tree);
  }
}
BENCHMARK(BM_LoadPlanTree)->Unit(benchmark::kMicrosecond);

void BM_RenderPlanJson(benchmark::State& state) {
  using namespace tsunagu;
  auto table = io::parse_policy_table(seed());
  Plan plan{PlanId{1}, "計画", FiscalYear(2024), FiscalYear(2029), 4, {}};
  for (const auto& g : table->goals) {
    BasicGoal goal{GoalId{g.no}, g.no, g.title, {}};
    for (const auto& p : g.policies)
      goal.policies.push_back(Policy{PolicyId{p.no}, p.no, "1-4-1", 1, p.content});
    plan.goals.push_back(goal);
  }
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto text = io::plans_to_json_text({plan});
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["json_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RenderPlanJson)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
