#include "store/migrations/migrations.hpp"

namespace xinqiao::store {
namespace {

constexpr const char* kV1OrgAndPeople = R"SQL(
CREATE TABLE org_units (
    id {{id}},
    parent_id BIGINT REFERENCES org_units(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    stage TEXT,
    is_boarding INTEGER NOT NULL DEFAULT 0,
    path {{path}} NOT NULL,
    depth INTEGER NOT NULL,
    county_id BIGINT
);
CREATE UNIQUE INDEX org_units_path ON org_units (path);
CREATE INDEX org_units_parent ON org_units (parent_id, kind, name);
CREATE UNIQUE INDEX org_units_sibling_name ON org_units (COALESCE(parent_id, 0), name);

CREATE TABLE students (
    id {{id}},
    county_id BIGINT NOT NULL,
    school_id BIGINT NOT NULL REFERENCES org_units(id),
    grade_id BIGINT NOT NULL REFERENCES org_units(id),
    class_id BIGINT NOT NULL REFERENCES org_units(id),
    org_path {{path}} NOT NULL,
    student_number TEXT NOT NULL,
    name TEXT NOT NULL,
    gender TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    id_number TEXT NOT NULL DEFAULT '',
    special_situations INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX students_school_number ON students (school_id, student_number);
CREATE INDEX students_roster ON students (org_path, student_number);
CREATE INDEX students_county ON students (county_id);
CREATE INDEX students_class ON students (class_id);

CREATE TABLE guardians (
    id {{id}},
    student_id BIGINT NOT NULL REFERENCES students(id),
    county_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    phone TEXT NOT NULL,
    is_primary INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX guardians_student ON guardians (student_id);

CREATE TABLE staff_members (
    id {{id}},
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    county_id BIGINT,
    name TEXT NOT NULL,
    position TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_members_unit ON staff_members (org_unit_id);
)SQL";

// The audit trail. Ids are positions in the hash chain, assigned by the appender, not by the
// database. The table refuses UPDATE and DELETE (triggers below): changing it needs a
// superuser dropping the triggers first, which `xinqiao audit verify` then detects.
constexpr const char* kV2AuditLog = R"SQL(
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id BIGINT,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    org_path {{path}} NOT NULL,
    request_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, id);
CREATE INDEX audit_log_at ON audit_log (at);
)SQL";

constexpr const char* kV2AuditLogSqlite = R"SQL(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)SQL";

constexpr const char* kV2AuditLogPostgres = R"SQL(
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
)SQL";

// Accounts, their role grants on org units, sessions and per-client sign-in failures.
// Session tokens are stored only as digests: a copy of the database gives no live session.
constexpr const char* kV3Accounts = R"SQL(
CREATE TABLE accounts (
    id {{id}},
    login TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    is_disabled INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until_ms BIGINT NOT NULL DEFAULT 0,
    created_ms BIGINT NOT NULL
);
CREATE UNIQUE INDEX accounts_login ON accounts (login);

CREATE TABLE grants (
    id {{id}},
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    role TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id)
);
CREATE UNIQUE INDEX grants_unique ON grants (account_id, role, org_unit_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    csrf_token TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    last_seen_ms BIGINT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE client_sign_in_failures (
    client TEXT PRIMARY KEY,
    failed_attempts INTEGER NOT NULL,
    locked_until_ms BIGINT NOT NULL
);
)SQL";

// Encryption at rest: ID numbers and phones move to sealed columns with keyed lookup hashes.
// The old plaintext columns stay (empty) because SQLite cannot drop indexed columns cheaply;
// EncryptLegacyPlaintext() empties them for databases created before this migration.
constexpr const char* kV4Encryption = R"SQL(
ALTER TABLE students ADD COLUMN id_number_enc TEXT NOT NULL DEFAULT '';
ALTER TABLE students ADD COLUMN id_number_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX students_id_number_hash ON students (id_number_hash);
ALTER TABLE guardians ADD COLUMN phone_enc TEXT NOT NULL DEFAULT '';
ALTER TABLE guardians ADD COLUMN phone_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX guardians_phone_hash ON guardians (phone_hash);
ALTER TABLE staff_members ADD COLUMN phone_enc TEXT NOT NULL DEFAULT '';
ALTER TABLE staff_members ADD COLUMN phone_hash TEXT NOT NULL DEFAULT '';
)SQL";

