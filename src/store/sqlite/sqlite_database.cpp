#include "store/sqlite/sqlite_database.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <mutex>
#include <thread>
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
    // Not much larger for the writer: SQLite 3.40 parks a page under the lock-byte page's number
    // while it rebalances a b-tree, and the commit after that walks the writer's whole page cache
    // to drop it; at 64 MiB that walk was a tenth of the writer's time under bench/submit.
    XINQIAO_RETURN_IF_ERROR(conn->ExecuteScript("PRAGMA cache_size=-16384;"));  // 16 MiB
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
                   }) {
        writer_thread_ = std::thread([this] {
            ::pthread_setname_np(::pthread_self(), "xq-sqlite-write");
            WriterLoop();
        });
        if (!wal_path_.empty()) {
            sync_thread_ = std::thread([this] {
                ::pthread_setname_np(::pthread_self(), "xq-sqlite-sync");
                SyncLoop();
            });
        }
    }

    ~SqliteDatabase() override {
        // Every write already queued runs and is answered before the threads end.
        {
            std::lock_guard lock(queue_mu_);
            stopping_ = true;
        }
        queue_cv_.notify_one();
        writer_thread_.join();
        {
            std::lock_guard lock(sync_mu_);
            sync_stopping_ = true;
        }
        sync_cv_.notify_one();
        if (sync_thread_.joinable()) sync_thread_.join();
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
        std::lock_guard lock(figures_mu_);
        f.writer_turns = turns_;
        f.writer_writes = writes_;
        f.writer_busy_seconds = busy_seconds_;
        f.writer_cpu_seconds = cpu_seconds_;
        return f;
    }

