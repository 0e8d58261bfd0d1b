#include "service/auth_service.hpp"

#include <algorithm>
#include <optional>

#include "core/auth/sign_in_code.hpp"
#include "core/common/text.hpp"
#include "service/audit_writer.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::ports::Repositories;

constexpr const char* kWrongCredentials = "the login or the password is wrong";
constexpr const char* kLocked = "too many failed sign-ins; try again later";
constexpr int kTokenBytes = 32;
constexpr std::size_t kMinPasswordLength = 10;

Status CheckPassword(const std::string& password) {
    if (core::CodePointCount(password) < kMinPasswordLength || !core::IsValidUtf8(password)) {
        return Error::InvalidArgument("a password needs at least 10 characters", "/password");
    }
    if (password.size() > 1024) return Error::InvalidArgument("the password is too long", "/password");
    return core::Ok();
}

// Clears the failure counters of a successful sign-in.
Status ClearFailures(Repositories& r, const std::string& client, const core::auth::ClientFailures& client_failures,
                     const core::auth::Account& account) {
    if (client_failures.failed_attempts > 0) XINQIAO_RETURN_IF_ERROR(r.ClientLockouts().Put(client, {}));
    if (account.failed_attempts > 0) XINQIAO_RETURN_IF_ERROR(r.Accounts().UpdateLockout(account.id, 0, 0));
    return core::Ok();
}

}  // namespace

std::int64_t AuthService::LockUntil(int failed_attempts, std::int64_t now) const {
    if (failed_attempts < settings_.free_attempts) return 0;
    const int doublings = std::min(failed_attempts - settings_.free_attempts, 20);
    return now + std::min(settings_.first_lock_ms << doublings, settings_.max_lock_ms);
}

Status AuthService::Audit(Repositories& r, const Actor& actor, std::string action, std::string target_id,
                          std::string org_path) {
    return AppendAudit(r, clock_, actor, std::move(action), {"account", std::move(target_id), std::move(org_path)});
}

Result<NewSession> AuthService::SignIn(const std::string& login, const std::string& password,
                                       const std::string& second_factor, const std::string& client,
                                       const std::string& request_id) {
    const std::int64_t now = clock_.NowUnixMillis();
    const auto normalized = NormalizeLogin(login);

    // Phase 1: read the account, its grants and the client's record.
    std::optional<core::auth::Account> account;
    std::vector<core::auth::Grant> grants;
    core::auth::ClientFailures client_failures;
    XINQIAO_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(client_failures, r.ClientLockouts().Get(client));
        if (!normalized) return core::Ok();
        XINQIAO_ASSIGN_OR_RETURN(account, core::ports::FindAccount(r.Accounts(), *normalized));
        if (account) {
            XINQIAO_ASSIGN_OR_RETURN(grants, r.Grants().Of(account->id));
        }
        return core::Ok();
    }));
    if (client_failures.locked_until_ms > now || (account && account->locked_until_ms > now)) {
        return Error::ResourceExhausted(kLocked);
    }

    // Phase 2: the slow hash and the second factor, outside any transaction. Unknown logins
    // cost the same time.
    static const std::string kDummyHash = [&] { return hasher_.Hash("timing-equalizer").value_or(""); }();
    bool ok = account && !account->is_disabled && !account->password_hash.empty()
                  ? hasher_.Verify(account->password_hash, password)
                  : (hasher_.Verify(kDummyHash, password), false);
    bool needs_second_factor = false;
    for (const auto& g : grants) needs_second_factor = needs_second_factor || core::auth::RequiresTwoFactor(g.role);
    if (ok && (needs_second_factor || !account->totp_secret.empty())) {
        if (account->totp_secret.empty()) {
            return Error::FailedPrecondition(
                "this account's role needs two-factor sign-in, which is not set up yet; an administrator sets it up "
                "with: xinqiao admin enroll-totp");
        }
        if (second_factor.empty()) {
            return Error{core::ErrorCode::kUnauthenticated, "enter the code from your authenticator app", "/totp"};
        }
    }
    std::int64_t totp_step = -1;
    const bool uses_second_factor = ok && !account->totp_secret.empty();
    if (uses_second_factor && second_factor.size() == 6) {
        totp_step = second_factor_.Verify(account->totp_secret, second_factor, now, account->totp_last_step);
        ok = totp_step >= 0;
    }
    const std::string rehash = ok && hasher_.NeedsRehash(account->password_hash) ? hasher_.Hash(password).value_or("")
                                                                                  : std::string();

    // Phase 3: record the outcome.
    NewSession session;
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
        if (ok && uses_second_factor && totp_step < 0) {
            // Not a TOTP code: a recovery code, used at most once.
            XINQIAO_ASSIGN_OR_RETURN(ok, r.Accounts().UseRecoveryCode(account->id, second_factor));
        }
        if (!ok) {
            std::vector<core::auth::Account> accounts;
            if (account) accounts.push_back(*account);
            return RecordFailure(r, client, client_failures, accounts,
                                 grants.empty() ? std::string("/") : grants.front().unit_path, now, request_id);
        }
        XINQIAO_RETURN_IF_ERROR(ClearFailures(r, client, client_failures, *account));
        if (totp_step >= 0) XINQIAO_RETURN_IF_ERROR(r.Accounts().SetTotpLastStep(account->id, totp_step));
        if (!rehash.empty()) XINQIAO_RETURN_IF_ERROR(r.Accounts().UpdatePassword(account->id, rehash));
        return OpenSession(r, *account, grants, now, request_id, session);
    }));
    if (!ok) return Error::Unauthenticated(kWrongCredentials);
    return session;
}

