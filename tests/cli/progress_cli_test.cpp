// The 進行管理 and 実施計画 commands as an operator uses them: real processes, real files.
#include <gtest/gtest.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "io/table_file.hpp"
#include "support/test_support.hpp"

namespace tsunagu::cli::progress_cli_test {
namespace {

using tsunagu::testing::TempDir;

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class ProgressCli : public ::testing::Test {
 protected:
  Outcome run(const std::string& args) { return run_with_input(args, ""); }
  Outcome run_with_input(const std::string& args, const std::string& input) {
    auto err_path = dir_ / "stderr.txt";
    auto in_path = dir_ / "stdin.txt";
    tsunagu::testing::write_file(in_path, input);
    std::string cmd = std::string(TSUNAGU_BINARY) + " " + args + " --db " +
                      (dir_ / "city.db").string() + " <" + in_path.string() + " 2>" +
                      err_path.string();
    Outcome o;
    FILE* pipe = popen(cmd.c_str(), "r");
    char buf[4096];
    while (auto n = fread(buf, 1, sizeof buf, pipe)) o.out.append(buf, n);
    int status = pclose(pipe);
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.err = tsunagu::testing::read_file(err_path);
    return o;
  }
  std::string seed() const {
    return (std::filesystem::path(TSUNAGU_DEMO_DIR) / "progress_sheet_ena.tsv").string();
  }
  TempDir dir_;
};

TEST_F(ProgressCli, ImportTallyExportAndImportBack) {
  ASSERT_EQ(run("init --code 212105 --name 恵那市").exit_code, 0);
  auto imported = run("import progress-sheet --plan 恵那市再犯防止推進計画 --year R6 " + seed());
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("事業 12（新規 12）、区分 4"), std::string::npos) << imported.out;
  auto tally = run("progress tally --year R6 --json");
  ASSERT_EQ(tally.exit_code, 0) << tally.err;
  EXPECT_EQ(tally.out, "{\"year\":\"R6\",\"A\":9,\"B\":0,\"C\":0,\"D\":3,\"total\":12}\n");
  auto by_category =
      nlohmann::json::parse(run("progress tally --year R6 --by category --json").out);
  EXPECT_EQ(by_category["groups"].size(), 4u);

  auto xlsx = (dir_ / "r6.xlsx").string();
  ASSERT_EQ(run("export progress-sheet --year R6 --out " + xlsx).exit_code, 0);
  auto records = io::read_xlsx(tsunagu::testing::read_file(xlsx));
  ASSERT_TRUE(records.ok());
  const io::Record* header = nullptr;
  for (const auto& r : *records) {
    if (r.line == 3) header = &r;  // row 3: title, blank row, header
  }
  ASSERT_NE(header, nullptr);
  EXPECT_EQ(header->cells.at(6), "R6評価");
  EXPECT_EQ(header->cells.at(8), "R7実施予定");
  auto again = run("import progress-sheet --plan 恵那市再犯防止推進計画 --year R6 " + xlsx);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("新規 0"), std::string::npos);
  EXPECT_EQ(run("progress tally --year R6 --json").out, tally.out);

  auto csv = (dir_ / "r6.csv").string();
  ASSERT_EQ(
      run("export progress-sheet --year R6 --format csv --encoding cp932 --out " + csv).exit_code,
      0);
  EXPECT_TRUE(tsunagu::testing::read_file(csv).find("\x8c\x62\x93\xdf") !=
              std::string::npos);  // 恵那 in CP932
  EXPECT_EQ(run("import progress-sheet --plan 恵那市再犯防止推進計画 --year R6 " + csv).exit_code,
            0);
}

