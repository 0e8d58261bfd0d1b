#include "store/account_repository.hpp"

#include "core/common/text.hpp"
#include "store/crypto/digest.hpp"
#include "store/sealed_columns.hpp"
#include "store/sql_builder.hpp"

namespace xinqiao::store {
namespace {

using core::Error;
using core::auth::Account;

constexpr const char* kAccountColumns =
    "id, login, display_name, password_hash, is_disabled, failed_attempts, locked_until_ms, totp_secret_enc, "
    "totp_last_step";
constexpr const char* kTotpContext = kTotpSecret.context;
constexpr const char* kSetTotp = "UPDATE accounts SET totp_secret_enc = $2, totp_last_step = 0 WHERE id = $1";
constexpr const char* kSetTotpStep = "UPDATE accounts SET totp_last_step = $2 WHERE id = $1";
constexpr const char* kDeleteRecovery = "DELETE FROM recovery_codes WHERE account_id = $1";
constexpr const char* kInsertRecovery = "INSERT INTO recovery_codes (account_id, code_hash, used) VALUES ($1, $2, 0)";
constexpr const char* kUseRecovery =
    "UPDATE recovery_codes SET used = 1 WHERE account_id = $1 AND code_hash = $2 AND used = 0";
const std::string kSelectByLogin = std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE login = $1";
const std::string kSelectById = std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id = $1";
constexpr const char* kInsert =
    "INSERT INTO accounts (login, display_name, password_hash, is_disabled, created_ms) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id";
constexpr const char* kUpdatePassword =
    "UPDATE accounts SET password_hash = $2, failed_attempts = 0, locked_until_ms = 0 WHERE id = $1";
constexpr const char* kUpdateLockout = "UPDATE accounts SET failed_attempts = $2, locked_until_ms = $3 WHERE id = $1";
constexpr const char* kSetDisabled = "UPDATE accounts SET is_disabled = $2 WHERE id = $1";
constexpr const char* kSetDisplayName = "UPDATE accounts SET display_name = $2 WHERE id = $1";
constexpr const char* kSelectGrants =
    "SELECT g.role, g.org_unit_id, u.path FROM grants g JOIN org_units u ON u.id = g.org_unit_id "
    "WHERE g.account_id = $1 ORDER BY g.id";
constexpr const char* kStaffInSubtree =
    "a.id IN (SELECT g.account_id FROM grants g JOIN org_units u ON u.id = g.org_unit_id "
    "WHERE u.path >= $1 AND u.path < $2 AND g.role NOT IN ('student', 'guardian'))";
constexpr const char* kListStaffColumns =
    "SELECT a.id, a.login, a.display_name, a.is_disabled, CASE WHEN a.password_hash = '' THEN 0 ELSE 1 END "
    "FROM accounts a WHERE ";
constexpr const char* kInsertGrant = "INSERT INTO grants (account_id, role, org_unit_id) VALUES ($1, $2, $3)";
constexpr const char* kEnsureGrant =
    "INSERT INTO grants (account_id, role, org_unit_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
constexpr const char* kDeleteGrant = "DELETE FROM grants WHERE account_id = $1 AND role = $2 AND org_unit_id = $3";
constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, account_id, csrf_token, created_ms, last_seen_ms, revoked) "
    "VALUES ($1, $2, $3, $4, $5, 0)";
constexpr const char* kSelectSession =
    "SELECT account_id, csrf_token, created_ms, last_seen_ms, revoked FROM sessions WHERE token_hash = $1";
constexpr const char* kTouchSession = "UPDATE sessions SET last_seen_ms = $2 WHERE token_hash = $1";
constexpr const char* kRevokeSession = "UPDATE sessions SET revoked = 1 WHERE token_hash = $1";
constexpr const char* kRevokeAll = "UPDATE sessions SET revoked = 1 WHERE account_id = $1";
constexpr const char* kSelectClient =
    "SELECT failed_attempts, locked_until_ms FROM client_sign_in_failures WHERE client = $1";
constexpr const char* kDeleteClient = "DELETE FROM client_sign_in_failures WHERE client = $1";
constexpr const char* kInsertClient =
    "INSERT INTO client_sign_in_failures (client, failed_attempts, locked_until_ms) VALUES ($1, $2, $3)";

constexpr const char* kLink =
    "INSERT INTO account_students (account_id, student_id, relation, created_ms) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT DO NOTHING";
constexpr const char* kUnlink = "DELETE FROM account_students WHERE account_id = $1 AND student_id = $2 AND relation = $3";
constexpr const char* kRelationsTo = "SELECT relation FROM account_students WHERE account_id = $1 AND student_id = $2";
constexpr const char* kLinks =
    "SELECT student_id, relation FROM account_students WHERE account_id = $1 ORDER BY student_id, relation";
constexpr const char* kStudentAccount =
    "SELECT account_id FROM account_students WHERE student_id = $1 AND relation = 'self' ORDER BY account_id LIMIT 1";
constexpr const char* kDeleteStudentCode = "DELETE FROM student_sign_in_codes WHERE account_id = $1";
constexpr const char* kInsertStudentCode =
    "INSERT INTO student_sign_in_codes (account_id, code_hash, issued_ms) VALUES ($1, $2, $3)";
constexpr const char* kStudentCodeCandidates =
    "SELECT l.account_id, COALESCE(c.code_hash, '') FROM students s "
    "JOIN account_students l ON l.student_id = s.id AND l.relation = 'self' "
    "LEFT JOIN student_sign_in_codes c ON c.account_id = l.account_id "
    "WHERE s.student_number = $1 ORDER BY l.account_id LIMIT 16";
constexpr const char* kInsertInvitation =
    "INSERT INTO guardian_invitations (code_hash, student_id, issued_by, issued_ms, expires_ms) "
    "VALUES ($1, $2, $3, $4, $5)";
constexpr const char* kFindInvitation =
    "SELECT id, student_id, expires_ms, redeemed_by IS NOT NULL FROM guardian_invitations WHERE code_hash = $1";
constexpr const char* kRedeemInvitation =
    "UPDATE guardian_invitations SET redeemed_by = $2, redeemed_ms = $3 WHERE id = $1 AND redeemed_by IS NULL";
constexpr const char* kDeleteActivation = "DELETE FROM staff_activations WHERE account_id = $1";
constexpr const char* kInsertActivation =
    "INSERT INTO staff_activations (account_id, code_hash, issued_ms, expires_ms) VALUES ($1, $2, $3, $4)";
constexpr const char* kSelectActivation = "SELECT code_hash, expires_ms FROM staff_activations WHERE account_id = $1";

// Codes are hashed in their own namespace of the lookup key, apart from phones and ID numbers.
std::string StudentCodeKey(const Keyring& k, const std::string& code) { return k.LookupHash("student-code:" + code); }
std::string InvitationKey(const Keyring& k, const std::string& code) { return k.LookupHash("invitation:" + code); }
std::string ActivationKey(const Keyring& k, const std::string& code) { return k.LookupHash("activation:" + code); }

std::optional<core::auth::StudentRelation> ParseRelation(std::string_view name) {
    using core::auth::StudentRelation;
    for (StudentRelation r : {StudentRelation::kSelf, StudentRelation::kChild, StudentRelation::kPaired}) {
        if (core::auth::StudentRelationName(r) == name) return r;
    }
    return std::nullopt;
}

}  // namespace

