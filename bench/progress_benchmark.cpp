// Progress management at scale: a 20,000-row progress sheet imported (one transaction), the
// year tallied, and exported as xlsx and CSV. Twin: bare SQLite inserting 20,000 rows of the
// same width in one transaction.
#include <benchmark/benchmark.h>

#include <sqlite3.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>

#include "io/delimited.hpp"
#include "io/progress_export.hpp"
#include "io/progress_sheet.hpp"
#include "io/workbook.hpp"
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

// Another city's workbook of 20,000 projects (issue 13): a criteria sheet first, title rows,
// a 施策 column merged down each category's 500 projects, each 所管課 merged over two projects
// (10,040 merged ranges in all), codes such as 0704-001, 達成度 1–5, and an extra column.
std::string merged_workbook() {
  auto path = std::filesystem::temp_directory_path() / "tsunagu-bench-merged.xlsx";
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* legend = workbook_add_worksheet(wb, "評価基準");
  worksheet_write_string(legend, 0, 0, "達成度: 5 達成 4 おおむね達成 3 一部達成 2 未達成 1 未着手",
                         nullptr);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "R6評価");
  worksheet_write_string(ws, 0, 0, "令和6年度 事務事業評価表（ベンチマーク用）", nullptr);
  const char* header[] = {"施策",          "No.",    "事務事業名",   "所管課", "事業概要",
                          "令和6年度実績", "達成度", "今後の方向性", "妥当性"};
  for (lxw_col_t c = 0; c < 9; ++c) worksheet_write_string(ws, 2, c, header[c], nullptr);
  lxw_row_t row = 3;
  const int per_category = kRows / 40;
  for (int c = 1; c <= 40; ++c) {
    const lxw_row_t first = row;
    const std::string category = "(" + std::to_string(c) + ")施策" + std::to_string(c);
    for (int n = 1; n <= per_category; ++n, ++row) {
      char code[16];
      std::snprintf(code, sizeof code, "%04d-%03d", c, n);
      worksheet_write_string(ws, row, 1, code, nullptr);
      worksheet_write_string(
          ws, row, 2, ("事業" + std::to_string(c) + "-" + std::to_string(n)).c_str(), nullptr);
      if (n % 2 == 1) {
        worksheet_merge_range(ws, row, 3, row + 1, 3,
                              ("課" + std::to_string((c * 7 + n) % 30)).c_str(), nullptr);
      }
      worksheet_write_string(ws, row, 4, "出所者の就労と住まいを関係機関と連携して支援します。",
                             nullptr);
      worksheet_write_string(ws, row, 5, "関係機関と情報共有を行い、該当者へ支援を行った。",
                             nullptr);
      worksheet_write_string(ws, row, 6, std::to_string(1 + (c + n) % 5).c_str(), nullptr);
      worksheet_write_string(ws, row, 7, "継続して実施する。", nullptr);
      worksheet_write_string(ws, row, 8, n % 3 == 0 ? "高い" : "中", nullptr);
    }
    worksheet_merge_range(ws, first, 0, row - 1, 0, category.c_str(), nullptr);
  }
  workbook_close(wb);
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

service::ProgressSheetImport merged_request() {
  service::ProgressSheetImport r;
  r.plan_name = "事務事業評価";
  r.year = FiscalYear(2024);
  r.file_name = "merged.xlsx";
  r.scale = EvaluationScale::achievement_five();
  return r;
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

void BM_ImportMergedWorkbook20k(benchmark::State& state) {
  const std::string book = merged_workbook();
  for (auto _ : state) {
    state.PauseTiming();
    Db f;
    service::ProgressService progress(*f.db, f.clock, f.audit);
    state.ResumeTiming();
    auto r = progress.import_sheet(f.actor, merged_request(), book);
    if (!r) state.SkipWithError(r.error().message.c_str());
    if (r && r->projects_created != kRows) state.SkipWithError("not every project was imported");
  }
  state.counters["bytes"] = static_cast<double>(book.size());
}
BENCHMARK(BM_ImportMergedWorkbook20k)->Unit(benchmark::kMillisecond)->Iterations(3);

// The preview of the same workbook, for a plan that already holds last year's 20,000 projects
// (every row matched): what the web page waits for before the staff member confirms.
void BM_PreviewMergedWorkbook20k(benchmark::State& state) {
  const std::string book = merged_workbook();
  Db f;
  service::ProgressService progress(*f.db, f.clock, f.audit);
  (void)progress.import_sheet(f.actor, merged_request(), book);
  for (auto _ : state) {
    auto p = progress.preview_sheet(f.actor, merged_request(), book);
    if (!p || !p->reading.problems.empty() || p->changes.updated != kRows)
      state.SkipWithError("the preview did not match every project");
  }
}
BENCHMARK(BM_PreviewMergedWorkbook20k)->Unit(benchmark::kMillisecond)->Iterations(5);

// Reading alone (unzip, XML, merged cells filled, header found, rows parsed): the preview's
// floor.
void BM_ReadMergedWorkbook20k(benchmark::State& state) {
  const std::string book = merged_workbook();
  io::SheetOptions options;
  options.year = FiscalYear(2024);
  for (auto _ : state) {
    auto wb = io::read_workbook(book, "merged.xlsx");
    auto reading = io::read_progress_sheet(*wb, EvaluationScale::achievement_five(), options);
    benchmark::DoNotOptimize(reading.sheet.projects.size());
  }
}
BENCHMARK(BM_ReadMergedWorkbook20k)->Unit(benchmark::kMillisecond)->Iterations(5);

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
