#include "core/warning/alert.hpp"

#include <gtest/gtest.h>

#include "core/screening/campaign.hpp"

namespace xinqiao::core::warning {
namespace {

using auth::Role;

// City 1, county 5, school 23, grade 30, class 40.
const Place kPlace = PlaceOf("/1/5/23/30/40/", 23, 5);

TEST(WarningNetwork, APlaceIsReadFromTheClassPath) {
    EXPECT_EQ(kPlace.class_id, 40);
    EXPECT_EQ(kPlace.grade_id, 30);
    EXPECT_EQ(kPlace.school_id, 23);
    EXPECT_EQ(kPlace.county_id, 5);
    EXPECT_EQ(kPlace.city_id, 1);
    // A class right under its school has no grade; a county at the root has no city.
    const Place flat = PlaceOf("/5/23/40/", 23, 5);
    EXPECT_EQ(flat.grade_id, 0);
    EXPECT_EQ(flat.city_id, 0);
    EXPECT_EQ(flat.class_id, 40);
}

TEST(WarningNetwork, AlertsStartWhereTheirLevelCallsFor) {
    EXPECT_EQ(StartTier(Level::kIII), Tier::kClass);
    EXPECT_EQ(StartTier(Level::kII), Tier::kSchool);
    EXPECT_EQ(StartTier(Level::kI), Tier::kCounty);
    EXPECT_EQ(StartOwners(Level::kIII, kPlace),
              (std::vector<Owner>{{Role::kClassTeacher, 40}, {Role::kPsychologyTeacher, 23}}));
    EXPECT_EQ(StartOwners(Level::kII, kPlace),
              (std::vector<Owner>{{Role::kPsychologyTeacher, 23}, {Role::kSchoolLeader, 23}}));
    EXPECT_EQ(StartOwners(Level::kI, kPlace), (std::vector<Owner>{{Role::kPsychologyTeacher, 23},
                                                                  {Role::kSchoolLeader, 23},
                                                                  {Role::kBureauStaff, 5}}));
    EXPECT_TRUE(StartOwners(Level::kIV, kPlace).empty());
}

TEST(WarningNetwork, EscalationClimbsOneTierAtATimeToTheTop) {
    EXPECT_EQ(NextTier(Tier::kClass, kPlace), Tier::kGrade);
    EXPECT_EQ(NextTier(Tier::kGrade, kPlace), Tier::kSchool);
    EXPECT_EQ(NextTier(Tier::kSchool, kPlace), Tier::kCounty);
    EXPECT_EQ(NextTier(Tier::kCounty, kPlace), Tier::kCity);
    EXPECT_EQ(NextTier(Tier::kCity, kPlace), std::nullopt);
    EXPECT_EQ(OwnersAt(Tier::kGrade, kPlace), (std::vector<Owner>{{Role::kGradeLead, 30}}));
    EXPECT_EQ(OwnersAt(Tier::kSchool, kPlace),
              (std::vector<Owner>{{Role::kPsychologyTeacher, 23}, {Role::kSchoolLeader, 23}}));
    EXPECT_EQ(OwnersAt(Tier::kCity, kPlace), (std::vector<Owner>{{Role::kBureauStaff, 1}}));
    // Tiers the place has no unit for are skipped: no grade, and the county is the top.
    const Place flat = PlaceOf("/5/23/40/", 23, 5);
    EXPECT_EQ(NextTier(Tier::kClass, flat), Tier::kSchool);
    EXPECT_EQ(NextTier(Tier::kCounty, flat), std::nullopt);
    EXPECT_TRUE(OwnersAt(Tier::kGrade, flat).empty());
    EXPECT_EQ(NetworkUnits(kPlace), (std::vector<org::OrgUnitId>{40, 30, 23, 5, 1}));
    EXPECT_EQ(NetworkUnits(flat), (std::vector<org::OrgUnitId>{40, 23, 5}));
    EXPECT_TRUE(IsOwnerRole(Role::kGradeLead));
    EXPECT_FALSE(IsOwnerRole(Role::kPeerObserver));
}

TEST(ResponseTimes, TheDefaultsAreThePlans) {
    // Times in China: 2026-11-18 is a Wednesday, 11-20 a Friday, 11-21 a Saturday.
    const auto at = [](int day, int hour) { return screening::ChinaDayStartMs({2026, 11, day}) + hour * 3600000LL; };
    const auto d = DefaultResponseTimes();
    EXPECT_TRUE(ValidateResponseTimes(d));
    EXPECT_EQ(DueMs(d, Level::kI, at(20, 16)), at(20, 17));
    EXPECT_EQ(DueMs(d, Level::kII, at(18, 9)), at(19, 9));     // the next day
    EXPECT_EQ(DueMs(d, Level::kII, at(20, 16)), at(23, 16));   // Friday afternoon: Monday afternoon
    EXPECT_EQ(DueMs(d, Level::kII, at(21, 10)), at(23, 10));   // Saturday: Monday
    EXPECT_EQ(DueMs(d, Level::kII, at(19, 23) + 3599999), at(20, 23) + 3599999);  // Thursday night: Friday night
    EXPECT_EQ(DueMs(d, Level::kIII, at(20, 16)), at(27, 16));
}

TEST(ResponseTimes, ARegionSetsItsOwnWithinBounds) {
    auto t = DefaultResponseTimes();
    t.by_level[0].minutes = 30;
    t.by_level[1] = {120, false};
    EXPECT_TRUE(ValidateResponseTimes(t));
    const std::int64_t from = screening::ChinaDayStartMs({2026, 11, 21});  // a Saturday
    EXPECT_EQ(DueMs(t, Level::kI, from), from + 30 * 60000LL);
    EXPECT_EQ(DueMs(t, Level::kII, from), from + 120 * 60000LL);  // counted in hours, weekends too

    t.by_level[0].minutes = 4;
    auto bad = ValidateResponseTimes(t);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "/level_1/minutes");
    t.by_level[0].minutes = 30;
    t.by_level[2].minutes = 60;  // III sooner than II
    bad = ValidateResponseTimes(t);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "/level_3/minutes");
    t.by_level[2].minutes = 30 * 24 * 60 + 1;
    EXPECT_FALSE(ValidateResponseTimes(t));
}

TEST(AlertStates, OnlyLiveAlertsAreActedOn) {
    EXPECT_EQ(WhyNot(AlertAction::kAcknowledge, AlertState::kOpen), std::nullopt);
    EXPECT_NE(WhyNot(AlertAction::kAcknowledge, AlertState::kAcknowledged), std::nullopt);
    EXPECT_EQ(WhyNot(AlertAction::kEscalate, AlertState::kAcknowledged), std::nullopt);
    EXPECT_EQ(WhyNot(AlertAction::kClose, AlertState::kOpen), std::nullopt);
    for (auto a : {AlertAction::kAcknowledge, AlertAction::kAssign, AlertAction::kEscalate, AlertAction::kClose}) {
        EXPECT_EQ(WhyNot(a, AlertState::kClosed), "this alert is closed");
    }
    EXPECT_EQ(ParseOutcome("case_opened"), Outcome::kCaseOpened);
    EXPECT_EQ(ParseOutcome("nope"), std::nullopt);
    EXPECT_EQ(ParseTier(TierName(Tier::kCounty)), Tier::kCounty);
}

}  // namespace
}  // namespace xinqiao::core::warning
