#include "core/common/date.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core {
namespace {

TEST(Date, ParsesIsoDates) {
    const auto d = ParseDate("2012-02-29");
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, (Date{2012, 2, 29}));
    EXPECT_EQ(FormatDate(*d), "2012-02-29");
}

TEST(Date, RejectsImpossibleOrMalformedDates) {
    for (const char* text : {"2013-02-29", "2012-13-01", "2012-00-10", "2012-04-31", "2012-4-01", "20120401",
                             "2012-04-01T00", "abcd-ef-gh", ""}) {
        EXPECT_FALSE(ParseDate(text)) << text;
    }
}

TEST(Date, KnowsLeapYears) {
    EXPECT_TRUE(IsLeapYear(2000));
    EXPECT_FALSE(IsLeapYear(1900));
    EXPECT_TRUE(IsLeapYear(2024));
    EXPECT_EQ(DaysInMonth(2023, 2), 28);
}

TEST(Date, ComputesAgeOnADay) {
    const Date birth{2012, 9, 15};
    EXPECT_EQ(AgeOn(birth, Date{2024, 9, 14}), 11);
    EXPECT_EQ(AgeOn(birth, Date{2024, 9, 15}), 12);
    EXPECT_EQ(AgeOn(birth, Date{2025, 1, 1}), 12);
}

}  // namespace
}  // namespace xinqiao::core
