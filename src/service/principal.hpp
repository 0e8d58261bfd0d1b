#pragma once
// The signed-in user making one request, and the one place where services check permission.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/policy.hpp"
#include "core/common/result.hpp"
#include "service/actor.hpp"

namespace xinqiao::service {

// A grant with unit_id 0 and unit_path "/" covers the whole tree; only operator tooling (the
// command line) builds such a principal, never a sign-in.
struct Principal {
    std::int64_t account_id = 0;
    std::string login;
    std::string display_name;
    std::vector<core::auth::Grant> grants;
    std::string csrf_token;
    std::string request_id;  // of the request being served, for the audit trail

    // The Actor for audit entries, in the role that allowed the action (or the first grant's).
    Actor AsActor(std::optional<core::auth::Role> via = std::nullopt) const;
};

// Checks `action` on `target` against the policy. Returns the role whose grant allowed it.
// A principal who may not even see the target (no `visibility` there: kViewAggregates for org
// units, kViewRoster for a student) gets kNotFound with `not_found_message`, so an
// out-of-scope id looks exactly like an unknown one; one who may see it but not do this gets
// kPermissionDenied. Break-glass cells count as denied here: reading T3 data with a reason goes
// through a separate call that records the reason.
core::Result<core::auth::Role> Require(const Principal& p, core::auth::Action action,
                                       const core::auth::Target& target, std::string_view not_found_message,
                                       core::auth::Action visibility = core::auth::Action::kViewAggregates);

}  // namespace xinqiao::service