// Two-factor sign-in: a sealed TOTP secret per account, the last time step used (no replay),
// and single-use recovery codes kept as keyed hashes.
constexpr const char* kV5TwoFactor = R"SQL(
ALTER TABLE accounts ADD COLUMN totp_secret_enc TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
CREATE TABLE recovery_codes (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    code_hash TEXT NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX recovery_codes_hash ON recovery_codes (account_id, code_hash);
)SQL";

// One-off data tasks that need more than SQL (keys, for instance), recorded once done so start-up
// does not repeat them.
constexpr const char* kV6Maintenance = R"SQL(
CREATE TABLE maintenance_done (
    task TEXT PRIMARY KEY,
    done_at TEXT NOT NULL
);
)SQL";

// Relationships between accounts and students (a student's own account, a guardian's child, a
// paired teacher), students' sign-in codes and guardians' invitations (keyed hashes only), and
// notes about students (T3, sealed).
constexpr const char* kV7PeopleAccess = R"SQL(
CREATE TABLE account_students (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    student_id BIGINT NOT NULL REFERENCES students(id),
    relation TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    PRIMARY KEY (account_id, student_id, relation)
);
CREATE INDEX account_students_student ON account_students (student_id, relation);
CREATE INDEX students_number ON students (student_number);

CREATE TABLE student_sign_in_codes (
    account_id BIGINT PRIMARY KEY REFERENCES accounts(id),
    code_hash TEXT NOT NULL,
    issued_ms BIGINT NOT NULL
);

CREATE TABLE guardian_invitations (
    id {{id}},
    code_hash TEXT NOT NULL,
    student_id BIGINT NOT NULL REFERENCES students(id),
    issued_by BIGINT,
    issued_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL,
    redeemed_by BIGINT,
    redeemed_ms BIGINT
);
CREATE UNIQUE INDEX guardian_invitations_code ON guardian_invitations (code_hash);

CREATE TABLE student_notes (
    id {{id}},
    student_id BIGINT NOT NULL REFERENCES students(id),
    author_id BIGINT REFERENCES accounts(id),
    author_role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    body_enc TEXT NOT NULL
);
CREATE INDEX student_notes_student ON student_notes (student_id, id);
)SQL";

// Staff lists: a staff record knows its account and staff number (工号), and an imported account
// waits for its holder with a single-use activation code, kept as a keyed hash.
constexpr const char* kV8StaffAccounts = R"SQL(
ALTER TABLE staff_members ADD COLUMN account_id BIGINT REFERENCES accounts(id);
ALTER TABLE staff_members ADD COLUMN staff_number TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX staff_members_account ON staff_members (account_id);

CREATE TABLE staff_activations (
    account_id BIGINT PRIMARY KEY REFERENCES accounts(id),
    code_hash TEXT NOT NULL,
    issued_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL
);
)SQL";

// Screening: campaigns over a subtree, one assignment per eligible student (with its draft,
// sealed), responses per instrument (answers sealed), the level each submission gave, counters
// per campaign and org unit kept in the submitting transaction, and the alerts levels raise
// with their owners along the warning network.
constexpr const char* kV9Screening = R"SQL(
CREATE TABLE campaigns (
    id {{id}},
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    org_path {{path}} NOT NULL,
    name TEXT NOT NULL,
    grades TEXT NOT NULL,
    battery TEXT NOT NULL,
    opens_ms BIGINT NOT NULL,
    closes_ms BIGINT NOT NULL,
    anonymous INTEGER NOT NULL,
    consent_required INTEGER NOT NULL,
    rules TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES accounts(id),
    created_ms BIGINT NOT NULL
);
CREATE INDEX campaigns_path ON campaigns (org_path);

CREATE TABLE assignments (
    id {{id}},
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    student_id BIGINT NOT NULL REFERENCES students(id),
    class_id BIGINT NOT NULL REFERENCES org_units(id),
    org_path {{path}} NOT NULL,
    state TEXT NOT NULL,
    consent TEXT NOT NULL,
    draft_enc TEXT NOT NULL DEFAULT '',
    draft_version BIGINT NOT NULL DEFAULT 0,
    submit_key TEXT NOT NULL DEFAULT '',
    needs_care INTEGER NOT NULL DEFAULT 0,
    completed_ms BIGINT
);
CREATE UNIQUE INDEX assignments_campaign_student ON assignments (campaign_id, student_id);
CREATE INDEX assignments_student ON assignments (student_id);
CREATE INDEX assignments_class ON assignments (campaign_id, class_id);

