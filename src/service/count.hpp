#pragma once
// Counts as a reader may see them: exact, or for bureau staff and anyone without T2 on the unit,
// "fewer than 5" for 1..4 (ARCHITECTURE.md, T0 aggregates), so that no small cell points at a
// student.

#include <cstdint>

#include "core/auth/policy.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

// A counter the viewer may only see coarsely: exact, or "fewer than 5" (1..4).
struct Count {
    std::int64_t value = 0;
    bool suppressed = false;  // value is 0 and the true count is 1..4
};

inline Count CountOf(std::int64_t n, bool exact) {
    if (!exact && n > 0 && n < 5) return {0, true};
    return {n, false};
}

// Whether the principal sees exact counts on `target`: T2 there, and not as bureau staff.
inline bool SeesExactCounts(const Principal& p, const core::auth::Target& target) {
    const auto risk = core::auth::Authorize(p.grants, core::auth::Action::kViewRisk, target);
    return risk.allowed() && risk.via != core::auth::Role::kBureauStaff;
}

}  // namespace xinqiao::service
