#pragma once
// Storage of grants: the roles an account holds on org units (core/auth/policy.hpp).
// See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <vector>

#include "core/auth/policy.hpp"
#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"

namespace xinqiao::core::ports {

class GrantRepository {
public:
    virtual ~GrantRepository() = default;
    // The account's grants with their units' paths.
    virtual Result<std::vector<auth::Grant>> Of(std::int64_t account_id) = 0;
    // kAlreadyExists for a duplicate grant.
    virtual Status Add(std::int64_t account_id, auth::Role role, org::OrgUnitId unit) = 0;
    // Add that is a no-op when the grant exists (safe inside a PostgreSQL transaction, where a
    // failed statement would abort it).
    virtual Status Ensure(std::int64_t account_id, auth::Role role, org::OrgUnitId unit) = 0;
    // kNotFound when there is no such grant.
    virtual Status Remove(std::int64_t account_id, auth::Role role, org::OrgUnitId unit) = 0;
};

}  // namespace xinqiao::core::ports
