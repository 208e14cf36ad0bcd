// Any bytes as a progress-sheet upload (xlsx, CSV or TSV, UTF-8 or CP932): a sheet or an error,
// never a crash, a hang or an unbounded allocation; every project of a sheet has a name and a
// grade of the scale.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/progress_sheet.hpp"
#include "io/table_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tsunagu::io::TableFileLimits limits;
  limits.max_xml_bytes = 8 * 1024 * 1024;
  limits.max_total_bytes = 16 * 1024 * 1024;
  for (const char* name : {"sheet.xlsx", "sheet.csv", "sheet.tsv"}) {
    auto records = tsunagu::io::read_table_file(bytes, name, limits);
    if (!records.ok()) continue;
    auto scale = tsunagu::EvaluationScale::ena_default();
    auto sheet = tsunagu::io::parse_progress_sheet(*records, scale, tsunagu::FiscalYear(2024));
    if (!sheet.ok()) continue;
    for (const auto& p : sheet->projects) {
      if (p.name.empty()) std::abort();
      if (p.progress.grade && !scale.has(*p.progress.grade)) std::abort();
    }
  }
  return 0;
}
