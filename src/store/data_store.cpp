#include "store/data_store.hpp"

#include "store/account_repository.hpp"
#include "store/alert_repository.hpp"
#include "store/audit_repository.hpp"
#include "store/case_repository.hpp"
#include "store/org_repository.hpp"
#include "store/referral_repository.hpp"
#include "store/screening_repository.hpp"
#include "store/sealed_columns.hpp"
#include "store/student_repository.hpp"
#include "store/team_repository.hpp"
#include "store/webhook_repository.hpp"

namespace xinqiao::store {
namespace {

class SqlRepositories final : public core::ports::Repositories {
public:
    SqlRepositories(Session& s, const Keyring& keyring, const core::audit::DigestFn& digest)
        : orgs_(s),
          students_(s, keyring),
          audit_(s, digest),
          accounts_(s, keyring),
          grants_(s),
          sessions_(s),
          links_(s),
          codes_(s, keyring),
          invitations_(s, keyring),
          lockouts_(s),
          screening_(s, keyring),
          alerts_(s),
          webhooks_(s, keyring),
          cases_(s, keyring),
          referrals_(s, keyring),
          follow_ups_(s, keyring),
          teams_(s),
          supports_(s, keyring) {}
    core::ports::OrgRepository& Orgs() override { return orgs_; }
    core::ports::StudentRepository& Students() override { return students_; }
    core::ports::AuditRepository& Audit() override { return audit_; }
    core::ports::AccountRepository& Accounts() override { return accounts_; }
    core::ports::GrantRepository& Grants() override { return grants_; }
    core::ports::SessionRepository& Sessions() override { return sessions_; }
    core::ports::StudentLinkRepository& StudentLinks() override { return links_; }
    core::ports::SignInCodeRepository& SignInCodes() override { return codes_; }
    core::ports::InvitationRepository& Invitations() override { return invitations_; }
    core::ports::ClientLockoutRepository& ClientLockouts() override { return lockouts_; }
    core::ports::ScreeningRepository& Screening() override { return screening_; }
    core::ports::AlertRepository& Alerts() override { return alerts_; }
    core::ports::WebhookRepository& Webhooks() override { return webhooks_; }
    core::ports::CaseRepository& Cases() override { return cases_; }
    core::ports::ReferralRepository& Referrals() override { return referrals_; }
    core::ports::FollowUpRepository& FollowUps() override { return follow_ups_; }
    core::ports::TeamRepository& Teams() override { return teams_; }
    core::ports::SupportRepository& Supports() override { return supports_; }

private:
    SqlOrgRepository orgs_;
    SqlStudentRepository students_;
    SqlAuditLog audit_;
    SqlAccountRepository accounts_;
    SqlGrantRepository grants_;
    SqlSessionRepository sessions_;
    SqlStudentLinkRepository links_;
    SqlSignInCodeRepository codes_;
    SqlInvitationRepository invitations_;
    SqlClientLockoutRepository lockouts_;
    SqlScreeningRepository screening_;
    SqlAlertRepository alerts_;
    SqlWebhookRepository webhooks_;
    SqlCaseRepository cases_;
    SqlReferralRepository referrals_;
    SqlFollowUpRepository follow_ups_;
    SqlTeamRepository teams_;
    SqlSupportRepository supports_;
};

class RegionWriter final : public core::demo::RegionSink {
public:
    RegionWriter(Session& s, const Keyring& keyring) : orgs_(s), students_(s, keyring) {}
    Status AddOrgUnit(const core::org::OrgUnit& unit) override { return orgs_.InsertWithId(unit); }
    Status AddStudent(const core::people::Student& s, const std::vector<core::people::Guardian>& guardians) override {
        XINQIAO_RETURN_IF_ERROR(students_.InsertWithId(s));
        for (const auto& g : guardians) XINQIAO_RETURN_IF_ERROR(students_.InsertGuardian(g));
        return core::Ok();
    }
    Status AddStaff(const core::people::StaffMember& m) override { return students_.InsertStaff(m); }

private:
    SqlOrgRepository orgs_;
    SqlStudentRepository students_;
};

constexpr const char* kSqliteBulkCache = "PRAGMA cache_size = -262144";  // up to 256 MiB
constexpr const char* kSqliteDefaultCache = "PRAGMA cache_size = -16384";  // 16 MiB
// The lookup-hash indexes of migration 4, exactly as it defines them.
constexpr const char* kDropHashIndexes = "DROP INDEX students_id_number_hash; DROP INDEX guardians_phone_hash;";
constexpr const char* kCreateHashIndexes =
    "CREATE INDEX students_id_number_hash ON students (id_number_hash);"
    "CREATE INDEX guardians_phone_hash ON guardians (phone_hash);";
constexpr const char* kAnyOrgUnit = "SELECT id FROM org_units LIMIT 1";
// Rows inserted with explicit ids leave PostgreSQL's identity sequences behind; move them on.
constexpr const char* kPgResetSequences =
    "SELECT setval(pg_get_serial_sequence('org_units', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM org_units), false);"
    "SELECT setval(pg_get_serial_sequence('students', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM students), false);"
    "SELECT setval(pg_get_serial_sequence('guardians', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM guardians), false);"
    "SELECT setval(pg_get_serial_sequence('staff_members', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM staff_members), false);";

}  // namespace

Status SqlDataStore::Read(const std::function<Status(core::ports::Repositories&)>& work) {
    return db_.Transact(TxMode::kRead, [&](Session& s) {
        SqlRepositories repos(s, keyring_, digest_);
        return work(repos);
    });
}

Status SqlDataStore::Write(const std::function<Status(core::ports::Repositories&)>& work) {
    return db_.Transact(TxMode::kWrite, [&](Session& s) {
        SqlRepositories repos(s, keyring_, digest_);
        return work(repos);
    });
}

Result<bool> IsEmpty(Database& db) {
    bool empty = true;
    XINQIAO_RETURN_IF_ERROR(db.Transact(TxMode::kRead, [&](Session& s) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query(kAnyOrgUnit));
        empty = rs.empty();
        return core::Ok();
    }));
    return empty;
}

