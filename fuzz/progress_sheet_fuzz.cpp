// Any bytes as a progress-sheet or policy-table upload (xlsx, xls, CSV or TSV, UTF-8 or CP932):
// a sheet or an error, never a crash, a hang or an unbounded allocation; every project of a
// sheet has a name and a grade of the scale, every policy a text and a number. The last bytes also
// choose merged ranges laid over the sheet and which sheet is asked for, so that merged cells and
// --sheet are fuzzed whatever the format.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "io/policy_sheet.hpp"
#include "io/progress_sheet.hpp"
#include "io/workbook.hpp"

namespace {

// Up to four ranges from the input's last 16 bytes: rows 1–64, columns 0–15, any shape.
void add_merges(tsunagu::io::Workbook& book, std::string_view bytes) {
  if (bytes.size() < 16 || book.sheets.empty()) return;
  std::string_view tail = bytes.substr(bytes.size() - 16);
  for (std::size_t i = 0; i + 4 <= tail.size(); i += 4) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(tail[i + k]); };
    tsunagu::io::CellRange r{1 + b(0) % 64, 0, b(1) % 16, 0};
    r.last_line = r.first_line + b(2) % 8;
    r.last_column = r.first_column + b(3) % 4;
    auto& sheet = book.sheets[b(0) % book.sheets.size()];
    sheet.merged.push_back(r);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tsunagu::io::TableFileLimits limits;
  limits.max_xml_bytes = 8 * 1024 * 1024;
  limits.max_total_bytes = 16 * 1024 * 1024;
  for (const char* name : {"sheet.xlsx", "sheet.csv", "sheet.tsv"}) {
    auto book = tsunagu::io::read_workbook(bytes, name, limits);
    if (!book.ok()) continue;
    add_merges(*book, bytes);
    auto scale = tsunagu::EvaluationScale::ena_default();
    tsunagu::io::SheetOptions options;
    options.year = tsunagu::FiscalYear(2024);
    if (size > 0 && data[0] % 3 == 1 && !book->sheets.empty())
      options.sheet = book->sheets[data[size - 1] % book->sheets.size()].name;
    if (size > 0 && data[0] % 3 == 2) options.sheet = "存在しないシート";
    auto policies = tsunagu::io::read_policy_sheet(*book, {options.sheet, {}});
    if (policies.problems.empty()) {
      for (const auto& g : policies.table.goals) {
        for (const auto& p : g.policies) {
          if (p.content.text.empty() || p.no < 1) std::abort();
        }
      }
    }
    auto reading = tsunagu::io::read_progress_sheet(*book, scale, options);
    if (!reading.problems.empty()) continue;
    for (const auto& p : reading.sheet.projects) {
      if (p.name.empty()) std::abort();
      if (p.progress.grade && !scale.has(*p.progress.grade)) std::abort();
    }
  }
  return 0;
}
