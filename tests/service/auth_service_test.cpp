#include "service/auth_service.hpp"

#include <gtest/gtest.h>

#include "store/crypto/password.hpp"
#include "store/crypto/totp.hpp"
#include "store/data_store.hpp"
#include "support/fake_clock.hpp"
#include "support/test_db.hpp"

namespace xinqiao::service {
namespace {

using core::ErrorCode;

constexpr std::int64_t kMinute = 60 * 1000;

class AuthServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        XINQIAO_OPEN_TEST_DB(t_, testing::Backend::kSqlite);
        store_ = std::make_unique<store::SqlDataStore>(t_->db(), testing::TestKeyring());
        auth_ = std::make_unique<AuthService>(*store_, clock_, hasher_, random_, totp_);
        ASSERT_TRUE(auth_->CreateAccount(admin_, "Teacher.Li", "李老师", "correct horse battery"));
    }

    std::int64_t AuditCount(const std::string& action) {
        std::int64_t n = 0;
        EXPECT_TRUE(t_->db().Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT COUNT(*) FROM audit_log WHERE action = $1", {action}));
            n = rs.Int();
            return core::Ok();
        }));
        return n;
    }

    std::string AllAuditText() {
        std::string all;
        EXPECT_TRUE(t_->db().Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT * FROM audit_log"));
            for (std::size_t r = 0; r < rs.rows(); ++r) {
                for (std::size_t c = 0; c < rs.columns(); ++c) all += testing::Cell(rs, r, c) + "|";
            }
            return core::Ok();
        }));
        return all;
    }

    std::unique_ptr<testing::TestDatabase> t_;
    std::unique_ptr<store::SqlDataStore> store_;
    testing::FakeClock clock_;
    store::Argon2idHasher hasher_{{1024, 1, 1, 16, 32}};
    store::OpenSslRandom random_;
    store::Totp totp_;
    std::unique_ptr<AuthService> auth_;
    Actor admin_{std::nullopt, "local", "setup"};
};

TEST_F(AuthServiceTest, SignInCreatesASessionThatAuthenticates) {
    const auto s = auth_->SignIn("teacher.li", "correct horse battery", "", "127.0.0.1", "r1");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->token.size(), 64u);
    EXPECT_EQ(s->principal.login, "teacher.li");
    EXPECT_EQ(s->principal.display_name, "李老师");
    EXPECT_EQ(s->principal.csrf_token.size(), 64u);
    EXPECT_NE(s->principal.csrf_token, s->token);
    const auto p = auth_->Authenticate(s->token);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->account_id, s->principal.account_id);
    EXPECT_EQ(p->csrf_token, s->principal.csrf_token);
    EXPECT_EQ(AuditCount("session.sign_in"), 1);
}

TEST_F(AuthServiceTest, WrongPasswordAndUnknownLoginLookAlike) {
    const auto wrong = auth_->SignIn("teacher.li", "wrong password!", "", "10.0.0.1", "r");
    const auto unknown = auth_->SignIn("nobody.here", "wrong password!", "", "10.0.0.2", "r");
    ASSERT_FALSE(wrong);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(wrong.error(), unknown.error());
    EXPECT_EQ(AuditCount("session.sign_in_failed"), 2);
    const std::string audit = AllAuditText();
    EXPECT_EQ(audit.find("wrong password"), std::string::npos) << "passwords never reach the audit trail";
    EXPECT_EQ(audit.find("nobody.here"), std::string::npos) << "nor typed logins";
}

TEST_F(AuthServiceTest, AccountLocksAfterRepeatedFailuresWithBackOff) {
    for (int i = 0; i < 5; ++i) {
        // Different clients, so only the account lock applies.
        EXPECT_EQ(auth_->SignIn("teacher.li", "nope nope nope", "", "10.0.1." + std::to_string(i), "r").error().code,
                  ErrorCode::kUnauthenticated);
    }
    const auto locked = auth_->SignIn("teacher.li", "correct horse battery", "", "10.0.2.1", "r");
    ASSERT_FALSE(locked);
    EXPECT_EQ(locked.error().code, ErrorCode::kResourceExhausted);
    clock_.Advance(kMinute + 1);
    ASSERT_TRUE(auth_->SignIn("teacher.li", "correct horse battery", "", "10.0.2.1", "r")) << "unlocked after a minute";

    // The counter was reset by the success; failing again locks again, and a further failure
    // doubles the lock.
    for (int i = 0; i < 5; ++i) (void)auth_->SignIn("teacher.li", "nope nope nope", "", "10.0.3." + std::to_string(i), "r");
    clock_.Advance(kMinute + 1);
    (void)auth_->SignIn("teacher.li", "nope nope nope", "", "10.0.4.1", "r");  // 6th failure: 2 minutes
    clock_.Advance(kMinute + 1);
    EXPECT_EQ(auth_->SignIn("teacher.li", "correct horse battery", "", "10.0.4.2", "r").error().code,
              ErrorCode::kResourceExhausted);
    clock_.Advance(kMinute);
    EXPECT_TRUE(auth_->SignIn("teacher.li", "correct horse battery", "", "10.0.4.2", "r"));
}

