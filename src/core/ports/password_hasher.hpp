#pragma once
// Password hashing, declared for the service layer and implemented in store/crypto (argon2id).

#include <string>

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

}  // namespace xinqiao::core::ports
