#include "store/pinyin.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace xinqiao::store {
namespace {

using Syllables = std::vector<std::string>;

TEST(Pinyin, OneSyllablePerCharacterWithoutTones) {
    EXPECT_EQ(PinyinOf("张雪蕾"), (Syllables{"zhang", "xue", "lei"}));
    EXPECT_EQ(PinyinOf("吕绿"), (Syllables{"lu", "lu"})) << "ü as u, as it is typed";
}

TEST(Pinyin, TheFirstCharacterIsReadAsASurname) {
    EXPECT_EQ(PinyinOf("曾小明"), (Syllables{"zeng", "xiao", "ming"}));
    EXPECT_EQ(PinyinOf("单田芳"), (Syllables{"shan", "tian", "fang"}));
    EXPECT_EQ(PinyinOf("解放"), (Syllables{"xie", "fang"}));
    EXPECT_EQ(PinyinOf("长孙无忌"), (Syllables{"zhang", "sun", "wu", "ji"})) << "长 before 孙";
    EXPECT_EQ(PinyinOf("曾经"), (Syllables{"zeng", "jing"}));
    EXPECT_EQ(PinyinOf("王曾"), (Syllables{"wang", "ceng"})) << "only the first character is a surname";
}

TEST(Pinyin, OtherCharactersHaveNoSyllable) {
    EXPECT_EQ(PinyinOf("李Anna"), (Syllables{"li", "", "", "", ""}));
    EXPECT_EQ(PinyinOf("阿卜杜拉·买买提").size(), 8u);
    EXPECT_EQ(PinyinOf(""), Syllables{});
    EXPECT_EQ(PinyinOf("\xff\xfe").size(), 2u) << "bad bytes are characters without a syllable";
}

TEST(Pinyin, ReadsTheSameOnEveryThread) {
    Syllables there;
    std::thread t([&] { there = PinyinOf("曾小明"); });
    t.join();
    EXPECT_EQ(there, PinyinOf("曾小明"));
}

}  // namespace
}  // namespace xinqiao::store