TEST_F(ProgressCli, BadSheetsAreRefusedAndChangeNothing) {
  ASSERT_EQ(run("init --code 212105 --name 恵那市").exit_code, 0);
  ASSERT_EQ(run("import progress-sheet --plan 計画 --year R6 " + seed()).exit_code, 0);
  auto before = run("progress tally --year R6 --by department --json").out;
  auto wrong_year = run("import progress-sheet --plan 計画 --year R7 " + seed());
  EXPECT_EQ(wrong_year.exit_code, 3);
  EXPECT_NE(wrong_year.err.find("5行目"), std::string::npos) << wrong_year.err;
  auto bad = dir_ / "bad.tsv";
  std::string text = tsunagu::testing::read_file(seed());
  text.replace(text.find("D(その他)"), std::string("D(その他)").size(), "E(不明)");
  tsunagu::testing::write_file(bad, text);
  auto unknown = run("import progress-sheet --plan 計画 --year R6 " + bad.string());
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_NE(unknown.err.find("8行目 G列: 評価「E(不明)」が読み取れません"), std::string::npos)
      << unknown.err;
  auto fake = dir_ / "fake.xlsx";
  tsunagu::testing::write_file(fake, "PK\x03\x04 not really a workbook");
  EXPECT_EQ(run("import progress-sheet --plan 計画 --year R6 " + fake.string()).exit_code, 3);
  EXPECT_EQ(run("progress tally --year R6 --by department --json").out, before);
}

TEST_F(ProgressCli, ImplementationPlanRevisionsAndExport) {
  ASSERT_EQ(run("demo").exit_code, 0);                                 // the demo makes R6 and R7
  EXPECT_EQ(run("implementation create --revision R7").exit_code, 3);  // exists already
  ASSERT_EQ(
      run("implementation set --revision R7 --item 4-4-2 --year R8 --planned 紹介 --cost 1200")
          .exit_code,
      0);
  ASSERT_EQ(run("implementation create --revision R8").exit_code, 0);
  EXPECT_EQ(run("implementation set --revision R7 --item 4-4-2 --end-target x").exit_code,
            5);  // read-only
  ASSERT_EQ(run("implementation set --revision R8 --item 4-4-2 --year R7 --results 3件つないだ")
                .exit_code,
            0);
  auto cmp = run("implementation compare --from R7 --to R8");
  EXPECT_NE(cmp.out.find("4-4-2 変更あり"), std::string::npos) << cmp.out;
  EXPECT_NE(cmp.out.find("令和7年度 取組状況（成果）: 「」→「3件つないだ」"), std::string::npos)
      << cmp.out;
  auto out = (dir_ / "impl.xlsx").string();
  ASSERT_EQ(run("export implementation-plan --revision R8 --out " + out).exit_code, 0);
  EXPECT_EQ(tsunagu::testing::read_file(out).substr(0, 2), "PK");
  auto json = nlohmann::json::parse(run("implementation show --revision R8 --json").out);
  EXPECT_EQ(json["label"], "令和8年7月改定");
  EXPECT_EQ(json["planning_years"], nlohmann::json::array({"R8", "R9", "R10"}));
}

TEST_F(ProgressCli, CaseIndicatorsAndAgenciesFromTheCommandLine) {
  ASSERT_EQ(run("demo").exit_code, 0);
  auto j = nlohmann::json::parse(run("indicators --from 2024-04-01 --to 2025-03-31 --json").out);
  EXPECT_EQ(j["persons_counted"], 1);  // the demo's one person counted in statistics
  EXPECT_EQ(j["supporters_increased"]["percent"], 100.0);
  EXPECT_EQ(j["referrals_by_outcome"]["accepted"], 1);
  EXPECT_EQ(j["days_from_referral_to_first_meeting"]["median"], 21.0);
  EXPECT_TRUE(j["local_supporter_after_two_years"]["percent"].is_null());
  auto text = run("indicators --from 2024-04-01 --to 2025-03-31");
  EXPECT_NE(text.out.find("釈放前に支援につながった人: 1 / 1 人（100.0%）"), std::string::npos)
      << text.out;
  EXPECT_EQ(run("indicators --from 2025-04-01 --to 2024-03-31").exit_code, 3);
  EXPECT_EQ(run("agency add 架空病院 --kind hospital").exit_code, 3);
  EXPECT_EQ(run("agency add 架空病院 --kind medical").exit_code, 0);
  EXPECT_EQ(run("agency add 架空病院 --kind medical").exit_code, 5);  // exists
  EXPECT_NE(run("agency list").out.find("架空病院\t医療機関・保健所"), std::string::npos);
  EXPECT_EQ(run_with_input("user add kango --role partner --agency 未登録の機関 --password-stdin",
                           "a-long-password\n")
                .exit_code,
            3);
  EXPECT_EQ(run_with_input("user add kango --role partner --agency 架空病院 --password-stdin",
                           "a-long-password\n")
                .exit_code,
            0);
}

