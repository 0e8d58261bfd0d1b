#pragma once
// A calendar date without time zone (birth dates, enrolment dates), ISO 8601 "YYYY-MM-DD".

#include <compare>
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

// Whole years from `birth` to `on` (the age on that day).
int AgeOn(const Date& birth, const Date& on);

}  // namespace xinqiao::core
