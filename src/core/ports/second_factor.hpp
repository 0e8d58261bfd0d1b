#pragma once
// Time-based one-time codes (RFC 6238) for two-factor sign-in, implemented in store/crypto.

#include <cstdint>
#include <string>

namespace xinqiao::core::ports {

// Time-based one-time codes (RFC 6238) for two-factor sign-in.
class SecondFactor {
public:
    virtual ~SecondFactor() = default;
    // A new random secret, base32 as authenticator apps take it.
    virtual std::string NewSecret() = 0;
    // The time step of `code` if it is valid for `secret` at `now_ms` (one step either side
    // allowed for clock drift) and later than `after_step` (no replay); -1 otherwise.
    virtual std::int64_t Verify(const std::string& secret, const std::string& code, std::int64_t now_ms,
                                std::int64_t after_step) = 0;
};

}  // namespace xinqiao::core::ports
