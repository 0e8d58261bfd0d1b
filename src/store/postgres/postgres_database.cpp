#include "store/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <cstring>
#include <unordered_map>

#include "store/pool.hpp"

namespace xinqiao::store {
namespace {

using core::Error;

// SQLSTATE classes, from the PostgreSQL manual appendix A.
Error TranslateError(const PGresult* res, PGconn* conn) {
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string code = state ? state : "";
    const std::string what = "database error (SQLSTATE " + (code.empty() ? std::string("none") : code) + ")";
    if (code == "23505") return Error::AlreadyExists(what);
    if (code == "23503") return Error::FailedPrecondition(what);
    if (code == "40001" || code == "40P01") return Error::Aborted(what);
    if (code.starts_with("08") || code.starts_with("57") || code == "53300" || PQstatus(conn) != CONNECTION_OK) {
        return Error::Unavailable(what);
    }
    return Error::Internal(what);
}

class PgConnection final : public Session {
public:
    explicit PgConnection(PGconn* conn) : conn_(conn) {}
    ~PgConnection() override { PQfinish(conn_); }

    Dialect dialect() const override { return Dialect::kPostgres; }

    Result<ResultSet> Query(std::string_view sql, const Params& params) override {
        XINQIAO_ASSIGN_OR_RETURN(PGresult * res, Run(sql, params));
        const int rows = PQntuples(res), cols = PQnfields(res);
        ResultSet rs(static_cast<std::size_t>(cols));
        for (int r = 0; r < rows; ++r) {
            for (int c = 0; c < cols; ++c) {
                if (PQgetisnull(res, r, c)) {
                    rs.Append(std::nullopt);
                } else {
                    rs.Append(std::string(PQgetvalue(res, r, c), static_cast<std::size_t>(PQgetlength(res, r, c))));
                }
            }
        }
        PQclear(res);
        return rs;
    }

    Result<std::int64_t> Execute(std::string_view sql, const Params& params) override {
        XINQIAO_ASSIGN_OR_RETURN(PGresult * res, Run(sql, params));
        const char* n = PQcmdTuples(res);
        const std::int64_t changed = n && *n ? std::strtoll(n, nullptr, 10) : 0;
        PQclear(res);
        return changed;
    }

    Status ExecuteScript(std::string_view sql) override {
        const std::string text(sql);
        PGresult* res = PQexec(conn_, text.c_str());
        const auto status = PQresultStatus(res);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            Error e = TranslateError(res, conn_);
            PQclear(res);
            return e;
        }
        PQclear(res);
        return core::Ok();
    }

    bool IsHealthy() const { return PQstatus(conn_) == CONNECTION_OK; }
    bool InTransaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }
    // Reconnects a broken connection; prepared statements are gone with it.
    bool Reset() {
        PQreset(conn_);
        prepared_.clear();
        return IsHealthy();
    }

private:
    Result<PGresult*> Run(std::string_view sql, const Params& params) {
        std::string key(sql);
        auto it = prepared_.find(key);
        if (it == prepared_.end()) {
            const std::string name = "xq" + std::to_string(prepared_.size() + 1);
            PGresult* res = PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr);
            if (PQresultStatus(res) != PGRES_COMMAND_OK) {
                Error e = TranslateError(res, conn_);
                PQclear(res);
                return e;
            }
            PQclear(res);
            it = prepared_.emplace(std::move(key), name).first;
        }
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (std::size_t i = 0; i < params.size(); ++i) {
            if (const auto* n = std::get_if<std::int64_t>(&params[i])) {
                texts[i] = std::to_string(*n);
                values[i] = texts[i].c_str();
            } else if (const auto* s = std::get_if<std::string>(&params[i])) {
                values[i] = s->c_str();
            }
        }
        PGresult* res = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()), values.data(),
                                       nullptr, nullptr, 0);
        const auto status = PQresultStatus(res);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            Error e = TranslateError(res, conn_);
            PQclear(res);
            return e;
        }
        return res;
    }

    PGconn* conn_;
    std::unordered_map<std::string, std::string> prepared_;
};

// Silences libpq's NOTICE messages on stderr (e.g. "relation already exists, skipping").
void IgnoreNotice(void*, const PGresult*) {}

Result<std::unique_ptr<PgConnection>> Connect(const std::string& url) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        // libpq's message names host and port, never the password.
        std::string msg = PQerrorMessage(conn);
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
        if (const auto nl = msg.find('\n'); nl != std::string::npos) msg = msg.substr(0, nl);
        PQfinish(conn);
        return Error::Unavailable("cannot connect to PostgreSQL: " + msg);
    }
    PQsetNoticeReceiver(conn, IgnoreNotice, nullptr);
    return std::make_unique<PgConnection>(conn);
}

class PostgresDatabase final : public Database {
public:
    explicit PostgresDatabase(const DatabaseSettings& settings)
        : pool_(settings.pool_size, settings.acquire_timeout_ms,
                [url = settings.url]() -> Result<std::unique_ptr<PgConnection>> { return Connect(url); }) {}

    Dialect dialect() const override { return Dialect::kPostgres; }

    Status Transact(TxMode mode, const std::function<Status(Session&)>& work) override {
        XINQIAO_ASSIGN_OR_RETURN(auto lease, pool_.Acquire());
        if (!lease->IsHealthy() && !lease->Reset()) {
            lease.Discard();
            pool_.CountFailure();
            return Error::Unavailable("cannot reach PostgreSQL");
        }
        Status result = lease->ExecuteScript(mode == TxMode::kRead ? "BEGIN READ ONLY" : "BEGIN");
        if (result) {
            result = work(*lease);
            if (result) result = lease->ExecuteScript("COMMIT");
        }
        if (!result) {
            if (lease->IsHealthy() && lease->InTransaction()) (void)lease->ExecuteScript("ROLLBACK");
            if (!lease->IsHealthy()) lease.Discard();
            if (result.error().message.starts_with("database error")) pool_.CountFailure();
        }
        return result;
    }

    core::ports::PoolFigures Figures() override {
        auto f = pool_.Figures();
        f.driver = "postgresql";
        return f;
    }

private:
    Pool<PgConnection> pool_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const DatabaseSettings& settings) {
    auto db = std::make_unique<PostgresDatabase>(settings);
    XINQIAO_RETURN_IF_ERROR(db->Ping());  // fail start-up early with a clear line
    return std::unique_ptr<Database>(std::move(db));
}

}  // namespace xinqiao::store
