#include "core/cases/follow_up.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::cases {
namespace {

std::vector<std::string> Days(FollowUpPlan plan, const char* start) {
    std::vector<std::string> out;
    for (const auto& d : PlanDays(plan, *ParseDate(start))) out.push_back(FormatDate(d));
    return out;
}

TEST(FollowUpPlans, WeeklyForAMonthAfterAnAttempt) {
    EXPECT_EQ(Days(FollowUpPlan::kAfterAttempt, "2026-12-28"),
              (std::vector<std::string>{"2027-01-04", "2027-01-11", "2027-01-18", "2027-01-25"}));
}

TEST(FollowUpPlans, MonthlyAfterHospitalAndByLevel) {
    EXPECT_EQ(Days(FollowUpPlan::kAfterHospital, "2026-11-23"),
              (std::vector<std::string>{"2026-12-23", "2027-01-22", "2027-02-21"}));
    EXPECT_EQ(Days(FollowUpPlan::kLevelI, "2026-02-01"),
              (std::vector<std::string>{"2026-02-15", "2026-03-01", "2026-03-15", "2026-03-29"}));
    EXPECT_EQ(Days(FollowUpPlan::kLevelII, "2026-11-23").size(), 3u);
    EXPECT_EQ(Days(FollowUpPlan::kSingle, "2026-11-30"), (std::vector<std::string>{"2026-11-30"}));
    EXPECT_EQ(ParseFollowUpPlan("after_attempt"), FollowUpPlan::kAfterAttempt);
    EXPECT_FALSE(ParseFollowUpPlan("daily"));
}

TEST(FollowUpPlans, OverdueFromTheDayAfterItWasDueWhileOpen) {
    const Date due = *ParseDate("2026-11-23");
    EXPECT_FALSE(IsOverdue(FollowUpState::kOpen, due, *ParseDate("2026-11-23")));
    EXPECT_TRUE(IsOverdue(FollowUpState::kOpen, due, *ParseDate("2026-11-24")));
    EXPECT_FALSE(IsOverdue(FollowUpState::kDone, due, *ParseDate("2026-12-24")));
    EXPECT_FALSE(IsOverdue(FollowUpState::kCancelled, due, *ParseDate("2026-12-24")));
    EXPECT_EQ(ParseFollowUpResult("not_reached"), FollowUpResult::kNotReached);
    EXPECT_EQ(ParseFollowUpState("cancelled"), FollowUpState::kCancelled);
}

}  // namespace
}  // namespace xinqiao::core::cases