TEST_F(AuthServiceTest, ClientLocksAfterFailuresAcrossLogins) {
    for (int i = 0; i < 5; ++i) (void)auth_->SignIn("guess" + std::to_string(i), "whatever12345", "", "10.9.9.9", "r");
    EXPECT_EQ(auth_->SignIn("teacher.li", "correct horse battery", "", "10.9.9.9", "r").error().code,
              ErrorCode::kResourceExhausted);
    EXPECT_TRUE(auth_->SignIn("teacher.li", "correct horse battery", "", "10.9.9.8", "r")) << "other clients are fine";
}

TEST_F(AuthServiceTest, SessionsEndWhenIdleAndAfterTheirLifetime) {
    auto s = auth_->SignIn("teacher.li", "correct horse battery", "", "c", "r");
    ASSERT_TRUE(s);
    clock_.Advance(29 * kMinute);
    ASSERT_TRUE(auth_->Authenticate(s->token));
    clock_.Advance(29 * kMinute);
    ASSERT_TRUE(auth_->Authenticate(s->token)) << "use keeps it alive";
    clock_.Advance(31 * kMinute);
    EXPECT_EQ(auth_->Authenticate(s->token).error().code, ErrorCode::kUnauthenticated) << "idle too long";

    s = auth_->SignIn("teacher.li", "correct horse battery", "", "c", "r");
    ASSERT_TRUE(s);
    for (int i = 0; i < 35; ++i) {  // 35 x 20 minutes = 11 h 40
        clock_.Advance(20 * kMinute);
        ASSERT_TRUE(auth_->Authenticate(s->token)) << i;
    }
    clock_.Advance(25 * kMinute);
    EXPECT_FALSE(auth_->Authenticate(s->token)) << "12 hours at most";
}

TEST_F(AuthServiceTest, SignOutAndSignOutEverywhere) {
    auto a = auth_->SignIn("teacher.li", "correct horse battery", "", "c", "r");
    auto b = auth_->SignIn("teacher.li", "correct horse battery", "", "c", "r");
    auto c = auth_->SignIn("teacher.li", "correct horse battery", "", "c", "r");
    ASSERT_TRUE(a && b && c);
    ASSERT_TRUE(auth_->SignOut(a->token, "r"));
    EXPECT_FALSE(auth_->Authenticate(a->token));
    EXPECT_TRUE(auth_->Authenticate(b->token));
    ASSERT_TRUE(auth_->SignOutEverywhere(b->principal.account_id, "r"));
    EXPECT_FALSE(auth_->Authenticate(b->token));
    EXPECT_FALSE(auth_->Authenticate(c->token));
    EXPECT_FALSE(auth_->Authenticate("0000")) << "malformed tokens are simply unknown";
}

TEST_F(AuthServiceTest, DisabledAccountsNeitherSignInNorKeepSessions) {
    auto s = auth_->SignIn("teacher.li", "correct horse battery", "", "c", "r");
    ASSERT_TRUE(s);
    ASSERT_TRUE(store_->Write([&](core::ports::Repositories& r) {
        return r.Accounts().SetDisabled(s->principal.account_id, true);
    }));
    EXPECT_EQ(auth_->Authenticate(s->token).error().code, ErrorCode::kUnauthenticated);
    const auto again = auth_->SignIn("teacher.li", "correct horse battery", "", "c", "r");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().message, auth_->SignIn("nobody.at.all", "x", "", "c2", "r").error().message)
        << "a disabled account looks like a wrong password";
}

TEST_F(AuthServiceTest, ResetPasswordEndsSessions) {
    auto s = auth_->SignIn("teacher.li", "correct horse battery", "", "c", "r");
    ASSERT_TRUE(s);
    ASSERT_TRUE(auth_->ResetPassword(admin_, "teacher.li", "a brand new secret"));
    EXPECT_FALSE(auth_->Authenticate(s->token));
    EXPECT_FALSE(auth_->SignIn("teacher.li", "correct horse battery", "", "c", "r"));
    EXPECT_TRUE(auth_->SignIn("teacher.li", "a brand new secret", "", "c", "r"));
}

