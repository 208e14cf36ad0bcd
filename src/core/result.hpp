// Result<T>: an expected outcome that callers handle (not found, validation failed, stale
// version) travels as a value with a stable code and a Japanese message. Exceptions are kept for
// faults that end the operation (I/O failure, a broken database).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tsunagu {

// One problem inside a larger input, such as a rejected row of an import.
struct ErrorDetail {
  int line = 0;         // 1-based line in the input; 0 when not tied to a line
  std::string field;    // column or field name; empty when not tied to one
  std::string message;  // Japanese, says what to do
};

// What kind of outcome an error is, set where the error is made. The HTTP status
// (route/respond.cpp) and the exit code (cli/app.cpp) are exhaustive switches over it, so a new
// error code cannot drift between the two.
enum class ErrorKind {
  kInvalid,               // the input breaks a rule: say which field (HTTP 422, exit 3)
  kMalformed,             // the request itself cannot be read (400, exit 3)
  kUnsupportedMediaType,  // a body in a format the route does not take (415, exit 3)
  kNotFound,              // no such record for this reader (404, exit 4)
  kConflict,              // the stored state refuses it: stale version, duplicate, overlap (409, 5)
  kForbidden,             // the reader may not do this (403, exit 6)
  kUnauthenticated,       // no valid session or wrong credentials (401, exit 6)
  kThrottled,             // too many attempts: wait (429, exit 6)
  kUnavailable,           // the database is busy or unreachable: try again (503, exit 1)
  kInternal,              // a fault on our side (500, exit 1)
};

// "invalid", "not_found", … for logs and tests.
const char* error_kind_name(ErrorKind kind);

// A kind, a stable machine code (e.g. "import.bad_columns", "policy.stale_version") and a
// Japanese message for the person who will read it.
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;
  std::string message;
  std::vector<ErrorDetail> details;
};

inline Error make_error(ErrorKind kind, std::string code, std::string message) {
  return Error{kind, std::move(code), std::move(message), {}};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Precondition: ok().
  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  // On a temporary, the value is moved out (not referenced), so `for (auto& x : *f())` is safe.
  T value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // Precondition: !ok().
  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

// For operations that return nothing on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace tsunagu
