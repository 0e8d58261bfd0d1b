#pragma once
// TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) and base32 (RFC 4648) secrets.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ports/second_factor.hpp"

namespace xinqiao::store {

std::string Base32Encode(std::string_view bytes);
std::optional<std::string> Base32Decode(std::string_view text);  // case-insensitive, no padding needed

// The code for time step `step` (unix seconds / 30) of `key`, zero-padded to `digits`.
// Exposed for the RFC 6238 known-answer test and for tests that sign in.
std::string HotpCode(std::string_view key, std::int64_t step, int digits = 6);

class Totp final : public core::ports::SecondFactor {
public:
    std::string NewSecret() override;
    std::int64_t Verify(const std::string& secret, const std::string& code, std::int64_t now_ms,
                        std::int64_t after_step) override;
};

}  // namespace xinqiao::store