Result<Account> SqlAccountRepository::OneAccount(Result<ResultSet> rs) {
    if (!rs) return std::move(rs).error();
    XINQIAO_ASSIGN_OR_RETURN(auto account, rs->First([&](Row& row) -> Result<Account> {
        Account a;
        a.id = row.Int();
        a.login = row.Text();
        a.display_name = row.Text();
        a.password_hash = row.Text();
        a.is_disabled = row.Bool();
        a.failed_attempts = static_cast<int>(row.Int());
        a.locked_until_ms = row.Int();
        if (const auto sealed = row.View(); !sealed.empty()) {
            XINQIAO_ASSIGN_OR_RETURN(a.totp_secret, keyring_.Decrypt(sealed, kTotpContext));
        }
        a.totp_last_step = row.Int();
        return a;
    }));
    if (!account) return Error::NotFound("no such account");
    return std::move(*account);
}

namespace {

// Sessions are looked up by a digest of the token, never the token itself.
std::string TokenKey(const std::string& token) { return HexDigest(DigestAlgorithm::kSha256, token); }

}  // namespace

Result<Account> SqlAccountRepository::FindByLogin(const std::string& login) {
    return OneAccount(session_.Query(kSelectByLogin, {login}));
}

Result<Account> SqlAccountRepository::Get(std::int64_t id) { return OneAccount(session_.Query(kSelectById, {id})); }