TEST_F(ProgressCli, ResourcesExportAsOpenDataAndImportAllOrNothing) {
  ASSERT_EQ(run("demo").exit_code, 0);
  auto out = dir_ / "resources.csv";
  auto exported = run("export resources --out " + out.string());
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::string csv = tsunagu::testing::read_file(out);
  ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF全国地方公共団体コード,ID,"));
  EXPECT_NE(csv.find("架空ダルク"), std::string::npos);
  EXPECT_EQ(csv.find("架空自立準備ホーム"), std::string::npos);  // internal in the demo
  EXPECT_EQ(run("export resources").out, csv);                   // standard output, same bytes

  // A list in CP932 (as Excel saves CSV) with one bad row: refused whole, exit 3, lines named.
  auto list = dir_ / "list.csv";
  auto cp932 = io::encode_cp932(
      "種別,名称,分野\nサロン,架空の新しいサロン,居場所・仲間\n宇宙基地,架空の何か,\n");
  tsunagu::testing::write_file(list, cp932.bytes);
  auto refused = run("import resources " + list.string());
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("3行目"), std::string::npos) << refused.err;
  EXPECT_EQ(run("export resources").out.find("架空の新しいサロン"), std::string::npos);
  tsunagu::testing::write_file(
      list, io::encode_cp932("種別,名称,分野\nサロン,架空の新しいサロン,居場所・仲間\n").bytes);
  auto imported = run("import resources " + list.string());
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("新規 1 件"), std::string::npos);
  EXPECT_NE(run("export resources").out.find("架空の新しいサロン"), std::string::npos);
  // The exported file reads back: every row an update, none added.
  auto again = run("import resources " + out.string());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("新規 0 件"), std::string::npos) << again.out;
}

std::string sheet_case(const std::string& name, const std::string& file) {
  return tsunagu::testing::test_data("progress_sheet/" + name + "/" + file).string();
}

// The three layouts of issue 13, as a new city would bring them.
TEST_F(ProgressCli, OtherCitiesLayoutsImportWithSheetColumnAndScaleOptions) {
  ASSERT_EQ(run("init --code 999991 --name 架空市").exit_code, 0);
  // A CP932 CSV: 事務事業名・所管課・達成度 1–5 under two title rows.
  auto csv = run("import progress-sheet --plan 達成度の計画 --year R6 --preset five " +
                 sheet_case("cp932_csv_grades_1_to_5", "input.csv"));
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(run("progress tally --plan 達成度の計画 --year R6 --json").out,
            "{\"year\":\"R6\",\"5\":1,\"4\":1,\"3\":1,\"2\":1,\"1\":1,\"total\":5}\n");
  // A workbook with a criteria sheet first, a merged 施策 column and numbers like 0704-01.
  auto legend =
      run("import progress-sheet --plan 施策評価 --year R5 --sheet R5評価 --grade A=目標を達成した "
          "--grade B=目標をおおむね達成した --grade C=目標を達成できなかった " +
          sheet_case("legend_sheet_first_merged_policy", "input.xlsx"));
  ASSERT_EQ(legend.exit_code, 0) << legend.err;
  EXPECT_NE(legend.out.find("シート「R5評価」、見出し 3行目"), std::string::npos) << legend.out;
  auto by_category = nlohmann::json::parse(
      run("progress tally --plan 施策評価 --year R5 --by category --json").out);
  ASSERT_EQ(by_category["groups"].size(), 2u);
  EXPECT_EQ(by_category["groups"][0]["label"], "(1)就労・住居の確保");
  EXPECT_EQ(by_category["groups"][0]["total"], 3);
  EXPECT_EQ(by_category["groups"][1]["C"], 1);
  // 目標に対する評価 written "A 達成した", a 所管課 merged over two projects, extra columns.
  auto label = run(
      "import progress-sheet --plan 評価表 --year R4 --grade A=達成した --grade B=おおむね達成した "
      "--grade C=達成できなかった " +
      sheet_case("label_forms_merged_department", "input.xlsx"));
  ASSERT_EQ(label.exit_code, 0) << label.err;
  EXPECT_NE(label.out.find("追加項目として保存した列: 「妥当性」 「有効性」"), std::string::npos)
      << label.out;
  EXPECT_EQ(run("progress tally --plan 評価表 --year R4 --json").out,
            "{\"year\":\"R4\",\"A\":2,\"B\":1,\"C\":1,\"total\":4}\n");
  // The seed layout still imports exactly as before.
  auto seed_import = run("import progress-sheet --plan 恵那市再犯防止推進計画 --year R6 " + seed());
  ASSERT_EQ(seed_import.exit_code, 0) << seed_import.err;
  EXPECT_EQ(run("progress tally --plan 恵那市再犯防止推進計画 --year R6 --json").out,
            "{\"year\":\"R6\",\"A\":9,\"B\":0,\"C\":0,\"D\":3,\"total\":12}\n");
}

