#pragma once
// Storage of accounts: who may sign in, with what password and second factor, and the staff list.
// See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/auth/account.hpp"
#include "core/common/result.hpp"

namespace xinqiao::core::ports {

class AccountRepository {
public:
    virtual ~AccountRepository() = default;
    // kNotFound if there is no such account.
    virtual Result<auth::Account> FindByLogin(const std::string& login) = 0;
    virtual Result<auth::Account> Get(std::int64_t id) = 0;
    // kAlreadyExists if the login is taken.
    virtual Result<std::int64_t> Insert(const auth::Account& a, std::int64_t now_ms) = 0;
    virtual Status UpdatePassword(std::int64_t id, const std::string& password_hash) = 0;
    virtual Status UpdateLockout(std::int64_t id, int failed_attempts, std::int64_t locked_until_ms) = 0;
    virtual Status SetDisabled(std::int64_t id, bool disabled) = 0;
    virtual Status SetDisplayName(std::int64_t id, const std::string& display_name) = 0;
    // Stores (sealed) a TOTP secret and replaces the recovery codes (kept as keyed hashes).
    virtual Status SetSecondFactor(std::int64_t id, const std::string& totp_secret,
                                   const std::vector<std::string>& recovery_codes) = 0;
    virtual Status SetTotpLastStep(std::int64_t id, std::int64_t step) = 0;
    // Marks an unused recovery code used; false if there is no such unused code.
    virtual Result<bool> UseRecoveryCode(std::int64_t id, const std::string& code) = 0;
    // Accounts holding a grant other than student or guardian on a unit in the subtree of
    // `path`, whose login or display name contains `text` (all if empty), by login; one page
    // (1-based).
    virtual Result<auth::AccountPage> ListStaff(const std::string& path, const std::string& text, int page,
                                                int page_size) = 0;
};

// FindByLogin for callers to whom an unknown login is an answer, not an error: empty then.
inline Result<std::optional<auth::Account>> FindAccount(AccountRepository& accounts, const std::string& login) {
    auto found = accounts.FindByLogin(login);
    if (found) return std::optional<auth::Account>(std::move(found).value());
    if (found.error().code == ErrorCode::kNotFound) return std::optional<auth::Account>();
    return std::move(found).error();
}

}  // namespace xinqiao::core::ports
