#include "store/audit_repository.hpp"

#include "store/sql_builder.hpp"

namespace xinqiao::store {
namespace {

using core::audit::AuditEntry;

constexpr const char* kColumns =
    "id, at, actor_id, actor_role, action, target_type, target_id, org_path, request_id, reason, prev_hash, hash";
// PostgreSQL: appenders queue on one advisory lock, released at commit, so two transactions
// never seal onto the same predecessor. SQLite already serializes writers.
constexpr const char* kPgAppendLock = "SELECT pg_advisory_xact_lock(7340013)";
const std::string kSelectLast = std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY id DESC LIMIT 1";
const std::string kSelectAfter =
    std::string("SELECT ") + kColumns + " FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2";
const std::string kInsert = std::string("INSERT INTO audit_log (") + kColumns +
                            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

std::vector<AuditEntry> ToEntries(const ResultSet& rs) {
    return rs.Map([](Row& row) {
        AuditEntry e;
        e.id = row.Int();
        e.at = row.Text();
        e.actor_id = row.OptInt();
        e.actor_role = row.Text();
        e.action = row.Text();
        e.target_type = row.Text();
        e.target_id = row.Text();
        e.org_path = row.Text();
        e.request_id = row.Text();
        e.reason = row.Text();
        e.prev_hash = row.Text();
        e.hash = row.Text();
        return e;
    });
}

}  // namespace

Result<AuditEntry> SqlAuditLog::Append(AuditEntry entry) {
    if (session_.dialect() == Dialect::kPostgres) XINQIAO_RETURN_IF_ERROR(session_.Query(kPgAppendLock));
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSelectLast));
    const auto last = ToEntries(rs);
    core::audit::Seal(entry, last.empty() ? nullptr : &last.front(), digest_);
    XINQIAO_RETURN_IF_ERROR(session_.Execute(
        kInsert, {entry.id, entry.at, OptionalInt(entry.actor_id), entry.actor_role, entry.action, entry.target_type,
                  entry.target_id, entry.org_path, entry.request_id, entry.reason, entry.prev_hash, entry.hash}));
    return entry;
}

Result<core::audit::AuditPage> SqlAuditLog::Query(const core::audit::AuditQuery& q,
                                                  const std::vector<std::string>& scopes, bool include_global) {
    core::audit::AuditPage page;
    if (scopes.empty() && !include_global) return page;
    SqlBuilder f;
    f.Text(" WHERE (");
    bool first = true;
    for (const auto& path : scopes) {
        f.Add(first ? "(org_path >= " : " OR (org_path >= ", path);
        f.Add(" AND org_path < ", core::org::SubtreeUpperBound(path), ")");
        first = false;
    }
    if (include_global) f.Text(first ? "org_path = '/'" : " OR org_path = '/'");
    f.Text(")");
    if (q.actor_id) f.Add(" AND actor_id = ", *q.actor_id);
    if (!q.action_prefix.empty()) {
        // LIKE with the input's own wildcards escaped, so "org_unit." matches only that prefix. A
        // code without the dot matches itself and the codes below it: "session.sign_out" is not
        // "session.sign_out_everywhere", "account.grant" is every "account.grant.<role>".
        const std::string& a = q.action_prefix;
        std::string pattern;
        for (char c : a) {
            if (c == '%' || c == '_' || c == '!') pattern += '!';
            pattern += c;
        }
        if (a.back() == '.') {
            f.Add(" AND action LIKE ", pattern + "%", " ESCAPE '!'");
        } else {
            f.Add(" AND (action = ", a, "");
            f.Add(" OR action LIKE ", pattern + ".%", " ESCAPE '!')");
        }
    }
    if (!q.target_type.empty()) f.Add(" AND target_type = ", q.target_type);
    if (!q.target_id.empty()) f.Add(" AND target_id = ", q.target_id);
    if (q.only_break_glass) f.Text(" AND reason <> ''");
    if (!q.from.empty()) f.Add(" AND at >= ", q.from);
    if (!q.to.empty()) f.Add(" AND at < ", q.to);
    {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query("SELECT COUNT(*) FROM audit_log" + f.sql, f.params));
        page.total = rs.Int();
    }
    if (q.Offset() >= page.total) return page;
    f.Add(" ORDER BY id DESC LIMIT ", std::int64_t{q.page_size});
    f.Add(" OFFSET ", q.Offset());
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(std::string("SELECT ") + kColumns + " FROM audit_log" + f.sql, f.params));
    page.items = ToEntries(rs);
    return page;
}

Result<AuditVerification> VerifyAuditTrail(Database& db, const core::audit::DigestFn& digest, int batch_size) {
    AuditVerification v;
    std::optional<AuditEntry> previous;
    while (true) {
        std::vector<AuditEntry> batch;
        XINQIAO_RETURN_IF_ERROR(db.Transact(TxMode::kRead, [&](Session& s) -> Status {
            XINQIAO_ASSIGN_OR_RETURN(
                auto rs, s.Query(kSelectAfter, {previous ? previous->id : std::int64_t{0}, std::int64_t{batch_size}}));
            batch = ToEntries(rs);
            return core::Ok();
        }));
        if (batch.empty()) return v;
        if (auto broken = core::audit::VerifyChain(batch, previous ? &*previous : nullptr, digest)) {
            for (const auto& e : batch) {
                if (e.id == broken->entry_id) break;
                ++v.entries_checked;
            }
            v.first_break = std::move(broken);
            return v;
        }
        v.entries_checked += static_cast<std::int64_t>(batch.size());
        previous = std::move(batch.back());
    }
}

}  // namespace xinqiao::store