Status AuthService::OpenSession(Repositories& r, const core::auth::Account& account,
                                std::vector<core::auth::Grant> grants, std::int64_t now, const std::string& request_id,
                                NewSession& out) {
    out.token = random_.HexToken(kTokenBytes);
    out.principal.account_id = account.id;
    out.principal.login = account.login;
    out.principal.display_name = account.display_name;
    out.principal.csrf_token = random_.HexToken(kTokenBytes);
    out.principal.request_id = request_id;
    const std::string org_path = grants.empty() ? std::string("/") : grants.front().unit_path;
    out.principal.grants = std::move(grants);
    XINQIAO_RETURN_IF_ERROR(r.Sessions().Insert(out.token, {account.id, out.principal.csrf_token, now, now, false}));
    return Audit(r, out.principal.AsActor(), "session.sign_in", std::to_string(account.id), org_path);
}

Status AuthService::RecordFailure(Repositories& r, const std::string& client,
                                  const core::auth::ClientFailures& client_failures,
                                  const std::vector<core::auth::Account>& accounts, std::string org_path,
                                  std::int64_t now, const std::string& request_id) {
    const int client_failed = client_failures.failed_attempts + 1;
    XINQIAO_RETURN_IF_ERROR(r.ClientLockouts().Put(client, {client_failed, LockUntil(client_failed, now)}));
    for (const auto& account : accounts) {
        const int failed = account.failed_attempts + 1;
        XINQIAO_RETURN_IF_ERROR(r.Accounts().UpdateLockout(account.id, failed, LockUntil(failed, now)));
    }
    return Audit(r, Actor{std::nullopt, "anonymous", request_id}, "session.sign_in_failed",
                 accounts.empty() ? std::string("unknown") : std::to_string(accounts.front().id), std::move(org_path));
}

