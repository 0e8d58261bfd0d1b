#pragma once
// The HTTP API of Xinqiao: routes, thin handlers (decode, call one service function, encode),
// request ids, metrics and the access log. Plain C++ over http::Request/Response, so it is
// tested in memory; server.cpp puts it on the network.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "http/access_log.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/static_site.hpp"
#include "service/alert_service.hpp"
#include "service/answering_service.hpp"
#include "service/audit_service.hpp"
#include "service/campaign_service.hpp"
#include "service/case_service.hpp"
#include "service/follow_up_service.hpp"
#include "service/referral_service.hpp"
#include "service/team_service.hpp"
#include "service/auth_service.hpp"
#include "service/health_service.hpp"
#include "service/instrument_library.hpp"
#include "service/roster_service.hpp"
#include "service/signal_service.hpp"
#include "service/webhook_service.hpp"
#include "service/org_service.hpp"
#include "service/student_service.hpp"
#include "service/user_service.hpp"

namespace boost::json {
class object;
}  // namespace boost::json

namespace xinqiao::http {

// The services the API calls; all must outlive the Api.
struct ApiServices {
    service::OrgService& orgs;
    service::AuthService& auth;
    service::AuditService& audit;
    service::RosterService& roster;
    service::StudentService& students;
    service::UserService& users;
    service::InstrumentLibrary& instruments;
    service::CampaignService& campaigns;
    service::AnsweringService& answering;
    service::AlertService& alerts;
    service::SignalService& signals;
    service::WebhookService& webhooks;
    service::CaseService& cases;
    service::ReferralService& referrals;
    service::FollowUpService& follow_ups;
    service::TeamService& teams;
    service::HealthService& health;
};

class Api {
public:
    // The session cookie. Secure is added when `secure_cookies` (behind TLS).
    static constexpr const char* kSessionCookie = "xq_session";

    // All references must outlive the Api.
    Api(ApiServices services, AccessLog& log, bool secure_cookies = false);

    // Routes and answers one request. Blocks on the database: call on a worker thread.
    // Never throws for bad input; a thrown exception is a bug, answered 500 by the server.
    Response Handle(Request& request);

    // Records a finished exchange in metrics and the access log. Thread-safe.
    void Record(const Request& request, const Response& response, double seconds);

    // The request id to use: the client's X-Request-Id if it is 1..64 characters of
    // [A-Za-z0-9._-], else a new one. Thread-safe.
    std::string RequestIdFor(std::string_view client_value);

    // Serves the built web app for GET requests no route answers (see static_site.hpp).
    void ServeSite(std::shared_ptr<const StaticSite> site) { site_ = std::move(site); }

    const Router& router() const { return router_; }
    Metrics& metrics() { return metrics_; }

private:
    void AddRoutes();
    void AddSessionRoutes();
    void AddStudentRoutes();
    void AddOrgRoutes();
    void AddUserRoutes();
    void AddInstrumentRoutes();
    void AddCampaignRoutes();   // screening_api.cpp
    void AddAnsweringRoutes();  // screening_api.cpp
    void AddAlertRoutes();      // alert_api.cpp
    void AddSignalRoutes();     // signal_api.cpp
    void AddWebhookRoutes();    // webhook_api.cpp
    void AddCaseRoutes();       // case_api.cpp
    void AddReferralRoutes();   // referral_api.cpp
    void AddTeamRoutes();       // team_api.cpp
    // The session as JSON (with `extra` members) and its cookie.
    Response SignedIn(const service::NewSession& session, int status = 200,
                      const boost::json::object* extra = nullptr) const;
    // Signs the request in from its cookie (401), checks CSRF on writes (403); null if fine.
    std::optional<Response> Authenticate(Request& request);
    std::string SessionCookie(const std::string& token, std::int64_t max_age_s) const;

    service::OrgService& orgs_;
    service::AuthService& auth_;
    service::AuditService& audit_;
    service::RosterService& roster_;
    service::StudentService& students_;
    service::UserService& users_;
    service::InstrumentLibrary& instruments_;
    service::CampaignService& campaigns_;
    service::AnsweringService& answering_;
    service::AlertService& alerts_;
    service::SignalService& signals_;
    service::WebhookService& webhooks_;
    service::CaseService& cases_;
    service::ReferralService& referrals_;
    service::FollowUpService& follow_ups_;
    service::TeamService& teams_;
    bool secure_cookies_;
    std::shared_ptr<const StaticSite> site_;
    service::HealthService& health_;
    AccessLog& log_;
    Metrics metrics_;
    Router router_;
    std::uint64_t id_prefix_;
    std::atomic<std::uint64_t> id_counter_{0};
};

// The OpenAPI 3 document served at /api/openapi.json.
const std::string& OpenApiDocument();

}  // namespace xinqiao::http