Result<std::int64_t> SqlAccountRepository::Insert(const Account& a, std::int64_t now_ms) {
    auto rs = session_.Query(kInsert, {a.login, a.display_name, a.password_hash, std::int64_t{a.is_disabled}, now_ms});
    if (!rs) {
        if (rs.error().code == core::ErrorCode::kAlreadyExists) {
            return Error::AlreadyExists("this login is already taken", "/login");
        }
        return std::move(rs).error();
    }
    return rs->Int();
}

Status SqlAccountRepository::UpdatePassword(std::int64_t id, const std::string& password_hash) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kUpdatePassword, {id, password_hash}));
    return core::Ok();
}

Status SqlAccountRepository::UpdateLockout(std::int64_t id, int failed_attempts, std::int64_t locked_until_ms) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kUpdateLockout, {id, std::int64_t{failed_attempts}, locked_until_ms}));
    return core::Ok();
}

Status SqlAccountRepository::SetSecondFactor(std::int64_t id, const std::string& totp_secret,
                                             const std::vector<std::string>& recovery_codes) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kSetTotp, {id, keyring_.Encrypt(totp_secret, kTotpContext)}));
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kDeleteRecovery, {id}));
    for (const auto& code : recovery_codes) {
        XINQIAO_RETURN_IF_ERROR(session_.Execute(kInsertRecovery, {id, keyring_.LookupHash("recovery:" + code)}));
    }
    return core::Ok();
}

Status SqlAccountRepository::SetTotpLastStep(std::int64_t id, std::int64_t step) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kSetTotpStep, {id, step}));
    return core::Ok();
}

Result<bool> SqlAccountRepository::UseRecoveryCode(std::int64_t id, const std::string& code) {
    XINQIAO_ASSIGN_OR_RETURN(const auto n, session_.Execute(kUseRecovery, {id, keyring_.LookupHash("recovery:" + code)}));
    return n == 1;
}

Status SqlAccountRepository::SetDisplayName(std::int64_t id, const std::string& display_name) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kSetDisplayName, {id, display_name}));
    return core::Ok();
}

Status SqlAccountRepository::SetDisabled(std::int64_t id, bool disabled) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kSetDisabled, {id, std::int64_t{disabled}}));
    return core::Ok();
}

Result<core::auth::AccountPage> SqlAccountRepository::ListStaff(const std::string& path, const std::string& text,
                                                                int page, int page_size) {
    SqlBuilder f;
    f.params = {path, core::org::SubtreeUpperBound(path)};
    f.Text(kStaffInSubtree);
    if (!text.empty()) {
        const std::string pattern = LikeContains(text);
        f.Add(" AND (lower(a.login) LIKE ", pattern, " ESCAPE '\\'");
        f.Add(" OR lower(a.display_name) LIKE ", pattern, " ESCAPE '\\')");
    }
    core::auth::AccountPage out;
    {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query("SELECT COUNT(*) FROM accounts a WHERE " + f.sql, f.params));
        out.total = rs.Int();
    }
    const std::int64_t offset = static_cast<std::int64_t>(page - 1) * page_size;
    if (offset >= out.total) return out;
    f.Add(" ORDER BY a.login LIMIT ", std::int64_t{page_size});
    f.Add(" OFFSET ", offset);
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kListStaffColumns + f.sql, f.params));
    out.items = rs.Map([](Row& row) {
        // Braces evaluate left to right: the fields in SELECT order.
        return core::auth::AccountListItem{row.Int(), row.Text(), row.Text(), row.Bool(), row.Bool()};
    });
    return out;
}