CREATE TABLE responses (
    id {{id}},
    assignment_id BIGINT REFERENCES assignments(id),
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    student_id BIGINT REFERENCES students(id),
    class_id BIGINT NOT NULL,
    instrument_id TEXT NOT NULL,
    instrument_version TEXT NOT NULL,
    answers_enc TEXT NOT NULL,
    total INTEGER NOT NULL,
    band TEXT NOT NULL,
    subscales TEXT NOT NULL,
    alerts INTEGER NOT NULL,
    submitted_ms BIGINT NOT NULL
);
CREATE INDEX responses_assignment ON responses (assignment_id);
CREATE INDEX responses_student ON responses (student_id);

CREATE TABLE assessments (
    id {{id}},
    assignment_id BIGINT NOT NULL REFERENCES assignments(id),
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    student_id BIGINT NOT NULL REFERENCES students(id),
    level INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    assessed_ms BIGINT NOT NULL
);
CREATE UNIQUE INDEX assessments_assignment ON assessments (assignment_id);
CREATE INDEX assessments_student ON assessments (student_id, assessed_ms);

CREATE TABLE campaign_progress (
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    invited BIGINT NOT NULL DEFAULT 0,
    started BIGINT NOT NULL DEFAULT 0,
    completed BIGINT NOT NULL DEFAULT 0,
    consent_pending BIGINT NOT NULL DEFAULT 0,
    consent_refused BIGINT NOT NULL DEFAULT 0,
    level_1 BIGINT NOT NULL DEFAULT 0,
    level_2 BIGINT NOT NULL DEFAULT 0,
    level_3 BIGINT NOT NULL DEFAULT 0,
    level_4 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, org_unit_id)
);

CREATE TABLE alerts (
    id {{id}},
    student_id BIGINT NOT NULL REFERENCES students(id),
    org_path {{path}} NOT NULL,
    source TEXT NOT NULL,
    source_id BIGINT,
    level INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    state TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    due_ms BIGINT NOT NULL
);
CREATE INDEX alerts_student ON alerts (student_id, id);
CREATE INDEX alerts_path ON alerts (org_path, state);
CREATE INDEX alerts_due ON alerts (state, due_ms);

CREATE TABLE alert_owners (
    alert_id BIGINT NOT NULL REFERENCES alerts(id),
    role TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    PRIMARY KEY (alert_id, role, org_unit_id)
);
CREATE INDEX alert_owners_unit ON alert_owners (org_unit_id, role);
)SQL";

// The warning network: alerts climb it (tier, escalations) until acknowledged; everything that
// happens to one is an event on its timeline; each reader's last seen version gives unread
// counts; response times per level are set per region (the nearest unit above that has them).
// escalate_ms is when an open alert next escalates (NULL once acknowledged, closed or at the top).
constexpr const char* kV10Warning = R"SQL(
ALTER TABLE alerts ADD COLUMN tier INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN escalations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE alerts ADD COLUMN escalate_ms BIGINT;
ALTER TABLE alerts ADD COLUMN acknowledged_ms BIGINT;
ALTER TABLE alerts ADD COLUMN acknowledged_by BIGINT REFERENCES accounts(id);
ALTER TABLE alerts ADD COLUMN assignee_id BIGINT REFERENCES accounts(id);
ALTER TABLE alerts ADD COLUMN closed_ms BIGINT;
ALTER TABLE alerts ADD COLUMN outcome TEXT;
UPDATE alerts SET tier = CASE level WHEN 1 THEN 3 WHEN 2 THEN 2 ELSE 0 END, escalate_ms = due_ms WHERE state = 'open';
CREATE INDEX alerts_escalate ON alerts (escalate_ms) WHERE escalate_ms IS NOT NULL;
-- Who holds a role on a unit: the people an alert may be assigned to.
CREATE INDEX grants_unit ON grants (org_unit_id, role);

CREATE TABLE alert_events (
    id {{id}},
    alert_id BIGINT NOT NULL REFERENCES alerts(id),
    at_ms BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor_id BIGINT REFERENCES accounts(id),
    tier INTEGER NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alert_events_alert ON alert_events (alert_id, id);

CREATE TABLE alert_reads (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    alert_id BIGINT NOT NULL REFERENCES alerts(id),
    version BIGINT NOT NULL,
    PRIMARY KEY (account_id, alert_id)
);

CREATE TABLE response_times (
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    level INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    school_days INTEGER NOT NULL,
    PRIMARY KEY (org_unit_id, level)
);
)SQL";

