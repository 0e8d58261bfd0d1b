#pragma once
// argon2id password hashing (RFC 9106) via libargon2, in the PHC string format
// "$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>", and a CSPRNG over OpenSSL's RAND_bytes.

#include <cstdint>
#include <string>

#include "core/ports/password_hasher.hpp"
#include "core/ports/random_source.hpp"

namespace xinqiao::store {

struct Argon2Settings {
    std::uint32_t memory_kib = 65536;  // m: 64 MiB
    std::uint32_t iterations = 2;      // t
    std::uint32_t parallelism = 1;     // p
    std::uint32_t salt_bytes = 16;
    std::uint32_t hash_bytes = 32;
};

class Argon2idHasher final : public core::ports::PasswordHasher {
public:
    explicit Argon2idHasher(Argon2Settings settings = {}) : settings_(settings) {}
    core::Result<std::string> Hash(const std::string& password) override;
    bool Verify(const std::string& encoded, const std::string& password) override;
    bool NeedsRehash(const std::string& encoded) override;

private:
    Argon2Settings settings_;
};

class OpenSslRandom final : public core::ports::RandomSource {
public:
    std::string HexToken(int bytes) override;
};

// `n` bytes from OpenSSL's CSPRNG. Aborts if the CSPRNG fails (it cannot be trusted then).
std::string RandomBytes(std::size_t n);

}  // namespace xinqiao::store