Result<NewSession> AuthService::SignInStudent(const std::string& student_number, const std::string& code,
                                              const std::string& client, const std::string& request_id) {
    const std::int64_t now = clock_.NowUnixMillis();
    const std::string number(core::TrimAscii(student_number));
    const auto canonical = core::auth::NormalizeAccessCode(code, core::auth::kStudentCodeLength);
    if (number.empty() || number.size() > 32) {
        return Error::InvalidArgument("enter your student number", "/student_number");
    }

    std::vector<core::auth::Account> candidates;
    std::optional<core::auth::Account> match;
    std::vector<core::auth::Grant> grants;
    core::auth::ClientFailures client_failures;
    NewSession session;
    bool ok = false;
    XINQIAO_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(client_failures, r.ClientLockouts().Get(client));
        if (client_failures.locked_until_ms > now) return Error::ResourceExhausted(kLocked);
        XINQIAO_ASSIGN_OR_RETURN(const auto found,
                                 r.SignInCodes().StudentCodeCandidates(number, canonical.value_or(std::string())));
        for (const auto& c : found) {
            XINQIAO_ASSIGN_OR_RETURN(auto account, r.Accounts().Get(c.account_id));
            if (account.locked_until_ms > now) return Error::ResourceExhausted(kLocked);
            if (c.code_matches && canonical && !account.is_disabled) match = account;
            candidates.push_back(std::move(account));
        }
        if (match) {
            XINQIAO_ASSIGN_OR_RETURN(grants, r.Grants().Of(match->id));
        }
        ok = match.has_value();
        return core::Ok();
    }));
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
        if (!ok) return RecordFailure(r, client, client_failures, candidates, "/", now, request_id);
        XINQIAO_RETURN_IF_ERROR(ClearFailures(r, client, client_failures, *match));
        return OpenSession(r, *match, grants, now, request_id, session);
    }));
    if (!ok) return Error::Unauthenticated("the student number or the code is wrong");
    return session;
}

Result<NewSession> AuthService::RedeemInvitation(const std::string& code, const std::string& login,
                                                 const std::string& display_name, const std::string& password,
                                                 const std::string& client, const std::string& request_id) {
    const std::int64_t now = clock_.NowUnixMillis();
    XINQIAO_ASSIGN_OR_RETURN(const std::string normalized, NormalizeLogin(login));
    const auto canonical = core::auth::NormalizeAccessCode(code, core::auth::kInvitationCodeLength);

    // Phase 1: the invitation, the student's class and the login, if it exists.
    core::auth::ClientFailures client_failures;
    std::optional<core::auth::GuardianInvitation> invitation;
    std::optional<core::auth::Account> account;
    core::org::OrgUnitId class_id = 0;
    XINQIAO_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(client_failures, r.ClientLockouts().Get(client));
        if (canonical) {
            XINQIAO_ASSIGN_OR_RETURN(invitation, r.Invitations().Find(*canonical));
        }
        if (invitation) {
            XINQIAO_ASSIGN_OR_RETURN(const auto student, r.Students().Get(invitation->student_id));
            class_id = student.class_id;
        }
        XINQIAO_ASSIGN_OR_RETURN(account, core::ports::FindAccount(r.Accounts(), normalized));
        return core::Ok();
    }));
    if (client_failures.locked_until_ms > now || (account && account->locked_until_ms > now)) {
        return Error::ResourceExhausted(kLocked);
    }
    std::string refusal;
    if (!invitation) {
        refusal = "this invitation code is not valid; check it or ask the class teacher for a new one";
    } else if (invitation->redeemed) {
        refusal = "this invitation code has already been used; ask the class teacher for a new one";
    } else if (invitation->expires_ms <= now) {
        refusal = "this invitation code has expired; ask the class teacher for a new one";
    }

    // Phase 2: the slow hash, outside any transaction.
    std::string new_hash;
    bool password_ok = true;
    if (refusal.empty()) {
        if (account) {
            password_ok = !account->is_disabled && !account->password_hash.empty() &&
                          hasher_.Verify(account->password_hash, password);
            if (!password_ok) refusal = kWrongCredentials;
        } else {
            XINQIAO_RETURN_IF_ERROR(core::org::ValidateName(display_name, "/display_name"));
            XINQIAO_RETURN_IF_ERROR(CheckPassword(password));
            XINQIAO_ASSIGN_OR_RETURN(new_hash, hasher_.Hash(password));
        }
    }

    // Phase 3: record the outcome.
    NewSession session;
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
        if (!refusal.empty()) {
            std::vector<core::auth::Account> accounts;
            if (!password_ok) accounts.push_back(*account);
            return RecordFailure(r, client, client_failures, accounts, "/", now, request_id);
        }
        core::auth::Account guardian;
        if (account) {
            guardian = *account;
            XINQIAO_RETURN_IF_ERROR(ClearFailures(r, client, client_failures, guardian));
        } else {
            guardian.login = normalized;
            guardian.display_name = display_name;
            guardian.password_hash = new_hash;
            XINQIAO_ASSIGN_OR_RETURN(guardian.id, r.Accounts().Insert(guardian, now));
        }
        XINQIAO_RETURN_IF_ERROR(r.Invitations().MarkRedeemed(invitation->id, guardian.id, now));
        XINQIAO_RETURN_IF_ERROR(
            r.StudentLinks().Link(guardian.id, {invitation->student_id, core::auth::StudentRelation::kChild}, now));
        XINQIAO_RETURN_IF_ERROR(r.Grants().Ensure(guardian.id, core::auth::Role::kGuardian, class_id));
        XINQIAO_ASSIGN_OR_RETURN(auto grants, r.Grants().Of(guardian.id));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, Actor{guardian.id, "guardian", request_id},
                                            "guardian_invitation.redeem",
                                            {"student", std::to_string(invitation->student_id), "/"}));
        return OpenSession(r, guardian, std::move(grants), now, request_id, session);
    }));
    if (!refusal.empty()) return Error::Unauthenticated(refusal);
    return session;
}

