#pragma once
// Administering staff accounts from the workbench: the accounts of a subtree with their grants,
// granting and revoking roles, and a fresh activation code for someone who lost theirs or forgot
// their password. Everything needs kManageUsers (administrators) on the units concerned; the
// accounts of administrators, auditors, students and guardians are not managed here (see
// core::auth::MayManageGrants). An account outside the principal's reach answers kNotFound like an unknown one.
// Every write is audited in its transaction.
//
// Threading: every method blocks on the database; call from a database executor.

#include <cstdint>
#include <string>
#include <vector>

#include "core/auth/account_query.hpp"
#include "core/auth/policy.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "service/auth_service.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

struct GrantView {
    core::auth::Role role = core::auth::Role::kClassTeacher;
    core::org::OrgUnitId unit_id = 0;
    std::string unit_name;
};

struct AccountView {
    core::auth::AccountListItem account;
    std::vector<GrantView> grants;  // all of them, also those outside the principal's units
    bool manageable = false;        // the principal may change its grants and reissue its code
};

struct AccountViewPage {
    std::vector<AccountView> items;
    std::int64_t total = 0;
};

class UserService {
public:
    // All references must outlive the service.
    UserService(core::ports::DataStore& store, core::ports::Clock& clock, core::ports::RandomSource& random)
        : store_(store), clock_(clock), random_(random) {}

    // Staff accounts with a grant in the subtree of `unit_id`. Needs kManageUsers on the unit.
    Result<AccountViewPage> List(const Principal& p, core::org::OrgUnitId unit_id, const core::auth::AccountQuery& q);
    // Adds `role` on `unit_id` (idempotent). Needs kManageUsers on the unit and a manageable
    // account; the role must belong on the unit's kind (kInvalidArgument "/role" saying where it
    // belongs). Audited as "account.grant.<role>".
    core::Status Grant(const Principal& p, std::int64_t account_id, core::auth::Role role, core::org::OrgUnitId unit_id);
    // Removes the grant; kNotFound if the account does not hold it. Audited as "account.revoke.<role>".
    core::Status Revoke(const Principal& p, std::int64_t account_id, core::auth::Role role, core::org::OrgUnitId unit_id);
    // A new activation code (shown once), replacing any earlier one. Audited as
    // "account.issue_activation".
    Result<ActivationCode> IssueActivation(const Principal& p, std::int64_t account_id);

private:
    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
    core::ports::RandomSource& random_;
};

}  // namespace xinqiao::service
