#pragma once
// Who is acting, for permission checks and the audit trail.

#include <cstdint>
#include <optional>
#include <string>

namespace xinqiao::service {

struct Actor {
    // The signed-in account; empty for the local operator (loopback, before accounts exist) and
    // for the system itself.
    std::optional<std::int64_t> account_id;
    // The role name the actor acts in (core::auth::RoleName), or "local" / "system".
    std::string role = "local";
    // The HTTP request id, so an audit entry can be matched with the access log.
    std::string request_id;
};

}  // namespace xinqiao::service