// Signals other than screening (observations, guardian and hotline reports, students asking for
// help): what was seen, by whom, and the alert each raised or joined. Their words are student
// notes (sealed). Students are looked up by exact name when a report names one.
constexpr const char* kV11Signals = R"SQL(
CREATE TABLE signals (
    id {{id}},
    student_id BIGINT NOT NULL REFERENCES students(id),
    alert_id BIGINT NOT NULL REFERENCES alerts(id),
    source TEXT NOT NULL,
    concerns TEXT NOT NULL,
    danger_now INTEGER NOT NULL,
    level INTEGER NOT NULL,
    filed_by BIGINT REFERENCES accounts(id),
    filed_role TEXT NOT NULL,
    note_id BIGINT REFERENCES student_notes(id),
    created_ms BIGINT NOT NULL
);
CREATE INDEX signals_alert ON signals (alert_id, id);
CREATE INDEX signals_student ON signals (student_id, id);
CREATE INDEX students_name ON students (name, org_path);
)SQL";

// Outgoing webhooks set on org units (URL and secret sealed) and their outbox of deliveries,
// written with the alert change they report and sent from there, retried with back-off.
constexpr const char* kV12Webhooks = R"SQL(
CREATE TABLE webhooks (
    id {{id}},
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    format TEXT NOT NULL,
    url_enc TEXT NOT NULL,
    secret_enc TEXT NOT NULL,
    min_level INTEGER NOT NULL,
    created_ms BIGINT NOT NULL
);
CREATE INDEX webhooks_unit ON webhooks (org_unit_id);

CREATE TABLE webhook_deliveries (
    id {{id}},
    webhook_id BIGINT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    alert_id BIGINT NOT NULL REFERENCES alerts(id),
    level INTEGER NOT NULL,
    tier INTEGER NOT NULL,
    at_ms BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_ms BIGINT,
    state TEXT NOT NULL,
    last_status INTEGER,
    sent_ms BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_ms) WHERE next_ms IS NOT NULL;
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);
)SQL";