TEST_F(AuthServiceTest, RehashesWithNewParametersOnSignIn) {
    store::Argon2idHasher stronger({2048, 1, 1, 16, 32});
    AuthService upgraded(*store_, clock_, stronger, random_, totp_);
    ASSERT_TRUE(upgraded.SignIn("teacher.li", "correct horse battery", "", "c", "r"));
    std::string stored;
    ASSERT_TRUE(t_->db().Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT password_hash FROM accounts"));
        stored = testing::Cell(rs, 0, 0);
        return core::Ok();
    }));
    EXPECT_EQ(stored.rfind("$argon2id$v=19$m=2048,", 0), 0u) << stored;
    EXPECT_TRUE(upgraded.SignIn("teacher.li", "correct horse battery", "", "c", "r"));
}

TEST_F(AuthServiceTest, GrantsTravelWithThePrincipal) {
    std::int64_t unit = 0;
    ASSERT_TRUE(t_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
        XINQIAO_RETURN_IF_ERROR(s.Execute(
            "INSERT INTO org_units (id, kind, name, path, depth) VALUES (7, 'city', '青溪市', '/7/', 1)"));
        unit = 7;
        return core::Ok();
    }));
    ASSERT_TRUE(auth_->GrantRole(admin_, "teacher.li", core::auth::Role::kSchoolLeader, unit));
    EXPECT_EQ(auth_->GrantRole(admin_, "teacher.li", core::auth::Role::kSchoolLeader, unit).error().code,
              ErrorCode::kAlreadyExists);
    EXPECT_EQ(auth_->GrantRole(admin_, "teacher.li", core::auth::Role::kSchoolLeader, 999).error().code,
              ErrorCode::kInvalidArgument);
    const auto s = auth_->SignIn("teacher.li", "correct horse battery", "", "c", "r");
    ASSERT_TRUE(s);
    ASSERT_EQ(s->principal.grants.size(), 1u);
    EXPECT_EQ(s->principal.grants[0].role, core::auth::Role::kSchoolLeader);
    EXPECT_EQ(s->principal.grants[0].unit_path, "/7/");
    ASSERT_TRUE(auth_->RevokeRole(admin_, "teacher.li", core::auth::Role::kSchoolLeader, unit));
    EXPECT_TRUE(auth_->Authenticate(s->token)->grants.empty());
}

TEST_F(AuthServiceTest, AccountCreationValidates) {
    EXPECT_EQ(auth_->CreateAccount(admin_, "teacher.li", "x", "long enough password").error().code,
              ErrorCode::kAlreadyExists);
    EXPECT_EQ(auth_->CreateAccount(admin_, "a b", "x", "long enough password").error().field, "/login");
    EXPECT_EQ(auth_->CreateAccount(admin_, "ab", "x", "long enough password").error().field, "/login");
    EXPECT_EQ(auth_->CreateAccount(admin_, "new.user", "x", "short").error().field, "/password");
    EXPECT_EQ(auth_->CreateAccount(admin_, "new.user", "", "long enough password").error().field, "/display_name");
}

TEST(Totp, Rfc6238KnownAnswers) {
    // RFC 6238 appendix B, SHA-1, secret "12345678901234567890"; the 6-digit codes are the last
    // six digits of the 8-digit ones.
    const std::string key = "12345678901234567890";
    const struct {
        std::int64_t unix_seconds;
        const char* code8;
    } kCases[] = {{59, "94287082"}, {1111111109, "07081804"}, {1111111111, "14050471"},
                  {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
    for (const auto& c : kCases) {
        EXPECT_EQ(store::HotpCode(key, c.unix_seconds / 30, 8), c.code8) << c.unix_seconds;
        EXPECT_EQ(store::HotpCode(key, c.unix_seconds / 30), std::string(c.code8).substr(2)) << c.unix_seconds;
    }
    EXPECT_EQ(store::Base32Encode(key), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    EXPECT_EQ(store::Base32Decode("gezdgnbvgy3tqojqgezdgnbvgy3tqojq"), key);
    EXPECT_FALSE(store::Base32Decode("not base32!"));
}

class TwoFactorTest : public AuthServiceTest {
protected:
    void SetUp() override {
        AuthServiceTest::SetUp();
        ASSERT_TRUE(t_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
            XINQIAO_RETURN_IF_ERROR(s.Execute("INSERT INTO org_units (id, kind, name, path, depth) VALUES (7, 'city', '青溪市', '/7/', 1)"));
            return core::Ok();
        }));
        ASSERT_TRUE(auth_->GrantRole(admin_, "teacher.li", core::auth::Role::kPsychologyTeacher, 7));
    }
    std::string Code() { return testing::TotpCodeAt(secret_, clock_.NowUnixMillis()); }
    std::string secret_;
};

TEST_F(TwoFactorTest, PrivilegedRolesCannotSignInWithoutIt) {
    const auto r = auth_->SignIn("teacher.li", "correct horse battery", "", "c", "r");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition) << "not set up yet";
}

