#include "core/common/text.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_TRUE(IsValidUtf8("plain"));
    EXPECT_TRUE(IsValidUtf8("青溪市第一小学"));
    EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
}

TEST(Utf8, RejectsMalformedText) {
    const struct {
        const char* name;
        std::string bytes;
    } kCases[] = {
        {"lone continuation", "\x80"},
        {"truncated 3-byte", "\xE9\x9D"},
        {"overlong slash", "\xC0\xAF"},
        {"surrogate", "\xED\xA0\x80"},
        {"above U+10FFFF", "\xF4\x90\x80\x80"},
        {"invalid lead", "\xFF"},
    };
    for (const auto& c : kCases) EXPECT_FALSE(IsValidUtf8(c.bytes)) << c.name;
}

TEST(Utf8, CountsCodePoints) {
    EXPECT_EQ(CodePointCount("abc"), 3u);
    EXPECT_EQ(CodePointCount("心桥"), 2u);
}

TEST(Text, FindsControlCharacters) {
    EXPECT_TRUE(HasControlCharacter("a\nb"));
    EXPECT_TRUE(HasControlCharacter("a\x7F"));
    EXPECT_TRUE(HasControlCharacter("a\xC2\x85"));  // NEL, a C1 control
    EXPECT_FALSE(HasControlCharacter("班级 1"));
}

TEST(Text, TrimsAsciiSpace) {
    EXPECT_EQ(TrimAscii("  a b \t"), "a b");
    EXPECT_EQ(TrimAscii(""), "");
}

TEST(Text, ParsesWholeIntegersOnly) {
    EXPECT_EQ(ParseInt64("42"), 42);
    EXPECT_EQ(ParseInt64("-7"), -7);
    EXPECT_FALSE(ParseInt64(""));
    EXPECT_FALSE(ParseInt64("4x"));
    EXPECT_FALSE(ParseInt64(" 4"));
    EXPECT_FALSE(ParseInt64("1.5"));
    EXPECT_FALSE(ParseInt64("99999999999999999999"));
}

}  // namespace
}  // namespace xinqiao::core

namespace xinqiao::core {
namespace {

TEST(Text, SplitKeepsEmptyParts) {
    using V = std::vector<std::string_view>;
    EXPECT_EQ(Split("a,b", ','), (V{"a", "b"}));
    EXPECT_EQ(Split("a,,b,", ','), (V{"a", "", "b", ""}));
    EXPECT_EQ(Split("", ','), (V{""}));
}

}  // namespace
}  // namespace xinqiao::core
