#include "core/cases/referral.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::cases {
namespace {

using A = ReferralAction;
using S = ReferralState;

TEST(Referral, GoesFromSentThroughTheHospitalToTheReturnPlan) {
    S s = S::kSent;
    for (const A a : {A::kAccept, A::kOutcome, A::kReturnAssessment, A::kReturnPlan}) {
        ASSERT_FALSE(WhyNot(s, a, ReturnVerdict::kReady)) << ReferralActionName(a);
        s = After(s, a);
    }
    EXPECT_EQ(s, S::kReturned);
    EXPECT_FALSE(IsUnderWay(s));
    // Nothing more is recorded on a finished referral.
    EXPECT_TRUE(WhyNot(S::kReturned, A::kOutcome, ReturnVerdict::kReady));
}

TEST(Referral, NoStepIsSkipped) {
    EXPECT_TRUE(WhyNot(S::kSent, A::kOutcome, std::nullopt));            // not accepted yet
    EXPECT_TRUE(WhyNot(S::kSent, A::kReturnAssessment, std::nullopt));   // not seen yet
    EXPECT_TRUE(WhyNot(S::kAccepted, A::kReturnAssessment, std::nullopt));
    EXPECT_TRUE(WhyNot(S::kSeen, A::kReturnPlan, std::nullopt));          // not assessed yet
    EXPECT_TRUE(WhyNot(S::kAccepted, A::kAccept, std::nullopt));          // answered already
    EXPECT_TRUE(WhyNot(S::kAccepted, A::kDecline, std::nullopt));
}

TEST(Referral, DeclinedEndsItAndNotYetReadyBlocksTheReturnPlan) {
    EXPECT_FALSE(WhyNot(S::kSent, A::kDecline, std::nullopt));
    EXPECT_EQ(After(S::kSent, A::kDecline), S::kDeclined);
    EXPECT_FALSE(IsUnderWay(S::kDeclined));
    EXPECT_TRUE(WhyNot(S::kDeclined, A::kAccept, std::nullopt));
    const auto why = WhyNot(S::kReturnAssessed, A::kReturnPlan, ReturnVerdict::kNotYet);
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("not yet ready"), std::string::npos);
    // A "not yet" is followed by another assessment; the outcome is fixed once the return is assessed.
    EXPECT_FALSE(WhyNot(S::kReturnAssessed, A::kReturnAssessment, ReturnVerdict::kNotYet));
    EXPECT_TRUE(WhyNot(S::kReturnAssessed, A::kOutcome, ReturnVerdict::kNotYet));
    EXPECT_FALSE(WhyNot(S::kSeen, A::kOutcome, std::nullopt));  // corrected before the return
    EXPECT_FALSE(WhyNot(S::kReturnAssessed, A::kReturnPlan, ReturnVerdict::kReadyWithSupport));
}

TEST(Referral, TheHospitalAnswersAndTheSchoolPlansTheReturn) {
    EXPECT_TRUE(IsHospitalAction(A::kAccept));
    EXPECT_TRUE(IsHospitalAction(A::kOutcome));
    EXPECT_TRUE(IsHospitalAction(A::kReturnAssessment));
    EXPECT_FALSE(IsHospitalAction(A::kReturnPlan));
}

TEST(Referral, NamesAndDiagnosisCategories) {
    for (const auto s : {S::kSent, S::kAccepted, S::kDeclined, S::kSeen, S::kReturnAssessed, S::kReturned}) {
        EXPECT_EQ(ParseReferralState(ReferralStateName(s)), s);
    }
    EXPECT_EQ(ParseReturnVerdict("ready_with_support"), ReturnVerdict::kReadyWithSupport);
    EXPECT_FALSE(ParseReturnVerdict("maybe"));
    EXPECT_TRUE(IsDiagnosisCategory("depressive"));
    EXPECT_TRUE(IsDiagnosisCategory("none"));
    EXPECT_FALSE(IsDiagnosisCategory("F32.1"));  // categories, never a coded or free-text diagnosis
}

}  // namespace
}  // namespace xinqiao::core::cases