// Crisis cases (the crisis register) on the six steps; their records (bodies sealed: T3) and
// their timeline. At most one open case per student.
constexpr const char* kV13Cases = R"SQL(
CREATE TABLE cases (
    id {{id}},
    student_id BIGINT NOT NULL REFERENCES students(id),
    org_path {{path}} NOT NULL,
    alert_id BIGINT REFERENCES alerts(id),
    state TEXT NOT NULL,
    step INTEGER NOT NULL,
    opened_ms BIGINT NOT NULL,
    opened_by BIGINT REFERENCES accounts(id),
    closed_ms BIGINT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX cases_student ON cases (student_id, id);
CREATE INDEX cases_path ON cases (org_path, state);
CREATE UNIQUE INDEX cases_one_open ON cases (student_id) WHERE state = 'open';

CREATE TABLE case_records (
    id {{id}},
    case_id BIGINT NOT NULL REFERENCES cases(id),
    step INTEGER NOT NULL,
    kind TEXT NOT NULL,
    subtype TEXT NOT NULL DEFAULT '',
    body_enc TEXT NOT NULL,
    author_id BIGINT REFERENCES accounts(id),
    author_role TEXT NOT NULL,
    created_ms BIGINT NOT NULL
);
CREATE INDEX case_records_case ON case_records (case_id, id);

CREATE TABLE case_events (
    id {{id}},
    case_id BIGINT NOT NULL REFERENCES cases(id),
    at_ms BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor_id BIGINT REFERENCES accounts(id),
    step INTEGER NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events (case_id, id);
)SQL";

// Referrals of crisis cases to partner hospitals (their words sealed: T3), and follow-up visits.
// At most one referral under way per case.
constexpr const char* kV14Referrals = R"SQL(
CREATE TABLE referrals (
    id {{id}},
    case_id BIGINT NOT NULL REFERENCES cases(id),
    student_id BIGINT NOT NULL REFERENCES students(id),
    org_path {{path}} NOT NULL,
    hospital_id BIGINT NOT NULL REFERENCES org_units(id),
    state TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    created_by BIGINT REFERENCES accounts(id),
    answered_ms BIGINT,
    outcome_ms BIGINT,
    verdict TEXT,
    assessed_ms BIGINT,
    return_day TEXT NOT NULL DEFAULT '',
    planned_ms BIGINT,
    reason_enc TEXT NOT NULL DEFAULT '',
    decline_enc TEXT NOT NULL DEFAULT '',
    outcome_enc TEXT NOT NULL DEFAULT '',
    return_enc TEXT NOT NULL DEFAULT '',
    plan_enc TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX referrals_case ON referrals (case_id, id);
CREATE INDEX referrals_student ON referrals (student_id, hospital_id);
CREATE INDEX referrals_hospital ON referrals (hospital_id, id);
CREATE UNIQUE INDEX referrals_one_under_way ON referrals (case_id)
    WHERE state IN ('sent', 'accepted', 'seen', 'return_assessed');

CREATE TABLE follow_ups (
    id {{id}},
    case_id BIGINT NOT NULL REFERENCES cases(id),
    student_id BIGINT NOT NULL REFERENCES students(id),
    org_path {{path}} NOT NULL,
    plan TEXT NOT NULL,
    due_day TEXT NOT NULL,
    state TEXT NOT NULL,
    result TEXT,
    note_enc TEXT NOT NULL DEFAULT '',
    done_ms BIGINT,
    done_by BIGINT REFERENCES accounts(id),
    created_ms BIGINT NOT NULL,
    created_by BIGINT REFERENCES accounts(id)
);
CREATE INDEX follow_ups_case ON follow_ups (case_id, due_day);
CREATE INDEX follow_ups_path_due ON follow_ups (org_path, due_day);
)SQL";

// Case conferences (their words sealed: T3), crisis teams of schools and counties, and the support
// given to students in special situations (notes sealed).
constexpr const char* kV15Teams = R"SQL(
CREATE TABLE case_conferences (
    id {{id}},
    case_id BIGINT NOT NULL REFERENCES cases(id),
    held_on TEXT NOT NULL,
    participants_enc TEXT NOT NULL,
    findings_enc TEXT NOT NULL,
    decisions_enc TEXT NOT NULL,
    author_id BIGINT REFERENCES accounts(id),
    created_ms BIGINT NOT NULL
);
CREATE INDEX case_conferences_case ON case_conferences (case_id, id);

CREATE TABLE crisis_team_members (
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    duty TEXT NOT NULL,
    added_ms BIGINT NOT NULL,
    PRIMARY KEY (org_unit_id, account_id)
);

CREATE TABLE supports (
    id {{id}},
    student_id BIGINT NOT NULL REFERENCES students(id),
    org_path {{path}} NOT NULL,
    kind TEXT NOT NULL,
    note_enc TEXT NOT NULL DEFAULT '',
    given_on TEXT NOT NULL,
    author_id BIGINT REFERENCES accounts(id),
    created_ms BIGINT NOT NULL
);
CREATE INDEX supports_student ON supports (student_id, given_on);
CREATE INDEX supports_path ON supports (org_path, given_on);
)SQL";

// The search terms of each student (core/people/search_terms.hpp), written with the student: a
// search is a prefix range within a school or a county. Students already stored get theirs from
// IndexStudentSearchTerms() (store/data_store.hpp) once.
constexpr const char* kV16StudentSearch = R"SQL(
CREATE TABLE student_search_terms (
    school_id BIGINT NOT NULL,
    term {{path}} NOT NULL,
    student_id BIGINT NOT NULL REFERENCES students(id),
    county_id BIGINT NOT NULL,
    PRIMARY KEY (school_id, term, student_id)
){{without_rowid}};
CREATE INDEX student_search_terms_county ON student_search_terms (county_id, term);
CREATE INDEX student_search_terms_student ON student_search_terms (student_id, term);
)SQL";

// What people reported comes first in the inbox: an alert a person's report raised or joined.
constexpr const char* kV17ReportedAlerts = R"SQL(
ALTER TABLE alerts ADD COLUMN reported INTEGER NOT NULL DEFAULT 0;
UPDATE alerts SET reported = 1 WHERE source <> 'screening' OR id IN (SELECT alert_id FROM signals);
)SQL";

// A referral the hospital has not accepted can be withdrawn, with a sealed reason.
constexpr const char* kV18ReferralWithdrawal = R"SQL(
ALTER TABLE referrals ADD COLUMN withdrawn_ms BIGINT;
ALTER TABLE referrals ADD COLUMN withdraw_enc TEXT NOT NULL DEFAULT '';
)SQL";

