#include "route/fields.hpp"

#include <charconv>
#include <limits>

#include "core/resource.hpp"
#include "core/text.hpp"
#include "route/decode.hpp"

namespace tsunagu::route {

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

std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace
}  // namespace fields

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

Fields::Raw Fields::raw(std::string_view key) const {
  Raw out;
  if (form_) {
    auto it = form_values_.find(key);
    if (it == form_values_.end() || it->second.empty()) return out;
    out.present = true;
    out.text = it->second.front();
    return out;
  }
  auto it = json_.find(key);
  if (it == json_.end() || it->is_null()) return out;
  out.present = true;
  if (it->is_string()) {
    out.text = it->get<std::string>();
  } else {
    out.json = &*it;
  }
  return out;
}

bool Fields::has(std::string_view key) const { return raw(key).present; }

Result<std::string> Fields::text(Field f) const {
  auto r = raw(f.key);
  if (r.json) return fields::bad_type(f, "は文字列で指定してください。");
  return r.text.value_or("");
}

Result<std::optional<std::int64_t>> Fields::integer_of(const Raw& r, Field f) {
  if (r.json) {
    const bool fits = r.json->is_number_integer() &&
                      (!r.json->is_number_unsigned() ||
                       r.json->get<std::uint64_t>() <=
                           static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    if (fits) return std::optional<std::int64_t>(r.json->get<std::int64_t>());
    return r.json->is_number_unsigned() ? fields::bad_value(f, fields::kWholeNumber)
                                        : fields::bad_type(f, fields::kWholeNumber);
  }
  const std::string folded = r.text ? fold_width(trim(*r.text)) : std::string();
  if (folded.empty()) return std::optional<std::int64_t>();
  auto value = fields::whole_number(folded);
  if (!value) return fields::bad_value(f, fields::kWholeNumber);
  return std::optional<std::int64_t>(*value);
}

Result<std::optional<std::int64_t>> Fields::id_of(const Raw& r, Field f) {
  auto n = integer_of(r, f);
  if (!n) {
    return n.error().kind == ErrorKind::kMalformed ? fields::bad_type(f, fields::kRecordNumber)
                                                   : fields::bad_value(f, fields::kRecordNumber);
  }
  if (*n && **n < 1) return fields::bad_value(f, fields::kRecordNumber);
  return n;
}

Result<std::optional<std::int64_t>> Fields::integer(Field f) const {
  return integer_of(raw(f.key), f);
}

Result<std::optional<std::int64_t>> Fields::id(Field f) const { return id_of(raw(f.key), f); }

Result<std::optional<Date>> Fields::date(Field f) const {
  constexpr std::string_view kDate = "は日付（例 2025-04-01）で指定してください。";
  auto r = raw(f.key);
  if (r.json) return fields::bad_type(f, kDate);
  auto text = r.text ? trim(*r.text) : std::string_view();
  if (text.empty()) return std::optional<Date>();
  auto d = parse_iso_date(text);
  if (!d) return fields::bad_value(f, kDate);
  return std::optional<Date>(*d);
}

Result<std::optional<int>> Fields::time(Field f) const {
  constexpr std::string_view kTime = "は時刻（例 10:00）で指定してください。";
  auto r = raw(f.key);
  if (r.json) return fields::bad_type(f, kTime);
  auto text = r.text ? trim(*r.text) : std::string_view();
  if (text.empty()) return std::optional<int>();
  auto minute = parse_minute(text);
  if (!minute) return fields::bad_value(f, kTime);
  return std::optional<int>(*minute);
}

Result<std::optional<bool>> Fields::flag(Field f) const {
  constexpr std::string_view kFlag = "は true か false で指定してください。";
  auto r = raw(f.key);
  if (r.json) {
    if (r.json->is_boolean()) return std::optional<bool>(r.json->get<bool>());
    return fields::bad_type(f, kFlag);
  }
  if (!r.present) return form_ ? std::optional<bool>(false) : std::optional<bool>();
  const auto text = trim(*r.text);
  if (text == "1" || text == "on" || text == "true") return std::optional<bool>(true);
  if (text == "0" || text == "off" || text == "false" || text.empty())
    return std::optional<bool>(false);
  return fields::bad_value(f, kFlag);
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
  auto r = raw(f.key);
  if (!r.present) return out;
  if (!r.json || !r.json->is_array())
    return fields::bad_type(f, "は文字列の配列で指定してください。");
  for (const auto& v : *r.json) {
    if (!v.is_string()) return fields::bad_type(f, "は文字列の配列で指定してください。");
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<std::vector<std::int64_t>> Fields::ids(Field f) const {
  std::vector<Raw> each;
  if (form_) {
    auto values = texts(f);
    for (auto& v : *values) each.push_back(Raw{true, std::move(v), nullptr});
  } else if (auto r = raw(f.key); r.present) {
    if (!r.json || !r.json->is_array()) return fields::bad_type(f, fields::kRecordNumbers);
    for (const auto& v : *r.json) {
      if (v.is_string()) {
        each.push_back(Raw{true, v.get<std::string>(), nullptr});
      } else {
        each.push_back(Raw{true, std::nullopt, &v});
      }
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

std::optional<Error> FieldProblems::error(std::string code, std::string message) const {
  if (malformed_) return malformed_;
  if (details_.empty()) return std::nullopt;
  Error e = make_error(ErrorKind::kInvalid, std::move(code), std::move(message));
  e.details = details_;
  return e;
}

}  // namespace tsunagu::route
