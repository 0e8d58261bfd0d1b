#include "core/screening/risk.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::screening {
namespace {

using people::SpecialSituation;

// A made-up two-item instrument: answers 0..3, total 0..6 in three bands, item 2 critical
// (>= 1: II, >= 3: I).
Instrument Toy() {
    Instrument in;
    in.id = "toy";
    in.short_name = "TOY";
    in.item_min = 0;
    in.item_max = 3;
    in.total_min = 0;
    in.total_max = 6;
    for (int n : {1, 2}) {
        Item item;
        item.n = n;
        item.text.en = "item";
        for (int v = 0; v <= 3; ++v) item.options.push_back({v, {"v", std::nullopt}});
        in.items.push_back(item);
    }
    in.items[1].critical = Critical{{Op::kGreaterOrEqual, 1, Level::kII}, {{Op::kGreaterOrEqual, 3, Level::kI}}, false, "r"};
    in.bands = {{0, 2, std::nullopt, {"low", "低"}, Level::kIV},
                {3, 4, std::nullopt, {"middle", "中"}, Level::kIII},
                {5, 6, std::nullopt, {"high", "高"}, Level::kII}};
    return in;
}

class RiskTest : public ::testing::Test {
protected:
    RiskAssessment Run(std::vector<std::optional<int>> answers, const StudentHistory& h = {}) {
        auto score = Score(toy_, answers);
        EXPECT_TRUE(score) << score.error().message;
        return Assess(rules_, {{&toy_, *score}}, h);
    }

    Instrument toy_ = Toy();
    RiskRules rules_;
};

TEST_F(RiskTest, BandsGiveTheirLevelAtEveryEdge) {
    EXPECT_EQ(Run({2, 0}).level, Level::kIV);
    EXPECT_TRUE(Run({2, 0}).reasons.empty()) << "level IV needs no reason";
    EXPECT_EQ(Run({3, 0}).level, Level::kIII);
    EXPECT_EQ(Run({3, 1}).level, Level::kII) << "total 4 is the middle band, but item 2 is an alert";
    EXPECT_EQ(Run({4 - 1, 0}).reasons[0].zh, "TOY 中（3分）");
    const auto high = Run({3, 2});
    EXPECT_EQ(high.level, Level::kII);
    EXPECT_EQ(high.reasons[0].zh, "TOY 高（5分）");
}

TEST_F(RiskTest, APositiveCriticalItemRaisesAtLeastLevelTwoWhateverTheTotal) {
    const auto a = Run({0, 1});
    EXPECT_EQ(a.level, Level::kII);
    EXPECT_EQ(a.reasons[0].zh, "TOY 第2题 阳性");
    EXPECT_EQ(Run({0, 3}).level, Level::kI) << "the stronger answer escalates to level I";
}

TEST_F(RiskTest, ARegionMayMakeACriticalItemStricterButNeverLooser) {
    rules_.critical_levels["toy"][2] = Level::kI;
    ASSERT_TRUE(Validate(rules_));
    EXPECT_EQ(Run({0, 1}).level, Level::kI);
    rules_.critical_levels["toy"][2] = Level::kIII;
    const auto refused = Validate(rules_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "/critical_levels/toy/2");
    // Even unvalidated, a critical alert never drops below II.
    EXPECT_EQ(Run({0, 1}).level, Level::kII);
}

TEST_F(RiskTest, ARegionMayRelevelABand) {
    rules_.band_levels["toy"]["middle"] = Level::kIV;
    EXPECT_EQ(Run({3, 0}).level, Level::kIV);
    rules_.band_levels["toy"]["low"] = Level::kIII;
    EXPECT_EQ(Run({0, 0}).level, Level::kIII);
}

TEST_F(RiskTest, SpecialSituationsRaiseAConcernButDoNotCreateOne) {
    rules_.special_situations.push_back({people::SpecialSituations(static_cast<std::uint32_t>(SpecialSituation::kBullied)),
                                         Level::kIII, Level::kII});
    StudentHistory bullied;
    bullied.special_situations.Set(SpecialSituation::kBullied);
    const auto raised = Run({3, 0}, bullied);
    EXPECT_EQ(raised.level, Level::kII);
    EXPECT_EQ(raised.reasons[0].zh, "特殊群体：遭受欺凌");
    EXPECT_EQ(Run({0, 0}, bullied).level, Level::kIV);
    for (const auto& r : Run({3, 2}, bullied).reasons) {
        EXPECT_EQ(r.zh.find("特殊群体"), std::string::npos) << "already at II: nothing to add";
    }
    StudentHistory left_behind;
    left_behind.special_situations.Set(SpecialSituation::kLeftBehind);
    EXPECT_EQ(Run({3, 0}, left_behind).level, Level::kIII) << "only the situations the rule names";
}

TEST_F(RiskTest, ARecentLevelOneKeepsAStudentInView) {
    rules_.history.push_back({Level::kI, 365, Level::kIII});
    StudentHistory h;
    h.previous_level = Level::kI;
    h.days_since_previous = 365;
    const auto kept = Run({0, 0}, h);
    EXPECT_EQ(kept.level, Level::kIII);
    EXPECT_EQ(kept.reasons[0].zh, "365天内曾为一级（红）");
    h.days_since_previous = 366;
    EXPECT_EQ(Run({0, 0}, h).level, Level::kIV);
    h.days_since_previous = 10;
    h.previous_level = Level::kII;
    EXPECT_EQ(Run({0, 0}, h).level, Level::kIV) << "a previous II is not a previous I";
}

TEST_F(RiskTest, RepeatedRecentObservationsRaiseTheLevel) {
    rules_.observations.push_back({2, 30, Level::kIII});
    StudentHistory h;
    h.observation_ages_days = {3, 45};
    EXPECT_EQ(Run({0, 0}, h).level, Level::kIV) << "one recent, one old";
    h.observation_ages_days = {3, 30};
    const auto raised = Run({0, 0}, h);
    EXPECT_EQ(raised.level, Level::kIII);
    EXPECT_EQ(raised.reasons[0].zh, "30天内有2条关注记录");
}

TEST_F(RiskTest, ReasonsComeMostUrgentFirst) {
    rules_.observations.push_back({1, 30, Level::kIII});
    StudentHistory h;
    h.observation_ages_days = {1};
    const auto a = Run({3, 3}, h);  // total 6 (II), item 2 = 3 (I); observations add nothing above I
    ASSERT_GE(a.reasons.size(), 2u);
    EXPECT_EQ(a.level, Level::kI);
    EXPECT_EQ(a.reasons[0].level, Level::kI);
    EXPECT_EQ(a.reasons[1].level, Level::kII);
}

}  // namespace
}  // namespace xinqiao::core::screening
