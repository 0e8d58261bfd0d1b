#include "store/result_set.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xinqiao::store {
namespace {

// A result as a driver builds it: cells row by row, NULL as an empty optional.
ResultSet Rows(std::size_t columns, const std::vector<std::optional<std::string>>& cells) {
    ResultSet rs(columns);
    for (const auto& c : cells) rs.Append(c);
    return rs;
}

struct Unit {
    std::int64_t id = 0;
    std::string name;
    std::optional<std::int64_t> parent;
    bool boarding = false;
};

Unit ReadUnit(Row& row) {
    Unit u;
    u.id = row.Int();
    u.name = row.Text();
    u.parent = row.OptInt();
    u.boarding = row.Bool();
    return u;
}

TEST(ResultSet, MapReadsEveryRowInSelectOrder) {
    const auto rs = Rows(4, {"1", "青溪市", std::nullopt, "0", "2", "东城区", "1", "t"});
    const auto units = rs.Map(ReadUnit);
    ASSERT_EQ(units.size(), 2u);
    EXPECT_EQ(units[0].id, 1);
    EXPECT_EQ(units[0].name, "青溪市");
    EXPECT_EQ(units[0].parent, std::nullopt);
    EXPECT_FALSE(units[0].boarding);
    EXPECT_EQ(units[1].parent, 1);
    EXPECT_TRUE(units[1].boarding) << "PostgreSQL's booleans arrive as t/f";
}

TEST(ResultSet, NullReadsAsZeroOrEmptyAndIsNullPeeksWithoutTaking) {
    const auto rs = Rows(3, {std::nullopt, std::nullopt, std::nullopt});
    rs.Each([](Row& row) {
        EXPECT_TRUE(row.IsNull());
        EXPECT_EQ(row.Int(), 0);
        EXPECT_TRUE(row.IsNull());
        EXPECT_EQ(row.Text(), "");
        EXPECT_EQ(row.OptView(), std::nullopt);
        EXPECT_EQ(row.remaining(), 0u);
    });
}

TEST(ResultSet, FirstIsNulloptWithoutRows) {
    EXPECT_EQ(Rows(4, {}).First(ReadUnit).has_value(), false);
    const auto one = Rows(4, {"7", "a", "3", "1"}).First(ReadUnit);
    ASSERT_TRUE(one.has_value());
    EXPECT_EQ(one->id, 7);
}

TEST(ResultSet, AReaderReturningAnErrorStopsAtTheFirstOne) {
    const auto rs = Rows(1, {"1", "2", "3"});
    int seen = 0;
    const auto read = [&](Row& row) -> core::Result<std::int64_t> {
        ++seen;
        const auto v = row.Int();
        if (v == 2) return core::Error::Internal("a stored value is not readable");
        return v;
    };
    const auto all = rs.Map(read);
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().message, "a stored value is not readable");
    EXPECT_EQ(seen, 2);
    seen = 0;
    const core::Status walked = rs.Each([&](Row& row) -> core::Status {
        XINQIAO_RETURN_IF_ERROR(read(row));
        return core::Ok();
    });
    EXPECT_FALSE(walked);
    EXPECT_EQ(seen, 2);
    EXPECT_FALSE(Rows(1, {"2"}).First(read)) << "First passes the reader's error on";
    EXPECT_EQ(*Rows(1, {"1"}).First(read), std::optional<std::int64_t>(1));
}

TEST(ResultSet, ScalarIntReadsTheOneCell) {
    EXPECT_EQ(Rows(1, {"42"}).Int(), 42);
    EXPECT_EQ(Rows(1, {}).OptInt(), std::nullopt);
    EXPECT_EQ(Rows(1, {std::nullopt}).OptInt(), std::nullopt);
    EXPECT_EQ(Rows(1, {"5"}).OptInt(), 5);
}

// The point of the reader: a statement and its reader that disagree stop at once.
TEST(ResultSetDeathTest, AColumnLeftUnreadStopsTheRead) {
    const auto rs = Rows(5, {"1", "a", std::nullopt, "0", "extra"});
    EXPECT_DEATH(rs.Map(ReadUnit), "left selected columns unread");
}

TEST(ResultSetDeathTest, AColumnReadButNotSelectedStopsTheRead) {
    const auto rs = Rows(3, {"1", "a", std::nullopt});
    EXPECT_DEATH(rs.Map(ReadUnit), "took more columns than its statement selects");
}

TEST(ResultSetDeathTest, ScalarIntOfAWideRowStops) {
    const auto rs = Rows(2, {"1", "2"});
    EXPECT_DEATH(static_cast<void>(rs.Int()), "needs one column");
}

}  // namespace
}  // namespace xinqiao::store
