#pragma once
// The fixture of the HTTP route tests (tests/http/*_routes_test.cpp, middleware_test.cpp): the
// whole API in memory over a real SQLite database, every area's routes on it.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/routes.hpp"
#include "http/webhook_client.hpp"
#include "service/alert_service.hpp"
#include "service/answering_service.hpp"
#include "service/audit_service.hpp"
#include "service/auth_service.hpp"
#include "service/campaign_service.hpp"
#include "service/case_service.hpp"
#include "service/follow_up_service.hpp"
#include "service/health_service.hpp"
#include "service/instrument_library.hpp"
#include "service/org_service.hpp"
#include "service/referral_service.hpp"
#include "service/roster_service.hpp"
#include "service/signal_service.hpp"
#include "service/student_service.hpp"
#include "service/team_service.hpp"
#include "service/user_service.hpp"
#include "service/webhook_service.hpp"
#include "store/crypto/keyring.hpp"
#include "store/crypto/password.hpp"
#include "store/crypto/totp.hpp"
#include "store/data_store.hpp"
#include "store/iconv_decoder.hpp"
#include "store/instrument_files.hpp"
#include "store/org_repository.hpp"
#include "store/xlsx_writer.hpp"
#include "store/zlib_inflater.hpp"
#include "support/fake_clock.hpp"
#include "support/test_auth.hpp"
#include "support/test_db.hpp"

