// Score() on small instruments built here, one rule per test: reverse keying, unscored items,
// subscales and their flags, bands on the total and on alerts, critical items with escalation
// and declined answers, items asked only after certain answers, percentages, and every refusal.
// The published instruments' own vectors run in tests/store/instrument_vectors_test.cpp.
#include "core/screening/scoring.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::screening {
namespace {

std::vector<Option> Scale(int min, int max) {
    std::vector<Option> options;
    for (int v = min; v <= max; ++v) options.push_back({v, {std::to_string(v)}});
    return options;
}

Item Plain(int n, int min = 0, int max = 3) {
    Item item;
    item.n = n;
    item.text = {"item " + std::to_string(n)};
    item.options = Scale(min, max);
    return item;
}

Band OnTotal(int min, int max, const char* label, Level level) { return Band{min, max, std::nullopt, {label}, level}; }

// Four 0-3 items, the total banded 0-4 / 5-8 / 9-12.
Instrument FourItems() {
    Instrument in;
    in.id = "four";
    in.item_min = 0;
    in.item_max = 3;
    for (int n = 1; n <= 4; ++n) in.items.push_back(Plain(n));
    in.total_min = 0;
    in.total_max = 12;
    in.bands = {OnTotal(0, 4, "low", Level::kIV), OnTotal(5, 8, "middle", Level::kIII), OnTotal(9, 12, "high", Level::kII)};
    return in;
}

TEST(Scoring, TheTotalPicksItsBand) {
    const Instrument in = FourItems();
    ASSERT_TRUE(Validate(in));
    const struct {
        Answers answers;
        int total;
        const char* band;
    } kCases[] = {
        {{0, 0, 0, 0}, 0, "low"},    {{1, 1, 1, 1}, 4, "low"},     {{2, 1, 1, 1}, 5, "middle"},
        {{2, 2, 2, 2}, 8, "middle"}, {{3, 2, 2, 2}, 9, "high"},    {{3, 3, 3, 3}, 12, "high"},
    };
    for (const auto& c : kCases) {
        const auto r = Score(in, c.answers);
        ASSERT_TRUE(r) << r.error().message;
        EXPECT_EQ(r->total, c.total);
        ASSERT_NE(r->band, nullptr) << c.total;
        EXPECT_EQ(r->band->label.en, c.band) << c.total;
        EXPECT_TRUE(r->alerts.empty());
        EXPECT_FALSE(r->percentage);
    }
}

TEST(Scoring, AReversedItemCountsFromTheOtherEnd) {
    Instrument in = FourItems();
    in.items[1].reverse = true;
    const auto r = Score(in, {0, 0, 0, 0});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->total, 3) << "item 2 answered 0 on a 0-3 scale scores 3";
    EXPECT_EQ(Score(in, {0, 3, 0, 0})->total, 0);
}

TEST(Scoring, AnUnscoredItemIsAnsweredButNotCounted) {
    Instrument in = FourItems();
    in.items[3].scored = false;
    const auto r = Score(in, {1, 1, 1, 3});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->total, 3);
    // It may also be left blank, unlike a scored item.
    EXPECT_TRUE(Score(in, {1, 1, 1, std::nullopt}));
}

TEST(Scoring, SubscalesSumTheirItemsAfterReversalAndRaiseTheirFlags) {
    Instrument in = FourItems();
    in.items[2].reverse = true;
    in.subscales = {{"a", {1, 2}}, {"b", {3, 4}}};
    in.subscale_flags["a"] = {SubscaleFlag{{Op::kGreaterOrEqual, 5}, {"a is high"}},
                              SubscaleFlag{{Op::kGreaterOrEqual, 3}, {"a is raised"}}};
    const auto r = Score(in, {3, 2, 0, 1});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->subscales.at("a"), 5);
    EXPECT_EQ(r->subscales.at("b"), 4) << "item 3 answered 0, reversed, scores 3";
    // The first flag that holds wins.
    EXPECT_EQ(r->subscale_flags.at("a"), "a is high");
    EXPECT_FALSE(r->subscale_flags.contains("b"));
    EXPECT_EQ(Score(in, {2, 1, 3, 0})->subscale_flags.at("a"), "a is raised");
    EXPECT_TRUE(Score(in, {1, 1, 3, 0})->subscale_flags.empty());
}

// Item 4 is critical: 1 or more raises a level II alert, 3 a level I alert, declining it counts.
Instrument WithCriticalItem() {
    Instrument in = FourItems();
    Critical critical;
    critical.when = {Op::kGreaterOrEqual, 1, Level::kII};
    critical.escalate = {{Op::kEqual, 3, Level::kI}};
    critical.missing_is_positive = true;
    critical.reason = "thoughts of self-harm";
    in.items[3].critical = critical;
    return in;
}

TEST(Scoring, ACriticalAnswerAlertsWhateverTheTotalAndEscalates) {
    const Instrument in = WithCriticalItem();
    ASSERT_TRUE(Validate(in));
    EXPECT_TRUE(Score(in, {0, 0, 0, 0})->alerts.empty());

    const auto low = Score(in, {0, 0, 0, 1});
    ASSERT_TRUE(low);
    EXPECT_EQ(low->band->label.en, "low") << "the band still follows the total";
    ASSERT_EQ(low->alerts.size(), 1u);
    EXPECT_EQ(low->alerts[0].item, 4);
    EXPECT_EQ(low->alerts[0].value, 1);
    EXPECT_EQ(low->alerts[0].level, Level::kII);

    const auto strong = Score(in, {0, 0, 0, 3});
    ASSERT_TRUE(strong);
    ASSERT_EQ(strong->alerts.size(), 1u);
    EXPECT_EQ(strong->alerts[0].level, Level::kI);
}

