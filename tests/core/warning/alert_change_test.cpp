// The changes to an alert as core applies them: what each sets and which timeline step it names.
#include <gtest/gtest.h>

#include "core/warning/alert.hpp"

namespace xinqiao::core::warning {
namespace {

using auth::Role;

constexpr std::int64_t kNow = 1'700'000'000'000;
constexpr std::int64_t kHour = 60LL * 60 * 1000;
// City 1, county 5, school 23, grade 30, class 40.
const Place kPlace = PlaceOf("/1/5/23/30/40/", 23, 5);

Alert Raised(Level level) {
    Alert a;
    a.id = 7;
    a.alert = Raise(99, "/1/5/23/30/40/", kPlace, level, {{level, "抑郁量表总分偏高", "high PHQ-9 total"}},
                    DefaultResponseTimes(), kNow);
    if (a.alert.tier != Tier::kCity) a.escalate_ms = a.alert.due_ms;
    return a;
}

TEST(AlertChanges, ARaisedAlertStartsWhereItsLevelCallsForAndIsDueByTheTimes) {
    const Alert a = Raised(Level::kI);
    EXPECT_EQ(a.alert.student_id, 99);
    EXPECT_EQ(a.alert.tier, Tier::kCounty);
    EXPECT_EQ(a.alert.owners, StartOwners(Level::kI, kPlace));
    EXPECT_EQ(a.alert.due_ms, kNow + kHour);
    EXPECT_EQ(a.alert.created_ms, kNow);
}

TEST(AlertChanges, EveryStepHasTheNameTheTimelineStores) {
    EXPECT_EQ(AlertStepName(AlertStep::kRaised), "raised");
    EXPECT_EQ(AlertStepName(AlertStep::kJoined), "joined");
    EXPECT_EQ(AlertStepName(AlertStep::kRaisedLevel), "raised_level");
    EXPECT_EQ(AlertStepName(AlertStep::kAcknowledged), "acknowledged");
    EXPECT_EQ(AlertStepName(AlertStep::kAssigned), "assigned");
    EXPECT_EQ(AlertStepName(AlertStep::kEscalated), "escalated");
    EXPECT_EQ(AlertStepName(AlertStep::kUnacknowledgedAtTop), "unacknowledged_at_top");
    EXPECT_EQ(AlertStepName(AlertStep::kClosed), "closed");
    // Only raising, escalating and raising the level are announced to webhooks.
    EXPECT_EQ(WebhookEventOf(AlertStep::kRaised), "alert.raised");
    EXPECT_EQ(WebhookEventOf(AlertStep::kEscalated), "alert.escalated");
    EXPECT_EQ(WebhookEventOf(AlertStep::kRaisedLevel), "alert.level_raised");
    EXPECT_FALSE(WebhookEventOf(AlertStep::kJoined));
    EXPECT_FALSE(WebhookEventOf(AlertStep::kAcknowledged));
    EXPECT_FALSE(WebhookEventOf(AlertStep::kClosed));
}

TEST(AlertChanges, AcknowledgingStopsEscalation) {
    Alert a = Raised(Level::kIII);
    const auto change = Acknowledge(a, 11, kNow + 5);
    EXPECT_EQ(change.step, AlertStep::kAcknowledged);
    EXPECT_EQ(a.state, AlertState::kAcknowledged);
    EXPECT_EQ(a.acknowledged_by, 11);
    EXPECT_EQ(a.acknowledged_ms, kNow + 5);
    EXPECT_FALSE(a.escalate_ms);
}

TEST(AlertChanges, AssigningNamesTheAssigneeInTheDetail) {
    Alert a = Raised(Level::kIII);
    const auto change = AssignTo(a, 42);
    EXPECT_EQ(change.step, AlertStep::kAssigned);
    EXPECT_EQ(change.detail, "42");
    EXPECT_EQ(a.assignee_id, 42);
}

TEST(AlertChanges, SteppingUpMovesOneTierAddsItsOwnersAndIsDueAgain) {
    Alert a = Raised(Level::kIII);
    const auto change = StepUp(a, kPlace, DefaultResponseTimes(), kNow + 3 * kHour, /*by_person=*/false);
    ASSERT_TRUE(change);
    EXPECT_EQ(change->step, AlertStep::kEscalated);
    EXPECT_EQ(change->detail, "due");
    EXPECT_EQ(change->owners, OwnersAt(Tier::kGrade, kPlace));
    EXPECT_EQ(a.alert.tier, Tier::kGrade);
    EXPECT_EQ(a.escalations, 1);
    EXPECT_EQ(a.alert.due_ms, DueMs(DefaultResponseTimes(), Level::kIII, kNow + 3 * kHour));
    EXPECT_EQ(a.escalate_ms, a.alert.due_ms);
    // By hand, and on an acknowledged alert: no escalation time is set.
    Acknowledge(a, 11, kNow + 4 * kHour);
    const auto by_hand = StepUp(a, kPlace, DefaultResponseTimes(), kNow + 5 * kHour, /*by_person=*/true);
    ASSERT_TRUE(by_hand);
    EXPECT_EQ(by_hand->detail, "by_hand");
    EXPECT_EQ(a.alert.tier, Tier::kSchool);
    EXPECT_FALSE(a.escalate_ms);
}

TEST(AlertChanges, AtTheTopAPersonIsToldAndTheSystemStops) {
    Alert a = Raised(Level::kI);
    ASSERT_TRUE(StepUp(a, kPlace, DefaultResponseTimes(), kNow, false));  // county → city
    EXPECT_EQ(a.alert.tier, Tier::kCity);
    const auto person = StepUp(a, kPlace, DefaultResponseTimes(), kNow, true);
    ASSERT_FALSE(person);
    EXPECT_EQ(person.error().code, ErrorCode::kFailedPrecondition);
    const auto system = StepUp(a, kPlace, DefaultResponseTimes(), kNow, false);
    ASSERT_TRUE(system);
    EXPECT_EQ(system->step, AlertStep::kUnacknowledgedAtTop);
    EXPECT_TRUE(system->owners.empty());
    EXPECT_FALSE(a.escalate_ms);
    EXPECT_EQ(a.escalations, 1);
}

TEST(AlertChanges, ALessUrgentSignalJoinsWithoutChangingTheLevel) {
    Alert a = Raised(Level::kII);
    Acknowledge(a, 11, kNow);
    EXPECT_FALSE(RaisesLevel(a, Level::kIII));
    const auto change = Join(a, Level::kIII, {{Level::kIII, "同学反映情绪低落", "a classmate saw low mood"}}, kPlace,
                             DefaultResponseTimes(), kNow + 1, "peer");
    EXPECT_EQ(change.step, AlertStep::kJoined);
    EXPECT_EQ(change.detail, "peer");
    EXPECT_TRUE(change.owners.empty());
    EXPECT_EQ(a.alert.level, Level::kII);
    EXPECT_EQ(a.state, AlertState::kAcknowledged);
    EXPECT_EQ(a.alert.reasons.size(), 2u);
}

TEST(AlertChanges, AMoreUrgentSignalRaisesTheLevelAndMustBeAcknowledgedAgain) {
    Alert a = Raised(Level::kIII);
    Acknowledge(a, 11, kNow);
    ASSERT_TRUE(RaisesLevel(a, Level::kI));
    const auto change = Join(a, Level::kI, {{Level::kI, "有即时危险", "in danger now"}}, kPlace, DefaultResponseTimes(),
                             kNow + 10, "teacher");
    EXPECT_EQ(change.step, AlertStep::kRaisedLevel);
    EXPECT_EQ(change.owners, StartOwners(Level::kI, kPlace));
    EXPECT_EQ(a.alert.level, Level::kI);
    EXPECT_EQ(a.alert.tier, Tier::kCounty);
    EXPECT_EQ(a.state, AlertState::kOpen);
    EXPECT_EQ(a.alert.due_ms, kNow + 10 + kHour);
    EXPECT_EQ(a.escalate_ms, a.alert.due_ms);
}

TEST(AlertChanges, ClosingAnswersAnUnacknowledgedAlertToo) {
    Alert a = Raised(Level::kIII);
    const auto change = Close(a, Outcome::kFalseAlarm, 11, kNow + 7);
    EXPECT_EQ(change.step, AlertStep::kClosed);
    EXPECT_EQ(change.detail, "false_alarm");
    EXPECT_EQ(a.state, AlertState::kClosed);
    EXPECT_EQ(a.acknowledged_by, 11);
    EXPECT_EQ(a.closed_ms, kNow + 7);
    EXPECT_FALSE(a.escalate_ms);
    // An alert someone had acknowledged keeps who did.
    Alert b = Raised(Level::kIII);
    Acknowledge(b, 12, kNow);
    Close(b, Outcome::kResolved, 11, kNow + 7);
    EXPECT_EQ(b.acknowledged_by, 12);
    EXPECT_EQ(b.outcome, Outcome::kResolved);
}

}  // namespace
}  // namespace xinqiao::core::warning
