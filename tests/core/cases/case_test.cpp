#include "core/cases/case.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::cases {
namespace {

using K = RecordKind;

TEST(CaseSteps, TheSixStepsInTheirOrder) {
    const std::vector<std::string_view> names = {"assessment",  "pairing",     "intervention",
                                                 "peer_follow", "home_school", "referral"};
    ASSERT_EQ(AllSteps().size(), names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(CaseStepName(AllSteps()[i]), names[i]);
        EXPECT_EQ(ParseCaseStep(names[i]), AllSteps()[i]);
        if (i + 1 < names.size()) {
            EXPECT_EQ(NextStep(AllSteps()[i]), AllSteps()[i + 1]);
        }
    }
    EXPECT_FALSE(NextStep(CaseStep::kReferral));
    EXPECT_FALSE(ParseCaseStep("triage"));
    EXPECT_EQ(ParseRecordKind("closing_assessment"), K::kClosingAssessment);
    EXPECT_FALSE(ParseRecordKind("gossip"));
}

TEST(CaseSteps, EachStepNeedsItsRecordsBeforeTheCaseMovesOn) {
    EXPECT_EQ(Missing(CaseStep::kAssessment, {}), (std::vector<K>{K::kAssessment}));
    EXPECT_TRUE(Missing(CaseStep::kAssessment, {K::kNote, K::kAssessment}).empty());
    // Intervention needs a plan and at least one session.
    EXPECT_EQ(Missing(CaseStep::kIntervention, {K::kPlan}), (std::vector<K>{K::kSession}));
    EXPECT_EQ(Missing(CaseStep::kIntervention, {K::kConference}), (std::vector<K>{K::kPlan, K::kSession}));
    EXPECT_TRUE(Missing(CaseStep::kIntervention, {K::kSession, K::kPlan, K::kSession}).empty());
    const auto why = WhyNotAdvance(CaseState::kOpen, CaseStep::kIntervention, {K::kSession});
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("session"), std::string::npos);
    EXPECT_FALSE(WhyNotAdvance(CaseState::kOpen, CaseStep::kHomeSchool, {}));
    EXPECT_TRUE(WhyNotAdvance(CaseState::kOpen, CaseStep::kReferral, {}));  // the last step: close instead
    EXPECT_TRUE(WhyNotAdvance(CaseState::kClosed, CaseStep::kPairing, {}));
}

TEST(CaseSteps, RecordsBelongToTheirStepOrAnyStep) {
    EXPECT_EQ(StepOf(K::kSession), CaseStep::kIntervention);
    EXPECT_EQ(StepOf(K::kHomeContact), CaseStep::kHomeSchool);
    EXPECT_FALSE(StepOf(K::kConference));
    EXPECT_FALSE(StepOf(K::kClosingAssessment));
    // Not ahead of the case; on the step and after it, yes; conferences and notes always.
    EXPECT_TRUE(WhyNotRecord(CaseState::kOpen, CaseStep::kPairing, K::kPlan, ""));
    EXPECT_FALSE(WhyNotRecord(CaseState::kOpen, CaseStep::kIntervention, K::kPlan, ""));
    EXPECT_FALSE(WhyNotRecord(CaseState::kOpen, CaseStep::kReferral, K::kSession, ""));
    EXPECT_FALSE(WhyNotRecord(CaseState::kOpen, CaseStep::kAssessment, K::kConference, ""));
    EXPECT_FALSE(WhyNotRecord(CaseState::kOpen, CaseStep::kAssessment, K::kClosingAssessment, ""));
    // Nothing is added to a closed case.
    EXPECT_TRUE(WhyNotRecord(CaseState::kClosed, CaseStep::kReferral, K::kNote, ""));
}

TEST(CaseSteps, HomeContactsAndReferralsSayWhatKindTheyAre) {
    EXPECT_FALSE(WhyNotRecord(CaseState::kOpen, CaseStep::kHomeSchool, K::kHomeContact, "visit"));
    const auto none = WhyNotRecord(CaseState::kOpen, CaseStep::kHomeSchool, K::kHomeContact, "");
    ASSERT_TRUE(none);
    EXPECT_NE(none->find("call, visit, meeting, guidance"), std::string::npos);
    EXPECT_TRUE(WhyNotRecord(CaseState::kOpen, CaseStep::kReferral, K::kReferral, "clinic"));
    EXPECT_FALSE(WhyNotRecord(CaseState::kOpen, CaseStep::kReferral, K::kReferral, "not_needed"));
    EXPECT_TRUE(WhyNotRecord(CaseState::kOpen, CaseStep::kIntervention, K::kSession, "visit"));  // no subtypes
}

TEST(CaseSteps, ConferencesAndHospitalReferralsAreNotWrittenByHand) {
    EXPECT_TRUE(WhyNotByHand(K::kConference, ""));
    EXPECT_TRUE(WhyNotByHand(K::kReferral, "hospital"));
    EXPECT_FALSE(WhyNotByHand(K::kReferral, "outside"));
    EXPECT_FALSE(WhyNotByHand(K::kNote, ""));
}

TEST(CaseSteps, ACaseClosesWithAClosingAssessmentAndNoOpenFollowUpsAndReopens) {
    EXPECT_TRUE(WhyNotClose(CaseState::kOpen, false, 0, false));
    const auto follow = WhyNotClose(CaseState::kOpen, true, 2, false);
    ASSERT_TRUE(follow);
    EXPECT_NE(follow->find("2 open follow-ups"), std::string::npos);
    EXPECT_FALSE(WhyNotClose(CaseState::kOpen, true, 0, false));
    const auto referral = WhyNotClose(CaseState::kOpen, true, 0, true);
    ASSERT_TRUE(referral);
    EXPECT_NE(referral->find("referral"), std::string::npos);
    EXPECT_TRUE(WhyNotClose(CaseState::kClosed, true, 0, false));
    EXPECT_FALSE(WhyNotReopen(CaseState::kClosed));
    EXPECT_TRUE(WhyNotReopen(CaseState::kOpen));
}

}  // namespace
}  // namespace xinqiao::core::cases
