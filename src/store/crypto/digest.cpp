#include "store/crypto/digest.hpp"

#include <openssl/evp.h>

#include "core/common/assert.hpp"

namespace xinqiao::store {

std::string HexDigest(DigestAlgorithm algorithm, std::string_view bytes) {
    const EVP_MD* md = algorithm == DigestAlgorithm::kSha256 ? EVP_sha256() : EVP_sm3();
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    const int ok = EVP_Digest(bytes.data(), bytes.size(), out, &len, md, nullptr);
    XINQIAO_ASSERT(ok == 1, "OpenSSL digests do not fail on valid input");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        hex += kHex[out[i] >> 4];
        hex += kHex[out[i] & 0xF];
    }
    return hex;
}

core::audit::DigestFn AuditDigest(DigestAlgorithm algorithm) {
    return [algorithm](const std::string& bytes) { return HexDigest(algorithm, bytes); };
}

}  // namespace xinqiao::store
