#pragma once
// Storage of the crisis teams (危机干预小组) of schools and counties. See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cases/crisis_team.hpp"
#include "core/common/date.hpp"
#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"

namespace xinqiao::core::ports {

class TeamRepository {
public:
    virtual ~TeamRepository() = default;
    // Leads first, then by name.
    virtual Result<std::vector<cases::TeamMember>> Members(org::OrgUnitId unit) = 0;
    // Adds the account or changes its duty.
    virtual Status Put(org::OrgUnitId unit, std::int64_t account_id, const std::string& duty, std::int64_t now_ms) = 0;
    // False when the account was not on the team.
    virtual Result<bool> Remove(org::OrgUnitId unit, std::int64_t account_id) = 0;
};

}  // namespace xinqiao::core::ports