TEST(Scoring, DecliningACriticalItemIsAPositiveAnswer) {
    const Instrument in = WithCriticalItem();
    const auto r = Score(in, {1, 1, 1, std::nullopt});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->total, 3);
    ASSERT_EQ(r->alerts.size(), 1u);
    EXPECT_EQ(r->alerts[0].value, std::nullopt);
    EXPECT_EQ(r->alerts[0].level, Level::kII);
}

// Bands on the highest alert (ASQ's way): items 1-2 critical at level II, item 3 (asked only
// after a yes, or a refusal, on 1 or 2) escalates to level I.
Instrument AlertBanded() {
    Instrument in;
    in.id = "yesno";
    in.item_min = 0;
    in.item_max = 1;
    for (int n = 1; n <= 3; ++n) {
        Item item = Plain(n, 0, 1);
        Critical c;
        c.when = {Op::kEqual, 1, n == 3 ? Level::kI : Level::kII};
        c.missing_is_positive = true;
        item.critical = c;
        in.items.push_back(item);
    }
    in.items[2].ask_if = AskIf{{1, 2}, Op::kEqual, 1, true};
    in.total_min = 0;
    in.total_max = 3;
    in.band_on = BandOn::kAlerts;
    in.bands = {Band{0, 0, std::nullopt, {"negative"}, Level::kIV}, Band{0, 0, Level::kII, {"positive"}, Level::kII},
                Band{0, 0, Level::kI, {"acute"}, Level::kI}};
    return in;
}

TEST(Scoring, BandsOnAlertsFollowTheHighestAlert) {
    const Instrument in = AlertBanded();
    ASSERT_TRUE(Validate(in)) << Validate(in).error().message;
    EXPECT_EQ(Score(in, {0, 0, std::nullopt})->band->label.en, "negative");
    EXPECT_EQ(Score(in, {1, 0, 0})->band->label.en, "positive");
    EXPECT_EQ(Score(in, {1, 0, 1})->band->label.en, "acute");
    // A refusal on item 1 asks item 3 (missing_counts) and is itself a positive answer.
    const auto declined = Score(in, {std::nullopt, 0, 0});
    ASSERT_TRUE(declined) << declined.error().message;
    EXPECT_EQ(declined->band->label.en, "positive");
}

TEST(Scoring, AnItemIsAskedOnlyAfterTheAnswersItDependsOn) {
    const Instrument in = AlertBanded();
    const Item& third = in.items[2];
    EXPECT_FALSE(IsAsked(third, {0, 0, std::nullopt}));
    EXPECT_TRUE(IsAsked(third, {0, 1, std::nullopt}));
    EXPECT_TRUE(IsAsked(third, {std::nullopt, 0, std::nullopt}));
    EXPECT_TRUE(IsAsked(in.items[0], {0, 0, std::nullopt})) << "an item without ask_if is always asked";

    const auto answered_unasked = Score(in, {0, 0, 1});
    ASSERT_FALSE(answered_unasked);
    EXPECT_EQ(answered_unasked.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(answered_unasked.error().field, "answers/3");
}

TEST(Scoring, APercentageIsTheTotalTimesItsFactor) {
    Instrument in = FourItems();
    in.percentage_factor = 4;
    const auto r = Score(in, {3, 2, 1, 0});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->percentage, 24);
}

TEST(Scoring, AnswersThatDoNotFitAreRefusedWithTheirField) {
    const Instrument in = FourItems();
    const struct {
        Answers answers;
        const char* field;
    } kCases[] = {
        {{0, 0, 0}, "answers"},                  // too few
        {{0, 0, 0, 0, 0}, "answers"},            // too many
        {{0, 4, 0, 0}, "answers/2"},             // not an option
        {{0, 0, -1, 0}, "answers/3"},            // not an option
        {{0, 0, 0, std::nullopt}, "answers/4"},  // a scored item left blank
    };
    for (const auto& c : kCases) {
        const auto r = Score(in, c.answers);
        ASSERT_FALSE(r) << c.field;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << c.field;
        EXPECT_EQ(r.error().field, c.field);
    }
}

TEST(Scoring, RefusalsNeverRepeatTheAnswer) {
    // Answers are T3: a message may name the item, never the value given.
    const auto r = Score(FourItems(), {0, 0, 0, 97});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message.find("97"), std::string::npos) << r.error().message;
}

TEST(Scoring, ItemOptionsAreTheItemsOwn) {
    Instrument in = FourItems();
    in.items[0].options = {{0, {"no"}}, {2, {"yes"}}};
    EXPECT_TRUE(IsOption(in.items[0], 2));
    EXPECT_FALSE(IsOption(in.items[0], 1));
    EXPECT_EQ(Score(in, {1, 0, 0, 0}).error().field, "answers/1");
    EXPECT_EQ(Score(in, {2, 0, 0, 0})->total, 2);
}

}  // namespace
}  // namespace xinqiao::core::screening
