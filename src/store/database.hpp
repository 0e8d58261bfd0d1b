#pragma once
// The one Database interface with two drivers: SQLite (the embedded default) and PostgreSQL
// (libpq). SQL uses PostgreSQL-style positional parameters `$1..$n` on both drivers; the
// small differences in DDL are handled by migrations (see migrations.hpp).
//
// Threading: a Database is shared by all threads; each Transact() call runs on the calling
// thread and blocks it, so call it from a database executor, never an I/O thread. A Session
// belongs to one transaction and must not escape the callback.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/common/result.hpp"
#include "core/ports/data_store.hpp"
#include "store/result_set.hpp"

namespace xinqiao::store {

using core::Result;
using core::Status;

enum class Dialect { kSqlite, kPostgres };

// A parameter value. Booleans are stored as 0/1 integers on both drivers.
using Value = std::variant<std::nullptr_t, std::int64_t, std::string>;
using Params = std::vector<Value>;

Value OptionalInt(const std::optional<std::int64_t>& v);

class Session {
public:
    virtual ~Session() = default;
    virtual Dialect dialect() const = 0;
    // Runs a statement that returns rows (SELECT, or INSERT ... RETURNING).
    virtual Result<ResultSet> Query(std::string_view sql, const Params& params = {}) = 0;
    // Runs a statement and returns the number of rows it changed.
    virtual Result<std::int64_t> Execute(std::string_view sql, const Params& params = {}) = 0;
    // Runs several statements without parameters (migrations).
    virtual Status ExecuteScript(std::string_view sql) = 0;
};

enum class TxMode { kRead, kWrite };

struct DatabaseSettings {
    // "sqlite:PATH" or "postgresql://..." / "postgres://..." (libpq connection URI).
    std::string url;
    // PostgreSQL: connections in the pool. SQLite: reader connections (plus one writer).
    int pool_size = 8;
    // SQLite: how long a statement waits for a lock before failing with kUnavailable.
    int busy_timeout_ms = 5000;
    // How long Transact() waits for a free pooled connection before kUnavailable.
    int acquire_timeout_ms = 10000;
};

class Database {
public:
    virtual ~Database() = default;
    virtual Dialect dialect() const = 0;
    // Runs `work` in one transaction: read-only for kRead. Commits when `work` returns Ok,
    // otherwise rolls back and returns its error. Driver errors are translated: unique
    // violation -> kAlreadyExists, foreign key -> kFailedPrecondition, busy or lost
    // connection -> kUnavailable, serialization failure -> kAborted, other -> kInternal.
    virtual Status Transact(TxMode mode, const std::function<Status(Session&)>& work) = 0;
    // Ok if a trivial read-only transaction succeeds; kUnavailable (or the driver's error) if not.
    virtual Status Ping();
    virtual core::ports::PoolFigures Figures() = 0;
};

// Opens (and for SQLite creates) the database named by settings.url. kInvalidArgument for a
// malformed URL, kUnavailable when it cannot be opened or reached. The error message never
// holds a password.
Result<std::unique_ptr<Database>> OpenDatabase(const DatabaseSettings& settings);

// `url` with any password replaced by "***", for logs.
std::string RedactUrl(std::string_view url);

}  // namespace xinqiao::store
