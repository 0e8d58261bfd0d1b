#include "core/common/result.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace xinqiao::core {
namespace {

Result<int> Half(int n) {
    if (n % 2 != 0) return Error::InvalidArgument("odd", "/n");
    return n / 2;
}

Result<int> Quarter(int n) {
    XINQIAO_ASSIGN_OR_RETURN(const int half, Half(n));
    XINQIAO_ASSIGN_OR_RETURN(const int quarter, Half(half));
    return quarter;
}

Status CheckEven(int n) {
    XINQIAO_RETURN_IF_ERROR(Half(n));
    return Ok();
}

TEST(Result, HoldsAValue) {
    const Result<int> r = 21;
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(static_cast<bool>(r));
    EXPECT_EQ(*r, 21);
    EXPECT_EQ(r.value(), 21);
    EXPECT_EQ(r.value_or(7), 21);
}

TEST(Result, HoldsAnErrorWithCodeMessageAndField) {
    const Result<int> r = Half(3);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message, "odd");
    EXPECT_EQ(r.error().field, "/n");
    EXPECT_EQ(r.value_or(7), 7);
}

TEST(Result, AssignOrReturnPassesTheFirstErrorOn) {
    EXPECT_EQ(*Quarter(8), 2);
    EXPECT_EQ(Quarter(6).error().message, "odd");  // 6 -> 3 fails in the second step
    EXPECT_EQ(Quarter(5).error().code, ErrorCode::kInvalidArgument);
}

TEST(Result, StatusCarriesErrorsFromAnyResult) {
    EXPECT_TRUE(CheckEven(4));
    const Status s = CheckEven(5);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().field, "/n");
}

TEST(Result, HoldsMoveOnlyValues) {
    Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
    std::unique_ptr<int> p = std::move(r).value();
    EXPECT_EQ(*p, 5);
}

TEST(Result, ArrowReachesMembers) {
    Result<std::string> r = std::string("abc");
    EXPECT_EQ(r->size(), 3u);
}

TEST(ErrorCode, EveryCodeHasAStableName) {
    EXPECT_EQ(ErrorCodeName(ErrorCode::kInvalidArgument), "invalid_argument");
    EXPECT_EQ(ErrorCodeName(ErrorCode::kNotFound), "not_found");
    EXPECT_EQ(ErrorCodeName(ErrorCode::kAlreadyExists), "already_exists");
    EXPECT_EQ(ErrorCodeName(ErrorCode::kFailedPrecondition), "failed_precondition");
    EXPECT_EQ(ErrorCodeName(ErrorCode::kUnavailable), "unavailable");
    EXPECT_EQ(ErrorCodeName(ErrorCode::kInternal), "internal");
}

TEST(ResultDeathTest, ValueOfAnErrorIsABug) {
    const Result<int> r = Half(1);
    EXPECT_DEATH((void)r.value(), "Result::value\\(\\) on an error");
}

}  // namespace
}  // namespace xinqiao::core
