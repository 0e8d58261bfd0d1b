#include "store/crypto/password.hpp"

#include <argon2.h>
#include <gtest/gtest.h>

#include <set>

namespace xinqiao::store {
namespace {

// Small parameters keep the suite fast; production parameters are measured in bench/.
const Argon2Settings kFast{1024, 1, 1, 16, 32};

TEST(Argon2id, Rfc9106KnownAnswer) {
    // RFC 9106 section 5.3: Argon2id, t=3, m=32 KiB, p=4, with secret and associated data.
    std::uint8_t pwd[32], salt[16], secret[8], ad[12], out[32];
    std::fill(std::begin(pwd), std::end(pwd), 0x01);
    std::fill(std::begin(salt), std::end(salt), 0x02);
    std::fill(std::begin(secret), std::end(secret), 0x03);
    std::fill(std::begin(ad), std::end(ad), 0x04);
    argon2_context ctx{};
    ctx.out = out;
    ctx.outlen = sizeof out;
    ctx.pwd = pwd;
    ctx.pwdlen = sizeof pwd;
    ctx.salt = salt;
    ctx.saltlen = sizeof salt;
    ctx.secret = secret;
    ctx.secretlen = sizeof secret;
    ctx.ad = ad;
    ctx.adlen = sizeof ad;
    ctx.t_cost = 3;
    ctx.m_cost = 32;
    ctx.lanes = 4;
    ctx.threads = 4;
    ctx.version = ARGON2_VERSION_13;
    ASSERT_EQ(argon2id_ctx(&ctx), ARGON2_OK);
    char hex[65];
    for (int i = 0; i < 32; ++i) std::snprintf(hex + 2 * i, 3, "%02x", out[i]);
    EXPECT_STREQ(hex, "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
}

TEST(Argon2id, HashesVerifyAndCarryTheirParameters) {
    Argon2idHasher hasher(kFast);
    const auto h = hasher.Hash("correct horse 电池");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->rfind("$argon2id$v=19$m=1024,t=1,p=1$", 0), 0u) << *h;
    EXPECT_TRUE(hasher.Verify(*h, "correct horse 电池"));
    EXPECT_FALSE(hasher.Verify(*h, "correct horse 电"));
    EXPECT_FALSE(hasher.Verify(*h, ""));
    EXPECT_FALSE(hasher.Verify("garbage", "x"));
    EXPECT_FALSE(hasher.Verify("$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaA", "x"));
}

TEST(Argon2id, SaltsDiffer) {
    Argon2idHasher hasher(kFast);
    EXPECT_NE(*hasher.Hash("same"), *hasher.Hash("same"));
}

TEST(Argon2id, NeedsRehashWhenParametersChange) {
    Argon2idHasher old_params(kFast);
    Argon2idHasher new_params({2048, 1, 1, 16, 32});
    const auto h = *old_params.Hash("pw");
    EXPECT_FALSE(old_params.NeedsRehash(h));
    EXPECT_TRUE(new_params.NeedsRehash(h));
    EXPECT_TRUE(new_params.Verify(h, "pw")) << "old hashes still verify: parameters travel with the hash";
    EXPECT_TRUE(new_params.NeedsRehash("not a hash"));
}

TEST(Random, TokensAreHexAndDistinct) {
    OpenSslRandom random;
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const auto t = random.HexToken(32);
        EXPECT_EQ(t.size(), 64u);
        EXPECT_EQ(t.find_first_not_of("0123456789abcdef"), std::string::npos);
        seen.insert(t);
    }
    EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace xinqiao::store
