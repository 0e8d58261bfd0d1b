#pragma once
// Accounts, sign-in and sessions.
//
// Sign-in: the password is checked (argon2id) outside any transaction, so a slow hash never
// holds the database writer. Failures count per account and per client address; after
// `free_attempts` failures the account (or client) is locked for `first_lock_ms`, doubling with
// each further failure up to `max_lock_ms`. Every success and failure is audited; a failure
// records the account id when the login exists, never the typed login or password.
//
// Sessions: an opaque 256-bit token (stored only as a digest) and a CSRF token. A session
// ends after `idle_timeout_ms` without use, after `absolute_lifetime_ms` in any case, at
// sign-out, or when all of the account's sessions are revoked.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/login.hpp"
#include "core/auth/policy.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "core/ports/password_hasher.hpp"
#include "core/ports/random_source.hpp"
#include "core/ports/second_factor.hpp"
#include "service/actor.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

using core::Result;
using core::Status;

struct AuthSettings {
    std::int64_t idle_timeout_ms = 30 * 60 * 1000;            // 30 minutes
    std::int64_t absolute_lifetime_ms = 12 * 60 * 60 * 1000;  // 12 hours
    int free_attempts = 5;
    std::int64_t first_lock_ms = 60 * 1000;
    std::int64_t max_lock_ms = 60 * 60 * 1000;
    // How stale last_seen may get before a request refreshes it (saves a write per request).
    std::int64_t touch_interval_ms = 60 * 1000;
};

// How long an activation code stays valid.
inline constexpr std::int64_t kActivationLifetimeMs = 14LL * 24 * 3600 * 1000;

// A staff activation code as handed to its holder.
struct ActivationCode {
    std::string code;  // grouped for reading, e.g. "ABCD-EFGH-JKLM"
    std::int64_t expires_ms = 0;
};

// A new activation code for `account_id`, replacing any earlier one, stored (as a keyed hash)
// in the current transaction: the one way codes are made, for staff imports and reissues alike.
Result<ActivationCode> StoreNewActivationCode(core::ports::Repositories& r, core::ports::RandomSource& random,
                                              std::int64_t account_id, std::int64_t now_ms);

struct NewSession {
    std::string token;  // goes into the session cookie, and nowhere else
    Principal principal;
};

class AuthService {
public:
    // All references must outlive the service.
    AuthService(core::ports::DataStore& store, core::ports::Clock& clock, core::ports::PasswordHasher& hasher,
                core::ports::RandomSource& random, core::ports::SecondFactor& second_factor, AuthSettings settings = {})
        : store_(store),
          clock_(clock),
          hasher_(hasher),
          random_(random),
          second_factor_(second_factor),
          settings_(settings) {}

    // kUnauthenticated for a wrong login or password (one message for both) or a wrong second
    // factor; kUnauthenticated with field "/totp" when the account needs a two-factor code
    // and none was given; kFailedPrecondition when its role needs two-factor sign-in that is not
    // set up; kResourceExhausted while the account or the client is locked. `second_factor`
    // is a 6-digit TOTP code or one of the account's recovery codes.
    Result<NewSession> SignIn(const std::string& login, const std::string& password, const std::string& second_factor,
                              const std::string& client, const std::string& request_id);

    // A student signs in with their student number and the code on the class's code sheet.
    // kUnauthenticated for any wrong pair (one message); failures count and lock like passwords.
    Result<NewSession> SignInStudent(const std::string& student_number, const std::string& code,
                                     const std::string& client, const std::string& request_id);

    // A guardian redeems an invitation code: with a new login, display name and password this
    // creates their account; with an existing guardian login and its password it adds the child
    // to that account. Either way it links the child and signs the guardian in. A wrong, used or
    // expired code is kUnauthenticated and counts against the client like a failed sign-in.
    Result<NewSession> RedeemInvitation(const std::string& code, const std::string& login,
                                        const std::string& display_name, const std::string& password,
                                        const std::string& client, const std::string& request_id);

    struct TwoFactorEnrollment {
        std::string secret;                       // base32, for the authenticator app
        std::string otpauth_uri;
        std::vector<std::string> recovery_codes;  // shown once, stored only as keyed hashes
    };
    // Sets up (or replaces) two-factor sign-in for `login`. Audited.
    Result<TwoFactorEnrollment> EnrollTwoFactor(const Actor& actor, const std::string& login);

    struct Activation {
        NewSession session;
        std::optional<TwoFactorEnrollment> two_factor;  // set up now for roles that need it
    };
    // A staff member sets their password with the activation code their administrator handed
    // them (from a staff import, or IssueActivation after a forgotten password), and is signed
    // in; any other sessions of the account end. Roles that need two-factor sign-in and have no
    // authenticator yet get its secret and recovery codes here, once. A wrong, used or expired
    // code is kUnauthenticated and counts like a failed sign-in.
    Result<Activation> ActivateStaff(const std::string& login, const std::string& code, const std::string& password,
                                     const std::string& client, const std::string& request_id);
    // The principal of a live session; kUnauthenticated otherwise.
    Result<Principal> Authenticate(const std::string& token);
    Status SignOut(const std::string& token, const std::string& request_id);
    Status SignOutEverywhere(std::int64_t account_id, const std::string& request_id);

    // Administration (CLI and, later, the admin screens). Logins are 3..64 of [a-z0-9._-]
    // (upper case is folded); passwords at least 10 characters.
    Result<std::int64_t> CreateAccount(const Actor& actor, const std::string& login, const std::string& display_name,
                                       const std::string& password);
    Status ResetPassword(const Actor& actor, const std::string& login, const std::string& password);
    // A new activation code for `login` (replacing any earlier one), valid 14 days: how an
    // imported person who lost theirs, or anyone who forgot their password, gets back in without
    // the administrator ever knowing their password. Not for students. Audited.
    Result<ActivationCode> IssueActivation(const Actor& actor, const std::string& login);
    Status GrantRole(const Actor& actor, const std::string& login, core::auth::Role role, core::org::OrgUnitId unit);
    Status RevokeRole(const Actor& actor, const std::string& login, core::auth::Role role, core::org::OrgUnitId unit);

private:
    std::int64_t LockUntil(int failed_attempts, std::int64_t now) const;
    // A new TOTP secret and recovery codes for the account, stored in the current transaction.
    Result<TwoFactorEnrollment> SetUpTwoFactor(core::ports::Repositories& r, std::int64_t account_id);
    // Opens a session for `account` in the current transaction and audits the sign-in.
    Status OpenSession(core::ports::Repositories& r, const core::auth::Account& account,
                       std::vector<core::auth::Grant> grants, std::int64_t now, const std::string& request_id,
                       NewSession& out);
    // Counts a failed sign-in against the client and `accounts`, in the current transaction, and
    // audits it.
    Status RecordFailure(core::ports::Repositories& r, const std::string& client,
                         const core::auth::ClientFailures& client_failures,
                         const std::vector<core::auth::Account>& accounts, std::string org_path, std::int64_t now,
                         const std::string& request_id);
    // `org_path` places the entry in the tree for auditors: the account's first grant, or "/".
    Status Audit(core::ports::Repositories& r, const Actor& actor, std::string action, std::string target_id,
                 std::string org_path = "/");

    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
    core::ports::PasswordHasher& hasher_;
    core::ports::RandomSource& random_;
    core::ports::SecondFactor& second_factor_;
    AuthSettings settings_;
};

// Lower-cases and checks a login. kInvalidArgument naming "/login".
using core::auth::NormalizeLogin;

}  // namespace xinqiao::service
