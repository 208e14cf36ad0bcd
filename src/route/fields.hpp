// The fields of a request body read one way whether they came as a JSON object or as an HTML
// form, so one decoder serves a JSON route and its page and the same bad input gets the same
// answer from both. The decoders of one domain are its users: resource_decode.hpp (社会資源,
// 面接室, 予約, 行事, 受入れ) and case_decode.hpp (対象者, 同意, 会議, つなぎ, 支援プラン, 支援者).
//
// Two ways of reading a value, as the two families of decoders have always read them:
//
// - The typed getters of Fields (text, integer, id, date, time, flag, texts, ids) read a JSON
//   string exactly as a form value would be read ("12", "2025-04-01", "10:00"); JSON may also
//   give a number (integers, ids) or true/false (flags) where a form can only give text. Each
//   answers one of three ways:
//     - the value, or nullopt (or "" / {} / false, as the getter says) when the field is absent:
//       a JSON key missing or null, or a form field not sent or blank;
//     - kInvalid ("field.invalid", HTTP 422) when the text does not read as the type: a bad date,
//       a time off the clock, a number that is not one;
//     - kMalformed ("request.invalid", HTTP 400) when a JSON value has a type no form could send
//       for it (a number where text belongs, an object, an array for one value).
//   Both errors name the field in their one detail ({0, key, message}) and in the message, which
//   uses the field's Japanese label. The resource decoders read this way.
// - A FieldValue (Fields::value, items) reads a value by its type as sent: a JSON integer or a
//   form's digits, a JSON boolean or a form's "1"/"on"/…; a JSON string is text only. The case
//   decoders read this way and word their own problems (all kInvalid).
//
// Beyond single values: lists of a textarea's lines (items), tables (rows: JSON objects or a
// form's lines of '|'-separated cells), nested records (record), and a page's adaptation of its
// widgets to the use case's field names (set, add_row).
#pragma once

#include <cstdint>
#include <initializer_list>
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

// One value as sent under a key: nothing, a form's text (owned), or a JSON value (borrowed from
// the Fields it was read from, which must outlive it). A JSON null is absent.
class FieldValue {
 public:
  FieldValue() = default;  // absent
  explicit FieldValue(const nlohmann::json* j) : json_(j && !j->is_null() ? j : nullptr) {}
  explicit FieldValue(std::string form_text) : form_(std::move(form_text)) {}

  bool absent() const { return json_ == nullptr && !form_; }
  // A form's text or a JSON string, as sent (untrimmed); nullopt for absent and other JSON.
  std::optional<std::string> text() const;
  // The JSON value when it is not a string (a number, a boolean, an array, an object); nullptr
  // for text and for absent.
  const nlohmann::json* json() const { return json_ && !json_->is_string() ? json_ : nullptr; }
  // By type: a JSON integer, or form text of decimal digits with an optional '-' (as sent: not
  // trimmed, not folded). nullopt for anything else, a JSON string of digits among them.
  std::optional<std::int64_t> integer() const;
  // By type: a JSON boolean, or form text exactly "1"/"true"/"yes"/"on" (true) or
  // "0"/"false"/"no"/"off" (false). nullopt for anything else, a JSON string among them.
  std::optional<bool> boolean() const;
  // True for absent and for text that is empty after trimming.
  bool blank() const;
  // The value for messages: text as it is (a JSON string without quotes), other JSON as JSON.
  std::string shown() const;

 private:
  const nlohmann::json* json_ = nullptr;  // never a JSON null
  std::optional<std::string> form_;
};

// A JSON object or a form's fields. Copies what it reads: it does not borrow the request. Reads
// (the const members) may run on several threads; set and add_row may not run alongside them.
class Fields {
 public:
  // Precondition: `object` is a JSON object (route::parse_json_body gives one).
  static Fields from_json(nlohmann::json object);
  // The application/x-www-form-urlencoded fields of `request`, every value of each name (none
  // for another body).
  static Fields from_form(const http::Request& request);

  bool is_form() const { return form_; }
  // True when the field was sent: a JSON key that is not null, a form field even when blank.
  bool has(std::string_view key) const;
  // The field as sent (a form's first value); absent when not sent. Borrows from this object.
  FieldValue value(std::string_view key) const;

  // The text as sent, untrimmed; "" when absent.
  Result<std::string> text(Field f) const;
  // A whole number (full-width digits folded, surrounding spaces ignored, a leading '-').
  Result<std::optional<std::int64_t>> integer(Field f) const;
  // A record's number: a whole number of at least 1.
  Result<std::optional<std::int64_t>> id(Field f) const;
  // "YYYY-MM-DD", a real day.
  Result<std::optional<Date>> date(Field f) const;
  // "H:MM" on the 24-hour clock, as minutes after midnight ("10:30" → 630).
  Result<std::optional<int>> time(Field f) const;
  // JSON true/false, or "1"/"on"/"true" and "0"/"off"/"false" (and blank: false). On a form an
  // unchecked box sends nothing, so there absent reads as false; from JSON absent is nullopt.
  Result<std::optional<bool>> flag(Field f) const;
  // Several values: a JSON array of strings, or every value a form sent under the key (blank
  // ones skipped, none split). {} when absent.
  Result<std::vector<std::string>> texts(Field f) const;
  // Several record numbers: a JSON array of numbers (or of their text), or a form's values.
  Result<std::vector<std::int64_t>> ids(Field f) const;

  // The items of a list field, read by type: a JSON array's elements (a null one absent); from
  // a form, every value sent under `key` split into lines, each trimmed, blank lines dropped
  // (checkbox groups, and textareas with one item a line). Empty when absent; nullopt when a
  // JSON value is sent that is not an array. The values borrow from this object.
  std::optional<std::vector<FieldValue>> items(std::string_view key) const;
  // The rows of a table field, each its own Fields: a JSON array's elements (nullopt for one
  // that is not an object); from a form, the rows add_row gave, or else one row a line of every
  // value sent under `key`, its cells separated by '|', trimmed and named by `columns` in order.
  // Empty when absent; nullopt when a JSON value is sent that is not an array.
  std::optional<std::vector<std::optional<Fields>>> rows(
      std::string_view key, std::initializer_list<std::string_view> columns) const;
  // A nested record: a JSON object. A form has no nesting, so there a checkbox marks the record
  // (read as FieldValue::boolean: true gives a record whose fields are all absent, false or
  // blank none). nullopt when absent; kMalformed for a JSON value that is not an object,
  // kInvalid for a form's mark that is no flag.
  Result<std::optional<Fields>> record(Field f) const;

  // A page whose widgets differ from the use case's field names adapts them before decoding.
  // Forms only (no effect on JSON fields). `set` replaces every value of `key` by `value`;
  // `add_row` gives the table field `key` one more explicit row (used instead of its lines).
  void set(std::string_view key, std::string value);
  void add_row(std::string_view key, std::map<std::string, std::string> cells);

 private:
  static Result<std::optional<std::int64_t>> integer_of(const FieldValue& v, Field f);
  static Result<std::optional<std::int64_t>> id_of(const FieldValue& v, Field f);

  bool form_ = false;
  nlohmann::json json_;
  std::map<std::string, std::vector<std::string>, std::less<>> form_values_;
  std::map<std::string, std::vector<std::map<std::string, std::string>>, std::less<>> form_rows_;
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

  bool failed() const { return malformed_.has_value() || !details_.empty(); }
  // The first problem's message ("" when none), for a table's row folded into the table's own
  // problem.
  std::string first_message() const;

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
