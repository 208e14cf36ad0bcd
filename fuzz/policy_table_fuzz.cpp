// Any bytes: parse_policy_table must return a table or an error, never crash or hang, and a
// table it returns must satisfy the domain's own validation.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/policy_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto table =
      tsunagu::io::parse_policy_table(std::string_view(reinterpret_cast<const char*>(data), size));
  if (table.ok()) {
    for (const auto& goal : table->goals) {
      for (const auto& policy : goal.policies) {
        if (!tsunagu::validate_policy_content(policy.content).ok()) std::abort();
      }
    }
  } else if (table.error().message.empty()) {
    std::abort();
  }
  return 0;
}