Result<std::vector<core::auth::Grant>> SqlGrantRepository::Of(std::int64_t account_id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSelectGrants, {account_id}));
    std::vector<core::auth::Grant> grants;
    rs.Each([&](Row& row) {
        const auto role = core::auth::ParseRole(row.View());
        const std::int64_t unit = row.Int();
        std::string path = row.Text();
        if (!role) return;  // a role this release does not know grants nothing
        grants.push_back({*role, unit, std::move(path)});
    });
    return grants;
}

Status SqlGrantRepository::Add(std::int64_t account_id, core::auth::Role role, core::org::OrgUnitId unit) {
    auto r = session_.Execute(kInsertGrant, {account_id, std::string(core::auth::RoleName(role)), unit});
    if (!r) {
        if (r.error().code == core::ErrorCode::kAlreadyExists) return Error::AlreadyExists("the account already has this grant");
        if (r.error().code == core::ErrorCode::kFailedPrecondition) return Error::InvalidArgument("no such org unit", "/org_unit_id");
        return std::move(r).error();
    }
    return core::Ok();
}

Status SqlGrantRepository::Ensure(std::int64_t account_id, core::auth::Role role, core::org::OrgUnitId unit) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kEnsureGrant, {account_id, std::string(core::auth::RoleName(role)), unit}));
    return core::Ok();
}

Status SqlGrantRepository::Remove(std::int64_t account_id, core::auth::Role role, core::org::OrgUnitId unit) {
    XINQIAO_ASSIGN_OR_RETURN(auto n, session_.Execute(kDeleteGrant, {account_id, std::string(core::auth::RoleName(role)), unit}));
    if (n == 0) return Error::NotFound("the account has no such grant");
    return core::Ok();
}

Status SqlSessionRepository::Insert(const std::string& token, const core::auth::SessionRecord& s) {
    XINQIAO_RETURN_IF_ERROR(
        session_.Execute(kInsertSession, {TokenKey(token), s.account_id, s.csrf_token, s.created_ms, s.last_seen_ms}));
    return core::Ok();
}

Result<core::auth::SessionRecord> SqlSessionRepository::Find(const std::string& token) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSelectSession, {TokenKey(token)}));
    auto found = rs.First([](Row& row) {
        core::auth::SessionRecord s;
        s.account_id = row.Int();
        s.csrf_token = row.Text();
        s.created_ms = row.Int();
        s.last_seen_ms = row.Int();
        s.revoked = row.Bool();
        return s;
    });
    if (!found) return Error::NotFound("no such session");
    return std::move(*found);
}

Status SqlSessionRepository::Touch(const std::string& token, std::int64_t now_ms) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kTouchSession, {TokenKey(token), now_ms}));
    return core::Ok();
}

Status SqlSessionRepository::Revoke(const std::string& token) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kRevokeSession, {TokenKey(token)}));
    return core::Ok();
}

Status SqlSessionRepository::RevokeAll(std::int64_t account_id) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kRevokeAll, {account_id}));
    return core::Ok();
}

Status SqlStudentLinkRepository::Link(std::int64_t account_id, const core::auth::StudentLink& link,
                                      std::int64_t now_ms) {
    auto r = session_.Execute(
        kLink, {account_id, link.student_id, std::string(core::auth::StudentRelationName(link.relation)), now_ms});
    if (!r) {
        if (r.error().code == core::ErrorCode::kFailedPrecondition) return Error::NotFound("no such student or account");
        return std::move(r).error();
    }
    return core::Ok();
}

Status SqlStudentLinkRepository::Unlink(std::int64_t account_id, const core::auth::StudentLink& link) {
    XINQIAO_ASSIGN_OR_RETURN(const auto n,
                             session_.Execute(kUnlink, {account_id, link.student_id,
                                                        std::string(core::auth::StudentRelationName(link.relation))}));
    if (n == 0) return Error::NotFound("there is no such link");
    return core::Ok();
}

Result<std::vector<core::auth::StudentRelation>> SqlStudentLinkRepository::RelationsTo(std::int64_t account_id,
                                                                                       std::int64_t student) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kRelationsTo, {account_id, student}));
    std::vector<core::auth::StudentRelation> out;
    rs.Each([&](Row& row) {
        if (const auto rel = ParseRelation(row.View())) out.push_back(*rel);
    });
    return out;
}