constexpr const char* kFirstOfKind = "SELECT id FROM org_units WHERE kind = $1 ORDER BY id LIMIT 1";
constexpr const char* kDemoSchool =
    "SELECT id FROM org_units WHERE kind = 'school' ORDER BY CASE WHEN stage = 'junior' THEN 0 ELSE 1 END, id LIMIT 1";
constexpr const char* kDemoGrade =
    "SELECT id FROM org_units WHERE parent_id = $1 AND kind = 'grade' "
    "ORDER BY CASE WHEN name IN ('七年级', '初一') THEN 0 ELSE 1 END, id LIMIT 1";
constexpr const char* kFirstChild = "SELECT id FROM org_units WHERE parent_id = $1 ORDER BY id LIMIT 1";

Result<DemoAnchors> FindDemoAnchors(Database& db) {
    DemoAnchors a;
    XINQIAO_RETURN_IF_ERROR(db.Transact(TxMode::kRead, [&](Session& s) -> Status {
        // Ids follow creation order, so the first school, grade and class lie in the first county.
        const auto first = [&](const char* kind, std::int64_t& out) -> Status {
            XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query(kFirstOfKind, {std::string(kind)}));
            if (rs.empty()) return core::Error::NotFound(std::string("the demo region has no ") + kind);
            out = rs.Int();
            return core::Ok();
        };
        XINQIAO_RETURN_IF_ERROR(first("city", a.city));
        XINQIAO_RETURN_IF_ERROR(first("county", a.county));
        // The demo school is the first junior secondary school and the demo class sits in 七年级:
        // the youngest students the shipped PHQ-9 and GAD-7 are meant for (12 and up), so the
        // demo student has questionnaires to answer.
        XINQIAO_ASSIGN_OR_RETURN(auto school, s.Query(kDemoSchool));
        if (school.empty()) return core::Error::NotFound("the demo region has no school");
        a.school = school.Int();
        XINQIAO_ASSIGN_OR_RETURN(auto grade, s.Query(kDemoGrade, {a.school}));
        if (grade.empty()) return core::Error::NotFound("the demo region has no grade");
        a.grade = grade.Int();
        XINQIAO_ASSIGN_OR_RETURN(auto klass, s.Query(kFirstChild, {a.grade}));
        if (klass.empty()) return core::Error::NotFound("the demo region has no class");
        a.klass = klass.Int();
        XINQIAO_RETURN_IF_ERROR(first("hospital", a.hospital));
        XINQIAO_RETURN_IF_ERROR(first("hotline", a.hotline));
        return core::Ok();
    }));
    return a;
}

