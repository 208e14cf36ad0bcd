#include "route/case_fields.hpp"

#include <charconv>

#include "core/text.hpp"
#include "route/decode.hpp"

namespace tsunagu::route {

using nlohmann::json;

// File-local names live in a namespace named after the file, so unity batches can join files.
namespace case_fields {
namespace {

std::optional<std::int64_t> integer_of(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
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

const json* member(const json& object, const std::string& name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

}  // namespace
}  // namespace case_fields

std::optional<std::string> FieldValue::text() const {
  if (form_) return form_;
  if (json_ && json_->is_string()) return json_->get<std::string>();
  return std::nullopt;
}

std::optional<std::int64_t> FieldValue::integer() const {
  if (form_) return case_fields::integer_of(*form_);
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

FieldValue JsonFields::value(const std::string& name) const {
  return FieldValue(case_fields::member(object_, name));
}

std::optional<std::vector<FieldValue>> JsonFields::items(const std::string& name) const {
  std::vector<FieldValue> out;
  const json* list = case_fields::member(object_, name);
  if (!list || list->is_null()) return out;
  if (!list->is_array()) return std::nullopt;
  for (const auto& item : *list) out.emplace_back(&item);
  return out;
}

bool JsonFields::rows(const std::string& name, const std::vector<std::string>&,
                      const RowFn& row) const {
  const json* list = case_fields::member(object_, name);
  if (!list || list->is_null()) return true;
  if (!list->is_array()) return false;
  for (const auto& item : *list) {
    if (item.is_object()) {
      JsonFields fields(item);
      row(&fields);
    } else {
      row(nullptr);
    }
  }
  return true;
}

FieldSource::Record JsonFields::record(
    const std::string& name, const std::function<void(const FieldSource&)>& fields) const {
  const json* r = case_fields::member(object_, name);
  if (!r || r->is_null()) return Record::kAbsent;
  if (!r->is_object()) return Record::kNotARecord;
  fields(JsonFields(*r));
  return Record::kGiven;
}

FormFields::FormFields(const http::Request& request) {
  for (const auto& [name, first] : form_fields(request)) {
    for (auto& v : form_values(request, name)) values_.emplace(name, std::move(v));
  }
}

void FormFields::set(const std::string& name, std::string value) {
  values_.erase(name);
  values_.emplace(name, std::move(value));
}

void FormFields::add_row(const std::string& name, std::map<std::string, std::string> cells) {
  rows_[name].push_back(std::move(cells));
}

FieldValue FormFields::value(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? FieldValue() : FieldValue(it->second);
}

std::optional<std::vector<FieldValue>> FormFields::items(const std::string& name) const {
  std::vector<FieldValue> out;
  auto [begin, end] = values_.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    for (auto& line : case_fields::lines_of(it->second)) out.emplace_back(std::move(line));
  }
  return out;
}

bool FormFields::rows(const std::string& name, const std::vector<std::string>& columns,
                      const RowFn& row) const {
  auto given = rows_.find(name);
  if (given != rows_.end()) {
    for (const auto& cells : given->second) {
      FormFields fields;
      for (const auto& [column, text] : cells) fields.values_.emplace(column, text);
      row(&fields);
    }
    return true;
  }
  auto [begin, end] = values_.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    for (const auto& line : case_fields::lines_of(it->second)) {
      FormFields fields;
      auto cells = split(line, '|');
      for (std::size_t i = 0; i < cells.size() && i < columns.size(); ++i)
        fields.values_.emplace(columns[i], std::string(trim(cells[i])));
      row(&fields);
    }
  }
  return true;
}

FieldSource::Record FormFields::record(
    const std::string& name, const std::function<void(const FieldSource&)>& fields) const {
  auto v = value(name);
  if (v.blank()) return Record::kAbsent;
  auto on = v.boolean();
  if (!on) return Record::kNotARecord;
  if (!*on) return Record::kAbsent;
  fields(FormFields());
  return Record::kGiven;
}

std::string FieldReader::text(const std::string& field, const std::string& label, bool required) {
  auto v = source_.value(field);
  if (v.absent()) {
    if (required) missing(field, label);
    return "";
  }
  auto t = v.text();
  if (!t) {
    problem(field, label + "は文字列で指定してください。");
    return "";
  }
  return *t;
}

bool FieldReader::flag(const std::string& field, const std::string& label) {
  auto v = source_.value(field);
  if (v.absent()) return false;
  auto b = v.boolean();
  if (!b) {
    problem(field, label + "は true か false で指定してください。");
    return false;
  }
  return *b;
}

std::optional<bool> FieldReader::maybe_flag(const std::string& field) {
  return source_.value(field).boolean();
}

std::optional<std::int64_t> FieldReader::id(const std::string& field, const std::string& label,
                                            bool required) {
  auto v = source_.value(field);
  if (v.absent()) {
    if (required) missing(field, label);
    return std::nullopt;
  }
  auto n = v.integer();
  if (!n || *n <= 0) {
    problem(field, label + "の番号が正しくありません（正の整数で指定してください）。");
    return std::nullopt;
  }
  return n;
}

std::optional<Date> FieldReader::date(const std::string& field, const std::string& label,
                                      bool required) {
  auto v = source_.value(field);
  if (v.blank()) {
    if (required) missing(field, label);
    return std::nullopt;
  }
  auto t = v.text();
  if (!t) {
    problem(field, label + "は文字列で指定してください。");
    return std::nullopt;
  }
  auto d = parse_iso_date(trim(*t));
  if (!d) {
    problem(field, label + "は正しい日付を 2025-06-01 の形で指定してください。");
    return std::nullopt;
  }
  return *d;
}

void FieldReader::problem(const std::string& field, std::string message) {
  problems_.push_back({0, field, std::move(message)});
}

void FieldReader::missing(const std::string& field, const std::string& label) {
  problem(field, label + "は必須です。");
}

std::string FieldReader::first_message() const {
  return problems_.empty() ? std::string() : problems_.front().message;
}

Status FieldReader::status() const {
  if (problems_.empty()) return Ok{};
  Error e = make_error(ErrorKind::kInvalid, code_, message_);
  e.details = problems_;
  return e;
}

}  // namespace tsunagu::route