Result<std::vector<core::auth::StudentLink>> SqlStudentLinkRepository::Of(std::int64_t account_id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kLinks, {account_id}));
    std::vector<core::auth::StudentLink> out;
    rs.Each([&](Row& row) {
        const std::int64_t student = row.Int();
        if (const auto rel = ParseRelation(row.View())) out.push_back({student, *rel});
    });
    return out;
}

Result<std::optional<std::int64_t>> SqlStudentLinkRepository::StudentAccount(std::int64_t student) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kStudentAccount, {student}));
    return rs.OptInt();
}

Status SqlSignInCodeRepository::SetStudentCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kDeleteStudentCode, {account_id}));
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kInsertStudentCode, {account_id, StudentCodeKey(keyring_, code), now_ms}));
    return core::Ok();
}

Result<std::vector<core::auth::StudentCodeCandidate>> SqlSignInCodeRepository::StudentCodeCandidates(
    const std::string& student_number, const std::string& code) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kStudentCodeCandidates, {student_number}));
    const std::string key = StudentCodeKey(keyring_, code);
    std::vector<core::auth::StudentCodeCandidate> out;
    rs.Each([&](Row& row) {
        const std::int64_t account = row.Int();
        const std::string_view stored = row.View();
        out.push_back({account, !stored.empty() && core::ConstantTimeEquals(stored, key)});
    });
    return out;
}

Status SqlInvitationRepository::Insert(const std::string& code, std::int64_t student, std::int64_t issued_by,
                                       std::int64_t now_ms, std::int64_t expires_ms) {
    XINQIAO_RETURN_IF_ERROR(
        session_.Execute(kInsertInvitation, {InvitationKey(keyring_, code), student, issued_by, now_ms, expires_ms}));
    return core::Ok();
}

Result<std::optional<core::auth::GuardianInvitation>> SqlInvitationRepository::Find(const std::string& code) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kFindInvitation, {InvitationKey(keyring_, code)}));
    return rs.First([](Row& row) {
        return core::auth::GuardianInvitation{row.Int(), row.Int(), row.Int(), row.Bool()};
    });
}

Status SqlInvitationRepository::MarkRedeemed(std::int64_t invitation_id, std::int64_t account_id, std::int64_t now_ms) {
    XINQIAO_ASSIGN_OR_RETURN(const auto n, session_.Execute(kRedeemInvitation, {invitation_id, account_id, now_ms}));
    if (n == 0) return Error::FailedPrecondition("this invitation has already been used");
    return core::Ok();
}

Status SqlSignInCodeRepository::SetActivationCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms,
                                                  std::int64_t expires_ms) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kDeleteActivation, {account_id}));
    XINQIAO_RETURN_IF_ERROR(
        session_.Execute(kInsertActivation, {account_id, ActivationKey(keyring_, code), now_ms, expires_ms}));
    return core::Ok();
}

Result<bool> SqlSignInCodeRepository::UseActivationCode(std::int64_t account_id, const std::string& code,
                                                        std::int64_t now_ms) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSelectActivation, {account_id}));
    const auto valid = rs.First([&](Row& row) {
        const std::string stored = row.Text();
        const std::int64_t expires_ms = row.Int();
        return expires_ms > now_ms && core::ConstantTimeEquals(stored, ActivationKey(keyring_, code));
    });
    if (!valid.value_or(false)) return false;
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kDeleteActivation, {account_id}));
    return true;
}

Result<core::auth::ClientFailures> SqlClientLockoutRepository::Get(const std::string& client) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSelectClient, {client}));
    return rs.First([](Row& row) {
                 return core::auth::ClientFailures{static_cast<int>(row.Int()), row.Int()};
             })
        .value_or(core::auth::ClientFailures{});
}

Status SqlClientLockoutRepository::Put(const std::string& client, const core::auth::ClientFailures& f) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kDeleteClient, {client}));
    if (f.failed_attempts > 0) {
        XINQIAO_RETURN_IF_ERROR(
            session_.Execute(kInsertClient, {client, std::int64_t{f.failed_attempts}, f.locked_until_ms}));
    }
    return core::Ok();
}

}  // namespace xinqiao::store
