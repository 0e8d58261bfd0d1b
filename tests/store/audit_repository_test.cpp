#include "store/audit_repository.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "store/crypto/digest.hpp"
#include "support/test_db.hpp"

namespace xinqiao::store {
namespace {

using core::audit::AuditEntry;
using testing::Backend;
using testing::TestDatabase;

const core::audit::DigestFn kDigest = AuditDigest(DigestAlgorithm::kSha256);

class AuditLogContract : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { XINQIAO_OPEN_TEST_DB(t_, GetParam()); }

    Result<AuditEntry> Append(const std::string& target_id) {
        AuditEntry e;
        e.at = "2026-11-22T12:00:00.000Z";
        e.actor_role = "local";
        e.action = "org_unit.create";
        e.target_type = "org_unit";
        e.target_id = target_id;
        e.org_path = "/1/";
        e.request_id = "r-" + target_id;
        std::optional<AuditEntry> sealed;
        XINQIAO_RETURN_IF_ERROR(t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
            SqlAuditLog log(s, kDigest);
            XINQIAO_ASSIGN_OR_RETURN(sealed, log.Append(e));
            return core::Ok();
        }));
        return *sealed;
    }

    // What a superuser with direct database access could do: drop the guard, then edit.
    void Tamper(const std::string& sql) {
        const bool pg = GetParam() == Backend::kPostgres;
        const std::string unguard = pg ? "ALTER TABLE audit_log DISABLE TRIGGER USER;"
                                        : "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";
        ASSERT_TRUE(t_->db().Transact(TxMode::kWrite, [&](Session& s) { return s.ExecuteScript(unguard + sql); }));
    }

    AuditVerification Verify() {
        auto v = VerifyAuditTrail(t_->db(), kDigest, /*batch_size=*/2);  // small batches cross boundaries
        EXPECT_TRUE(v) << v.error().message;
        return v ? *v : AuditVerification{};
    }

    std::unique_ptr<TestDatabase> t_;
};

TEST_P(AuditLogContract, AppendsFormAnIntactChain) {
    for (int i = 1; i <= 5; ++i) {
        auto e = Append(std::to_string(i));
        ASSERT_TRUE(e);
        EXPECT_EQ(e->id, i);
        EXPECT_EQ(e->hash.size(), 64u);
    }
    const auto v = Verify();
    EXPECT_EQ(v.entries_checked, 5);
    EXPECT_FALSE(v.first_break);
}

TEST_P(AuditLogContract, EmptyTrailVerifies) {
    const auto v = Verify();
    EXPECT_EQ(v.entries_checked, 0);
    EXPECT_FALSE(v.first_break);
}

TEST_P(AuditLogContract, RolledBackOperationsLeaveNoEntry) {
    ASSERT_TRUE(Append("1"));
    const auto r = t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
        SqlAuditLog log(s, kDigest);
        XINQIAO_RETURN_IF_ERROR(log.Append(AuditEntry{}));
        return core::Error::InvalidArgument("the operation failed after auditing");
    });
    ASSERT_FALSE(r);
    ASSERT_TRUE(Append("2"));
    const auto v = Verify();
    EXPECT_EQ(v.entries_checked, 2);
    EXPECT_FALSE(v.first_break);
}

TEST_P(AuditLogContract, TheTableRefusesUpdatesAndDeletes) {
    ASSERT_TRUE(Append("1"));
    for (const char* sql : {"UPDATE audit_log SET target_id = '9'", "DELETE FROM audit_log"}) {
        const auto r = t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
            XINQIAO_RETURN_IF_ERROR(s.Execute(sql));
            return core::Ok();
        });
        EXPECT_FALSE(r) << sql;
    }
    EXPECT_EQ(Verify().entries_checked, 1);
}

TEST_P(AuditLogContract, VerifyNamesAnEditedEntry) {
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(Append(std::to_string(i)));
    Tamper("UPDATE audit_log SET actor_role = 'admin' WHERE id = 3");
    const auto v = Verify();
    ASSERT_TRUE(v.first_break);
    EXPECT_EQ(v.first_break->entry_id, 3);
    EXPECT_EQ(v.entries_checked, 2);
}