TEST_F(TwoFactorTest, CodesAreRequiredCheckedAndNeverReplayed) {
    auto enrolled = auth_->EnrollTwoFactor(admin_, "teacher.li");
    ASSERT_TRUE(enrolled);
    secret_ = enrolled->secret;
    EXPECT_EQ(enrolled->recovery_codes.size(), 10u);
    EXPECT_NE(enrolled->otpauth_uri.find("secret=" + secret_), std::string::npos);

    const auto missing = auth_->SignIn("teacher.li", "correct horse battery", "", "c", "r");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(missing.error().field, "/totp");

    EXPECT_EQ(auth_->SignIn("teacher.li", "correct horse battery", "000000", "c", "r").error().code,
              ErrorCode::kUnauthenticated);
    const std::string code = Code();
    ASSERT_TRUE(auth_->SignIn("teacher.li", "correct horse battery", code, "c", "r"));
    EXPECT_FALSE(auth_->SignIn("teacher.li", "correct horse battery", code, "c", "r")) << "a code works once";
    clock_.Advance(30 * 1000);
    EXPECT_TRUE(auth_->SignIn("teacher.li", "correct horse battery", Code(), "c", "r")) << "the next step's code";
    // A code from one step ago is still accepted (clock drift), two steps ago is not.
    clock_.Advance(60 * 1000);
    const std::string old = testing::TotpCodeAt(secret_, clock_.NowUnixMillis() - 60 * 1000);
    EXPECT_FALSE(auth_->SignIn("teacher.li", "correct horse battery", old, "c", "r"));
    EXPECT_FALSE(auth_->SignIn("teacher.li", "wrong password!!", Code(), "c", "r")) << "both factors count";
}

TEST_F(TwoFactorTest, RecoveryCodesWorkOnce) {
    auto enrolled = auth_->EnrollTwoFactor(admin_, "teacher.li");
    ASSERT_TRUE(enrolled);
    const std::string recovery = enrolled->recovery_codes[3];
    EXPECT_TRUE(auth_->SignIn("teacher.li", "correct horse battery", recovery, "c", "r"));
    EXPECT_FALSE(auth_->SignIn("teacher.li", "correct horse battery", recovery, "c", "r"));
    EXPECT_TRUE(auth_->SignIn("teacher.li", "correct horse battery", enrolled->recovery_codes[4], "c", "r"));
    // Enrolling again replaces the codes.
    auto again = auth_->EnrollTwoFactor(admin_, "teacher.li");
    EXPECT_FALSE(auth_->SignIn("teacher.li", "correct horse battery", enrolled->recovery_codes[5], "c", "r"));
    EXPECT_TRUE(auth_->SignIn("teacher.li", "correct horse battery", again->recovery_codes[0], "c", "r"));
}

TEST_F(TwoFactorTest, SecretsAreSealedAtRest) {
    auto enrolled = auth_->EnrollTwoFactor(admin_, "teacher.li");
    ASSERT_TRUE(enrolled);
    ASSERT_TRUE(t_->db().Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT totp_secret_enc FROM accounts"));
        EXPECT_EQ(testing::Cell(rs, 0, 0).find(enrolled->secret), std::string::npos);
        EXPECT_EQ(testing::Cell(rs, 0, 0).substr(0, 3), "v1:");
        XINQIAO_ASSIGN_OR_RETURN(auto codes, s.Query("SELECT code_hash FROM recovery_codes"));
        EXPECT_EQ(codes.rows(), 10u);
        EXPECT_NE(testing::Cell(codes, 0, 0), enrolled->recovery_codes[0]);
        return core::Ok();
    }));
}

}  // namespace
}  // namespace xinqiao::service
