#pragma once
// Instants as Unix milliseconds, and their RFC 3339 form. Core never reads the clock: the
// current time arrives through ports::Clock.

#include <cstdint>
#include <string>

namespace xinqiao::core {

// "2026-11-22T10:00:00.123Z" for `unix_ms` (UTC, millisecond precision).
std::string FormatRfc3339Millis(std::int64_t unix_ms);

}  // namespace xinqiao::core
