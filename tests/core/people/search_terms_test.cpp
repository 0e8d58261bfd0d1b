#include "core/people/search_terms.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::people {
namespace {

using Terms = std::vector<std::string>;

TEST(SearchKey, FoldsWhatAPhoneKeyboardTypes) {
    EXPECT_EQ(*SearchKey("  ZXL "), "zxl");
    EXPECT_EQ(*SearchKey("zhang　xue"), "zhangxue") << "the full-width space too";
    EXPECT_EQ(*SearchKey("Ｓ２００１"), "s2001");
    EXPECT_EQ(*SearchKey("阿卜杜拉·买买提"), "阿卜杜拉买买提") << "the name dot is not typed";
    EXPECT_EQ(*SearchKey(""), "");
    EXPECT_EQ(*SearchKey("   "), "");
}

TEST(SearchKey, RefusesWhatNoNameHoldsWithoutRepeatingIt) {
    for (const std::string& bad : {std::string("\xff\xfe"), std::string("a\tb"), std::string(33, 'a')}) {
        const auto key = SearchKey(bad);
        ASSERT_FALSE(key) << bad;
        EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(key.error().field, "q");
        EXPECT_EQ(key.error().message.find(bad), std::string::npos);
    }
    EXPECT_TRUE(SearchKey(std::string(32, 'a'))) << "32 characters is the most";
    EXPECT_TRUE(SearchKey("张雪蕾张雪蕾张雪蕾张雪蕾张雪蕾张雪蕾张雪蕾张雪蕾张雪蕾张雪蕾张雪")) << "characters, not bytes";
}

TEST(SearchTerms, EveryEndingOfTheNameTheInitialsThePinyinAndTheNumber) {
    EXPECT_EQ(SearchTerms("张雪蕾", {"zhang", "xue", "lei"}, "S1001"),
              (Terms{"s1001", "zhangxuelei", "zxl", "张雪蕾", "蕾", "雪蕾"}));
}

TEST(SearchTerms, LatinLettersInANameAreOneWord) {
    EXPECT_EQ(SearchTerms("李Anna", {"li", "", "", "", ""}, ""),
              (Terms{"a", "anna", "la", "lianna", "na", "nna", "李anna"}));
}

TEST(SearchTerms, ANameWithoutHanHasNoPinyinTerms) {
    EXPECT_EQ(SearchTerms("Ann", {"", "", ""}, "7"), (Terms{"7", "ann", "n", "nn"}));
}

TEST(SearchTerms, NoTermRepeatsAndBadTextGivesNone) {
    EXPECT_EQ(SearchTerms("娜娜", {"na", "na"}, "nn"), (Terms{"nana", "nn", "娜", "娜娜"}));
    EXPECT_EQ(SearchTerms("\xff", {}, "\xfe"), Terms{});
}

TEST(SearchUpperBound, BoundsExactlyTheTermsWithThePrefix) {
    const std::string bound = SearchUpperBound("张雪");
    for (const std::string& inside : std::vector<std::string>{"张雪", "张雪蕾", "张雪z", "张雪\xF4\x8F\xBF\xBE"}) EXPECT_LT(inside, bound) << inside;
    for (const std::string& outside : std::vector<std::string>{"张雫", "张雪\xF4\x8F\xBF\xBF", "zx"}) {
        EXPECT_FALSE(outside >= std::string("张雪") && outside < bound) << outside;
    }
}

}  // namespace
}  // namespace xinqiao::core::people
