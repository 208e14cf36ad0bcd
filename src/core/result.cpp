#include "core/result.hpp"

namespace tsunagu {

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid:
      return "invalid";
    case ErrorKind::kMalformed:
      return "malformed";
    case ErrorKind::kUnsupportedMediaType:
      return "unsupported_media_type";
    case ErrorKind::kNotFound:
      return "not_found";
    case ErrorKind::kConflict:
      return "conflict";
    case ErrorKind::kForbidden:
      return "forbidden";
    case ErrorKind::kUnauthenticated:
      return "unauthenticated";
    case ErrorKind::kThrottled:
      return "throttled";
    case ErrorKind::kUnavailable:
      return "unavailable";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace tsunagu
