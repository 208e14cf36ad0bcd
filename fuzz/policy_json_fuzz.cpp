// Any bytes as a PATCH body: parsed content or a request error, never an exception.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "io/plan_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto body = nlohmann::json::parse(std::string_view(reinterpret_cast<const char*>(data), size),
                                    nullptr, false);
  if (body.is_discarded()) return 0;
  auto content = tsunagu::io::policy_content_from_json(body, tsunagu::PolicyContent{});
  if (!content.ok() && content.error().code != "request.invalid") std::abort();
  return 0;
}
