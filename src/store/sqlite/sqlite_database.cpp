#include "store/sqlite/sqlite_database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <mutex>
#include <unordered_map>

#include "core/common/text.hpp"
#include "store/pool.hpp"

namespace xinqiao::store {
namespace {

using core::Error;

double SteadySeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double ThreadCpuSeconds() {
    timespec t{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

Error TranslateError(int code) {
    const int primary = code & 0xFF;
    const std::string what = std::string("database error: ") + sqlite3_errstr(code);
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) return Error::AlreadyExists(what);
    if (code == SQLITE_CONSTRAINT_FOREIGNKEY) return Error::FailedPrecondition(what);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_CANTOPEN || primary == SQLITE_FULL ||
        primary == SQLITE_IOERR) {
        return Error::Unavailable(what);
    }
    return Error::Internal(what);
}

// A prepared statement and, for each of its SQLite parameter slots, the `$n` it stands for.
struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    std::vector<int> slot_to_param;
};

class SqliteConnection final : public Session {
public:
    explicit SqliteConnection(sqlite3* db) : db_(db) {}
    ~SqliteConnection() override {
        for (auto& [sql, p] : cache_) sqlite3_finalize(p.stmt);
        sqlite3_close_v2(db_);
    }

    Dialect dialect() const override { return Dialect::kSqlite; }

    Result<ResultSet> Query(std::string_view sql, const Params& params) override {
        XINQIAO_ASSIGN_OR_RETURN(Prepared * p, Prepare(sql, params));
        const int columns = sqlite3_column_count(p->stmt);
        ResultSet rs(static_cast<std::size_t>(columns));
        while (true) {
            const int rc = sqlite3_step(p->stmt);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) return Fail(p, rc);
            for (int c = 0; c < columns; ++c) {
                if (sqlite3_column_type(p->stmt, c) == SQLITE_NULL) {
                    rs.Append(std::nullopt);
                } else {
                    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(p->stmt, c));
                    rs.Append(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(p->stmt, c))));
                }
            }
        }
        sqlite3_reset(p->stmt);
        return rs;
    }

    Result<std::int64_t> Execute(std::string_view sql, const Params& params) override {
        XINQIAO_ASSIGN_OR_RETURN(Prepared * p, Prepare(sql, params));
        int rc;
        while ((rc = sqlite3_step(p->stmt)) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE) return Fail(p, rc);
        sqlite3_reset(p->stmt);
        return static_cast<std::int64_t>(sqlite3_changes64(db_));
    }

    Status ExecuteScript(std::string_view sql) override {
        const std::string text(sql);
        const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) return TranslateError(sqlite3_extended_errcode(db_));
        return core::Ok();
    }

    // A transaction-control statement (BEGIN, COMMIT, SAVEPOINT ...) from the statement cache:
    // sqlite3_exec would parse it again each time, and the writer runs several per write.
    Status Control(const char* sql) {
        XINQIAO_ASSIGN_OR_RETURN(Prepared * p, Prepare(sql, {}));
        const int rc = sqlite3_step(p->stmt);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) return Fail(p, rc);
        sqlite3_reset(p->stmt);
        return core::Ok();
    }

    sqlite3* handle() { return db_; }

