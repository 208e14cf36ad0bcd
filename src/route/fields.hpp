// The fields of a request body read one way whether they came as a JSON object or as an HTML
// form, so one decoder serves a JSON route and its page and the same bad input gets the same
// answer from both. A JSON string is read exactly as a form value would be ("12", "2025-04-01",
// "10:00"); JSON may also give a number (integers, ids) or true/false (flags) where a form can
// only give text.
//
// Each getter answers one of three ways:
//   - the value, or nullopt (or "" / {} / false, as the getter says) when the field is absent:
//     a JSON key missing or null, or a form field not sent or blank;
//   - kInvalid ("field.invalid", HTTP 422) when the text does not read as the type: a bad date,
//     a time off the clock, a number that is not one;
//   - kMalformed ("request.invalid", HTTP 400) when a JSON value has a type no form could send
//     for it (a number where text belongs, an object, an array for one value).
// Both errors name the field in their one detail ({0, key, message}) and in the message, which
// uses the field's Japanese label.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/fiscal_year.hpp"
#include "core/result.hpp"
#include "http/message.hpp"

namespace tsunagu::route {

// A field's key as sent ("held_on") and its label as the person reads it ("開催日").
struct Field {
  std::string_view key;
  std::string_view label;
};

// A JSON object or a form's fields. Copies what it reads: it does not borrow the request.
// Immutable after construction, so it may be read from several threads.
class Fields {
 public:
  // Precondition: `object` is a JSON object (route::parse_json_body gives one).
  static Fields from_json(nlohmann::json object);
  // The application/x-www-form-urlencoded fields of `request` (none for another body).
  static Fields from_form(const http::Request& request);

  bool is_form() const { return form_; }
  // True when the field was sent: a JSON key that is not null, a form field even when blank.
  bool has(std::string_view key) const;

  // The text as sent, untrimmed; "" when absent.
  Result<std::string> text(Field f) const;
  // A whole number (full-width digits folded, a leading '-' allowed).
  Result<std::optional<std::int64_t>> integer(Field f) const;
  // A record's number: a whole number of at least 1.
  Result<std::optional<std::int64_t>> id(Field f) const;
  // "YYYY-MM-DD", a real day.
  Result<std::optional<Date>> date(Field f) const;
  // "H:MM" on the 24-hour clock, as minutes after midnight ("10:30" → 630).
  Result<std::optional<int>> time(Field f) const;
  // JSON true/false, or "1"/"on"/"true" and "0"/"off"/"false". On a form an unchecked box sends
  // nothing, so there absent reads as false; from JSON absent is nullopt.
  Result<std::optional<bool>> flag(Field f) const;
  // Several values: a JSON array of strings, or every value a form sent under the key (blank
  // ones skipped). {} when absent.
  Result<std::vector<std::string>> texts(Field f) const;
  // Several record numbers: a JSON array of numbers (or of their text), or a form's values.
  Result<std::vector<std::int64_t>> ids(Field f) const;

 private:
  // What was sent under a key: nothing, text (a form value or a JSON string), or another JSON
  // value (number, bool, array, object).
  struct Raw {
    bool present = false;
    std::optional<std::string> text;
    const nlohmann::json* json = nullptr;  // into json_; set when not text
  };
  Raw raw(std::string_view key) const;
  static Result<std::optional<std::int64_t>> integer_of(const Raw& r, Field f);
  static Result<std::optional<std::int64_t>> id_of(const Raw& r, Field f);

  bool form_ = false;
  nlohmann::json json_;
  std::map<std::string, std::vector<std::string>, std::less<>> form_values_;
};

// The problems found while decoding one request, gathered so that a form shows all of them at
// once. Not thread-safe.
class FieldProblems {
 public:
  // The getter's value; on an error, records it and gives T{} (nullopt, "", {}).
  template <class T>
  T take(Result<T> r) {
    if (r) return std::move(r).value();
    record(r.error());
    return T{};
  }
  // As take, and a field that is absent is a problem too ("…を指定してください。").
  template <class T>
  std::optional<T> require(Result<std::optional<T>> r, Field f) {
    auto value = take(std::move(r));
    if (!value && !recorded(f.key)) add(f.key, std::string(f.label) + "を指定してください。");
    return value;
  }
  // One more problem of field `key`, found by the decoder itself.
  void add(std::string_view key, std::string message);

  // Nothing when no problem was found; else the first kMalformed error if there was one (the
  // request cannot be read as it is), otherwise one kInvalid error with `code` and `message`
  // and a detail per problem, in the order found.
  std::optional<Error> error(std::string code, std::string message) const;

 private:
  void record(const Error& e);
  bool recorded(std::string_view key) const;

  std::optional<Error> malformed_;
  std::vector<ErrorDetail> details_;
};

}  // namespace tsunagu::route
