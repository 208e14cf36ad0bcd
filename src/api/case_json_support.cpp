#include "api/case_json_support.hpp"

namespace tsunagu::api::cases {

Error bad_id() {
  return make_error(ErrorKind::kMalformed, "request.invalid", "URL の番号が正しくありません。");
}

}  // namespace tsunagu::api::cases
