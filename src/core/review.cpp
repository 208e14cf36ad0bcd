#include "core/review.hpp"

#include "core/plan.hpp"
#include "core/text.hpp"

namespace tsunagu {

Status validate_opinion_text(const std::string& text, const char* field) {
  if (trim(text).empty())
    return make_error(ErrorKind::kInvalid, "review.invalid",
                      std::string(field) + "を入力してください。");
  if (text.size() > kMaxFieldBytes || find_invalid_utf8(text)) {
    return make_error(ErrorKind::kInvalid, "review.invalid",
                      std::string(field) + "は UTF-8 で 64KiB 以内にしてください。");
  }
  return Ok{};
}

}  // namespace tsunagu
