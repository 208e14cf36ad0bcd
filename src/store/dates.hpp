// Calendar dates in the store: written as ISO text ("2025-06-01"), which sorts and compares
// the same on both backends. Shared by the case repositories.
#pragma once

#include <optional>

#include "core/fiscal_year.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

inline Value date_value(const std::optional<Date>& d) {
  return d ? Value(format_iso_date(*d)) : Value(nullptr);
}

// Column `i` as a date. Throws StoreError when what is stored is not one.
inline Date date_at(const Row& r, std::size_t i) {
  auto d = parse_iso_date(r.text(i));
  if (!d) throw StoreError(StoreError::Kind::kOther, "stored date unreadable: " + r.text(i));
  return *d;
}

inline std::optional<Date> optional_date_at(const Row& r, std::size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return date_at(r, i);
}

}  // namespace tsunagu::store
