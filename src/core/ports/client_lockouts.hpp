#pragma once
// Storage of sign-in failures by client address, which lock out one client, not a whole school.
// See core/ports/data_store.hpp for threading.

#include <string>

#include "core/auth/account.hpp"
#include "core/common/result.hpp"

namespace xinqiao::core::ports {

class ClientLockoutRepository {
public:
    virtual ~ClientLockoutRepository() = default;
    // An empty record for an unknown client.
    virtual Result<auth::ClientFailures> Get(const std::string& client) = 0;
    virtual Status Put(const std::string& client, const auth::ClientFailures& f) = 0;
};

}  // namespace xinqiao::core::ports
