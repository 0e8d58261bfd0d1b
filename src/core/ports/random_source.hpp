#pragma once
// Secure randomness, implemented in store/crypto (OpenSSL's CSPRNG).

#include <string>

namespace xinqiao::core::ports {

class RandomSource {
public:
    virtual ~RandomSource() = default;
    // `bytes` random bytes from a CSPRNG, as lower-case hex (2 * bytes characters).
    virtual std::string HexToken(int bytes) = 0;
};

}  // namespace xinqiao::core::ports
