#pragma once
// A calendar date without time zone (birth dates, enrolment dates), ISO 8601 "YYYY-MM-DD".

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xinqiao::core {

struct Date {
    int year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..DaysInMonth

    auto operator<=>(const Date&) const = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);
bool IsValidDate(int year, int month, int day);

// Parses exactly "YYYY-MM-DD" with a real calendar day; nullopt otherwise.
std::optional<Date> ParseDate(std::string_view text);
std::string FormatDate(const Date& date);

// Days since 1970-01-01 of a valid date (negative before).
std::int64_t DaysFromCivil(const Date& date);
// The calendar date of days since 1970-01-01.
Date DateFromDays(std::int64_t days_since_epoch);
// The calendar date at `unix_ms` in a zone `utc_offset_minutes` east of UTC (China: 480).
Date DateAt(std::int64_t unix_ms, int utc_offset_minutes);

// Whole years from `birth` to `on` (the age on that day).
int AgeOn(const Date& birth, const Date& on);

}  // namespace xinqiao::core