TEST_P(AuditLogContract, VerifyNamesTheEntryAfterADeletedOne) {
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(Append(std::to_string(i)));
    Tamper("DELETE FROM audit_log WHERE id = 4");
    const auto v = Verify();
    ASSERT_TRUE(v.first_break);
    EXPECT_EQ(v.first_break->entry_id, 5);
}

TEST_P(AuditLogContract, VerifyCatchesARehashedEditThatBreaksTheLink) {
    // An editor who recomputes the edited entry's own hash still breaks the next entry's link.
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(Append(std::to_string(i)));
    Tamper("UPDATE audit_log SET hash = '" + std::string(64, 'a') + "' WHERE id = 2");
    const auto v = Verify();
    ASSERT_TRUE(v.first_break);
    EXPECT_EQ(v.first_break->entry_id, 2);
}

TEST_P(AuditLogContract, ConcurrentAppendersKeepOneChain) {
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                if (!Append(std::to_string(t * 100 + i))) ++failures;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    const auto v = Verify();
    EXPECT_EQ(v.entries_checked, 40);
    EXPECT_FALSE(v.first_break);
}

TEST_P(AuditLogContract, QueriesFilterByScopeActionTargetAndTime) {
    const auto add = [&](const char* at, const char* action, const char* path, const char* target) {
        AuditEntry e;
        e.at = at;
        e.actor_id = 5;
        e.actor_role = "psychology_teacher";
        e.action = action;
        e.target_type = "student";
        e.target_id = target;
        e.org_path = path;
        return t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
            SqlAuditLog log(s, kDigest);
            XINQIAO_RETURN_IF_ERROR(log.Append(e));
            return core::Ok();
        });
    };
    ASSERT_TRUE(add("2026-11-01T08:00:00.000Z", "student.archive.read", "/1/5/9/", "100"));
    ASSERT_TRUE(add("2026-11-02T08:00:00.000Z", "student.archive.read", "/1/50/", "101"));
    ASSERT_TRUE(add("2026-11-03T08:00:00.000Z", "org_unit.create", "/1/5/", "9"));
    ASSERT_TRUE(add("2026-11-04T08:00:00.000Z", "session.sign_in", "/", "5"));
    const auto run = [&](core::audit::AuditQuery q, std::vector<std::string> scopes, bool global) {
        core::audit::AuditPage page;
        EXPECT_TRUE(t_->db().Transact(TxMode::kRead, [&](Session& s) -> Status {
            SqlAuditLog log(s, kDigest);
            XINQIAO_ASSIGN_OR_RETURN(page, log.Query(q, scopes, global));
            return core::Ok();
        }));
        return page;
    };
    EXPECT_EQ(run({}, {"/1/5/"}, false).total, 2) << "/1/50/ is not under /1/5/";
    EXPECT_EQ(run({}, {"/1/"}, true).total, 4);
    EXPECT_EQ(run({}, {}, false).total, 0);
    core::audit::AuditQuery q;
    q.action_prefix = "student.";
    EXPECT_EQ(run(q, {"/1/"}, true).total, 2);
    q.action_prefix = "student_";
    EXPECT_EQ(run(q, {"/1/"}, true).total, 0) << "'_' is not a wildcard";
    q.action_prefix = "student.archive";
    EXPECT_EQ(run(q, {"/1/"}, true).total, 2) << "a code matches the codes below it";
    q.action_prefix = "student.arch";
    EXPECT_EQ(run(q, {"/1/"}, true).total, 0) << "a code without its dot is not a prefix of a word";
    q.action_prefix = "org_unit.create";
    EXPECT_EQ(run(q, {"/1/"}, true).total, 1);
    q = {};
    q.target_id = "101";
    EXPECT_EQ(run(q, {"/1/"}, true).total, 1);
    q = {};
    q.from = "2026-11-02T00:00:00.000Z";
    q.to = "2026-11-04T00:00:00.000Z";
    const auto page = run(q, {"/1/"}, true);
    ASSERT_EQ(page.total, 2);
    EXPECT_EQ(page.items[0].action, "org_unit.create") << "newest first";
    q = {};
    q.actor_id = 6;
    EXPECT_EQ(run(q, {"/1/"}, true).total, 0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, AuditLogContract, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::store
