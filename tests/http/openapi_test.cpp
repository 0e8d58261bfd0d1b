#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "http/routes.hpp"
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
#include "http/webhook_client.hpp"
#include "store/crypto/keyring.hpp"
#include "store/xlsx_writer.hpp"
#include "store/crypto/password.hpp"
#include "store/crypto/totp.hpp"
#include "store/data_store.hpp"
#include "store/inflater.hpp"
#include "store/text_decoder.hpp"
#include "support/fake_clock.hpp"
#include "support/test_db.hpp"

namespace xinqiao::http {
namespace {

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// The published document and the router must describe the same API, both ways.
TEST(OpenApi, DocumentAndRouterAgree) {
    std::unique_ptr<testing::TestDatabase> t;
    XINQIAO_OPEN_TEST_DB(t, testing::Backend::kSqlite);
    store::SqlDataStore data(t->db(), testing::TestKeyring());
    testing::FakeClock clock;
    service::OrgService orgs(data, clock);
    service::HealthService health(data);
    store::Argon2idHasher hasher;
    store::OpenSslRandom random;
    store::Totp totp;
    service::AuthService auth(data, clock, hasher, random, totp);
    service::AuditService audit(data, clock);
    store::IconvDecoder decoder;
    store::ZlibInflater inflater;
    service::RosterService roster(data, clock, decoder, inflater, random);
    AccessLog log(nullptr);
    service::StudentService students(data, clock, random);
    service::UserService users(data, clock, random);
    service::InstrumentLibrary instruments({}, {});
    store::XlsxWriter sheets;
    service::CampaignService campaigns(data, clock, instruments, sheets);
    service::AnsweringService answering(data, clock, instruments);
    service::AlertService alerts(data, clock);
    service::SignalService signals(data, clock);
    service::CaseService cases(data, clock);
    service::ReferralService referrals(data, clock);
    service::FollowUpService follow_ups(data, clock);
    service::TeamService teams(data, clock);
    HttpWebhookTransport transport;
    service::WebhookService webhooks(data, clock, transport, store::HmacSha256, "http://127.0.0.1:8080");
    Api api(auth, log);
    AddAllRoutes(api, {orgs, auth, audit, roster, students, users, instruments, campaigns, answering, alerts, signals,
                       webhooks, cases, referrals, follow_ups, teams, health});

    const auto doc = boost::json::parse(OpenApiDocument()).as_object();
    EXPECT_EQ(std::string(doc.at("openapi").as_string()).substr(0, 2), "3.");

    std::set<std::pair<std::string, std::string>> documented;
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        for (const auto& [method, op] : item.as_object()) {
            if (method == "parameters") continue;
            documented.emplace(Lower(std::string(method)), std::string(path));
            EXPECT_TRUE(op.as_object().contains("responses")) << method << " " << path;
        }
    }
    std::set<std::pair<std::string, std::string>> routed;
    for (const auto& r : api.router().Routes()) routed.emplace(Lower(r.method), r.pattern);

    for (const auto& r : routed) EXPECT_TRUE(documented.count(r)) << "not documented: " << r.first << " " << r.second;
    for (const auto& d : documented) EXPECT_TRUE(routed.count(d)) << "documented but not routed: " << d.first << " " << d.second;
}

TEST(OpenApi, EveryReferenceResolves) {
    const auto doc = boost::json::parse(OpenApiDocument());
    std::vector<std::string> refs;
    const std::function<void(const boost::json::value&)> walk = [&](const boost::json::value& v) {
        if (v.is_object()) {
            for (const auto& [k, child] : v.as_object()) {
                if (k == "$ref") refs.emplace_back(child.as_string());
                walk(child);
            }
        } else if (v.is_array()) {
            for (const auto& child : v.as_array()) walk(child);
        }
    };
    walk(doc);
    ASSERT_FALSE(refs.empty());
    for (const auto& ref : refs) {
        ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
        boost::system::error_code ec;
        const auto* target = doc.find_pointer(ref.substr(1), ec);
        EXPECT_TRUE(target && !ec) << "dangling $ref " << ref;
    }
}

}  // namespace
}  // namespace xinqiao::http
