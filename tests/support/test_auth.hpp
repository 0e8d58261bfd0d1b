#pragma once
// Accounts for tests, made directly in a test database: the AuthService with its fake clock,
// cheap password hashing, real randomness and TOTP. Header-only; the tests that include it
// link the service library.

#include <gtest/gtest.h>

#include "service/auth_service.hpp"
#include "store/crypto/password.hpp"
#include "store/crypto/totp.hpp"
#include "store/data_store.hpp"
#include "support/fake_clock.hpp"
#include "support/test_db.hpp"

namespace xinqiao::testing {

struct TestAuth {
    explicit TestAuth(store::Database& db) : data(db, TestKeyring()), auth(data, clock, hasher, random, totp) {}

    const service::Actor op{std::nullopt, "operator", "test"};
    store::SqlDataStore data;
    FakeClock clock;
    store::Argon2idHasher hasher{{1024, 1, 1, 16, 32}};
    store::OpenSslRandom random;
    store::Totp totp;
    service::AuthService auth;

    // A staff account `login` with one grant, and the principal its sign-in would give.
    service::Principal Staff(const std::string& login, core::auth::Role role, const core::org::OrgUnit& unit,
                             const std::string& display_name = "老师", const std::string& password = "test password 1") {
        const auto id = auth.CreateAccount(op, login, display_name, password);
        EXPECT_TRUE(id);
        EXPECT_TRUE(auth.GrantRole(op, login, role, unit.id));
        service::Principal p;
        p.account_id = id.value_or(0);
        p.login = login;
        p.display_name = display_name;
        p.grants = {{role, unit.id, unit.path}};
        p.request_id = "test";
        return p;
    }
};

// The first cell of the first row `sql` gives, as a number (counts in assertions).
inline std::int64_t CountOf(store::Database& db, const std::string& sql, const store::Params& params = {}) {
    std::int64_t n = -1;
    EXPECT_TRUE(db.Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query(sql, params));
        n = IntCell(rs, 0, 0);
        return core::Ok();
    }));
    return n;
}

// Every cell of `table` run together, to show that a secret is not stored in the clear.
inline std::string AllText(store::Database& db, const std::string& table) {
    std::string all;
    EXPECT_TRUE(db.Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT * FROM " + table));
        for (std::size_t r = 0; r < rs.rows(); ++r) {
            for (std::size_t c = 0; c < rs.columns(); ++c) all += Cell(rs, r, c) + "|";
        }
        return core::Ok();
    }));
    return all;
}

}  // namespace xinqiao::testing
