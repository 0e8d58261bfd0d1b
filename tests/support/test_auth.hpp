#pragma once
// Accounts for tests, made directly in a test database: the AuthService with its fake clock,
// cheap password hashing, real randomness and TOTP. Header-only; the tests that include it
// link the service library.

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
};

}  // namespace xinqiao::testing