private:
    Error Fail(Prepared* p, int rc) {
        const int extended = sqlite3_extended_errcode(db_);
        sqlite3_reset(p->stmt);
        return TranslateError(extended != SQLITE_OK ? extended : rc);
    }

    Result<Prepared*> Prepare(std::string_view sql, const Params& params) {
        auto it = cache_.find(sql);
        if (it == cache_.end()) {
            Prepared p;
            const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                              &p.stmt, nullptr);
            if (rc != SQLITE_OK) return TranslateError(sqlite3_extended_errcode(db_));
            const int slots = sqlite3_bind_parameter_count(p.stmt);
            for (int i = 1; i <= slots; ++i) {
                const char* name = sqlite3_bind_parameter_name(p.stmt, i);
                const auto n = name && name[0] == '$' ? core::ParseInt64(name + 1) : std::nullopt;
                XINQIAO_ASSERT(n && *n >= 1, "SQL parameters are written $1..$n");
                p.slot_to_param.push_back(static_cast<int>(*n));
            }
            it = cache_.emplace(std::string(sql), p).first;
        }
        Prepared* p = &it->second;
        sqlite3_clear_bindings(p->stmt);
        for (std::size_t slot = 0; slot < p->slot_to_param.size(); ++slot) {
            const auto index = static_cast<std::size_t>(p->slot_to_param[slot] - 1);
            XINQIAO_ASSERT(index < params.size(), "every $n in the SQL has a parameter");
            const Value& v = params[index];
            const int s = static_cast<int>(slot) + 1;
            int rc = SQLITE_OK;
            if (std::holds_alternative<std::int64_t>(v)) {
                rc = sqlite3_bind_int64(p->stmt, s, std::get<std::int64_t>(v));
            } else if (std::holds_alternative<std::string>(v)) {
                const auto& str = std::get<std::string>(v);
                rc = sqlite3_bind_text64(p->stmt, s, str.data(), str.size(), SQLITE_STATIC, SQLITE_UTF8);
            } else {
                rc = sqlite3_bind_null(p->stmt, s);
            }
            if (rc != SQLITE_OK) return TranslateError(rc);
        }
        return p;
    }

    sqlite3* db_;
    // Looked up by the caller's string_view: no string is built per statement.
    struct SqlHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, Prepared, SqlHash, std::equal_to<>> cache_;
};

Result<std::unique_ptr<SqliteConnection>> OpenConnection(const std::string& path, int busy_timeout_ms, bool read_only) {
    // SQLite's memory statistics take one process-wide mutex on every allocation, which all the
    // connections' threads then queue on. Nothing here reads them. Set once, before SQLite starts.
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        return sqlite3_initialize() == SQLITE_OK;
    }();
    if (!configured) return Error::Unavailable("cannot initialise SQLite");
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_close_v2(db);
        return Error::Unavailable("cannot open the SQLite database file (" + std::string(sqlite3_errstr(rc)) + ")");
    }
    auto conn = std::make_unique<SqliteConnection>(db);
    sqlite3_busy_timeout(db, busy_timeout_ms);
    sqlite3_extended_result_codes(db, 1);
    XINQIAO_RETURN_IF_ERROR(conn->ExecuteScript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"));
    // Readers refuse writes, as PostgreSQL's READ ONLY transactions do.
    if (read_only) XINQIAO_RETURN_IF_ERROR(conn->ExecuteScript("PRAGMA query_only=ON;"));
    // A page cache larger than SQLite's 2 MB default: every page missed is a read() system call.
    XINQIAO_RETURN_IF_ERROR(conn->ExecuteScript(read_only ? "PRAGMA cache_size=-16384;" : "PRAGMA cache_size=-65536;"));
    return conn;
}

Status RunTransaction(SqliteConnection& conn, const char* begin, const std::function<Status(Session&)>& work) {
    XINQIAO_RETURN_IF_ERROR(conn.Control(begin));
    Status result = work(conn);
    if (result) {
        result = conn.Control("COMMIT");
        if (result) return result;
    }
    if (!sqlite3_get_autocommit(conn.handle())) {
        (void)conn.Control("ROLLBACK");
    }
    return result;
}

class SqliteDatabase final : public Database {
public:
    SqliteDatabase(std::string path, std::string wal_path, const DatabaseSettings& settings,
                   std::unique_ptr<SqliteConnection> writer)
        : path_(std::move(path)),
          wal_path_(std::move(wal_path)),
          writer_(std::move(writer)),
          readers_(settings.pool_size, settings.acquire_timeout_ms,
                   [this, busy = settings.busy_timeout_ms]() -> Result<std::unique_ptr<SqliteConnection>> {
                       return OpenConnection(path_, busy, /*read_only=*/true);
                   }) {}

