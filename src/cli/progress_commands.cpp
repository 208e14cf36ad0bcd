#include "cli/progress_commands.hpp"

#include <fstream>
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/app.hpp"
#include "cli/scale_options.hpp"
#include "cli/sheet_options.hpp"
#include "io/workbook.hpp"

namespace tsunagu::cli {
namespace progress_commands {
namespace {

using nlohmann::ordered_json;

struct Options {
  std::string plan;
  std::string year_text;
  std::string file;
  std::string by = "none";
  bool json = false;
  std::string deadline;
  std::string out;
  std::string format = "xlsx";
  std::string encoding = "utf-8";
  ScaleOptions scale;
  std::string sheet;
  std::vector<std::string> columns;  // ROLE=HEADER
  bool preview = false;
};

Result<FiscalYear> year_of(const std::string& text) { return FiscalYear::parse(text); }

ordered_json tally_json(const Tally& t) {
  ordered_json j;
  for (const auto& [code, count] : t.by_grade) j[code] = count;
  if (t.ungraded > 0) j["ungraded"] = t.ungraded;
  j["total"] = t.total;
  return j;
}

std::string tally_line(const EvaluationScale& scale, const Tally& t) {
  std::string s;
  for (const auto& [code, count] : t.by_grade)
    s += scale.display(code) + " " + std::to_string(count) + "事業　";
  if (t.ungraded > 0) s += "評価なし " + std::to_string(t.ungraded) + "事業　";
  return s + "計 " + std::to_string(t.total) + "事業";
}

Result<service::ProgressSheetImport> import_request(const Options& o) {
  auto year = year_of(o.year_text);
  if (!year) return year.error();
  service::ProgressSheetImport request{o.plan, *year, o.file, o.sheet, {}, std::nullopt};
  for (const auto& text : o.columns) {
    auto choice = io::parse_column_choice(text);
    if (!choice) return choice.error();
    request.columns.push_back(*choice);
  }
  auto scale = chosen_scale(o.scale);
  if (!scale) return scale.error();
  request.scale = *scale;
  return request;
}

std::string role_text(const io::SheetColumn& c) {
  if (!c.role) return "追加項目として保存";
  return std::string(io::sheet_role_label(*c.role)) + " (" +
         std::string(io::sheet_role_name(*c.role)) + ")" + (c.chosen ? "　※指定" : "");
}

void print_columns(std::ostream& out, const std::vector<io::SheetColumn>& columns) {
  for (const auto& c : columns)
    out << "    " << io::column_letters(c.index) << "列「" << c.header << "」 → " << role_text(c)
        << "\n";
}

void print_changes(std::ostream& out, const service::ProjectChanges& changes) {
  out << "  事業の変化: 追加 " << changes.added.size() << "、名前の変更 " << changes.renamed.size()
      << "、ファイルにない " << changes.gone.size() << "\n";
  for (const auto& r : changes.renamed)
    out << "    名前の変更 " << r.number << ": " << r.from << " → " << r.to << "\n";
  for (const auto& g : changes.gone) out << "    ファイルにない（残します）: " << g << "\n";
}

int run_preview(Common& common, const Options& o, app::Application& w, const service::Actor& actor,
                const service::ProgressSheetImport& request, const std::string& bytes) {
  auto preview = w.progress.preview_sheet(actor, request, bytes);
  if (!preview) return report_error(*common.err, preview.error());
  const io::SheetReading& r = preview->reading;
  std::ostream& out = *common.out;
  out << "「" << o.file << "」の読み取り結果（データベースには何も書き込んでいません）\n";
  out << sheet_line(r.sheet.sheet_name, r.sheet.sheet_names);
  if (preview->used_saved_mapping) out << "  計画に保存された列の指定を使いました。\n";
  if (r.header_found) {
    out << "  見出し: " << r.sheet.header_line << "行目\n  列:\n";
    print_columns(out, r.sheet.columns);
    out << "  先頭の事業:\n";
    for (std::size_t i = 0; i < r.sheet.projects.size() && i < 5; ++i) {
      const auto& p = r.sheet.projects[i];
      out << "    " << p.line << "行目: " << (p.code.empty() ? std::to_string(p.no) : p.code) << " "
          << p.name << "（";
      for (std::size_t d = 0; d < p.departments.size(); ++d)
        out << (d ? "・" : "") << p.departments[d];
      out << "） 評価 " << (p.progress.grade ? preview->scale.display(*p.progress.grade) : "なし")
          << "\n";
    }
    out << "  区分 " << r.sheet.categories.size() << "、事業 " << r.sheet.projects.size() << "\n";
    out << "  " << tally_line(preview->scale, preview->tally) << "\n";
    print_changes(out, preview->changes);
  }
  for (const auto& wn : r.sheet.tally_mismatches) *common.err << "注意: " << wn << "\n";
  for (const auto& wn : r.sheet.warnings) *common.err << "注意: " << wn << "\n";
  if (!r.problems.empty()) return report_error(*common.err, r.error());
  out << "このまま取り込むには --preview を外して実行してください。\n";
  return 0;
}

int run_import_sheet(Common& common, const Options& o, app::Application& w,
                     const service::Actor& actor) {
  auto request = import_request(o);
  if (!request) return report_error(*common.err, request.error());
  auto bytes = read_input_file(o.file);
  if (!bytes) return report_error(*common.err, bytes.error());
  if (o.preview) return run_preview(common, o, w, actor, *request, *bytes);
  auto report = w.progress.import_sheet(actor, *request, *bytes);
  if (!report) return report_error(*common.err, report.error());
  std::ostream& out = *common.out;
  out << "「" << o.plan << "」に " << request->year.display()
      << " の進行管理を取り込みました: 事業 "
      << (report->projects_created + report->projects_updated) << "（新規 "
      << report->projects_created << "）、区分 " << report->categories << "\n"
      << "  " << tally_line(report->scale, report->tally) << "\n";
  if (!report->sheet_name.empty()) out << "  シート「" << report->sheet_name << "」";
  if (report->header_line > 0)
    out << (report->sheet_name.empty() ? "  " : "、") << "見出し " << report->header_line
        << "行目\n";
  if (!report->extra_fields.empty()) {
    out << "  追加項目として保存した列:";
    for (const auto& e : report->extra_fields) out << " 「" << e << "」";
    out << "\n";
  }
  if (report->used_saved_mapping) out << "  計画に保存された列の指定を使いました。\n";
  if (report->projects_updated > 0 || !report->changes.gone.empty())
    print_changes(out, report->changes);
  for (const auto& wn : report->warnings) *common.err << "注意: " << wn << "\n";
  return 0;
}

int run_tally(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto year = year_of(o.year_text);
  if (!year) return report_error(*common.err, year.error());
  auto by = service::parse_tally_by(o.by).value_or(service::TallyBy::kNone);
  auto report = w.progress.tally(actor, o.plan, *year, by);
  if (!report) return report_error(*common.err, report.error());
  if (o.json) {
    ordered_json j;
    j["year"] = year->short_name();
    const ordered_json overall = tally_json(report->overall);
    for (const auto& [k, v] : overall.items()) j[k] = v;
    if (by != service::TallyBy::kNone) {
      ordered_json groups = ordered_json::array();
      for (const auto& g : report->groups) {
        ordered_json item;
        item["label"] = g.label;
        const ordered_json counts = tally_json(g.tally);
        for (const auto& [k, v] : counts.items()) item[k] = v;
        groups.push_back(item);
      }
      j["groups"] = groups;
    }
    *common.out << j.dump() << "\n";
  } else {
    *common.out << year->display() << "\n  " << tally_line(report->scale, report->overall) << "\n";
    for (const auto& g : report->groups)
      *common.out << g.label << "\n  " << tally_line(report->scale, g.tally) << "\n";
  }
  return 0;
}

int run_scale(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto scale = chosen_scale(o.scale);
  if (!scale) return report_error(*common.err, scale.error());
  EvaluationScale chosen = scale->value_or(EvaluationScale::ena_default());
  if (auto ok = w.progress.set_scale(actor, o.plan, chosen); !ok)
    return report_error(*common.err, ok.error());
  *common.out << "評価の段階を設定しました:";
  for (const auto& g : chosen.grades()) *common.out << " " << chosen.display(g.code);
  *common.out << "\n";
  return 0;
}

int run_open(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto year = year_of(o.year_text);
  if (!year) return report_error(*common.err, year.error());
  auto deadline = parse_iso_date(o.deadline);
  if (!deadline) return report_error(*common.err, deadline.error());
  if (auto ok = w.progress.open_year(actor, o.plan, *year, *deadline); !ok)
    return report_error(*common.err, ok.error());
  *common.out << year->display()
              << " の入力を受け付けます（締切: " << format_wareki_date_with_western(*deadline)
              << "）。\n";
  return 0;
}

int run_status(Common& common, const Options& o, app::Application& w, const service::Actor& actor) {
  auto year = year_of(o.year_text);
  if (!year) return report_error(*common.err, year.error());
  auto s = w.progress.year_status(actor, o.plan, *year);
  if (!s) return report_error(*common.err, s.error());
  *common.out << year->display();
  if (s->deadline)
    *common.out << "　締切 " << format_wareki_date_with_western(*s->deadline)
                << (s->past_deadline ? "（締切を過ぎています）" : "");
  *common.out << "\n";
  for (const auto& d : s->departments) {
    *common.out << "  " << d.department << ": " << d.submitted << "/" << d.projects << " 提出";
    if (!d.missing.empty())
      *common.out << (s->past_deadline ? "　未提出（期限切れ）: " : "　未提出: ");
    for (std::size_t i = 0; i < d.missing.size(); ++i)
      *common.out << (i ? "、" : "") << d.missing[i];
    *common.out << "\n";
  }
  return 0;
}

int run_export_sheet(Common& common, const Options& o, app::Application& w,
                     const service::Actor& actor) {
  auto year = year_of(o.year_text);
  if (!year) return report_error(*common.err, year.error());
  auto data = w.progress.sheet(actor, o.plan, *year);
  if (!data) return report_error(*common.err, data.error());
  if (o.format == "xlsx") {
    if (auto ok = io::write_progress_xlsx(*data, o.out); !ok)
      return report_error(*common.err, ok.error());
  } else {
    auto csv = io::progress_csv(
        *data, o.encoding == "cp932" ? io::CsvEncoding::kCp932 : io::CsvEncoding::kUtf8Bom);
    std::ofstream file(o.out, std::ios::binary | std::ios::trunc);
    file << csv.bytes;
    if (!file)
      return report_error(*common.err, make_error(ErrorKind::kInternal, "export.failed",
                                                  "ファイル「" + o.out + "」を書き込めません。"));
    if (!csv.unmappable.empty()) {
      *common.err << "注意: CP932 で表せない文字が " << csv.unmappable.size()
                  << " 個あり「?」に置き換えました（UTF-8 で書き出せばそのまま残ります）:\n";
      for (const auto& u : csv.unmappable) *common.err << "  " << u << "\n";
    }
  }
  *common.out << o.out << " に " << year->display() << " の進行管理シート（" << data->rows.size()
              << "事業）を書き出しました。\n";
  return 0;
}

void add_import_sheet(CLI::App* import, Common& common, const std::shared_ptr<Options>& o) {
  auto* import_sheet = import->add_subcommand(
      "progress-sheet", "Import a progress sheet (進行管理シート: xlsx, xls, CSV, TSV)");
  add_db_options(import_sheet, common);
  import_sheet->add_option("--plan", o->plan, "plan name; created if it does not exist")
      ->required();
  import_sheet->add_option("--year", o->year_text, "fiscal year evaluated, e.g. R6")->required();
  import_sheet->add_option("--sheet", o->sheet,
                           "worksheet to read (default: the first whose header row is recognised)");
  add_column_option(import_sheet, o->columns,
                    "category, number, name, departments, content, grade, done, next_plan, "
                    "budget, settlement");
  add_scale_options(import_sheet, o->scale);
  import_sheet->add_flag("--preview", o->preview,
                         "print how the file is read and what would change; write nothing");
  import_sheet
      ->add_option("FILE", o->file, ".xlsx, .xls, .csv (UTF-8 or CP932) or tab-separated text")
      ->required();
  on_run(import_sheet, common, o, run_import_sheet);
}

void add_export_sheet(CLI::App* export_group, Common& common, const std::shared_ptr<Options>& o) {
  auto* export_sheet = export_group->add_subcommand(
      "progress-sheet", "Write the year's progress sheet (xlsx or CSV)");
  add_db_options(export_sheet, common);
  export_sheet->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  export_sheet->add_option("--year", o->year_text, "fiscal year, e.g. R6")->required();
  export_sheet->add_option("--out", o->out, "file to write")->required();
  export_sheet->add_option("--format", o->format, "xlsx (default) or csv")
      ->check(CLI::IsMember({"xlsx", "csv"}));
  export_sheet->add_option("--encoding", o->encoding, "for CSV: utf-8 (with BOM, default) or cp932")
      ->check(CLI::IsMember({"utf-8", "cp932"}));
  on_run(export_sheet, common, o, run_export_sheet);
}

}  // namespace
}  // namespace progress_commands

void add_progress_commands(CLI::App& app, CLI::App* import, CLI::App* export_group,
                           Common& common) {
  using namespace progress_commands;
  auto o = std::make_shared<Options>();

  add_import_sheet(import, common, o);

  auto* progress = app.add_subcommand("progress", "Progress management (進行管理)");
  progress->require_subcommand(1);

  auto* tally = progress->add_subcommand("tally", "Count the year's grades");
  add_db_options(tally, common);
  tally->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  tally->add_option("--year", o->year_text, "fiscal year, e.g. R6")->required();
  tally->add_option("--by", o->by, "group by category, department, goal or plan (in a 基本計画)")
      ->check(CLI::IsMember({"none", "category", "department", "goal", "plan"}));
  tally->add_flag("--json", o->json, "print JSON");
  on_run(tally, common, o, run_tally);

  auto* scale = progress->add_subcommand("scale", "Set the plan's evaluation scale");
  add_db_options(scale, common);
  scale->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  add_scale_options(scale, o->scale);
  on_run(scale, common, o, run_scale);

  auto* open = progress->add_subcommand("open", "Open a fiscal year for input with a deadline");
  add_db_options(open, common);
  open->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  open->add_option("--year", o->year_text, "fiscal year, e.g. R7")->required();
  open->add_option("--deadline", o->deadline, "deadline, e.g. 2026-05-31")->required();
  on_run(open, common, o, run_open);

  auto* status = progress->add_subcommand("status", "Which departments have submitted");
  add_db_options(status, common);
  status->add_option("--plan", o->plan, "plan name (needed only when there are several)");
  status->add_option("--year", o->year_text, "fiscal year, e.g. R7")->required();
  on_run(status, common, o, run_status);

  add_export_sheet(export_group, common, o);
}

}  // namespace tsunagu::cli