Result<AuthService::TwoFactorEnrollment> AuthService::SetUpTwoFactor(Repositories& r, std::int64_t account_id) {
    TwoFactorEnrollment e;
    e.secret = second_factor_.NewSecret();
    for (int i = 0; i < 10; ++i) {
        const std::string hex = random_.HexToken(5);
        e.recovery_codes.push_back(hex.substr(0, 5) + "-" + hex.substr(5));
    }
    XINQIAO_RETURN_IF_ERROR(r.Accounts().SetSecondFactor(account_id, e.secret, e.recovery_codes));
    e.otpauth_uri = "otpauth://totp/Xinqiao:" + std::to_string(account_id) + "?secret=" + e.secret +
                    "&issuer=Xinqiao&algorithm=SHA1&digits=6&period=30";
    return e;
}

Result<AuthService::TwoFactorEnrollment> AuthService::EnrollTwoFactor(const Actor& actor, const std::string& login) {
    XINQIAO_ASSIGN_OR_RETURN(const std::string normalized, NormalizeLogin(login));
    TwoFactorEnrollment e;
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto account, r.Accounts().FindByLogin(normalized));
        XINQIAO_ASSIGN_OR_RETURN(e, SetUpTwoFactor(r, account.id));
        return Audit(r, actor, "account.enroll_two_factor", std::to_string(account.id));
    }));
    return e;
}