    ~SqliteDatabase() override {
        if (wal_fd_ >= 0) ::close(wal_fd_);
    }

    Dialect dialect() const override { return Dialect::kSqlite; }

    Status Transact(TxMode mode, const std::function<Status(Session&)>& work) override {
        Status result;
        if (mode == TxMode::kWrite) {
            result = GroupCommit(work);
        } else {
            XINQIAO_ASSIGN_OR_RETURN(auto lease, readers_.Acquire());
            result = RunTransaction(*lease, "BEGIN", work);
        }
        if (!result && IsDriverError(result.error())) readers_.CountFailure();
        return result;
    }

    core::ports::PoolFigures Figures() override {
        auto f = readers_.Figures();
        f.driver = "sqlite";
        f.connections += 1;  // the writer
        std::lock_guard lock(queue_mu_);
        f.writer_turns = turns_;
        f.writer_writes = writes_;
        f.writer_busy_seconds = busy_seconds_;
        f.writer_cpu_seconds = cpu_seconds_;
        return f;
    }

private:
    static bool IsDriverError(const Error& e) { return e.message.starts_with("database error"); }

    // Group commit. A write waits in a queue; the first writer to find no leader leads: it runs
    // every queued write in one transaction, each inside its own savepoint (a write that fails
    // is rolled back alone), commits once, and only then tells each writer its result. So many
    // writes share one fsync, and none is acknowledged before the commit that holds it.
    struct Job {
        const std::function<Status(Session&)>* work = nullptr;
        Status result;
        bool taken = false;  // in a batch that a leader runs
        bool done = false;
        std::condition_variable wake;  // each writer sleeps on its own: no stampede per commit
    };
    static constexpr std::size_t kMaxBatch = 256;

    Status GroupCommit(const std::function<Status(Session&)>& work) {
        Job job;
        job.work = &work;
        std::unique_lock lock(queue_mu_);
        queue_.push_back(&job);
        while (!job.done) {
            if (leading_ || job.taken) {
                job.wake.wait(lock);
                continue;
            }
            leading_ = true;
            std::vector<Job*> batch;
            while (!queue_.empty() && batch.size() < kMaxBatch) {
                batch.push_back(queue_.front());
                batch.back()->taken = true;
                queue_.pop_front();
            }
            lock.unlock();
            const double wall0 = SteadySeconds(), cpu0 = ThreadCpuSeconds();
            const bool committed = RunBatch(batch);
            const double busy = SteadySeconds() - wall0, cpu = ThreadCpuSeconds() - cpu0;
            lock.lock();
            ++turns_;
            writes_ += batch.size();
            busy_seconds_ += busy;
            cpu_seconds_ += cpu;
            // The next writer in line leads the next batch while this one waits for the disk.
            leading_ = false;
            if (!queue_.empty()) queue_.front()->wake.notify_one();
            lock.unlock();
            const Status synced = committed ? SyncLog() : core::Ok();
            lock.lock();
            for (Job* j : batch) {
                if (!synced && j->result) j->result = synced;
                j->done = true;
                if (j != &job) j->wake.notify_one();
            }
        }
        return std::move(job.result);
    }

    // Makes the write-ahead log durable up to the last commit. The writer commits with
    // synchronous=NORMAL, which writes the log without waiting for the disk; the disk is waited
    // for here, outside the writer's turn, so the next batch runs while this one syncs. Nothing
    // is acknowledged before this returns.
    Status SyncLog() {
        if (wal_path_.empty()) return core::Ok();  // not in WAL mode: commits were synchronous
        const int fd = WalFd();
        if (fd < 0 || ::fdatasync(fd) != 0) {
            return Error::Unavailable("database error: the write-ahead log could not be synced to disk");
        }
        return core::Ok();
    }

