// Any text: a fiscal year that parses formats back to a name that parses to the same year.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/fiscal_year.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto fy = tsunagu::FiscalYear::parse(text);
  if (fy.ok()) {
    for (const auto& name : {fy->short_name(), fy->japanese(), fy->western_name()}) {
      auto again = tsunagu::FiscalYear::parse(name);
      if (!again.ok() || again->western() != fy->western()) std::abort();
    }
  }
  auto date = tsunagu::parse_iso_date(text);
  if (date.ok() && tsunagu::format_iso_date(*date) != text) std::abort();
  return 0;
}
