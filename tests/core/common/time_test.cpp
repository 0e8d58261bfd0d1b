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

}  // namespace
}  // namespace xinqiao::core
