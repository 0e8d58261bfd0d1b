#pragma once
// What the service layer needs from storage, declared here and implemented by store/ (the way
// LevelDB's Env is declared by the engine and implemented per platform). Services run one
// transaction per use case through DataStore and reach tables only through the repositories
// it hands them.
//
// Threading: every method blocks on the database. Call them from a database executor (the
// HTTP layer's worker pool), never from an I/O thread. Repositories live only for the
// transaction they were handed in and must not escape it.

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "core/audit/audit_chain.hpp"
#include "core/audit/audit_query.hpp"
#include "core/auth/policy.hpp"
#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"
#include "core/people/student.hpp"
#include "core/people/student_query.hpp"
#include "core/ports/alert_repository.hpp"
#include "core/ports/case_repository.hpp"
#include "core/ports/referral_repository.hpp"
#include "core/ports/team_repository.hpp"
#include "core/ports/screening_repository.hpp"
#include "core/ports/webhook_repository.hpp"

namespace xinqiao::core::ports {

// How much lies under a unit (itself included): what the org tree browser shows.
struct SubtreeCounts {
    std::int64_t schools = 0;
    std::int64_t classes = 0;
    std::int64_t students = 0;
};

class OrgRepository {
public:
    virtual ~OrgRepository() = default;
    // kNotFound if there is no unit `id`.
    virtual Result<org::OrgUnit> Get(org::OrgUnitId id) = 0;
    // Units with the given ids, in no particular order; missing ids are skipped.
    virtual Result<std::vector<org::OrgUnit>> GetMany(const std::vector<org::OrgUnitId>& ids) = 0;
    // Top-level units, by name.
    virtual Result<std::vector<org::OrgUnit>> ListRoots() = 0;
    // Direct children of `id`, by kind then name.
    virtual Result<std::vector<org::OrgUnit>> Children(org::OrgUnitId id) = 0;
    // `root` and every unit under it, parents before their children (by depth).
    virtual Result<std::vector<org::OrgUnit>> Subtree(const org::OrgUnit& root) = 0;
    // Schools, classes and students in the subtree of `path`.
    virtual Result<SubtreeCounts> Counts(const std::string& path) = 0;
    // Units in the subtree of `path` whose name contains `text` (literally, no wildcards),
    // shallowest first, at most `limit`.
    virtual Result<std::vector<org::OrgUnit>> Search(const std::string& path, const std::string& text, int limit) = 0;
    // Inserts a unit under `parent` (nullptr for a root); derives id, path, depth, county_id.
    // kAlreadyExists if a sibling has the same name.
    virtual Result<org::OrgUnit> Create(const org::NewOrgUnit& unit, const org::OrgUnit* parent) = 0;
    // Stores name, code, stage and is_boarding of `unit`. kAlreadyExists on a sibling's name.
    virtual Status UpdateAttributes(const org::OrgUnit& unit) = 0;
    // Moves the subtree of `unit` under `new_parent` (nullptr: to the top), rewriting path,
    // depth and county_id of every unit and student below it.
    // Requires: ValidateMove(unit, new_parent) succeeded.
    virtual Result<org::OrgUnit> Move(const org::OrgUnit& unit, const org::OrgUnit* new_parent) = 0;
};

class StudentRepository {
public:
    virtual ~StudentRepository() = default;
    // Students whose class lies in the subtree at `path`, one page, with the total count.
    virtual Result<people::StudentPage> ListInSubtree(const std::string& path, const people::StudentQuery& q) = 0;
    // Inserts a student whose placement fields (county, school, grade, class, org_path) are set.
    // kAlreadyExists if the student number is taken in that school.
    virtual Result<people::StudentId> Insert(const people::Student& s) = 0;
    // The student with this student number in `school`, if any.
    virtual Result<std::optional<people::Student>> FindByNumber(org::OrgUnitId school, const std::string& number) = 0;
    // The student with this ID number (by keyed hash), if any.
    virtual Result<std::optional<people::StudentId>> FindByIdNumber(const std::string& id_number) = 0;
    // Stores every field and the placement of `s` (by s.id).
    virtual Status Update(const people::Student& s) = 0;
    // Adds a guardian unless the student already has one with this phone (or, without a phone,
    // this name). Returns whether one was added.
    virtual Result<bool> AddGuardianIfNew(const people::Guardian& g) = 0;

    // kNotFound if there is no student `id`.
    virtual Result<people::Student> Get(people::StudentId id) = 0;
    // The student's guardians, primary first.
    virtual Result<std::vector<people::Guardian>> Guardians(people::StudentId id) = 0;
    // Every student of the class `class_id`, by student number.
    virtual Result<std::vector<people::Student>> ListClass(org::OrgUnitId class_id) = 0;
    // The staff record of an account, if it has one.
    virtual Result<std::optional<people::StaffMember>> StaffByAccount(std::int64_t account_id) = 0;
    // Inserts `m` (m.id == 0; returns the new id) or updates the record with m.id.
    virtual Result<people::StaffId> PutStaff(const people::StaffMember& m) = 0;