Result<AuthService::Activation> AuthService::ActivateStaff(const std::string& login, const std::string& code,
                                                           const std::string& password, const std::string& client,
                                                           const std::string& request_id) {
    const std::int64_t now = clock_.NowUnixMillis();
    XINQIAO_ASSIGN_OR_RETURN(const std::string normalized, NormalizeLogin(login));
    XINQIAO_RETURN_IF_ERROR(CheckPassword(password));
    const auto canonical = core::auth::NormalizeAccessCode(code, core::auth::kActivationCodeLength);

    // Phase 1: the account, if any, and the client's record.
    core::auth::ClientFailures client_failures;
    std::optional<core::auth::Account> account;
    XINQIAO_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(client_failures, r.ClientLockouts().Get(client));
        XINQIAO_ASSIGN_OR_RETURN(account, core::ports::FindAccount(r.Accounts(), normalized));
        return core::Ok();
    }));
    if (client_failures.locked_until_ms > now || (account && account->locked_until_ms > now)) {
        return Error::ResourceExhausted(kLocked);
    }

    // Phase 2: the slow hash, outside any transaction, whatever the outcome (no timing hint).
    XINQIAO_ASSIGN_OR_RETURN(const std::string new_hash, hasher_.Hash(password));

    // Phase 3: spend the code and set the password, or count the failure.
    Activation out;
    bool ok = false;
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
        if (account && canonical && !account->is_disabled) {
            XINQIAO_ASSIGN_OR_RETURN(ok, r.SignInCodes().UseActivationCode(account->id, *canonical, now));
        }
        if (!ok) {
            std::vector<core::auth::Account> accounts;
            if (account) accounts.push_back(*account);
            return RecordFailure(r, client, client_failures, accounts, "/", now, request_id);
        }
        XINQIAO_RETURN_IF_ERROR(r.Accounts().UpdatePassword(account->id, new_hash));
        // A code also resets a forgotten password: sessions opened with the old one end.
        XINQIAO_RETURN_IF_ERROR(r.Sessions().RevokeAll(account->id));
        XINQIAO_ASSIGN_OR_RETURN(auto grants, r.Grants().Of(account->id));
        bool needs_second_factor = false;
        for (const auto& g : grants) needs_second_factor = needs_second_factor || core::auth::RequiresTwoFactor(g.role);
        if (needs_second_factor && account->totp_secret.empty()) {
            XINQIAO_ASSIGN_OR_RETURN(out.two_factor, SetUpTwoFactor(r, account->id));
        }
        XINQIAO_RETURN_IF_ERROR(ClearFailures(r, client, client_failures, *account));
        const std::string org_path = grants.empty() ? std::string("/") : grants.front().unit_path;
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, Actor{account->id, "staff", request_id}, "account.activate",
                                            {"account", std::to_string(account->id), org_path}));
        return OpenSession(r, *account, std::move(grants), now, request_id, out.session);
    }));
    if (!ok) {
        return Error::Unauthenticated(
            "this login and activation code do not match, or the code was used or has expired; check them or ask "
            "your administrator for a new code");
    }
    return out;
}

Result<Principal> AuthService::Authenticate(const std::string& token) {
    const std::int64_t now = clock_.NowUnixMillis();
    if (token.size() != kTokenBytes * 2) return Error::Unauthenticated("not signed in");
    Principal p;
    bool touch = false;
    XINQIAO_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
        auto s = r.Sessions().Find(token);
        if (!s) {
            if (s.error().code == core::ErrorCode::kNotFound) return Error::Unauthenticated("not signed in");
            return std::move(s).error();
        }
        if (s->revoked || now - s->last_seen_ms > settings_.idle_timeout_ms ||
            now - s->created_ms > settings_.absolute_lifetime_ms) {
            return Error::Unauthenticated("the session has ended; sign in again");
        }
        XINQIAO_ASSIGN_OR_RETURN(const auto account, r.Accounts().Get(s->account_id));
        if (account.is_disabled) return Error::Unauthenticated("the session has ended; sign in again");
        XINQIAO_ASSIGN_OR_RETURN(p.grants, r.Grants().Of(account.id));
        p.account_id = account.id;
        p.login = account.login;
        p.display_name = account.display_name;
        p.csrf_token = s->csrf_token;
        touch = now - s->last_seen_ms > settings_.touch_interval_ms;
        return core::Ok();
    }));
    if (touch) {
        XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) { return r.Sessions().Touch(token, now); }));
    }
    return p;
}

Status AuthService::SignOut(const std::string& token, const std::string& request_id) {
    XINQIAO_ASSIGN_OR_RETURN(Principal p, Authenticate(token));
    p.request_id = request_id;
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_RETURN_IF_ERROR(r.Sessions().Revoke(token));
        return Audit(r, p.AsActor(), "session.sign_out", std::to_string(p.account_id));
    });
}

Status AuthService::SignOutEverywhere(std::int64_t account_id, const std::string& request_id) {
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_RETURN_IF_ERROR(r.Sessions().RevokeAll(account_id));
        return Audit(r, Actor{account_id, "self", request_id}, "session.sign_out_everywhere",
                     std::to_string(account_id));
    });
}

