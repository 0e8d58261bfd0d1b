#pragma once
// Instants as Unix milliseconds, and their RFC 3339 form. Core never reads the clock: the
// current time arrives through ports::Clock.

#include <cstdint>
#include <string>
#include <string_view>

namespace xinqiao::core {

// China time is UTC+8 all year (no daylight saving).
inline constexpr int kChinaUtcOffsetMinutes = 480;

// "2026-11-22T10:00:00.123Z" for `unix_ms` (UTC, millisecond precision).
std::string FormatRfc3339Millis(std::int64_t unix_ms);

// "2026-11-22 18:00:00": an instant stored as FormatRfc3339Millis writes it, read in China time
// (UTC+8), for people and spreadsheets. The text unchanged if it is not of that form.
std::string ChinaTimeOf(const std::string& rfc3339);

}  // namespace xinqiao::core