    // The log exists once something was written; opened then, and again after a failed try.
    int WalFd() {
        std::lock_guard lock(wal_mu_);
        if (wal_fd_ < 0) wal_fd_ = ::open(wal_path_.c_str(), O_RDONLY | O_CLOEXEC);
        return wal_fd_;
    }

    // Runs `batch` in one transaction; true when its commit went through.
    bool RunBatch(const std::vector<Job*>& batch) {
        SqliteConnection& conn = *writer_;
        std::size_t first = 0;  // the first job of the open transaction
        if (auto begun = conn.Control("BEGIN IMMEDIATE"); !begun) {
            for (Job* j : batch) j->result = begun;
            return false;
        }
        for (std::size_t i = 0; i < batch.size(); ++i) {
            Job* j = batch[i];
            if (auto sp = conn.Control("SAVEPOINT job"); !sp) {
                j->result = sp;
                continue;
            }
            try {
                j->result = (*j->work)(conn);
            } catch (const std::exception& e) {
                j->result = Error::Internal(std::string("a write failed unexpectedly: ") + e.what());
            }
            if (sqlite3_get_autocommit(conn.handle())) {
                // Some errors (disk full, I/O) make SQLite roll back the whole transaction: the
                // writes before this one are gone too, so they fail with it; the rest start anew.
                const Status lost = j->result ? Status(Error::Unavailable("database error: the transaction was rolled back"))
                                              : j->result;
                for (std::size_t k = first; k <= i; ++k) batch[k]->result = lost;
                first = i + 1;
                if (auto begun = conn.Control("BEGIN IMMEDIATE"); !begun) {
                    for (std::size_t k = first; k < batch.size(); ++k) batch[k]->result = begun;
                    return false;
                }
                continue;
            }
            if (!j->result) (void)conn.Control("ROLLBACK TO job");
            (void)conn.Control("RELEASE job");
        }
        // Nothing is acknowledged unless this commit succeeds.
        if (auto committed = conn.Control("COMMIT"); !committed) {
            if (!sqlite3_get_autocommit(conn.handle())) (void)conn.Control("ROLLBACK");
            for (std::size_t k = first; k < batch.size(); ++k) {
                if (batch[k]->result) batch[k]->result = committed;
            }
            return false;
        }
        return true;
    }

    std::string path_;
    std::string wal_path_;  // empty unless the database is in WAL mode
    std::mutex wal_mu_;
    int wal_fd_ = -1;  // guarded by wal_mu_
    std::mutex queue_mu_;
    std::deque<Job*> queue_;
    bool leading_ = false;
    std::uint64_t turns_ = 0;  // the writer's figures, guarded by queue_mu_
    std::uint64_t writes_ = 0;
    double busy_seconds_ = 0;
    double cpu_seconds_ = 0;
    std::unique_ptr<SqliteConnection> writer_;
    Pool<SqliteConnection> readers_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const DatabaseSettings& settings) {
    XINQIAO_ASSIGN_OR_RETURN(auto writer, OpenConnection(path, settings.busy_timeout_ms, /*read_only=*/false));
    // In WAL mode the writer's commits do not wait for the disk; GroupCommit syncs the log itself
    // before acknowledging (see SyncLog). Other modes (an in-memory database) commit as they are.
    XINQIAO_ASSIGN_OR_RETURN(auto mode, writer->Query("PRAGMA journal_mode", {}));
    std::string wal_path;
    if (mode.rows() == 1 && mode.Text(0, 0) == "wal") {
        XINQIAO_RETURN_IF_ERROR(writer->ExecuteScript("PRAGMA synchronous=NORMAL;"));
        wal_path = sqlite3_filename_wal(sqlite3_db_filename(writer->handle(), "main"));
    }
    return std::unique_ptr<Database>(
        std::make_unique<SqliteDatabase>(path, std::move(wal_path), settings, std::move(writer)));
}

}  // namespace xinqiao::store
