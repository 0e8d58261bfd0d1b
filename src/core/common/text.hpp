#pragma once
// Small text helpers shared by every layer: UTF-8 checks, trimming, strict integer parsing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xinqiao::core {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Number of Unicode code points in well-formed UTF-8 `s`.
std::size_t CodePointCount(std::string_view s);

// True if `s` holds a control character (C0, DEL or C1); names and labels must not.
bool HasControlCharacter(std::string_view s);

// `s` without leading and trailing ASCII whitespace.
std::string_view TrimAscii(std::string_view s);

// True if `a` and `b` are equal, in time that depends only on their length (for secrets).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Lower-case hexadecimal of `bytes`.
std::string ToHex(std::string_view bytes);

// The parts of `s` between `separator`s, empty ones included ("" gives one empty part).
std::vector<std::string_view> Split(std::string_view s, char separator);

// Parses a whole decimal integer (optional leading '-'); nothing else may follow.
std::optional<std::int64_t> ParseInt64(std::string_view s);

}  // namespace xinqiao::core
