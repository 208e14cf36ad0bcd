// Tables that give an enum its machine name and Japanese label, and parse either back.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/text.hpp"

namespace tsunagu::detail {

template <class E>
struct Named {
  E value;
  std::string_view name;
  std::string_view label;
};

template <class E, std::size_t N>
std::string_view name_of(const Named<E> (&table)[N], E value) {
  for (const auto& n : table) {
    if (n.value == value) return n.name;
  }
  return "unknown";
}

template <class E, std::size_t N>
std::string_view label_of(const Named<E> (&table)[N], E value) {
  for (const auto& n : table) {
    if (n.value == value) return n.label;
  }
  return "不明";
}

template <class E, std::size_t N>
std::optional<E> parse_named(const Named<E> (&table)[N], std::string_view text) {
  auto t = trim(text);
  for (const auto& n : table) {
    if (n.name == t || n.label == t) return n.value;
  }
  return std::nullopt;
}

}  // namespace tsunagu::detail
