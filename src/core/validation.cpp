#include "core/validation.hpp"

#include "core/text.hpp"

namespace tsunagu {

void check_text(std::vector<ErrorDetail>& problems, const char* field, const std::string& value,
                std::size_t max_chars, bool required) {
  if (find_invalid_utf8(value)) {
    problems.push_back({0, field, "UTF-8 として正しくない文字を含んでいます。"});
  } else if (required && trim(value).empty()) {
    problems.push_back({0, field, "入力してください。"});
  } else if (utf8_length(value) > max_chars) {
    problems.push_back({0, field, std::to_string(max_chars) + " 文字以内にしてください。"});
  }
}

Status problems_or_ok(std::vector<ErrorDetail> problems, const char* code, const char* message) {
  if (problems.empty()) return Ok{};
  Error e = make_error(ErrorKind::kInvalid, code, message);
  e.details = std::move(problems);
  return e;
}

}  // namespace tsunagu
