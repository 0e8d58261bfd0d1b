#include "core/common/time.hpp"

#include <cstdio>

#include "core/common/date.hpp"

namespace xinqiao::core {

std::string FormatRfc3339Millis(std::int64_t unix_ms) {
    std::int64_t secs = unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000;
    const int ms = static_cast<int>(unix_ms - secs * 1000);
    std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    const int sod = static_cast<int>(secs - days * 86400);
    const Date date = DateFromDays(days);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", date.year, date.month, date.day,
                  sod / 3600, sod / 60 % 60, sod % 60, ms);
    return buf;
}

}  // namespace xinqiao::core