    // Notes (T3, sealed at rest), oldest first.
    virtual Result<people::StudentNote> AddNote(const people::StudentNote& note) = 0;
    virtual Result<std::vector<people::StudentNote>> Notes(people::StudentId id) = 0;
};

// The append-only audit trail.
class AuditRepository {
public:
    virtual ~AuditRepository() = default;
    // Seals `entry` onto the end of the chain (its id, prev_hash and hash are set here) and
    // stores it in the current transaction: it commits or rolls back with the operation it
    // records. Appends are serialized across connections and processes.
    virtual Result<audit::AuditEntry> Append(audit::AuditEntry entry) = 0;
    // Entries matching `q` whose org_path lies under one of `scopes` (materialized paths), or
    // is "/" (system-wide entries) when `include_global`; newest first.
    virtual Result<audit::AuditPage> Query(const audit::AuditQuery& q, const std::vector<std::string>& scopes,
                                           bool include_global) = 0;
};

struct Account {
    std::int64_t id = 0;
    std::string login;  // lower case, unique
    std::string display_name;
    std::string password_hash;
    bool is_disabled = false;
    int failed_attempts = 0;        // consecutive failed sign-ins
    std::int64_t locked_until_ms = 0;
    std::string totp_secret;        // base32, opened from its sealed column; empty = not enrolled
    std::int64_t totp_last_step = 0;
};

struct SessionRecord {
    std::int64_t account_id = 0;
    std::string csrf_token;
    std::int64_t created_ms = 0;
    std::int64_t last_seen_ms = 0;
    bool revoked = false;
};

// How an account relates to a student, beyond its grants' subtrees (core/auth/policy.hpp).
enum class StudentRelation {
    kSelf,    // the student's own account
    kChild,   // a guardian's child
    kPaired,  // a teacher paired with the student (师生结对)
    kReferred,  // the student is referred to a hospital where the account works (not stored as a link)
};
inline std::string_view StudentRelationName(StudentRelation r) {
    switch (r) {
        case StudentRelation::kSelf: return "self";
        case StudentRelation::kChild: return "child";
        case StudentRelation::kPaired: return "paired";
        case StudentRelation::kReferred: return "referred";
    }
    return "unknown";
}

// An account as the list of users shows it.
struct AccountListItem {
    std::int64_t id = 0;
    std::string login;
    std::string display_name;
    bool disabled = false;
    bool activated = false;  // has a password (an imported account waits for activation)
};

struct AccountPage {
    std::vector<AccountListItem> items;
    std::int64_t total = 0;
};

struct StudentLink {
    people::StudentId student_id = 0;
    StudentRelation relation = StudentRelation::kSelf;
};

// One student account whose student has a given student number, and whether the code typed
// matches its current sign-in code.
struct StudentCodeCandidate {
    std::int64_t account_id = 0;
    bool code_matches = false;
};

struct GuardianInvitation {
    std::int64_t id = 0;
    people::StudentId student_id = 0;
    std::int64_t expires_ms = 0;
    bool redeemed = false;
};

struct ClientFailures {
    int failed_attempts = 0;
    std::int64_t locked_until_ms = 0;
};

// Accounts, grants and sessions. Session tokens are given in the clear and stored as digests.
class AccountRepository {
public:
    virtual ~AccountRepository() = default;
    // kNotFound if there is no such account.
    virtual Result<Account> FindByLogin(const std::string& login) = 0;
    virtual Result<Account> Get(std::int64_t id) = 0;
    // kAlreadyExists if the login is taken.
    virtual Result<std::int64_t> Insert(const Account& a, std::int64_t now_ms) = 0;
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

    // Grants with their units' paths. kAlreadyExists for a duplicate grant; kNotFound when
    // revoking one that does not exist.
    virtual Result<std::vector<auth::Grant>> Grants(std::int64_t account_id) = 0;
    // Accounts holding a grant other than student or guardian on a unit in the subtree of
    // `path`, whose login or display name contains `text` (all if empty), by login; one page
    // (1-based).
    virtual Result<AccountPage> ListStaff(const std::string& path, const std::string& text, int page,
                                          int page_size) = 0;
    virtual Status AddGrant(std::int64_t account_id, auth::Role role, org::OrgUnitId unit) = 0;
    // AddGrant that is a no-op when the grant exists (safe inside a PostgreSQL transaction,
    // where a failed statement would abort it).
    virtual Status EnsureGrant(std::int64_t account_id, auth::Role role, org::OrgUnitId unit) = 0;
    virtual Status RemoveGrant(std::int64_t account_id, auth::Role role, org::OrgUnitId unit) = 0;

