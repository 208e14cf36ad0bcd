// Field checks shared by the validators of core: each problem becomes one ErrorDetail, and the
// list becomes one Error (or Ok) at the end, so a form shows every problem at once.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace tsunagu {

// Adds a problem when `value` is not UTF-8, is longer than `max_chars` characters, or is
// blank while `required`.
void check_text(std::vector<ErrorDetail>& problems, const char* field, const std::string& value,
                std::size_t max_chars, bool required = false);

// Ok when there are no problems; else the error `code` with `message` and the problems as
// details.
Status problems_or_ok(std::vector<ErrorDetail> problems, const char* code, const char* message);

}  // namespace tsunagu
