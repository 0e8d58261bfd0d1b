#include "store/database.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "support/test_db.hpp"

namespace xinqiao::store {
namespace {

using testing::Backend;
using testing::TestDatabase;

// The contract every driver keeps; runs unchanged on SQLite and PostgreSQL.
class DatabaseContract : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { XINQIAO_OPEN_TEST_DB(t_, GetParam()); }
    Database& db() { return t_->db(); }

    Status InsertCity(Session& s, std::int64_t id, const std::string& name) {
        XINQIAO_RETURN_IF_ERROR(s.Execute(
            "INSERT INTO org_units (id, parent_id, kind, name, code, stage, is_boarding, path, depth, county_id) "
            "VALUES ($1, NULL, 'city', $2, '', NULL, 0, $3, 1, NULL)",
            {id, name, "/" + std::to_string(id) + "/"}));
        return core::Ok();
    }

    std::int64_t CountUnits() {
        std::int64_t n = -1;
        EXPECT_TRUE(db().Transact(TxMode::kRead, [&](Session& s) -> Status {
            XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT COUNT(*) FROM org_units"));
            n = rs.Int();
            return core::Ok();
        }));
        return n;
    }

    std::unique_ptr<TestDatabase> t_;
};

TEST_P(DatabaseContract, BindsParametersAndReadsBackTypedCells) {
    ASSERT_TRUE(db().Transact(TxMode::kWrite, [&](Session& s) { return InsertCity(s, 9000000000123, "青溪市"); }));
    ASSERT_TRUE(db().Transact(TxMode::kRead, [&](Session& s) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT id, name, parent_id, depth FROM org_units WHERE name = $1 AND depth = $2",
                                                  {std::string("青溪市"), std::int64_t{1}}));
        EXPECT_EQ(rs.rows(), 1u);
        EXPECT_EQ(rs.columns(), 4u);
        auto row = rs.At(0);
        EXPECT_EQ(row.Int(), 9000000000123);
        EXPECT_EQ(row.Text(), "青溪市");
        EXPECT_TRUE(row.IsNull());
        EXPECT_EQ(row.OptInt(), std::nullopt);
        return core::Ok();
    }));
}

TEST_P(DatabaseContract, SameParameterMayAppearTwice) {
    ASSERT_TRUE(db().Transact(TxMode::kWrite, [&](Session& s) { return InsertCity(s, 7, "a"); }));
    ASSERT_TRUE(db().Transact(TxMode::kRead, [&](Session& s) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT COUNT(*) FROM org_units WHERE id >= $1 AND id <= $1", {std::int64_t{7}}));
        EXPECT_EQ(rs.Int(), 1);
        return core::Ok();
    }));
}

TEST_P(DatabaseContract, ExecuteReportsChangedRows) {
    ASSERT_TRUE(db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
        XINQIAO_RETURN_IF_ERROR(InsertCity(s, 1, "a"));
        XINQIAO_RETURN_IF_ERROR(InsertCity(s, 2, "b"));
        XINQIAO_ASSIGN_OR_RETURN(auto n, s.Execute("UPDATE org_units SET code = $1", {std::string("X")}));
        EXPECT_EQ(n, 2);
        return core::Ok();
    }));
}

TEST_P(DatabaseContract, AFailedTransactionChangesNothing) {
    const auto r = db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
        XINQIAO_RETURN_IF_ERROR(InsertCity(s, 1, "a"));
        return core::Error::InvalidArgument("caller changed its mind");
    });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "caller changed its mind");
    EXPECT_EQ(CountUnits(), 0);
    // The connection is usable afterwards.
    ASSERT_TRUE(db().Transact(TxMode::kWrite, [&](Session& s) { return InsertCity(s, 1, "a"); }));
    EXPECT_EQ(CountUnits(), 1);
}

TEST_P(DatabaseContract, UniqueViolationIsAlreadyExistsAndRollsBack) {
    ASSERT_TRUE(db().Transact(TxMode::kWrite, [&](Session& s) { return InsertCity(s, 1, "a"); }));
    const auto r = db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
        XINQIAO_RETURN_IF_ERROR(InsertCity(s, 2, "b"));
        return InsertCity(s, 3, "a");  // same top-level name
    });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kAlreadyExists);
    EXPECT_EQ(CountUnits(), 1);
}

TEST_P(DatabaseContract, ForeignKeyViolationIsFailedPrecondition) {
    const auto r = db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
        XINQIAO_RETURN_IF_ERROR(s.Execute(
            "INSERT INTO org_units (parent_id, kind, name, path, depth) VALUES ($1, 'county', 'x', '/9/1/', 2)",
            {std::int64_t{424242}}));
        return core::Ok();
    });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST_P(DatabaseContract, ReadTransactionsRefuseWrites) {
    const auto r = db().Transact(TxMode::kRead, [&](Session& s) { return InsertCity(s, 1, "a"); });
    ASSERT_FALSE(r);
    EXPECT_EQ(CountUnits(), 0);
}

TEST_P(DatabaseContract, ErrorsNeverCarrySqlOrValues) {
    const auto r = db().Transact(TxMode::kRead, [&](Session& s) -> Status {
        XINQIAO_RETURN_IF_ERROR(s.Query("SELECT secret_column FROM no_such_table WHERE x = $1", {std::string("张三")}));
        return core::Ok();
    });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kInternal);
    EXPECT_EQ(r.error().message.find("secret_column"), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find("张三"), std::string::npos);
}

