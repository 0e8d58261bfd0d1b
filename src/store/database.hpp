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

namespace xinqiao::store {

using core::Result;
using core::Status;

enum class Dialect { kSqlite, kPostgres };

// A parameter value. Booleans are stored as 0/1 integers on both drivers.
using Value = std::variant<std::nullptr_t, std::int64_t, std::string>;
using Params = std::vector<Value>;

Value OptionalInt(const std::optional<std::int64_t>& v);

// Rows of a query as text cells (NULL = empty optional), column-major within a row.
class ResultSet {
public:
    ResultSet() = default;
    explicit ResultSet(std::size_t columns) : columns_(columns) {}

    std::size_t rows() const { return columns_ == 0 ? 0 : cells_.size() / columns_; }
    std::size_t columns() const { return columns_; }
    bool empty() const { return cells_.empty(); }

    bool IsNull(std::size_t row, std::size_t col) const { return !cells_[row * columns_ + col].has_value(); }
    // "" for NULL.
    std::string_view Text(std::size_t row, std::size_t col) const;
    // 0 for NULL; integers and PostgreSQL's "t"/"f" booleans.
    std::int64_t Int(std::size_t row, std::size_t col) const;
    std::optional<std::int64_t> OptInt(std::size_t row, std::size_t col) const;

    void Append(std::optional<std::string> cell) { cells_.push_back(std::move(cell)); }

private:
    std::size_t columns_ = 0;
    std::vector<std::optional<std::string>> cells_;
};

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
