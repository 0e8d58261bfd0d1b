#include "support/test_db.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "core/audit/audit_words.hpp"
#include "store/crypto/totp.hpp"
#include "store/migrations/migrations.hpp"

namespace xinqiao::testing {

using core::Result;

namespace {

// A one-connection handle on the test server itself (no schema on the search path).
Result<std::unique_ptr<store::Database>> OpenAdmin(const std::string& url) {
    store::DatabaseSettings admin;
    admin.url = url;
    admin.pool_size = 1;
    return store::OpenDatabase(admin);
}

}  // namespace

std::string BackendName(Backend b) { return b == Backend::kSqlite ? "SQLite" : "PostgreSQL"; }

void PrintTo(Backend b, std::ostream* os) { *os << BackendName(b); }

const std::string& TestKeyFile() {
    static const std::string kPath = [] {
        const std::string path = MakeTempDir() + "/test.key";
        const auto made = store::Keyring::CreateFile(path, store::CipherAlgorithm::kAes256Gcm);
        if (!made) ADD_FAILURE() << made.error().message;
        return path;
    }();
    return kPath;
}

const store::Keyring& TestKeyring() {
    static const store::Keyring kRing = [] {
        auto r = store::Keyring::LoadFile(TestKeyFile());
        if (!r) ADD_FAILURE() << r.error().message;
        return r ? std::move(r).value() : store::Keyring();
    }();
    return kRing;
}

std::string TotpCodeAt(const std::string& secret, std::int64_t unix_ms) {
    return store::HotpCode(store::Base32Decode(secret).value_or(""), unix_ms / 1000 / 30);
}

std::string MakeTempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") + "/xinqiao-test.XXXXXX";
    char* made = mkdtemp(templ.data());
    if (!made) {
        ADD_FAILURE() << "mkdtemp failed";
        return "/tmp";
    }
    return templ;
}

std::unique_ptr<TestDatabase> TestDatabase::Create(Backend backend, std::string& skip_reason, bool migrate) {
    std::unique_ptr<TestDatabase> t(new TestDatabase());
    t->backend_ = backend;
    if (backend == Backend::kSqlite) {
        t->dir_ = MakeTempDir();
        t->url_ = "sqlite:" + t->dir_ + "/test.db";
    } else {
        const char* dsn = std::getenv("XINQIAO_TEST_PG_DSN");
        if (!dsn || !*dsn) {
            const char* required = std::getenv("XINQIAO_REQUIRE_PG");
            if (required && std::string(required) == "1") {
                ADD_FAILURE() << "XINQIAO_REQUIRE_PG=1 but XINQIAO_TEST_PG_DSN is not set";
                return nullptr;
            }
            skip_reason = "XINQIAO_TEST_PG_DSN is not set (make test sets it)";
            return nullptr;
        }
        static std::atomic<int> counter{0};
        t->admin_url_ = dsn;
        t->schema_ = "t" + std::to_string(getpid()) + "_" + std::to_string(counter++);
        auto db = OpenAdmin(t->admin_url_);
        if (!db) {
            ADD_FAILURE() << "cannot reach the test PostgreSQL: " << db.error().message;
            return nullptr;
        }
        const auto made = (*db)->Transact(store::TxMode::kWrite, [&](store::Session& s) {
            return s.ExecuteScript("CREATE SCHEMA " + t->schema_);
        });
        if (!made) {
            ADD_FAILURE() << "cannot create schema: " << made.error().message;
            return nullptr;
        }
        t->url_ = t->admin_url_ + (t->admin_url_.find('?') == std::string::npos ? "?" : "&") +
                  "options=-csearch_path%3D" + t->schema_;
    }
    store::DatabaseSettings settings;
    settings.url = t->url_;
    settings.pool_size = 4;
    auto db = store::OpenDatabase(settings);
    if (!db) {
        ADD_FAILURE() << "cannot open test database: " << db.error().message;
        return nullptr;
    }
    t->db_ = std::move(db).value();
    if (migrate) {
        const auto migrated = store::Migrate(*t->db_);
        if (!migrated) {
            ADD_FAILURE() << "migration failed: " << migrated.error().message;
            return nullptr;
        }
    }
    return t;
}

// Every action, role and kind of target a test wrote to the trail has its words for auditors, so
// a new action cannot reach the audit page or its export as a bare code.
void ExpectTrailInWords(store::Database& db) {
    const auto check = [&](const char* column, auto describe) {
        (void)db.Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query(std::string("SELECT DISTINCT ") + column + " FROM audit_log", {}));
            for (std::size_t i = 0; i < rs.rows(); ++i) {
                const std::string code = Cell(rs, i, 0);
                if (code.empty() && std::string_view(column) == "target_type") continue;
                EXPECT_TRUE(describe(code)) << "audit " << column << " \"" << code
                                            << "\" has no words in core/audit/audit_words.cpp";
            }
            return core::Ok();
        });
    };
    check("action", [](const std::string& c) { return core::audit::DescribeAction(c).has_value(); });
    check("actor_role", [](const std::string& c) { return core::audit::DescribeActorRole(c).has_value(); });
    check("target_type", [](const std::string& c) { return core::audit::DescribeTargetType(c).has_value(); });
}

TestDatabase::~TestDatabase() {
    if (db_) ExpectTrailInWords(*db_);
    db_.reset();
    if (!dir_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    if (!schema_.empty()) {
        if (auto db = OpenAdmin(admin_url_)) {
            (void)(*db)->Transact(store::TxMode::kWrite, [&](store::Session& s) {
                return s.ExecuteScript("DROP SCHEMA " + schema_ + " CASCADE");
            });
        }
    }
}

}  // namespace xinqiao::testing