namespace xinqiao::http {


// The whole API in memory over a real SQLite database: routing, decoding, status codes,
// problem details. Network behaviour (limits, timeouts, shutdown) is in tests/integration.
class ApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        XINQIAO_OPEN_TEST_DB(t_, testing::Backend::kSqlite);
        data_ = std::make_unique<store::SqlDataStore>(t_->db(), testing::TestKeyring());
        orgs_ = std::make_unique<service::OrgService>(*data_, clock_);
        auth_ = std::make_unique<service::AuthService>(*data_, clock_, hasher_, random_, totp_);
        health_ = std::make_unique<service::HealthService>(*data_);
        audit_ = std::make_unique<service::AuditService>(*data_, clock_);
        roster_ = std::make_unique<service::RosterService>(*data_, clock_, decoder_, inflater_, random_);
        students_ = std::make_unique<service::StudentService>(*data_, clock_, random_);
        users_ = std::make_unique<service::UserService>(*data_, clock_, random_);
        campaigns_ = std::make_unique<service::CampaignService>(*data_, clock_, instruments_, sheets_);
        answering_ = std::make_unique<service::AnsweringService>(*data_, clock_, instruments_);
        alerts_ = std::make_unique<service::AlertService>(*data_, clock_);
        signals_ = std::make_unique<service::SignalService>(*data_, clock_);
        cases_ = std::make_unique<service::CaseService>(*data_, clock_);
        referrals_ = std::make_unique<service::ReferralService>(*data_, clock_);
        follow_ups_ = std::make_unique<service::FollowUpService>(*data_, clock_);
        teams_ = std::make_unique<service::TeamService>(*data_, clock_);
        webhooks_ = std::make_unique<service::WebhookService>(*data_, clock_, transport_, store::HmacSha256,
                                                               "http://xinqiao.test");
        api_ = std::make_unique<Api>(*auth_, log_);
        AddAllRoutes(*api_, Services());
        Prepare();
    }

    // A province at the top, administered by the signed-in test user.
    virtual void Prepare() {
        ASSERT_TRUE(t_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
            store::SqlOrgRepository repo(s);
            XINQIAO_ASSIGN_OR_RETURN(const auto unit, repo.Create({std::nullopt, core::org::OrgKind::kProvince, "某省", "", std::nullopt, false}, nullptr));
            province_ = unit.id;
            return core::Ok();
        }));
        SignInAs("test.admin", core::auth::Role::kAdmin, province_);
    }

    // Creates an account with one grant and makes it the one Send() uses.
    void SignInAs(const std::string& login, core::auth::Role role, std::int64_t unit) {
        const service::Actor op{std::nullopt, "operator", "test"};
        if (!auth_->CreateAccount(op, login, "测试用户", "test password 123")) {
            // Already exists: fine.
        }
        ASSERT_TRUE(auth_->GrantRole(op, login, role, unit));
        std::string totp;
        if (core::auth::RequiresTwoFactor(role)) {
            const auto enrolled = auth_->EnrollTwoFactor(op, login);
            ASSERT_TRUE(enrolled);
            totp = R"(,"totp":")" + testing::TotpCodeAt(enrolled->secret, clock_.NowUnixMillis()) + "\"";
        }
        const auto r = Send("POST", "/api/v1/session", R"({"login":")" + login + R"(","password":"test password 123")" + totp + "}");
        ASSERT_EQ(r.status, 200) << r.body;
        const auto o = Json(r);
        csrf_ = std::string(o.at("csrf_token").as_string());
        ASSERT_EQ(r.headers.size(), 1u);
        const std::string cookie = r.headers[0].second;
        ASSERT_EQ(cookie.rfind("xq_session=", 0), 0u) << cookie;
        EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
        EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
        token_ = cookie.substr(11, cookie.find(';') - 11);
    }

    Response Send(const std::string& method, const std::string& path, const std::string& body = "",
                  QueryParams query = {}, const std::string& content_type = "application/json") {
        Request req;
        req.method = method;
        req.path = path;
        req.target = path;
        req.query = std::move(query);
        req.body = body;
        req.content_type = body.empty() ? "" : content_type;
        req.request_id = "test-1";
        req.client_address = "127.0.0.1";
        req.session_token = token_;
        req.csrf_token = csrf_;
        return api_->Handle(req);
    }

    ApiServices Services() {
        return {*orgs_, *auth_, *audit_, *roster_, *students_, *users_, instruments_, *campaigns_, *answering_, *alerts_, *signals_, *webhooks_, *cases_, *referrals_, *follow_ups_, *teams_, *health_};
    }

    static boost::json::object Json(const Response& r) { return boost::json::parse(r.body).as_object(); }

    std::int64_t CreateUnit(const std::string& body) {
        const auto r = Send("POST", "/api/v1/org-units", body);
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? Json(r).at("id").as_int64() : 0;
    }

    std::string City(const std::string& name) {
        return R"({"kind":"city","name":")" + name + R"(","parent_id":)" + std::to_string(province_) + "}";
    }

    std::unique_ptr<testing::TestDatabase> t_;
    std::unique_ptr<store::SqlDataStore> data_;
    testing::FakeClock clock_;
    store::Argon2idHasher hasher_{{1024, 1, 1, 16, 32}};
    store::OpenSslRandom random_;
    store::Totp totp_;
    std::unique_ptr<service::OrgService> orgs_;
    std::unique_ptr<service::AuthService> auth_;
    std::unique_ptr<service::HealthService> health_;
    std::unique_ptr<service::AuditService> audit_;
    store::IconvDecoder decoder_;
    store::ZlibInflater inflater_;
    std::unique_ptr<service::RosterService> roster_;
    AccessLog log_{nullptr};
    std::unique_ptr<service::StudentService> students_;
    std::unique_ptr<service::UserService> users_;
    service::InstrumentLibrary instruments_{
        store::LoadInstruments(XINQIAO_INSTRUMENTS).value(),
        store::LoadRiskRules(XINQIAO_RISK_RULES, store::LoadInstruments(XINQIAO_INSTRUMENTS).value()).value()};
    store::XlsxWriter sheets_;
    std::unique_ptr<service::CampaignService> campaigns_;
    std::unique_ptr<service::AnsweringService> answering_;
    std::unique_ptr<service::AlertService> alerts_;
    std::unique_ptr<service::SignalService> signals_;
    std::unique_ptr<service::CaseService> cases_;
    std::unique_ptr<service::ReferralService> referrals_;
    std::unique_ptr<service::FollowUpService> follow_ups_;
    std::unique_ptr<service::TeamService> teams_;
    HttpWebhookTransport transport_;
    std::unique_ptr<service::WebhookService> webhooks_;
    std::unique_ptr<Api> api_;
    std::int64_t province_ = 0;
    std::string token_, csrf_;
};

// The demo region, seen by a bureau account on its city.
class ApiDemoTest : public ApiTest {
protected:
    void Prepare() override {
        core::demo::DemoSettings settings;
        settings.students = 2000;
        settings.today = core::Date{2026, 11, 22};
        ASSERT_TRUE(store::LoadDemoRegion(t_->db(), testing::TestKeyring(), settings));
        SignInAs("test.bureau", core::auth::Role::kBureauStaff, 1);
    }
};

}  // namespace xinqiao::http