constexpr const char* kCreateMigrationsTable = R"SQL(
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL
)
)SQL";

constexpr const char* kSelectVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr const char* kInsertVersion = "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)";
// Serializes concurrent migrators on PostgreSQL; released at commit.
constexpr const char* kPgMigrationLock = "SELECT pg_advisory_xact_lock(7340012)";

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
    for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
        s.replace(pos, from.size(), to);
    }
}

}  // namespace

const std::vector<Migration>& AllMigrations() {
    static const std::vector<Migration> kAll = {
        {1, "org tree, students, guardians, staff", kV1OrgAndPeople},
        {2, "audit trail", kV2AuditLog, kV2AuditLogSqlite, kV2AuditLogPostgres},
        {3, "accounts, grants, sessions", kV3Accounts},
        {4, "encrypted ID numbers and phones", kV4Encryption},
        {5, "two-factor sign-in", kV5TwoFactor},
        {6, "record of one-off maintenance tasks", kV6Maintenance},
        {7, "student and guardian access, relationships, notes", kV7PeopleAccess},
        {8, "staff accounts from staff lists, activation codes", kV8StaffAccounts},
        {9, "screening campaigns, assignments, responses, levels, alerts", kV9Screening},
        {10, "warning network: escalation, alert timelines, unread marks, response times", kV10Warning},
        {11, "signals: observations, reports, requests for help", kV11Signals},
        {12, "outgoing webhooks and their deliveries", kV12Webhooks},
        {13, "crisis cases on the six steps, their records and timelines", kV13Cases},
        {14, "hospital referrals and follow-up visits of crisis cases", kV14Referrals},
        {15, "case conferences, crisis teams, support for students in special situations", kV15Teams},
        {16, "search terms of students: names, pinyin initials, student numbers", kV16StudentSearch},
        {17, "alerts people reported, first in the inbox", kV17ReportedAlerts},
        {18, "withdrawn referrals", kV18ReferralWithdrawal},
    };
    return kAll;
}

int LatestSchemaVersion() { return AllMigrations().back().version; }

std::string RenderMigration(const Migration& m, Dialect dialect) {
    std::string sql = m.sql;
    const bool pg = dialect == Dialect::kPostgres;
    ReplaceAll(sql, "{{id}}", pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY");
    ReplaceAll(sql, "{{path}}", pg ? "TEXT COLLATE \"C\"" : "TEXT");
    ReplaceAll(sql, "{{without_rowid}}", pg ? "" : " WITHOUT ROWID");
    if (const char* extra = pg ? m.postgres_sql : m.sqlite_sql) sql += extra;
    return sql;
}

Result<int> SchemaVersion(Database& db) {
    int version = 0;
    XINQIAO_RETURN_IF_ERROR(db.Transact(TxMode::kWrite, [&](Session& s) -> Status {
        XINQIAO_RETURN_IF_ERROR(s.ExecuteScript(kCreateMigrationsTable));
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query(kSelectVersion));
        version = static_cast<int>(rs.Int());
        return core::Ok();
    }));
    return version;
}

Status Migrate(Database& db) {
    for (const Migration& m : AllMigrations()) {
        XINQIAO_RETURN_IF_ERROR(db.Transact(TxMode::kWrite, [&](Session& s) -> Status {
            if (s.dialect() == Dialect::kPostgres) XINQIAO_RETURN_IF_ERROR(s.Query(kPgMigrationLock));
            XINQIAO_RETURN_IF_ERROR(s.ExecuteScript(kCreateMigrationsTable));
            XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query(kSelectVersion));
            const int current = static_cast<int>(rs.Int());
            if (current > LatestSchemaVersion()) {
                return core::Error::FailedPrecondition("the database schema (version " + std::to_string(current) +
                                                       ") is newer than this xinqiao (version " +
                                                       std::to_string(LatestSchemaVersion()) + ")");
            }
            if (current >= m.version) return core::Ok();
            XINQIAO_RETURN_IF_ERROR(s.ExecuteScript(RenderMigration(m, s.dialect())));
            XINQIAO_RETURN_IF_ERROR(s.Execute(kInsertVersion, {std::int64_t{m.version}, std::string(m.name)}));
            return core::Ok();
        }));
    }
    return core::Ok();
}

}  // namespace xinqiao::store