Result<core::demo::DemoSummary> LoadDemoRegion(Database& db, const Keyring& keyring,
                                               const core::demo::DemoSettings& settings) {
    core::demo::DemoSummary summary;
    XINQIAO_RETURN_IF_ERROR(db.Transact(TxMode::kWrite, [&](Session& s) -> Status {
        // Lookup-hash indexes take keys in random order; with SQLite's default 2 MB page cache a
        // million-student load spends much of its time re-reading pages. Let the cache grow
        // (pages are allocated only as used) for this one transaction.
        if (s.dialect() == Dialect::kSqlite) XINQIAO_RETURN_IF_ERROR(s.ExecuteScript(kSqliteBulkCache));
        // Keyed hashes arrive in random order: building their indexes once, sorted, after the
        // load is several times faster than inserting into them row by row.
        XINQIAO_RETURN_IF_ERROR(s.ExecuteScript(kDropHashIndexes));
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query(kAnyOrgUnit));
        if (!rs.empty()) {
            return core::Error::FailedPrecondition("the database already holds org units; the demo needs an empty one");
        }
        RegionWriter writer(s, keyring);
        XINQIAO_ASSIGN_OR_RETURN(summary, core::demo::GenerateRegion(settings, writer));
        XINQIAO_RETURN_IF_ERROR(s.ExecuteScript(kCreateHashIndexes));
        if (s.dialect() == Dialect::kPostgres) XINQIAO_RETURN_IF_ERROR(s.ExecuteScript(kPgResetSequences));
        if (s.dialect() == Dialect::kSqlite) XINQIAO_RETURN_IF_ERROR(s.ExecuteScript(kSqliteDefaultCache));
        return core::Ok();
    }));
    return summary;
}

}  // namespace xinqiao::store

namespace xinqiao::store {
namespace {

struct LegacyColumn {
    const char* table;
    const char* plaintext;
    const char* sealed;
    const char* hash;
    const char* context;
};
constexpr LegacyColumn kLegacyColumns[] = {
    {"students", "id_number", kStudentIdNumber.column, "id_number_hash", kStudentIdNumber.context},
    {"guardians", "phone", kGuardianPhone.column, "phone_hash", kGuardianPhone.context},
    {"staff_members", "phone", kStaffPhone.column, "phone_hash", kStaffPhone.context},
};

}  // namespace

constexpr const char* kLegacyTask = "seal_plaintext_from_before_v4";
constexpr const char* kTaskDone = "SELECT 1 FROM maintenance_done WHERE task = $1";
constexpr const char* kMarkTaskDone =
    "INSERT INTO maintenance_done (task, done_at) VALUES ($1, CAST(CURRENT_TIMESTAMP AS TEXT))";

namespace {

// Whether the one-off maintenance task `task` has finished once (maintenance_done).
Result<bool> TaskDone(Database& db, const char* task) {
    bool done = false;
    XINQIAO_RETURN_IF_ERROR(db.Transact(TxMode::kRead, [&](Session& s) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query(kTaskDone, {std::string(task)}));
        done = !rs.empty();
        return core::Ok();
    }));
    return done;
}

Status MarkTaskDone(Database& db, const char* task) {
    return db.Transact(TxMode::kWrite, [&](Session& s) -> Status {
        XINQIAO_RETURN_IF_ERROR(s.Execute(kMarkTaskDone, {std::string(task)}));
        return core::Ok();
    });
}

}  // namespace

Result<std::int64_t> EncryptLegacyPlaintext(Database& db, const Keyring& keyring) {
    // Scanning every student and guardian on each start costs ~0.7 s at a million students, so
    // the task runs until it has finished once and is then recorded as done.
    XINQIAO_ASSIGN_OR_RETURN(const bool done, TaskDone(db, kLegacyTask));
    if (done) return std::int64_t{0};

    std::int64_t sealed = 0;
    for (const auto& c : kLegacyColumns) {
        // Table and column names come from the constant table above, never from input. Batches
        // walk the ids forward, so each row is read once.
        const std::string select = std::string("SELECT id, ") + c.plaintext + " FROM " + c.table +
                                   " WHERE id > $1 AND " + c.plaintext + " <> '' ORDER BY id LIMIT 5000";
        const std::string update = std::string("UPDATE ") + c.table + " SET " + c.sealed + " = $2, " + c.hash +
                                   " = $3, " + c.plaintext + " = '' WHERE id = $1";
        std::int64_t last_id = 0;
        while (true) {
            std::int64_t batch = 0;
            XINQIAO_RETURN_IF_ERROR(db.Transact(TxMode::kWrite, [&](Session& s) -> Status {
                XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query(select, {last_id}));
                XINQIAO_RETURN_IF_ERROR(rs.Each([&](Row& row) -> Status {
                    const std::int64_t id = row.Int();
                    const std::string value = row.Text();
                    XINQIAO_RETURN_IF_ERROR(
                        s.Execute(update, {id, keyring.Encrypt(value, c.context), keyring.LookupHash(value)}));
                    last_id = id;
                    return core::Ok();
                }));
                batch = static_cast<std::int64_t>(rs.rows());
                return core::Ok();
            }));
            sealed += batch;
            if (batch == 0) break;
        }
    }
    XINQIAO_RETURN_IF_ERROR(MarkTaskDone(db, kLegacyTask));
    return sealed;
}

