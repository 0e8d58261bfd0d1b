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

std::string ChinaTimeOf(const std::string& rfc3339) {
    const auto date = rfc3339.size() >= 20 && rfc3339[10] == 'T' && rfc3339.back() == 'Z'
                          ? ParseDate(std::string_view(rfc3339).substr(0, 10))
                          : std::nullopt;
    int h = 0, m = 0, s = 0;
    if (!date || std::sscanf(rfc3339.c_str() + 11, "%2d:%2d:%2d", &h, &m, &s) != 3) return rfc3339;
    const std::int64_t unix_ms = ((DaysFromCivil(*date) * 24 + h) * 3600 + m * 60 + s) * 1000;
    return FormatRfc3339Millis(unix_ms + std::int64_t{kChinaUtcOffsetMinutes} * 60000).replace(10, 1, " ").substr(0, 19);
}

}  // namespace xinqiao::core
