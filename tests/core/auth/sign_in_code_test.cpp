#include "core/auth/sign_in_code.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace xinqiao::core::auth {
namespace {

// Deterministic bytes, so the test can look at the whole distribution.
class SeededRandom final : public ports::RandomSource {
public:
    std::string HexToken(int bytes) override {
        static constexpr char kHex[] = "0123456789abcdef";
        std::string out;
        for (int i = 0; i < bytes; ++i) {
            const unsigned b = dist_(gen_);
            out += kHex[b >> 4];
            out += kHex[b & 15];
        }
        return out;
    }

private:
    std::mt19937 gen_{42};
    std::uniform_int_distribution<unsigned> dist_{0, 255};
};

TEST(AccessCode, HasTheLengthGroupsAndNoLookAlikes) {
    SeededRandom random;
    for (int i = 0; i < 200; ++i) {
        const std::string code = NewAccessCode(random, kInvitationCodeLength);
        ASSERT_EQ(code.size(), 14u);
        EXPECT_EQ(code[4], '-');
        EXPECT_EQ(code[9], '-');
        for (char c : code) {
            EXPECT_EQ(std::string("01OIL").find(c), std::string::npos) << code;
        }
        EXPECT_EQ(NormalizeAccessCode(code, kInvitationCodeLength).value().size(), 12u);
    }
}

TEST(AccessCode, EveryCharacterIsAboutEquallyLikely) {
    SeededRandom random;
    std::map<char, int> counts;
    const int codes = 31 * 400;
    for (int i = 0; i < codes; ++i) {
        const std::string canonical = NormalizeAccessCode(NewAccessCode(random, 8), 8).value();
        for (char c : canonical) ++counts[c];
    }
    ASSERT_EQ(counts.size(), 31u);
    for (const auto& [c, n] : counts) {
        // Expected 3200 each; a modulo bias would push the first eight characters ~9% (about 290) higher.
        EXPECT_NEAR(n, 3200, 250) << c;
    }
}

TEST(AccessCode, TypingIsForgivingButNotLoose) {
    EXPECT_EQ(NormalizeAccessCode("k7qm-3xhd", 8), "K7QM3XHD");
    EXPECT_EQ(NormalizeAccessCode(" K7QM 3XHD ", 8), "K7QM3XHD");
    EXPECT_FALSE(NormalizeAccessCode("K7QM-3XH", 8));       // too short
    EXPECT_FALSE(NormalizeAccessCode("K7QM-3XHDD", 8));     // too long
    EXPECT_FALSE(NormalizeAccessCode("K7QM-3XH0", 8));      // 0 is never in a code
    EXPECT_FALSE(NormalizeAccessCode("K7QM-3XH\xE4", 8));   // not ASCII
    EXPECT_FALSE(NormalizeAccessCode(std::string(100, 'A'), 8));
}

}  // namespace
}  // namespace xinqiao::core::auth
