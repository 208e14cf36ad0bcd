#include "cli/resource_commands.hpp"

#include <fstream>
#include <ostream>

namespace tsunagu::cli {
namespace resource_commands {
namespace {

struct Options {
  std::string file, out;
};

int run_export_resources(Common& common, const Options& o, app::Application& w,
                         const service::Actor& actor) {
  auto csv = w.resources.open_data_csv(actor.municipality);
  if (!csv) return report_error(*common.err, csv.error());
  if (o.out.empty()) {
    *common.out << *csv;
    return 0;
  }
  std::ofstream file(o.out, std::ios::binary | std::ios::trunc);
  file << *csv;
  file.close();
  if (!file) {
    return report_error(*common.err, make_error(ErrorKind::kInternal, "export.failed",
                                                "ファイル「" + o.out + "」に書き込めません。"));
  }
  *common.out << "社会資源の一覧を「" << o.out << "」に書き出しました。\n";
  return 0;
}

int run_import_resources(Common& common, const Options& o, app::Application& w,
                         const service::Actor& actor) {
  auto bytes = read_input_file(o.file);
  if (!bytes) return report_error(*common.err, bytes.error());
  auto report = w.resources.import_resources(actor, *bytes, o.file);
  if (!report) return report_error(*common.err, report.error());
  *common.out << "社会資源を取り込みました: 新規 " << report->added << " 件、更新 "
              << report->updated << " 件\n";
  return 0;
}

}  // namespace
}  // namespace resource_commands

void add_resource_commands(CLI::App* import, CLI::App* export_group, Common& common) {
  using namespace resource_commands;
  auto o = std::make_shared<Options>();
  auto* export_resources = export_group->add_subcommand(
      "resources", "The public resources as open data (自治体標準オープンデータセット, UTF-8 BOM)");
  add_db_options(export_resources, common);
  export_resources->add_option("--out", o->out, "file to write (default: standard output)");
  on_run(export_resources, common, o, run_export_resources);

  auto* import_resources = import->add_subcommand(
      "resources", "Import a resource list (CSV in UTF-8 or CP932, TSV or .xlsx; all or nothing)");
  add_db_options(import_resources, common);
  import_resources->add_option("FILE", o->file, "the list, with a header row (種別, 名称, …)")
      ->required();
  on_run(import_resources, common, o, run_import_resources);
}

}  // namespace tsunagu::cli
