#include "store/crypto/digest.hpp"

#include <openssl/evp.h>

#include "core/common/assert.hpp"
#include "core/common/text.hpp"

namespace xinqiao::store {

std::string HexDigest(DigestAlgorithm algorithm, std::string_view bytes) {
    const EVP_MD* md = algorithm == DigestAlgorithm::kSha256 ? EVP_sha256() : EVP_sm3();
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    const int ok = EVP_Digest(bytes.data(), bytes.size(), out, &len, md, nullptr);
    XINQIAO_ASSERT(ok == 1, "OpenSSL digests do not fail on valid input");
    return core::ToHex(std::string_view(reinterpret_cast<const char*>(out), len));
}

core::audit::DigestFn AuditDigest(DigestAlgorithm algorithm) {
    return [algorithm](const std::string& bytes) { return HexDigest(algorithm, bytes); };
}

}  // namespace xinqiao::store
