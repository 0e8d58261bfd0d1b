#pragma once
// Real databases for tests: a SQLite file in a fresh temporary directory, or a fresh schema in
// the throwaway PostgreSQL that `make test` starts (XINQIAO_TEST_PG_DSN). No fakes.

#include <memory>
#include <ostream>
#include <string>

#include "store/crypto/keyring.hpp"
#include "store/database.hpp"

namespace xinqiao::testing {

enum class Backend { kSqlite, kPostgres };
std::string BackendName(Backend b);
// Lets GoogleTest print the parameter by name.
void PrintTo(Backend b, std::ostream* os);

// One keyring for the whole test process (AES-256-GCM), and the same keys as a 0600 key file
// for the processes the tests start.
const store::Keyring& TestKeyring();
const std::string& TestKeyFile();

// The TOTP code an authenticator app would show for base32 `secret` at `unix_ms`.
std::string TotpCodeAt(const std::string& secret, std::int64_t unix_ms);

// A new empty directory under $TMPDIR, removed by the caller (or left for inspection).
std::string MakeTempDir();

class TestDatabase {
public:
    // A fresh database, migrated unless `migrate` is false. Returns null with `skip_reason`
    // set when PostgreSQL is not configured (outside `make test`); fails the test if it is
    // required (XINQIAO_REQUIRE_PG=1) or configured but unreachable.
    static std::unique_ptr<TestDatabase> Create(Backend backend, std::string& skip_reason, bool migrate = true);
    ~TestDatabase();

    store::Database& db() { return *db_; }
    // The URL a separate process (xinqiao serve) can open to reach the same data.
    const std::string& url() const { return url_; }
    Backend backend() const { return backend_; }

private:
    TestDatabase() = default;
    Backend backend_ = Backend::kSqlite;
    std::string url_;
    std::string dir_;         // SQLite: the temp directory
    std::string schema_;      // PostgreSQL: the test's schema
    std::string admin_url_;   // PostgreSQL: the DSN without search_path
    std::unique_ptr<store::Database> db_;
};

// One cell of a raw query's result, for assertions on what is stored. Store code reads rows
// in SELECT order with store::Row; a test may look at any cell it names.
inline store::Row CellAt(const store::ResultSet& rs, std::size_t row, std::size_t column) {
    store::Row r = rs.At(row);
    r.Skip(column);
    return r;
}
inline std::string Cell(const store::ResultSet& rs, std::size_t row, std::size_t column) {
    return CellAt(rs, row, column).Text();
}
inline std::int64_t IntCell(const store::ResultSet& rs, std::size_t row, std::size_t column) {
    return CellAt(rs, row, column).Int();
}

}  // namespace xinqiao::testing

// Sets up `var` (a std::unique_ptr<TestDatabase>) for `backend`, skipping the test if PostgreSQL
// is not configured outside `make test`.
#define XINQIAO_OPEN_TEST_DB(var, backend)                                         \
    do {                                                                           \
        std::string xinqiao_skip_reason_;                                          \
        var = ::xinqiao::testing::TestDatabase::Create(backend, xinqiao_skip_reason_); \
        if (!var) {                                                                \
            if (!xinqiao_skip_reason_.empty()) GTEST_SKIP() << xinqiao_skip_reason_; \
            return;                                                                \
        }                                                                          \
    } while (false)
