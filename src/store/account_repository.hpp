#pragma once
// The account seams of core/ports over a Session: accounts, grants, sessions, student links,
// sign-in codes, invitations and client lockouts, one class each, all over the account tables.

#include "core/ports/accounts.hpp"
#include "core/ports/client_lockouts.hpp"
#include "core/ports/grants.hpp"
#include "core/ports/invitations.hpp"
#include "core/ports/sessions.hpp"
#include "core/ports/sign_in_codes.hpp"
#include "core/ports/student_links.hpp"
#include "store/crypto/keyring.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

class SqlAccountRepository final : public core::ports::AccountRepository {
public:
    SqlAccountRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Result<core::auth::Account> FindByLogin(const std::string& login) override;
    Result<core::auth::Account> Get(std::int64_t id) override;
    Result<core::auth::AccountPage> ListStaff(const std::string& path, const std::string& text, int page,
                                              int page_size) override;
    Result<std::int64_t> Insert(const core::auth::Account& a, std::int64_t now_ms) override;
    Status UpdatePassword(std::int64_t id, const std::string& password_hash) override;
    Status UpdateLockout(std::int64_t id, int failed_attempts, std::int64_t locked_until_ms) override;
    Status SetDisabled(std::int64_t id, bool disabled) override;
    Status SetDisplayName(std::int64_t id, const std::string& display_name) override;
    Status SetSecondFactor(std::int64_t id, const std::string& totp_secret,
                           const std::vector<std::string>& recovery_codes) override;
    Status SetTotpLastStep(std::int64_t id, std::int64_t step) override;
    Result<bool> UseRecoveryCode(std::int64_t id, const std::string& code) override;

private:
    Result<core::auth::Account> OneAccount(Result<ResultSet> rs);

    Session& session_;
    const Keyring& keyring_;
};

class SqlGrantRepository final : public core::ports::GrantRepository {
public:
    explicit SqlGrantRepository(Session& session) : session_(session) {}

    Result<std::vector<core::auth::Grant>> Of(std::int64_t account_id) override;
    Status Add(std::int64_t account_id, core::auth::Role role, core::org::OrgUnitId unit) override;
    Status Ensure(std::int64_t account_id, core::auth::Role role, core::org::OrgUnitId unit) override;
    Status Remove(std::int64_t account_id, core::auth::Role role, core::org::OrgUnitId unit) override;

private:
    Session& session_;
};

class SqlSessionRepository final : public core::ports::SessionRepository {
public:
    explicit SqlSessionRepository(Session& session) : session_(session) {}

    Status Insert(const std::string& token, const core::auth::SessionRecord& s) override;
    Result<core::auth::SessionRecord> Find(const std::string& token) override;
    Status Touch(const std::string& token, std::int64_t now_ms) override;
    Status Revoke(const std::string& token) override;
    Status RevokeAll(std::int64_t account_id) override;

private:
    Session& session_;
};

class SqlStudentLinkRepository final : public core::ports::StudentLinkRepository {
public:
    explicit SqlStudentLinkRepository(Session& session) : session_(session) {}

    Status Link(std::int64_t account_id, const core::auth::StudentLink& link, std::int64_t now_ms) override;
    Status Unlink(std::int64_t account_id, const core::auth::StudentLink& link) override;
    Result<std::vector<core::auth::StudentRelation>> RelationsTo(std::int64_t account_id,
                                                                 std::int64_t student) override;
    Result<std::vector<core::auth::StudentLink>> Of(std::int64_t account_id) override;
    Result<std::optional<std::int64_t>> StudentAccount(std::int64_t student) override;

private:
    Session& session_;
};

class SqlSignInCodeRepository final : public core::ports::SignInCodeRepository {
public:
    SqlSignInCodeRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Status SetStudentCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms) override;
    Result<std::vector<core::auth::StudentCodeCandidate>> StudentCodeCandidates(const std::string& student_number,
                                                                                const std::string& code) override;
    Status SetActivationCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms,
                             std::int64_t expires_ms) override;
    Result<bool> UseActivationCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms) override;

private:
    Session& session_;
    const Keyring& keyring_;
};

class SqlInvitationRepository final : public core::ports::InvitationRepository {
public:
    SqlInvitationRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Status Insert(const std::string& code, std::int64_t student, std::int64_t issued_by, std::int64_t now_ms,
                  std::int64_t expires_ms) override;
    Result<std::optional<core::auth::GuardianInvitation>> Find(const std::string& code) override;
    Status MarkRedeemed(std::int64_t invitation_id, std::int64_t account_id, std::int64_t now_ms) override;

private:
    Session& session_;
    const Keyring& keyring_;
};

class SqlClientLockoutRepository final : public core::ports::ClientLockoutRepository {
public:
    explicit SqlClientLockoutRepository(Session& session) : session_(session) {}

    Result<core::auth::ClientFailures> Get(const std::string& client) override;
    Status Put(const std::string& client, const core::auth::ClientFailures& f) override;

private:
    Session& session_;
};

}  // namespace xinqiao::store