TEST_P(DatabaseContract, ManyThreadsReadAndWriteWithoutLosingWrites) {
    constexpr int kThreads = 6, kPerThread = 25;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const std::int64_t id = t * 1000 + i + 1;
                if (!db().Transact(TxMode::kWrite, [&](Session& s) { return InsertCity(s, id, "c" + std::to_string(id)); })) {
                    ++failures;
                }
                if (!db().Transact(TxMode::kRead, [&](Session& s) -> Status {
                        XINQIAO_RETURN_IF_ERROR(s.Query("SELECT COUNT(*) FROM org_units"));
                        return core::Ok();
                    })) {
                    ++failures;
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(CountUnits(), kThreads * kPerThread);
    const auto f = db().Figures();
    EXPECT_GE(f.acquisitions, static_cast<std::uint64_t>(kThreads * kPerThread));
    EXPECT_EQ(f.in_use, 0);
    EXPECT_GE(f.connections, 1);
}

TEST_P(DatabaseContract, ConcurrentWritesThatFailAreRolledBackAloneAndTheRestAreKept) {
    // On SQLite concurrent writes share a commit (group commit): one write failing, or one
    // breaking a unique key, must take nothing of its neighbours with it.
    constexpr int kThreads = 12, kPerThread = 30;
    const auto before = db().Figures();
    std::atomic<int> acknowledged{0}, refused{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const std::int64_t id = t * 1000 + i + 1;
                const auto r = db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
                    XINQIAO_RETURN_IF_ERROR(InsertCity(s, id, "c" + std::to_string(id)));
                    if (i % 7 == 3) return core::Error::InvalidArgument("changed its mind");
                    // Every fifth write also takes a name another thread may hold: a unique violation.
                    if (i % 5 == 4) return InsertCity(s, id + 500, "shared" + std::to_string(i));
                    return core::Ok();
                });
                (r ? acknowledged : refused)++;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_GT(refused.load(), kThreads * kPerThread / 7);
    std::int64_t kept = -1, names = -1;
    ASSERT_TRUE(db().Transact(TxMode::kRead, [&](Session& s) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT COUNT(*) FROM org_units WHERE name LIKE 'c%'"));
        kept = rs.Int();
        XINQIAO_ASSIGN_OR_RETURN(auto shared, s.Query("SELECT COUNT(*) FROM org_units WHERE name LIKE 'shared%'"));
        names = shared.Int();
        return core::Ok();
    }));
    // Exactly the acknowledged writes are there, each whole.
    EXPECT_EQ(kept, acknowledged.load());
    EXPECT_LE(names, kept);
    if (GetParam() == Backend::kSqlite) {
        // The writer counts every write it ran, acknowledged or not, in no more turns than writes.
        const auto f = db().Figures();
        EXPECT_EQ(f.writer_writes - before.writer_writes, static_cast<std::uint64_t>(kThreads * kPerThread));
        EXPECT_GT(f.writer_turns, before.writer_turns);
        EXPECT_LE(f.writer_turns - before.writer_turns, f.writer_writes - before.writer_writes);
        EXPECT_GT(f.writer_busy_seconds, before.writer_busy_seconds);
        EXPECT_GT(f.writer_cpu_seconds, before.writer_cpu_seconds);
    }
}

TEST_P(DatabaseContract, PingAnswersAndFiguresNameTheDriver) {
    EXPECT_TRUE(db().Ping());
    EXPECT_EQ(db().Figures().driver, GetParam() == Backend::kSqlite ? "sqlite" : "postgresql");
}

INSTANTIATE_TEST_SUITE_P(Drivers, DatabaseContract, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

TEST(OpenDatabase, RejectsUnknownSchemes) {
    const auto r = OpenDatabase({"mysql://x", 1, 100, 100});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_FALSE(OpenDatabase({"sqlite:", 1, 100, 100}));
}

TEST(OpenDatabase, UnreachablePostgresIsUnavailableWithoutPassword) {
    const auto r = OpenDatabase({"postgresql://someone:hunter2@127.0.0.1:1/db?connect_timeout=2", 1, 100, 100});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
    EXPECT_EQ(r.error().message.find("hunter2"), std::string::npos) << r.error().message;
}

TEST(OpenDatabase, UnopenableSqliteIsUnavailable) {
    const auto r = OpenDatabase({"sqlite:/nonexistent-dir/x/y.db", 1, 100, 100});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
}

// SQLite runs writes on its one writer thread; a write started from inside a write would wait
// for that thread, which waits for it. It stops the process with a message instead of hanging.
TEST(SqliteWriter, AWriteStartedInsideAWriteStopsInsteadOfHanging) {
    ::testing::FLAGS_gtest_death_test_style = "threadsafe";
    const std::string dir = testing::MakeTempDir();
    EXPECT_DEATH(
        {
            ::alarm(20);  // were it to hang, it dies without the message, and the test fails
            auto db = OpenDatabase({"sqlite:" + dir + "/nested.db", 1, 100, 100});
            if (!db) std::abort();
            (void)(*db)->Transact(TxMode::kWrite, [&](Session&) -> Status {
                return (*db)->Transact(TxMode::kWrite, [](Session&) -> Status { return core::Ok(); });
            });
        },
        "no write is started inside a write");
}

TEST(RedactUrl, HidesPasswords) {
    EXPECT_EQ(RedactUrl("postgresql://u:pw@h:5432/d"), "postgresql://u:***@h:5432/d");
    EXPECT_EQ(RedactUrl("postgresql://u@h/d"), "postgresql://u@h/d");
    EXPECT_EQ(RedactUrl("sqlite:data/x.db"), "sqlite:data/x.db");
    EXPECT_EQ(RedactUrl("postgresql://u@h/d?password=pw&sslmode=require"), "postgresql://u@h/d?password=***&sslmode=require");
}

}  // namespace
}  // namespace xinqiao::store
