#include "store/crypto/digest.hpp"

#include <gtest/gtest.h>

namespace xinqiao::store {
namespace {

// Known answers: FIPS 180-2 appendix B.1 ("abc") and GB/T 32905-2016 appendix A.1 ("abc").
TEST(Digest, Sha256KnownAnswers) {
    EXPECT_EQ(HexDigest(DigestAlgorithm::kSha256, "abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(HexDigest(DigestAlgorithm::kSha256, ""),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Digest, Sm3KnownAnswer) {
    EXPECT_EQ(HexDigest(DigestAlgorithm::kSm3, "abc"),
              "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

TEST(Digest, AuditDigestIsTheHexDigest) {
    EXPECT_EQ(AuditDigest(DigestAlgorithm::kSha256)("abc"), HexDigest(DigestAlgorithm::kSha256, "abc"));
}

}  // namespace
}  // namespace xinqiao::store