constexpr const char* kSearchTask = "student_search_terms_from_before_v16";
constexpr const char* kUnindexedStudents =
    "SELECT s.id, s.county_id, s.school_id, s.student_number, s.name FROM students s WHERE s.id > $1 "
    "AND NOT EXISTS (SELECT 1 FROM student_search_terms t WHERE t.student_id = s.id) ORDER BY s.id LIMIT 2000";

Result<std::int64_t> IndexStudentSearchTerms(Database& db) {
    XINQIAO_ASSIGN_OR_RETURN(const bool done, TaskDone(db, kSearchTask));
    if (done) return std::int64_t{0};
    std::int64_t indexed = 0, last_id = 0;
    while (true) {
        std::int64_t batch = 0;
        XINQIAO_RETURN_IF_ERROR(db.Transact(TxMode::kWrite, [&](Session& s) -> Status {
            XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query(kUnindexedStudents, {last_id}));
            XINQIAO_ASSIGN_OR_RETURN(const auto students, rs.Map([](Row& row) -> Result<core::people::Student> {
                core::people::Student st;
                st.id = row.Int();
                st.county_id = row.Int();
                st.school_id = row.Int();
                st.student_number = row.Text();
                st.name = row.Text();
                return st;
            }));
            for (const auto& st : students) {
                XINQIAO_RETURN_IF_ERROR(WriteStudentSearchTerms(s, st, false));
                last_id = st.id;
            }
            batch = static_cast<std::int64_t>(students.size());
            return core::Ok();
        }));
        indexed += batch;
        if (batch == 0) break;
    }
    XINQIAO_RETURN_IF_ERROR(MarkTaskDone(db, kSearchTask));
    return indexed;
}

Result<RekeyFigures> ReencryptAll(Database& db, const Keyring& keyring, int batch_size,
                                  const std::function<void(const RekeyFigures&)>& progress) {
    RekeyFigures figures;
    // Compare-and-set: a value the server rewrote meanwhile is left alone (it is new anyway).
    for (const SealedColumn& c : kAllSealedColumns) {
        // Table and column names come from the constant list, never from input.
        const std::string select = std::string("SELECT id, ") + c.column + " FROM " + c.table + " WHERE id > $1 AND " +
                                   c.column + " <> '' AND " + c.column + " NOT LIKE $2 ORDER BY id LIMIT $3";
        const std::string update =
            std::string("UPDATE ") + c.table + " SET " + c.column + " = $2 WHERE id = $1 AND " + c.column + " = $3";
        const std::string current = "v1:" + std::to_string(keyring.active_key_id()) + ":%";
        std::int64_t last_id = 0;
        while (true) {
            std::int64_t batch = 0;
            XINQIAO_RETURN_IF_ERROR(db.Transact(TxMode::kWrite, [&](Session& s) -> Status {
                XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query(select, {last_id, current, std::int64_t{batch_size}}));
                XINQIAO_RETURN_IF_ERROR(rs.Each([&](Row& row) -> Status {
                    const std::int64_t id = row.Int();
                    const std::string old = row.Text();
                    XINQIAO_ASSIGN_OR_RETURN(const std::string plain, keyring.Decrypt(old, c.context));
                    XINQIAO_ASSIGN_OR_RETURN(const auto n, s.Execute(update, {id, keyring.Encrypt(plain, c.context), old}));
                    figures.reencrypted += n;
                    last_id = id;
                    return core::Ok();
                }));
                batch = static_cast<std::int64_t>(rs.rows());
                return core::Ok();
            }));
            if (batch == 0) break;
            ++figures.batches;
            if (progress) progress(figures);
        }
    }
    for (const SealedColumn& c : kAllSealedColumns) {
        XINQIAO_RETURN_IF_ERROR(db.Transact(TxMode::kRead, [&](Session& s) -> Status {
            XINQIAO_ASSIGN_OR_RETURN(
                auto rs, s.Query(std::string("SELECT COUNT(*) FROM ") + c.table + " WHERE " + c.column + " <> '' AND " +
                                     c.column + " NOT LIKE $1",
                                 {"v1:" + std::to_string(keyring.active_key_id()) + ":%"}));
            figures.remaining += rs.Int();
            return core::Ok();
        }));
    }
    return figures;
}

}  // namespace xinqiao::store
