#include "core/common/date.hpp"

#include <cstdio>

#include "core/common/text.hpp"

namespace xinqiao::core {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool IsValidDate(int year, int month, int day) {
    return year >= 1900 && year <= 2999 && month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

std::optional<Date> ParseDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    }
    const int year = static_cast<int>(*ParseInt64(text.substr(0, 4)));
    const int month = static_cast<int>(*ParseInt64(text.substr(5, 2)));
    const int day = static_cast<int>(*ParseInt64(text.substr(8, 2)));
    if (!IsValidDate(year, month, day)) return std::nullopt;
    return Date{year, month, day};
}

std::string FormatDate(const Date& date) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
    return buf;
}

int AgeOn(const Date& birth, const Date& on) {
    int age = on.year - birth.year;
    if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
    return age;
}

}  // namespace xinqiao::core