private:
    static bool IsDriverError(const Error& e) { return e.message.starts_with("database error"); }

    // Group commit. A write waits in a queue; the writer thread takes everything queued, runs it
    // in one transaction, each write inside its own savepoint (a write that fails is rolled back
    // alone), commits once and hands the batch to the sync thread, which makes the log durable
    // and only then answers each writer. So many writes share a commit, the next batch runs
    // while the last one syncs, one fdatasync covers every batch committed meanwhile, and no
    // write is acknowledged before the sync that holds it.
    //
    // A writer sleeps on its own job, and the threads that run and sync batches take the queues'
    // locks only to swap lists: each write costs its thread one sleep and one wake-up, where the
    // leader-follower scheme before (writers leading in turn) woke writers that then queued on
    // the one shared lock. On bench/submit, 3,300-3,900 submissions/s became 4,600-4,900.
    struct Job {
        const std::function<Status(Session&)>* work = nullptr;
        Status result;
        std::mutex mu;
        std::condition_variable wake;
        bool done = false;  // guarded by mu
    };
    // Shared: the thread that answers a job may still be waking it when its writer returns.
    using JobPtr = std::shared_ptr<Job>;
    static constexpr std::size_t kMaxBatch = 256;

    static void Answer(const JobPtr& j) {
        {
            std::lock_guard lock(j->mu);
            j->done = true;
        }
        j->wake.notify_one();
    }

    Status GroupCommit(const std::function<Status(Session&)>& work) {
        // A write started from inside a write would wait for the writer thread, which is
        // waiting for it: refuse it rather than hang.
        XINQIAO_ASSERT(std::this_thread::get_id() != writer_thread_.get_id(), "no write is started inside a write");
        auto job = std::make_shared<Job>();
        job->work = &work;
        bool wake = false;
        {
            std::lock_guard lock(queue_mu_);
            wake = queue_.empty();
            queue_.push_back(job);
        }
        if (wake) queue_cv_.notify_one();
        {
            std::unique_lock lock(job->mu);
            job->wake.wait(lock, [&] { return job->done; });
        }
        return std::move(job->result);
    }

    void WriterLoop() {
        std::vector<JobPtr> batch;
        while (true) {
            {
                std::unique_lock lock(queue_mu_);
                queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
                if (queue_.empty()) return;  // stopping, and nothing left to run
                const std::size_t n = std::min(kMaxBatch, queue_.size());
                batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(n)));
                queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
            }
            const double wall0 = SteadySeconds(), cpu0 = ThreadCpuSeconds();
            const bool committed = RunBatch(batch);
            const double busy = SteadySeconds() - wall0, cpu = ThreadCpuSeconds() - cpu0;
            {
                std::lock_guard lock(figures_mu_);
                ++turns_;
                writes_ += batch.size();
                busy_seconds_ += busy;
                cpu_seconds_ += cpu;
            }
            if (committed && !wal_path_.empty()) {
                bool wake = false;
                {
                    std::lock_guard lock(sync_mu_);
                    wake = unsynced_.empty();
                    unsynced_.insert(unsynced_.end(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
                }
                if (wake) sync_cv_.notify_one();
            } else {
                // Not committed: each job already holds its failure. Not in WAL mode: the commit
                // was synchronous.
                for (const JobPtr& j : batch) Answer(j);
            }
            batch.clear();
        }
    }

    void SyncLoop() {
        std::vector<JobPtr> jobs;
        while (true) {
            {
                std::unique_lock lock(sync_mu_);
                sync_cv_.wait(lock, [&] { return sync_stopping_ || !unsynced_.empty(); });
                if (unsynced_.empty()) return;
                jobs.swap(unsynced_);
            }
            const Status synced = SyncLog();
            for (const JobPtr& j : jobs) {
                if (!synced && j->result) j->result = synced;
                Answer(j);
            }
            jobs.clear();
        }
    }

    // Makes the write-ahead log durable up to the last commit. The writer commits with
    // synchronous=NORMAL, which writes the log without waiting for the disk; the disk is waited
    // for here, on the sync thread, so the next batch runs while this one syncs. Nothing is
    // acknowledged before this returns.
    Status SyncLog() {
        const int fd = WalFd();
        if (fd < 0 || ::fdatasync(fd) != 0) {
            return Error::Unavailable("database error: the write-ahead log could not be synced to disk");
        }
        return core::Ok();
    }

    // The log exists once something was written; opened then, and again after a failed try.
    // Only the sync thread calls this.
    int WalFd() {
        if (wal_fd_ < 0) wal_fd_ = ::open(wal_path_.c_str(), O_RDONLY | O_CLOEXEC);
        return wal_fd_;
    }

    // Runs `batch` in one transaction; true when its commit went through.
    bool RunBatch(const std::vector<JobPtr>& batch) {
        SqliteConnection& conn = *writer_;
        std::size_t first = 0;  // the first job of the open transaction
        if (auto begun = conn.Control("BEGIN IMMEDIATE"); !begun) {
            for (const JobPtr& j : batch) j->result = begun;
            return false;
        }
        for (std::size_t i = 0; i < batch.size(); ++i) {
            Job* j = batch[i].get();
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
    int wal_fd_ = -1;       // the sync thread's
    std::mutex queue_mu_;
    std::condition_variable queue_cv_;
    std::deque<JobPtr> queue_;  // guarded by queue_mu_
    bool stopping_ = false;     // guarded by queue_mu_
    std::mutex sync_mu_;
    std::condition_variable sync_cv_;
    std::vector<JobPtr> unsynced_;  // committed, not yet synced; guarded by sync_mu_
    bool sync_stopping_ = false;    // guarded by sync_mu_
    std::mutex figures_mu_;
    std::uint64_t turns_ = 0;  // the writer's figures, guarded by figures_mu_
    std::uint64_t writes_ = 0;
    double busy_seconds_ = 0;
    double cpu_seconds_ = 0;
    std::unique_ptr<SqliteConnection> writer_;
    Pool<SqliteConnection> readers_;
    std::thread writer_thread_;  // started last, after everything it uses
    std::thread sync_thread_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const DatabaseSettings& settings) {
    XINQIAO_ASSIGN_OR_RETURN(auto writer, OpenConnection(path, settings.busy_timeout_ms, /*read_only=*/false));
    // In WAL mode the writer's commits do not wait for the disk; GroupCommit syncs the log itself
    // before acknowledging (see SyncLog). Other modes (an in-memory database) commit as they are.
    XINQIAO_ASSIGN_OR_RETURN(auto mode, writer->Query("PRAGMA journal_mode", {}));
    std::string wal_path;
    if (mode.rows() == 1 && mode.First([](Row& row) { return row.Text(); }) == "wal") {
        XINQIAO_RETURN_IF_ERROR(writer->ExecuteScript("PRAGMA synchronous=NORMAL;"));
        wal_path = sqlite3_filename_wal(sqlite3_db_filename(writer->handle(), "main"));
    }
    return std::unique_ptr<Database>(
        std::make_unique<SqliteDatabase>(path, std::move(wal_path), settings, std::move(writer)));
}

}  // namespace xinqiao::store
