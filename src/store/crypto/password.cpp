#include "store/crypto/password.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <cstdio>

#include "core/common/assert.hpp"
#include "core/common/text.hpp"

namespace xinqiao::store {

std::string RandomBytes(std::size_t n) {
    std::string out(n, '\0');
    const int ok = RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n));
    XINQIAO_ASSERT(ok == 1, "the CSPRNG must work");
    return out;
}

core::Result<std::string> Argon2idHasher::Hash(const std::string& password) {
    const std::string salt = RandomBytes(settings_.salt_bytes);
    std::string encoded(argon2_encodedlen(settings_.iterations, settings_.memory_kib, settings_.parallelism,
                                          settings_.salt_bytes, settings_.hash_bytes, Argon2_id),
                        '\0');
    const int rc = argon2id_hash_encoded(settings_.iterations, settings_.memory_kib, settings_.parallelism,
                                         password.data(), password.size(), salt.data(), salt.size(),
                                         settings_.hash_bytes, encoded.data(), encoded.size());
    if (rc != ARGON2_OK) return core::Error::Internal(std::string("argon2id failed: ") + argon2_error_message(rc));
    encoded.resize(encoded.find('\0'));
    return encoded;
}

bool Argon2idHasher::Verify(const std::string& encoded, const std::string& password) {
    if (!encoded.starts_with("$argon2id$")) return false;
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

bool Argon2idHasher::NeedsRehash(const std::string& encoded) {
    unsigned m = 0, t = 0, p = 0;
    if (std::sscanf(encoded.c_str(), "$argon2id$v=19$m=%u,t=%u,p=%u$", &m, &t, &p) != 3) return true;
    return m != settings_.memory_kib || t != settings_.iterations || p != settings_.parallelism;
}

std::string OpenSslRandom::HexToken(int bytes) { return core::ToHex(RandomBytes(static_cast<std::size_t>(bytes))); }

}  // namespace xinqiao::store
