// Where a decoder reads a request's fields from: a JSON object or a posted form, behind one
// interface, so a use case's JSON route and its page run one decoder and refuse the same bad
// input with the same error. JSON keeps its types (an id is a number, a flag a boolean); a form
// has only text, so there the same values arrive as text ("12", "1") and are read from it.
// Nothing here knows the case domain; the case decoders (case_decode.hpp) are its users.
#pragma once

#include <cstdint>
#include <functional>
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

// One value as sent: a JSON value (not owned: the source's object must outlive it) or a form
// field's text (owned). A JSON null counts as absent.
class FieldValue {
 public:
  FieldValue() = default;  // absent
  explicit FieldValue(const nlohmann::json* j) : json_(j && !j->is_null() ? j : nullptr) {}
  explicit FieldValue(std::string form_text) : form_(std::move(form_text)) {}

  bool absent() const { return json_ == nullptr && !form_; }
  // A JSON string or a form's text; nullopt for anything else (a JSON number, an array, …).
  std::optional<std::string> text() const;
  // A JSON integer, or form text of decimal digits with an optional '-'.
  std::optional<std::int64_t> integer() const;
  // A JSON boolean, or form text "1"/"true"/"yes"/"on" (true) or "0"/"false"/"no"/"off".
  std::optional<bool> boolean() const;
  // True for absent and for text that is empty after trimming.
  bool blank() const;
  // The value for messages: text as it is (a JSON string without quotes), other JSON as JSON.
  std::string shown() const;

 private:
  const nlohmann::json* json_ = nullptr;
  std::optional<std::string> form_;
};

// A request's fields by name, read-only. Values read from a source may borrow from it (see
// FieldValue), so the source outlives them. Reading is thread-compatible.
class FieldSource {
 public:
  virtual ~FieldSource() = default;

  // The field `name`; absent when not sent.
  virtual FieldValue value(const std::string& name) const = 0;
  // The items of a list field: a JSON array's elements; from a form, every value posted under
  // `name` split into lines, each trimmed, blank lines dropped (checkbox groups and textareas
  // with one item a line). Empty when absent; nullopt when sent but not a list.
  virtual std::optional<std::vector<FieldValue>> items(const std::string& name) const = 0;
  // Calls `row` for each row of a table field and returns true; false (and no call) when sent
  // but not a list. A JSON array's elements are rows (nullptr for one that is not an object);
  // a form sends one row a line, its cells separated by '|' and named by `columns` in order.
  using RowFn = std::function<void(const FieldSource* row)>;
  virtual bool rows(const std::string& name, const std::vector<std::string>& columns,
                    const RowFn& row) const = 0;
  // The nested record `name`, passed to `fields` when given: a JSON object; a form (which has
  // no nesting) marks a record by a true checkbox, whose fields are then all absent.
  enum class Record { kAbsent, kGiven, kNotARecord };
  virtual Record record(const std::string& name,
                        const std::function<void(const FieldSource&)>& fields) const = 0;
};

// The fields of a JSON object (a non-object has none); the rows' `columns` are its keys.
// Keeps a reference: `object` must outlive the source and every value read from it.
class JsonFields final : public FieldSource {
 public:
  explicit JsonFields(const nlohmann::json& object) : object_(object) {}
  FieldValue value(const std::string& name) const override;
  std::optional<std::vector<FieldValue>> items(const std::string& name) const override;
  bool rows(const std::string& name, const std::vector<std::string>& columns,
            const RowFn& row) const override;
  Record record(const std::string& name,
                const std::function<void(const FieldSource&)>& fields) const override;

 private:
  const nlohmann::json& object_;
};

// The fields of an application/x-www-form-urlencoded body, every value of each name. A page
// whose widgets differ from the use case's field names adapts them before decoding: `set`
// replaces a field, `add_row` gives a table field explicit rows (used instead of its lines).
class FormFields final : public FieldSource {
 public:
  FormFields() = default;
  explicit FormFields(const http::Request& request);

  void set(const std::string& name, std::string value);
  void add_row(const std::string& name, std::map<std::string, std::string> cells);

  FieldValue value(const std::string& name) const override;
  std::optional<std::vector<FieldValue>> items(const std::string& name) const override;
  bool rows(const std::string& name, const std::vector<std::string>& columns,
            const RowFn& row) const override;
  Record record(const std::string& name,
                const std::function<void(const FieldSource&)>& fields) const override;

 private:
  std::multimap<std::string, std::string> values_;
  std::map<std::string, std::vector<std::map<std::string, std::string>>> rows_;
};

// Reads the fields of one source and collects every problem before failing, each naming its
// field (ErrorDetail::field) and, in the message, the field's Japanese label. Not thread-safe;
// one per decode.
class FieldReader {
 public:
  // `code` and `message` are the error's when a problem was found ("referral.invalid", …).
  FieldReader(const FieldSource& source, std::string code, std::string message)
      : source_(source), code_(std::move(code)), message_(std::move(message)) {}

  const FieldSource& source() const { return source_; }

  // Text; "" when absent. Required: absent is a problem (an empty text is not).
  std::string text(const std::string& field, const std::string& label, bool required = false);
  // A flag; false when absent.
  bool flag(const std::string& field, const std::string& label);
  // A flag when sent as one; nullopt when absent or sent as anything else (never a problem).
  std::optional<bool> maybe_flag(const std::string& field);
  // A positive integer id.
  std::optional<std::int64_t> id(const std::string& field, const std::string& label,
                                 bool required = false);
  // An ISO date ("2025-06-01", surrounding spaces ignored); blank counts as absent.
  std::optional<Date> date(const std::string& field, const std::string& label,
                           bool required = false);
  // A machine name read by `parse` (parse_need, …); nullopt for an empty text.
  template <class Parse>
  auto named(const std::string& field, const std::string& label, Parse parse, bool required = false)
      -> decltype(parse(std::string_view())) {
    auto t = text(field, label, required);
    if (t.empty()) return std::nullopt;
    auto v = parse(t);
    if (!v) problem(field, label + "に「" + t + "」は使えません。");
    return v;
  }
  // Every item of a list read by `parse(FieldValue)`; an unreadable item is a problem.
  template <class T, class Parse>
  std::vector<T> list(const std::string& field, const std::string& label, Parse parse) {
    std::vector<T> out;
    auto items = source_.items(field);
    if (!items) {
      problem(field, label + "は配列で指定してください。");
      return out;
    }
    for (const auto& item : *items) {
      if (auto v = parse(item))
        out.push_back(*v);
      else
        problem(field, label + "に「" + item.shown() + "」は使えません。");
    }
    return out;
  }

  void problem(const std::string& field, std::string message);
  bool failed() const { return !problems_.empty(); }
  // The first problem's message ("" when none), for a row folded into its table's problem.
  std::string first_message() const;
  // Ok, or the error with every problem as a detail.
  Status status() const;

 private:
  void missing(const std::string& field, const std::string& label);

  const FieldSource& source_;
  std::string code_;
  std::string message_;
  std::vector<ErrorDetail> problems_;
};

}  // namespace tsunagu::route