Result<std::int64_t> AuthService::CreateAccount(const Actor& actor, const std::string& login,
                                                const std::string& display_name, const std::string& password) {
    XINQIAO_ASSIGN_OR_RETURN(const std::string normalized, NormalizeLogin(login));
    if (normalized.starts_with("student-")) {
        return Error::InvalidArgument("logins starting with student- are kept for students' own accounts", "/login");
    }
    XINQIAO_RETURN_IF_ERROR(core::org::ValidateName(display_name, "/display_name"));
    XINQIAO_RETURN_IF_ERROR(CheckPassword(password));
    XINQIAO_ASSIGN_OR_RETURN(const std::string hash, hasher_.Hash(password));
    std::int64_t id = 0;
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
        core::auth::Account a;
        a.login = normalized;
        a.display_name = display_name;
        a.password_hash = hash;
        XINQIAO_ASSIGN_OR_RETURN(id, r.Accounts().Insert(a, clock_.NowUnixMillis()));
        return Audit(r, actor, "account.create", std::to_string(id));
    }));
    return id;
}

Status AuthService::ResetPassword(const Actor& actor, const std::string& login, const std::string& password) {
    XINQIAO_ASSIGN_OR_RETURN(const std::string normalized, NormalizeLogin(login));
    XINQIAO_RETURN_IF_ERROR(CheckPassword(password));
    XINQIAO_ASSIGN_OR_RETURN(const std::string hash, hasher_.Hash(password));
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto account, r.Accounts().FindByLogin(normalized));
        XINQIAO_RETURN_IF_ERROR(r.Accounts().UpdatePassword(account.id, hash));
        XINQIAO_RETURN_IF_ERROR(r.Sessions().RevokeAll(account.id));
        return Audit(r, actor, "account.reset_password", std::to_string(account.id));
    });
}

Result<ActivationCode> StoreNewActivationCode(Repositories& r, core::ports::RandomSource& random,
                                              std::int64_t account_id, std::int64_t now_ms) {
    ActivationCode out{core::auth::NewAccessCode(random, core::auth::kActivationCodeLength),
                       now_ms + kActivationLifetimeMs};
    XINQIAO_RETURN_IF_ERROR(r.SignInCodes().SetActivationCode(
        account_id, *core::auth::NormalizeAccessCode(out.code, core::auth::kActivationCodeLength), now_ms,
        out.expires_ms));
    return out;
}

Result<ActivationCode> AuthService::IssueActivation(const Actor& actor, const std::string& login) {
    XINQIAO_ASSIGN_OR_RETURN(const std::string normalized, NormalizeLogin(login));
    ActivationCode out;
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto account, r.Accounts().FindByLogin(normalized));
        XINQIAO_ASSIGN_OR_RETURN(const auto links, r.StudentLinks().Of(account.id));
        for (const auto& link : links) {
            if (link.relation == core::auth::StudentRelation::kSelf) {
                return Error::InvalidArgument("students sign in with the code sheet of their class, not an activation code",
                                              "/login");
            }
        }
        XINQIAO_ASSIGN_OR_RETURN(out, StoreNewActivationCode(r, random_, account.id, clock_.NowUnixMillis()));
        return Audit(r, actor, "account.issue_activation", std::to_string(account.id));
    }));
    return out;
}

Status AuthService::GrantRole(const Actor& actor, const std::string& login, core::auth::Role role,
                              core::org::OrgUnitId unit) {
    XINQIAO_ASSIGN_OR_RETURN(const std::string normalized, NormalizeLogin(login));
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto account, r.Accounts().FindByLogin(normalized));
        XINQIAO_RETURN_IF_ERROR(r.Grants().Add(account.id, role, unit));
        return Audit(r, actor, "account.grant." + std::string(core::auth::RoleName(role)), std::to_string(account.id));
    });
}

Status AuthService::RevokeRole(const Actor& actor, const std::string& login, core::auth::Role role,
                               core::org::OrgUnitId unit) {
    XINQIAO_ASSIGN_OR_RETURN(const std::string normalized, NormalizeLogin(login));
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto account, r.Accounts().FindByLogin(normalized));
        XINQIAO_RETURN_IF_ERROR(r.Grants().Remove(account.id, role, unit));
        return Audit(r, actor, "account.revoke." + std::string(core::auth::RoleName(role)), std::to_string(account.id));
    });
}

}  // namespace xinqiao::service
