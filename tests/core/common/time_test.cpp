#include "core/common/time.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core {
namespace {

TEST(Time, FormatsUnixMillisAsRfc3339Utc) {
    const struct {
        std::int64_t ms;
        const char* text;
    } kCases[] = {
        {0, "1970-01-01T00:00:00.000Z"},
        {951782400000, "2000-02-29T00:00:00.000Z"},
        {1795348800123, "2026-11-22T12:00:00.123Z"},
        {4102444799999, "2099-12-31T23:59:59.999Z"},
        {-1, "1969-12-31T23:59:59.999Z"},
    };
    for (const auto& c : kCases) EXPECT_EQ(FormatRfc3339Millis(c.ms), c.text) << c.ms;
}

TEST(ChinaTime, ReadsAStoredInstantInChinaTime) {
    EXPECT_EQ(ChinaTimeOf("2026-11-22T10:00:00.123Z"), "2026-11-22 18:00:00");
    EXPECT_EQ(ChinaTimeOf("2026-12-31T16:30:05.000Z"), "2027-01-01 00:30:05") << "the day and the year turn over";
    EXPECT_EQ(ChinaTimeOf("2024-02-28T20:00:00.000Z"), "2024-02-29 04:00:00") << "a leap day";
    EXPECT_EQ(ChinaTimeOf("yesterday"), "yesterday") << "text of another form is left as it is";
    EXPECT_EQ(ChinaTimeOf("2026-13-01T00:00:00.000Z"), "2026-13-01T00:00:00.000Z");
}

}  // namespace
}  // namespace xinqiao::core
