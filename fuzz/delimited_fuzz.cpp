// Any bytes, as TSV and as CSV: records or an error; every cell within the limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/delimited.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (char delimiter : {'\t', ','}) {
    tsunagu::io::DelimitedOptions options;
    options.delimiter = delimiter;
    options.max_cell_bytes = 4096;
    auto records = tsunagu::io::read_delimited(text, options);
    if (!records.ok()) continue;
    for (const auto& r : *records) {
      if (r.line < 1) std::abort();
      for (const auto& cell : r.cells) {
        if (cell.size() > options.max_cell_bytes) std::abort();
      }
    }
  }
  return 0;
}