    virtual Status InsertSession(const std::string& token, const SessionRecord& s) = 0;
    // kNotFound for an unknown token.
    virtual Result<SessionRecord> FindSession(const std::string& token) = 0;
    virtual Status TouchSession(const std::string& token, std::int64_t now_ms) = 0;
    virtual Status RevokeSession(const std::string& token) = 0;
    virtual Status RevokeAllSessions(std::int64_t account_id) = 0;

    // Links between accounts and students. Link is idempotent; Unlink answers kNotFound for a
    // link that does not exist.
    virtual Status Link(std::int64_t account_id, const StudentLink& link, std::int64_t now_ms) = 0;
    virtual Status Unlink(std::int64_t account_id, const StudentLink& link) = 0;
    // The account's relations to one student (usually none or one).
    virtual Result<std::vector<StudentRelation>> RelationsTo(std::int64_t account_id, people::StudentId student) = 0;
    virtual Result<std::vector<StudentLink>> Links(std::int64_t account_id) = 0;
    // The student's own account, if it has one.
    virtual Result<std::optional<std::int64_t>> StudentAccount(people::StudentId student) = 0;

    // Student sign-in codes, kept only as keyed hashes of their canonical form.
    virtual Status SetStudentCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms) = 0;
    virtual Result<std::vector<StudentCodeCandidate>> StudentCodeCandidates(const std::string& student_number,
                                                                            const std::string& code) = 0;

    // Guardian invitations, kept only as keyed hashes of their canonical code.
    virtual Status InsertInvitation(const std::string& code, people::StudentId student, std::int64_t issued_by,
                                    std::int64_t now_ms, std::int64_t expires_ms) = 0;
    virtual Result<std::optional<GuardianInvitation>> FindInvitation(const std::string& code) = 0;
    virtual Status MarkInvitationRedeemed(std::int64_t invitation_id, std::int64_t account_id,
                                          std::int64_t now_ms) = 0;

    // Staff activation codes, kept only as keyed hashes; one per account, replaced when reissued.
    virtual Status SetActivationCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms,
                                     std::int64_t expires_ms) = 0;
    // True, and the code is spent, if `code` is the account's activation code and unexpired.
    virtual Result<bool> UseActivationCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms) = 0;

    // Sign-in failures by client address (empty record for an unknown client).
    virtual Result<ClientFailures> GetClientFailures(const std::string& client) = 0;
    virtual Status PutClientFailures(const std::string& client, const ClientFailures& f) = 0;
};

// FindByLogin for callers to whom an unknown login is an answer, not an error: empty then.
inline Result<std::optional<Account>> FindAccount(AccountRepository& accounts, const std::string& login) {
    auto found = accounts.FindByLogin(login);
    if (found) return std::optional<Account>(std::move(found).value());
    if (found.error().code == ErrorCode::kNotFound) return std::optional<Account>();
    return std::move(found).error();
}

// Figures about the connection pool, for /metrics.
struct PoolFigures {
    std::string driver;          // "sqlite" or "postgresql"
    int connections = 0;         // open connections
    int in_use = 0;              // connections lent out right now
    std::uint64_t acquisitions = 0;
    std::uint64_t waits = 0;     // acquisitions that had to wait for a free connection
    double wait_seconds_total = 0;
    std::uint64_t failures = 0;  // transactions that ended in a driver error
    // SQLite: its one writer, which every write waits for. How many turns it took (each commits a
    // batch of writes), how many writes, and the time it spent in them (wall and CPU): its
    // share of the seconds is how close a server is to its write capacity.
    std::uint64_t writer_turns = 0;
    std::uint64_t writer_writes = 0;
    double writer_busy_seconds = 0;
    double writer_cpu_seconds = 0;
};

class Repositories {
public:
    virtual ~Repositories() = default;
    virtual OrgRepository& Orgs() = 0;
    virtual StudentRepository& Students() = 0;
    virtual AuditRepository& Audit() = 0;
    virtual AccountRepository& Accounts() = 0;
    virtual ScreeningRepository& Screening() = 0;
    virtual AlertRepository& Alerts() = 0;
    virtual WebhookRepository& Webhooks() = 0;
    virtual CaseRepository& Cases() = 0;
    virtual ReferralRepository& Referrals() = 0;
    virtual FollowUpRepository& FollowUps() = 0;
    virtual TeamRepository& Teams() = 0;
    virtual SupportRepository& Supports() = 0;
};

class DataStore {
public:
    virtual ~DataStore() = default;
    // Runs `work` in a read-only transaction.
    virtual Status Read(const std::function<Status(Repositories&)>& work) = 0;
    // Runs `work` in a read-write transaction; commits if it returns Ok, else rolls back.
    // The commit is durable when this returns Ok.
    virtual Status Write(const std::function<Status(Repositories&)>& work) = 0;
    // kUnavailable if the database cannot be reached.
    virtual Status Ping() = 0;
    virtual PoolFigures Figures() = 0;
};

}  // namespace xinqiao::core::ports
