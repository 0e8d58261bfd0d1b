#pragma once
// AccountRepository over a Session.

#include "core/ports/data_store.hpp"
#include "store/crypto/keyring.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

class SqlAccountRepository final : public core::ports::AccountRepository {
public:
    SqlAccountRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Result<core::ports::Account> FindByLogin(const std::string& login) override;
    Result<core::ports::Account> Get(std::int64_t id) override;
    Result<core::ports::AccountPage> ListStaff(const std::string& path, const std::string& text, int page,
                                               int page_size) override;
    Result<std::int64_t> Insert(const core::ports::Account& a, std::int64_t now_ms) override;
    Status UpdatePassword(std::int64_t id, const std::string& password_hash) override;
    Status UpdateLockout(std::int64_t id, int failed_attempts, std::int64_t locked_until_ms) override;
    Status SetDisabled(std::int64_t id, bool disabled) override;
    Status SetDisplayName(std::int64_t id, const std::string& display_name) override;
    Status SetSecondFactor(std::int64_t id, const std::string& totp_secret,
                           const std::vector<std::string>& recovery_codes) override;
    Status SetTotpLastStep(std::int64_t id, std::int64_t step) override;
    Result<bool> UseRecoveryCode(std::int64_t id, const std::string& code) override;

    Result<std::vector<core::auth::Grant>> Grants(std::int64_t account_id) override;
    Status AddGrant(std::int64_t account_id, core::auth::Role role, core::org::OrgUnitId unit) override;
    Status EnsureGrant(std::int64_t account_id, core::auth::Role role, core::org::OrgUnitId unit) override;
    Status RemoveGrant(std::int64_t account_id, core::auth::Role role, core::org::OrgUnitId unit) override;

    Status Link(std::int64_t account_id, const core::ports::StudentLink& link, std::int64_t now_ms) override;
    Status Unlink(std::int64_t account_id, const core::ports::StudentLink& link) override;
    Result<std::vector<core::ports::StudentRelation>> RelationsTo(std::int64_t account_id,
                                                                  std::int64_t student) override;
    Result<std::vector<core::ports::StudentLink>> Links(std::int64_t account_id) override;
    Result<std::optional<std::int64_t>> StudentAccount(std::int64_t student) override;
    Status SetStudentCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms) override;
    Result<std::vector<core::ports::StudentCodeCandidate>> StudentCodeCandidates(const std::string& student_number,
                                                                                 const std::string& code) override;
    Status InsertInvitation(const std::string& code, std::int64_t student, std::int64_t issued_by,
                            std::int64_t now_ms, std::int64_t expires_ms) override;
    Result<std::optional<core::ports::GuardianInvitation>> FindInvitation(const std::string& code) override;
    Status MarkInvitationRedeemed(std::int64_t invitation_id, std::int64_t account_id, std::int64_t now_ms) override;
    Status SetActivationCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms,
                             std::int64_t expires_ms) override;
    Result<bool> UseActivationCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms) override;

    Status InsertSession(const std::string& token, const core::ports::SessionRecord& s) override;
    Result<core::ports::SessionRecord> FindSession(const std::string& token) override;
    Status TouchSession(const std::string& token, std::int64_t now_ms) override;
    Status RevokeSession(const std::string& token) override;
    Status RevokeAllSessions(std::int64_t account_id) override;

    Result<core::ports::ClientFailures> GetClientFailures(const std::string& client) override;
    Status PutClientFailures(const std::string& client, const core::ports::ClientFailures& f) override;

private:
    Result<core::ports::Account> OneAccount(Result<ResultSet> rs);

    Session& session_;
    const Keyring& keyring_;
};

}  // namespace xinqiao::store
