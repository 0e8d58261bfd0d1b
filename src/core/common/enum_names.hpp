#pragma once
// Stable names for enum values, from one table per enum: the wire and database spelling.
//
//   constexpr std::array<std::pair<Gender, std::string_view>, 2> kGenders = {{...}};
//   NameOf(kGenders, Gender::kMale) == "male";  ParseName(kGenders, "male") == Gender::kMale

#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace xinqiao::core {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

// The name of `value`, or "unknown" if the table lacks it.
template <typename E, std::size_t N>
constexpr std::string_view NameOf(const NameTable<E, N>& table, E value) {
    for (const auto& [v, name] : table) {
        if (v == value) return name;
    }
    return "unknown";
}

template <typename E, std::size_t N>
constexpr std::optional<E> ParseName(const NameTable<E, N>& table, std::string_view name) {
    for (const auto& [v, n] : table) {
        if (n == name) return v;
    }
    return std::nullopt;
}

// Every value of the table, in table order.
template <typename E, std::size_t N>
std::vector<E> ValuesOf(const NameTable<E, N>& table) {
    std::vector<E> values;
    values.reserve(N);
    for (const auto& [v, name] : table) values.push_back(v);
    return values;
}

}  // namespace xinqiao::core
