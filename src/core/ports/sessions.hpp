#pragma once
// Storage of sign-in sessions. Tokens are given in the clear and stored as digests.
// See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <string>

#include "core/auth/account.hpp"
#include "core/common/result.hpp"

namespace xinqiao::core::ports {

class SessionRepository {
public:
    virtual ~SessionRepository() = default;
    virtual Status Insert(const std::string& token, const auth::SessionRecord& s) = 0;
    // kNotFound for an unknown token.
    virtual Result<auth::SessionRecord> Find(const std::string& token) = 0;
    virtual Status Touch(const std::string& token, std::int64_t now_ms) = 0;
    virtual Status Revoke(const std::string& token) = 0;
    virtual Status RevokeAll(std::int64_t account_id) = 0;
};

}  // namespace xinqiao::core::ports
