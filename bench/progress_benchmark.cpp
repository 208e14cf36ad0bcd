// Progress management at scale: a 20,000-row progress sheet imported (one transaction), the
// year tallied, and exported as xlsx and CSV. Twin: bare SQLite inserting 20,000 rows of the
// same width in one transaction.
#include <benchmark/benchmark.h>

#include <sqlite3.h>

#include <filesystem>

#include "io/delimited.hpp"
#include "io/progress_export.hpp"
#include "service/account_service.hpp"
#include "service/progress_service.hpp"
#include "store/account_store.hpp"

namespace {

using namespace tsunagu;

constexpr int kRows = 20000;

std::string big_sheet() {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"ベンチマーク用 進行管理シート"});
  rows.push_back({"基本目標", "基本方針", "具体的な取り組み", "事業", "担当課", "内容", "R6評価",
                  "R6実施内容", "R7実施予定"});
  const char* grades[] = {"A(予定通り進行)", "B(予定を変更、修正して進行)",
                          "C(予定通り進行していない)", "D(その他)"};
  for (int c = 1; c <= 40; ++c) {
    rows.push_back(
        {"(" + std::to_string(c) + ")区分" + std::to_string(c), "", "", "", "", "", "", "", ""});
    for (int n = 1; n <= kRows / 40; ++n) {
      rows.push_back(
          {"", "", std::to_string(n), "事業" + std::to_string(c) + "-" + std::to_string(n),
           "課" + std::to_string((c * 7 + n) % 30) + " 課" + std::to_string(n % 30),
           "出所者の就労と住まいを関係機関と連携して支援します。", grades[(c + n) % 4],
           "関係機関と情報共有を行い、該当者へ支援を行った。", "引き続き連携して支援する。"});
    }
  }
  return io::write_delimited(rows, '\t');
}

struct Db {
  Db() : path(std::filesystem::temp_directory_path() / "tsunagu-bench-progress.db") {
    for (auto s : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + s);
    db = store::Database::open(path.string());
    auto c = db->connection();
    store::Transaction tx(*c, store::TxMode::kWrite);
    actor = service::Actor::operator_at_cli(
        "bench", store::AccountStore(*c).create_municipality("b", "ベンチ市", 0));
    tx.commit();
  }
  std::filesystem::path path;
  std::unique_ptr<store::Database> db;
  service::SystemClock clock;
  service::AuditLog audit{clock};
  service::Actor actor;
};

void BM_ImportProgressSheet20k(benchmark::State& state) {
  const std::string sheet = big_sheet();
  for (auto _ : state) {
    state.PauseTiming();
    Db f;
    service::ProgressService progress(*f.db, f.clock, f.audit);
    state.ResumeTiming();
    auto r = progress.import_sheet(f.actor, {"計画", FiscalYear(2024), "big.tsv"}, sheet);
    if (!r) state.SkipWithError(r.error().message.c_str());
  }
  state.counters["rows"] = kRows;
  state.counters["bytes"] = static_cast<double>(sheet.size());
}
BENCHMARK(BM_ImportProgressSheet20k)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_ReimportProgressSheet20k(benchmark::State& state) {
  const std::string sheet = big_sheet();
  Db f;
  service::ProgressService progress(*f.db, f.clock, f.audit);
  (void)progress.import_sheet(f.actor, {"計画", FiscalYear(2024), "big.tsv"}, sheet);
  for (auto _ : state) {
    auto r = progress.import_sheet(f.actor, {"計画", FiscalYear(2024), "big.tsv"}, sheet);
    if (!r) state.SkipWithError(r.error().message.c_str());
  }
}
BENCHMARK(BM_ReimportProgressSheet20k)->Unit(benchmark::kMillisecond)->Iterations(3);

class Loaded : public benchmark::Fixture {
 public:
  void SetUp(const benchmark::State&) override {
    if (f) return;
    f = std::make_unique<Db>();
    progress = std::make_unique<service::ProgressService>(*f->db, f->clock, f->audit);
    (void)progress->import_sheet(f->actor, {"計画", FiscalYear(2024), "big.tsv"}, big_sheet());
  }
  static std::unique_ptr<Db> f;
  static std::unique_ptr<service::ProgressService> progress;
};
std::unique_ptr<Db> Loaded::f;
std::unique_ptr<service::ProgressService> Loaded::progress;

BENCHMARK_F(Loaded, TallyYear20k)(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(
        progress->tally(f->actor, "", FiscalYear(2024), service::TallyBy::kNone));
}
BENCHMARK_REGISTER_F(Loaded, TallyYear20k)->Unit(benchmark::kMillisecond);

BENCHMARK_F(Loaded, TallyByDepartment20k)(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(
        progress->tally(f->actor, "", FiscalYear(2024), service::TallyBy::kDepartment));
}
BENCHMARK_REGISTER_F(Loaded, TallyByDepartment20k)->Unit(benchmark::kMillisecond);

BENCHMARK_F(Loaded, ExportXlsx20k)(benchmark::State& state) {
  auto out = std::filesystem::temp_directory_path() / "tsunagu-bench-export.xlsx";
  for (auto _ : state) {
    auto data = progress->sheet(f->actor, "", FiscalYear(2024));
    auto ok = io::write_progress_xlsx(*data, out.string());
    if (!ok) state.SkipWithError(ok.error().message.c_str());
  }
}
BENCHMARK_REGISTER_F(Loaded, ExportXlsx20k)->Unit(benchmark::kMillisecond)->Iterations(3);

BENCHMARK_F(Loaded, ExportCsvCp93220k)(benchmark::State& state) {
  for (auto _ : state) {
    auto data = progress->sheet(f->actor, "", FiscalYear(2024));
    benchmark::DoNotOptimize(io::progress_csv(*data, io::CsvEncoding::kCp932));
  }
}
BENCHMARK_REGISTER_F(Loaded, ExportCsvCp93220k)->Unit(benchmark::kMillisecond)->Iterations(3);

// The twin: 20,000 rows of similar width inserted by bare SQLite in one transaction.
void BM_BareSqliteInsert20k(benchmark::State& state) {
  auto path = std::filesystem::temp_directory_path() / "tsunagu-bench-bare20k.db";
  for (auto _ : state) {
    state.PauseTiming();
    for (auto s : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + s);
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (a INTEGER, b "
                 "TEXT, c TEXT, d TEXT)",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?, ?, ?)", -1, &stmt, nullptr);
    const std::string text(150, 'x');
    state.ResumeTiming();
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (int i = 0; i < kRows; ++i) {
      sqlite3_bind_int(stmt, 1, i);
      for (int k = 2; k <= 4; ++k)
        sqlite3_bind_text(stmt, k, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
      sqlite3_step(stmt);
      sqlite3_reset(stmt);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    state.PauseTiming();
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    state.ResumeTiming();
  }
}
BENCHMARK(BM_BareSqliteInsert20k)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