TEST_F(ProgressCli, APreviewPrintsHowTheFileIsReadAndWritesNothing) {
  ASSERT_EQ(run("init --code 999991 --name 架空市").exit_code, 0);
  auto preview =
      run("import progress-sheet --plan 施策評価 --year R5 --preview --grade A=達成 "
          "--grade B=おおむね達成 --grade C=未達成 " +
          sheet_case("legend_sheet_first_merged_policy", "input.xlsx"));
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  for (const char* expected :
       {"シート: 「R5評価」（このファイルのシート: 「評価基準」「R5評価」）", "見出し: 3行目",
        "A列「施策」 → 施策・分野 (category)", "B列「No.」 → 番号 (number)",
        "4行目: 0704-01 就労相談会の開催（産業政策課） 評価 A(達成)", "区分 2、事業 5",
        "事業の変化: 追加 5、名前の変更 0、ファイルにない 0"}) {
    EXPECT_NE(preview.out.find(expected), std::string::npos) << expected << "\n" << preview.out;
  }
  EXPECT_EQ(nlohmann::json::parse(run("plan show --json").out)["plans"].size(), 0u);
  // A broken file previews its problems with row and column, and exits as the import would.
  auto broken = run("import progress-sheet --plan 計画 --year R6 --preview " +
                    sheet_case("broken_grade_off_scale", "input.tsv"));
  EXPECT_EQ(broken.exit_code, 3);
  EXPECT_NE(broken.out.find("C列「評価」 → 評価 (grade)"), std::string::npos) << broken.out;
  EXPECT_NE(broken.err.find("3行目 C列: 評価「E」が読み取れません"), std::string::npos)
      << broken.err;
}

TEST_F(ProgressCli, PlanCreateSetsTheScaleAndColumnNamesTheUnknownHeaders) {
  ASSERT_EQ(run("init --code 999991 --name 架空市").exit_code, 0);
  auto created = run("plan create --plan 地域計画 --period R6-R10 --preset abc");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_NE(created.out.find("A(順調) B(おおむね順調) C(遅れている)"), std::string::npos)
      << created.out;
  EXPECT_EQ(run("plan create --plan 地域計画 --period R6-R10").exit_code, 5);  // conflict
  const std::string file = sheet_case("explicit_columns", "input.tsv");
  auto unknown = run("import progress-sheet --plan 地域計画 --year R6 " + file);
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_NE(unknown.err.find("--column name=見出し"), std::string::npos) << unknown.err;
  auto bad_role = run("import progress-sheet --plan 地域計画 --year R6 --column title=x " + file);
  EXPECT_EQ(bad_role.exit_code, 3);
  EXPECT_NE(bad_role.err.find("使える役割: category, number, name"), std::string::npos);
  auto mapped =
      run("import progress-sheet --plan 地域計画 --year R6 --column name=取組の名称 "
          "--column departments=担当セクション --column grade=自己採点 --column done=やったこと " +
          file);
  ASSERT_EQ(mapped.exit_code, 0) << mapped.err;
  EXPECT_EQ(run("progress tally --plan 地域計画 --year R6 --json").out,
            "{\"year\":\"R6\",\"A\":1,\"B\":1,\"C\":0,\"total\":2}\n");
  // Next year's file of the same layout: the plan kept the mapping.
  auto next = run("import progress-sheet --plan 地域計画 --year R7 " + file);
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_NE(next.out.find("計画に保存された列の指定を使いました。"), std::string::npos) << next.out;
}

}  // namespace
}  // namespace tsunagu::cli::progress_cli_test
