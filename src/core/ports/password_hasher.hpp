#pragma once
// Password hashing and secure randomness, declared for the service layer and implemented in
// store/crypto (argon2id, OpenSSL's CSPRNG).

#include <cstdint>
#include <string>
#include <string_view>

#include "core/common/result.hpp"

namespace xinqiao::core::ports {

class PasswordHasher {
public:
    virtual ~PasswordHasher() = default;
    // A self-describing hash (PHC string format) that carries its parameters and salt.
    virtual Result<std::string> Hash(const std::string& password) = 0;
    // True if `password` matches `encoded`. False also for a malformed `encoded`.
    virtual bool Verify(const std::string& encoded, const std::string& password) = 0;
    // True if `encoded` was made with other parameters than the current ones (rehash on the
    // next successful sign-in).
    virtual bool NeedsRehash(const std::string& encoded) = 0;
};

class RandomSource {
public:
    virtual ~RandomSource() = default;
    // `bytes` random bytes from a CSPRNG, as lower-case hex (2 * bytes characters).
    virtual std::string HexToken(int bytes) = 0;
};

}  // namespace xinqiao::core::ports

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

namespace xinqiao::core::ports {

// Turns the bytes of an uploaded text file into UTF-8: a UTF-8 byte order mark or valid UTF-8
// stays as it is, anything else is read as GB18030 (GBK), as Chinese Excel saves CSV.
class TextDecoder {
public:
    virtual ~TextDecoder() = default;
    // kInvalidArgument (field "file") if the bytes are neither.
    virtual Result<std::string> ToUtf8(std::string_view bytes) = 0;
};

// Raw DEFLATE (RFC 1951) decompression, for the entries of uploaded .xlsx files.
class Inflater {
public:
    virtual ~Inflater() = default;
    // The inflated bytes. kInvalidArgument (field "file") if `deflated` is not valid DEFLATE
    // data or inflates to more than `max_output` bytes.
    virtual Result<std::string> Inflate(std::string_view deflated, std::size_t max_output) = 0;
};

}  // namespace xinqiao::core::ports
