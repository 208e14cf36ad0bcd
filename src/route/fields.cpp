#include "route/fields.hpp"

#include <charconv>
#include <limits>

#include "core/resource.hpp"
#include "core/text.hpp"
#include "route/decode.hpp"

namespace tsunagu::route {

using nlohmann::json;

// File-local names live in a namespace named after the file, so unity batches can join files.
namespace fields {
namespace {

Error field_error(ErrorKind kind, const char* code, Field f, std::string_view what) {
  std::string message = std::string(f.label) + std::string(what);
  Error e = make_error(kind, code, message);
  e.details.push_back({0, std::string(f.key), std::move(message)});
  return e;
}

Error bad_value(Field f, std::string_view what) {
  return field_error(ErrorKind::kInvalid, "field.invalid", f, what);
}

Error bad_type(Field f, std::string_view what) {
  return field_error(ErrorKind::kMalformed, "request.invalid", f, what);
}

constexpr std::string_view kWholeNumber = "は整数で指定してください。";
constexpr std::string_view kRecordNumber = "は番号（1 以上の整数）で指定してください。";
constexpr std::string_view kRecordNumbers = "は番号（1 以上の整数）の配列で指定してください。";
constexpr std::string_view kFlag = "は true か false で指定してください。";

// Decimal digits with an optional '-', the whole text.
std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// The trimmed, non-blank lines of `text`.
std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  for (auto line : split(text, '\n')) {
    auto t = trim(line);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

}  // namespace
}  // namespace fields

std::optional<std::string> FieldValue::text() const {
  if (form_) return form_;
  if (json_ && json_->is_string()) return json_->get<std::string>();
  return std::nullopt;
}

std::optional<std::int64_t> FieldValue::integer() const {
  if (form_) return fields::whole_number(*form_);
  if (json_ && json_->is_number_integer()) return json_->get<std::int64_t>();
  return std::nullopt;
}

std::optional<bool> FieldValue::boolean() const {
  if (form_) {
    for (const char* yes : {"1", "true", "yes", "on"}) {
      if (*form_ == yes) return true;
    }
    for (const char* no : {"0", "false", "no", "off"}) {
      if (*form_ == no) return false;
    }
    return std::nullopt;
  }
  if (json_ && json_->is_boolean()) return json_->get<bool>();
  return std::nullopt;
}

bool FieldValue::blank() const {
  if (absent()) return true;
  auto t = text();
  return t && trim(*t).empty();
}

std::string FieldValue::shown() const {
  if (auto t = text()) return *t;  // a JSON string without its quotes, as a form would show it
  return json_ ? json_->dump() : std::string();
}

Fields Fields::from_json(nlohmann::json object) {
  Fields f;
  f.json_ = std::move(object);
  return f;
}

Fields Fields::from_form(const http::Request& request) {
  Fields f;
  f.form_ = true;
  for (const auto& [key, first] : form_fields(request)) {
    f.form_values_.emplace(key, form_values(request, key));
  }
  return f;
}

FieldValue Fields::value(std::string_view key) const {
  if (form_) {
    auto it = form_values_.find(key);
    if (it == form_values_.end() || it->second.empty()) return FieldValue();
    return FieldValue(it->second.front());
  }
  auto it = json_.find(key);
  return it == json_.end() ? FieldValue() : FieldValue(&*it);
}

bool Fields::has(std::string_view key) const { return !value(key).absent(); }

Result<std::string> Fields::text(Field f) const {
  auto v = value(f.key);
  if (v.json()) return fields::bad_type(f, "は文字列で指定してください。");
  return v.text().value_or("");
}

Result<std::optional<std::int64_t>> Fields::integer_of(const FieldValue& v, Field f) {
  if (const json* j = v.json()) {
    const bool fits = j->is_number_integer() &&
                      (!j->is_number_unsigned() ||
                       j->get<std::uint64_t>() <=
                           static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    if (fits) return std::optional<std::int64_t>(j->get<std::int64_t>());
    return j->is_number_unsigned() ? fields::bad_value(f, fields::kWholeNumber)
                                   : fields::bad_type(f, fields::kWholeNumber);
  }
  const auto text = v.text();
  const std::string folded = text ? fold_width(trim(*text)) : std::string();
  if (folded.empty()) return std::optional<std::int64_t>();
  auto value = fields::whole_number(folded);
  if (!value) return fields::bad_value(f, fields::kWholeNumber);
  return std::optional<std::int64_t>(*value);
}

Result<std::optional<std::int64_t>> Fields::id_of(const FieldValue& v, Field f) {
  auto n = integer_of(v, f);
  if (!n) {
    return n.error().kind == ErrorKind::kMalformed ? fields::bad_type(f, fields::kRecordNumber)
                                                   : fields::bad_value(f, fields::kRecordNumber);
  }
  if (*n && **n < 1) return fields::bad_value(f, fields::kRecordNumber);
  return n;
}

Result<std::optional<std::int64_t>> Fields::integer(Field f) const {
  return integer_of(value(f.key), f);
}

Result<std::optional<std::int64_t>> Fields::id(Field f) const { return id_of(value(f.key), f); }

Result<std::optional<Date>> Fields::date(Field f) const {
  constexpr std::string_view kDate = "は日付（例 2025-04-01）で指定してください。";
  auto v = value(f.key);
  if (v.json()) return fields::bad_type(f, kDate);
  const auto text = v.text();
  const auto trimmed = text ? trim(*text) : std::string_view();
  if (trimmed.empty()) return std::optional<Date>();
  auto d = parse_iso_date(trimmed);
  if (!d) return fields::bad_value(f, kDate);
  return std::optional<Date>(*d);
}

Result<std::optional<int>> Fields::time(Field f) const {
  constexpr std::string_view kTime = "は時刻（例 10:00）で指定してください。";
  auto v = value(f.key);
  if (v.json()) return fields::bad_type(f, kTime);
  const auto text = v.text();
  const auto trimmed = text ? trim(*text) : std::string_view();
  if (trimmed.empty()) return std::optional<int>();
  auto minute = parse_minute(trimmed);
  if (!minute) return fields::bad_value(f, kTime);
  return std::optional<int>(*minute);
}

Result<std::optional<bool>> Fields::flag(Field f) const {
  auto v = value(f.key);
  if (const json* j = v.json()) {
    if (j->is_boolean()) return std::optional<bool>(j->get<bool>());
    return fields::bad_type(f, fields::kFlag);
  }
  if (v.absent()) return form_ ? std::optional<bool>(false) : std::optional<bool>();
  const auto text = *v.text();
  const auto t = trim(text);
  if (t == "1" || t == "on" || t == "true") return std::optional<bool>(true);
  if (t == "0" || t == "off" || t == "false" || t.empty()) return std::optional<bool>(false);
  return fields::bad_value(f, fields::kFlag);
}

Result<std::vector<std::string>> Fields::texts(Field f) const {
  std::vector<std::string> out;
  if (form_) {
    auto it = form_values_.find(f.key);
    if (it == form_values_.end()) return out;
    for (const auto& v : it->second) {
      if (!trim(v).empty()) out.push_back(v);
    }
    return out;
  }
  auto v = value(f.key);
  if (v.absent()) return out;
  const json* list = v.json();
  if (!list || !list->is_array()) return fields::bad_type(f, "は文字列の配列で指定してください。");
  for (const auto& item : *list) {
    if (!item.is_string()) return fields::bad_type(f, "は文字列の配列で指定してください。");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<std::vector<std::int64_t>> Fields::ids(Field f) const {
  std::vector<FieldValue> each;
  if (form_) {
    for (auto& v : *texts(f)) each.emplace_back(std::move(v));
  } else if (auto v = value(f.key); !v.absent()) {
    const json* list = v.json();
    if (!list || !list->is_array()) return fields::bad_type(f, fields::kRecordNumbers);
    for (const auto& item : *list) {
      if (item.is_null()) return fields::bad_type(f, fields::kRecordNumbers);
      each.emplace_back(&item);
    }
  }
  std::vector<std::int64_t> out;
  for (const auto& one : each) {
    auto id = id_of(one, f);
    if (!id) {
      return id.error().kind == ErrorKind::kMalformed
                 ? fields::bad_type(f, fields::kRecordNumbers)
                 : fields::bad_value(f, fields::kRecordNumbers);
    }
    if (*id) out.push_back(**id);
  }
  return out;
}

std::optional<std::vector<FieldValue>> Fields::items(std::string_view key) const {
  std::vector<FieldValue> out;
  if (form_) {
    auto it = form_values_.find(key);
    if (it == form_values_.end()) return out;
    for (const auto& v : it->second) {
      for (auto& line : fields::lines_of(v)) out.emplace_back(std::move(line));
    }
    return out;
  }
  auto v = value(key);
  if (v.absent()) return out;
  const json* list = v.json();
  if (!list || !list->is_array()) return std::nullopt;
  for (const auto& item : *list) out.emplace_back(&item);
  return out;
}

std::optional<std::vector<std::optional<Fields>>> Fields::rows(
    std::string_view key, std::initializer_list<std::string_view> columns) const {
  std::vector<std::optional<Fields>> out;
  auto form_row = [&](auto&& cells) {
    Fields row;
    row.form_ = true;
    for (auto&& [column, text] : cells) row.form_values_[std::string(column)].emplace_back(text);
    out.emplace_back(std::move(row));
  };
  if (!form_) {
    auto v = value(key);
    if (v.absent()) return out;
    const json* list = v.json();
    if (!list || !list->is_array()) return std::nullopt;
    for (const auto& item : *list) {
      out.push_back(item.is_object() ? std::optional<Fields>(from_json(item)) : std::nullopt);
    }
  } else if (auto given = form_rows_.find(key); given != form_rows_.end()) {
    for (const auto& cells : given->second) form_row(cells);
  } else if (auto sent = form_values_.find(key); sent != form_values_.end()) {
    for (const auto& v : sent->second) {
      for (const auto& line : fields::lines_of(v)) {
        auto cells = split(line, '|');
        std::vector<std::pair<std::string_view, std::string_view>> named;
        auto column = columns.begin();
        for (std::size_t i = 0; i < cells.size() && column != columns.end(); ++i, ++column)
          named.emplace_back(*column, trim(cells[i]));
        form_row(named);
      }
    }
  }
  return out;
}

Result<std::optional<Fields>> Fields::record(Field f) const {
  auto v = value(f.key);
  if (!form_) {
    if (v.absent()) return std::optional<Fields>();
    const json* object = v.json();
    if (!object || !object->is_object())
      return fields::bad_type(f, "はオブジェクトで指定してください。");
    return std::optional<Fields>(from_json(*object));
  }
  if (v.blank()) return std::optional<Fields>();
  auto on = v.boolean();
  if (!on) return fields::bad_value(f, fields::kFlag);
  if (!*on) return std::optional<Fields>();
  Fields given;
  given.form_ = true;
  return std::optional<Fields>(std::move(given));
}

void Fields::set(std::string_view key, std::string value) {
  form_values_.insert_or_assign(std::string(key), std::vector<std::string>{std::move(value)});
}

void Fields::add_row(std::string_view key, std::map<std::string, std::string> cells) {
  form_rows_[std::string(key)].push_back(std::move(cells));
}

void FieldProblems::add(std::string_view key, std::string message) {
  details_.push_back({0, std::string(key), std::move(message)});
}

void FieldProblems::record(const Error& e) {
  if (e.kind == ErrorKind::kMalformed) {
    if (!malformed_) malformed_ = e;
    return;
  }
  details_.insert(details_.end(), e.details.begin(), e.details.end());
}

bool FieldProblems::recorded(std::string_view key) const {
  auto names = [&](const std::vector<ErrorDetail>& list) {
    for (const auto& d : list) {
      if (d.field == key) return true;
    }
    return false;
  };
  return names(details_) || (malformed_ && names(malformed_->details));
}

std::string FieldProblems::first_message() const {
  if (malformed_) return malformed_->message;
  return details_.empty() ? std::string() : details_.front().message;
}

std::optional<Error> FieldProblems::error(std::string code, std::string message) const {
  if (malformed_) return malformed_;
  if (details_.empty()) return std::nullopt;
  Error e = make_error(ErrorKind::kInvalid, std::move(code), std::move(message));
  e.details = details_;
  return e;
}

}  // namespace tsunagu::route
