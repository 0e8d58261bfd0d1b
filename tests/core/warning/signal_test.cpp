#include "core/warning/signal.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::warning {
namespace {

using auth::Role;
using screening::Level;

SignalReport Report(SignalSource s, std::vector<Concern> c, bool danger = false) { return {s, std::move(c), danger}; }

TEST(Signals, EveryConcernAndSourceHasAStableName) {
    for (const Concern c : AllConcerns()) EXPECT_EQ(ParseConcern(ConcernName(c)), c);
    EXPECT_EQ(AllConcerns().size(), 7u);
    EXPECT_EQ(ConcernName(Concern::kSelfHarmTalk), "self_harm_talk");
    EXPECT_EQ(ParseSignalSource("hotline"), SignalSource::kHotline);
    EXPECT_EQ(SignalSourceName(SignalSource::kSelf), "self");
    EXPECT_FALSE(ParseConcern("sad"));
    EXPECT_FALSE(ParseSignalSource("teacher "));
}

TEST(Signals, EachRoleFilesAsItsSource) {
    EXPECT_EQ(SourceOfRole(Role::kPeerObserver), SignalSource::kPeer);
    EXPECT_EQ(SourceOfRole(Role::kClassTeacher), SignalSource::kTeacher);
    EXPECT_EQ(SourceOfRole(Role::kPsychologyTeacher), SignalSource::kTeacher);
    EXPECT_EQ(SourceOfRole(Role::kGuardian), SignalSource::kGuardian);
    EXPECT_EQ(SourceOfRole(Role::kHotlineOperator), SignalSource::kHotline);
    EXPECT_EQ(SourceOfRole(Role::kHospitalPartner), SignalSource::kHospital);
    EXPECT_EQ(SourceOfRole(Role::kStudent), SignalSource::kSelf);
    EXPECT_FALSE(SourceOfRole(Role::kAdmin));
    EXPECT_FALSE(SourceOfRole(Role::kAuditor));
}

TEST(Signals, AReportNamesSomethingAndEachThingOnce) {
    EXPECT_TRUE(ValidateReport(Report(SignalSource::kPeer, {Concern::kMood})));
    const auto none = ValidateReport(Report(SignalSource::kPeer, {}, true));
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().field, "/concerns");
    const auto twice = ValidateReport(Report(SignalSource::kPeer, {Concern::kMood, Concern::kBullying, Concern::kMood}));
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().field, "/concerns/2");
    EXPECT_NE(twice.error().message.find("mood"), std::string::npos);
}

TEST(Signals, TheLevelFollowsWhatWasSeen) {
    // Anything but self-harm is III.
    for (const Concern c : AllConcerns()) {
        const auto a = AssessSignal(Report(SignalSource::kPeer, {c}));
        EXPECT_EQ(a.level, c == Concern::kSelfHarmTalk ? Level::kII : Level::kIII) << ConcernName(c);
        ASSERT_EQ(a.reasons.size(), 1u);
        EXPECT_EQ(a.reasons[0].level, a.level);
    }
    // Danger now is I, whatever else was seen.
    EXPECT_EQ(AssessSignal(Report(SignalSource::kHotline, {Concern::kOther}, true)).level, Level::kI);
    EXPECT_EQ(AssessSignal(Report(SignalSource::kSelf, {Concern::kMood, Concern::kSelfHarmTalk}, true)).level, Level::kI);
}

TEST(Signals, ReasonsSayWhoSawWhatMostUrgentFirst) {
    const auto a = AssessSignal(Report(SignalSource::kPeer, {Concern::kMood, Concern::kSelfHarmTalk}, true));
    ASSERT_EQ(a.reasons.size(), 3u);
    EXPECT_EQ(a.reasons[0].zh, "同伴观察：可能有即时危险");
    EXPECT_EQ(a.reasons[0].level, Level::kI);
    EXPECT_EQ(a.reasons[1].zh, "同伴观察：自伤或轻生言行");
    EXPECT_EQ(a.reasons[1].en, "Peer observation: talk or signs of self-harm");
    EXPECT_EQ(a.reasons[1].level, Level::kII);
    EXPECT_EQ(a.reasons[2].zh, "同伴观察：情绪低落");
    EXPECT_EQ(AssessSignal(Report(SignalSource::kGuardian, {Concern::kSleepAppetite})).reasons[0].zh,
              "家长反映：睡眠或饮食异常");
}

TEST(Signals, JoiningKeepsEveryReasonOnceMostUrgentFirst) {
    const std::vector<screening::Reason> screening = {{Level::kIII, "GAD-7 中度", "GAD-7 moderate"}};
    const auto peer = AssessSignal(Report(SignalSource::kPeer, {Concern::kMood, Concern::kSelfHarmTalk})).reasons;
    auto merged = MergeReasons(screening, peer);
    ASSERT_EQ(merged.size(), 3u);
    EXPECT_EQ(merged[0].zh, "同伴观察：自伤或轻生言行");
    EXPECT_EQ(merged[1].zh, "GAD-7 中度");  // stable among equals: what was there first stays first
    EXPECT_EQ(merged[2].zh, "同伴观察：情绪低落");
    // The same observation again adds nothing.
    EXPECT_EQ(MergeReasons(merged, peer).size(), 3u);
}

}  // namespace
}  // namespace xinqiao::core::warning
