#include "store/account_repository.hpp"

#include <gtest/gtest.h>

#include "support/test_db.hpp"

namespace xinqiao::store {
namespace {

using core::auth::Account;
using testing::Backend;
using testing::TestDatabase;

class AccountRepositoryContract : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { XINQIAO_OPEN_TEST_DB(t_, GetParam()); }

    // The account seams over one transaction.
    struct Tables {
        explicit Tables(Session& s) : accounts(s, testing::TestKeyring()), sessions(s), lockouts(s) {}
        SqlAccountRepository accounts;
        SqlSessionRepository sessions;
        SqlClientLockoutRepository lockouts;
    };

    template <typename Fn>
    Status Write(Fn fn) {
        return t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
            Tables tables(s);
            return fn(tables);
        });
    }

    std::unique_ptr<TestDatabase> t_;
};

TEST_P(AccountRepositoryContract, AccountsGrantsSessionsAndFailures) {
    std::int64_t id = 0;
    ASSERT_TRUE(Write([&](Tables& r) -> Status {
        Account a;
        a.login = "teacher.li";
        a.display_name = "李老师";
        a.password_hash = "$argon2id$x";
        XINQIAO_ASSIGN_OR_RETURN(id, r.accounts.Insert(a, 1000));
        return core::Ok();
    }));
    const auto duplicate = Write([&](Tables& r) -> Status {
        Account a;
        a.login = "teacher.li";
        a.display_name = "另一位";
        XINQIAO_RETURN_IF_ERROR(r.accounts.Insert(a, 1000));
        return core::Ok();
    });
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, core::ErrorCode::kAlreadyExists);
    EXPECT_EQ(duplicate.error().field, "/login");
    ASSERT_TRUE(Write([&](Tables& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto a, r.accounts.FindByLogin("teacher.li"));
        EXPECT_EQ(a.id, id);
        EXPECT_EQ(a.display_name, "李老师");
        EXPECT_EQ(r.accounts.FindByLogin("nobody").error().code, core::ErrorCode::kNotFound);
        XINQIAO_RETURN_IF_ERROR(r.accounts.UpdateLockout(id, 3, 5000));
        XINQIAO_ASSIGN_OR_RETURN(a, r.accounts.Get(id));
        EXPECT_EQ(a.failed_attempts, 3);
        EXPECT_EQ(a.locked_until_ms, 5000);
        XINQIAO_RETURN_IF_ERROR(r.accounts.UpdatePassword(id, "$argon2id$y"));
        XINQIAO_ASSIGN_OR_RETURN(a, r.accounts.Get(id));
        EXPECT_EQ(a.password_hash, "$argon2id$y");
        EXPECT_EQ(a.failed_attempts, 0);

        XINQIAO_RETURN_IF_ERROR(r.sessions.Insert(std::string(64, 'a'), {id, "csrf", 10, 20, false}));
        XINQIAO_ASSIGN_OR_RETURN(auto s, r.sessions.Find(std::string(64, 'a')));
        EXPECT_EQ(s.account_id, id);
        EXPECT_EQ(s.csrf_token, "csrf");
        EXPECT_FALSE(s.revoked);
        XINQIAO_RETURN_IF_ERROR(r.sessions.Touch(std::string(64, 'a'), 99));
        XINQIAO_RETURN_IF_ERROR(r.sessions.Revoke(std::string(64, 'a')));
        XINQIAO_ASSIGN_OR_RETURN(s, r.sessions.Find(std::string(64, 'a')));
        EXPECT_TRUE(s.revoked);
        EXPECT_EQ(s.last_seen_ms, 99);
        EXPECT_EQ(r.sessions.Find(std::string(64, 'b')).error().code, core::ErrorCode::kNotFound);

        XINQIAO_RETURN_IF_ERROR(r.lockouts.Put("10.0.0.1", {2, 77}));
        XINQIAO_ASSIGN_OR_RETURN(auto f, r.lockouts.Get("10.0.0.1"));
        EXPECT_EQ(f.failed_attempts, 2);
        EXPECT_EQ(f.locked_until_ms, 77);
        XINQIAO_RETURN_IF_ERROR(r.lockouts.Put("10.0.0.1", {}));
        XINQIAO_ASSIGN_OR_RETURN(f, r.lockouts.Get("10.0.0.1"));
        EXPECT_EQ(f.failed_attempts, 0);
        return core::Ok();
    }));
    // Tokens are stored as digests only.
    ASSERT_TRUE(t_->db().Transact(TxMode::kRead, [&](Session& s) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT token_hash FROM sessions"));
        EXPECT_NE(testing::Cell(rs, 0, 0), std::string(64, 'a'));
        return core::Ok();
    }));
}

INSTANTIATE_TEST_SUITE_P(Drivers, AccountRepositoryContract, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::store
