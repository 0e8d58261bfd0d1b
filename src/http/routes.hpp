#pragma once
// The routes of the API, one function per area, each registering on a router with only the
// services it uses; handlers are thin (decode, call one service function, encode). Every area's
// routes live in its own file (alert_routes.cpp, ...). AddAllRoutes wires them all, for the
// command line and the tests.

#include "http/api.hpp"

namespace xinqiao::service {
class AlertService;
class AnsweringService;
class AuditService;
class AuthService;
class CampaignService;
class CaseService;
class FollowUpService;
class HealthService;
class InstrumentLibrary;
class OrgService;
class ReferralService;
class RosterService;
class SignalService;
class StudentService;
class TeamService;
class UserService;
class WebhookService;
}  // namespace xinqiao::service

namespace xinqiao::http {

// Liveness, readiness, metrics and the OpenAPI document (ops_routes.cpp).
void AddOpsRoutes(Router& router, service::HealthService& health, Metrics& metrics);
// Signing in and out; the cookie is Secure when `secure_cookies` (behind TLS).
void AddSessionRoutes(Router& router, service::AuthService& auth, bool secure_cookies);
void AddAuditRoutes(Router& router, service::AuditService& audit);
void AddRosterRoutes(Router& router, service::RosterService& roster);
void AddOrgRoutes(Router& router, service::OrgService& orgs);
void AddUserRoutes(Router& router, service::UserService& users);
void AddStudentRoutes(Router& router, service::StudentService& students);
void AddInstrumentRoutes(Router& router, service::InstrumentLibrary& instruments);
void AddCampaignRoutes(Router& router, service::CampaignService& campaigns);
void AddAnsweringRoutes(Router& router, service::AnsweringService& answering, service::InstrumentLibrary& instruments);
void AddAlertRoutes(Router& router, service::AlertService& alerts);
void AddSignalRoutes(Router& router, service::SignalService& signals);
void AddWebhookRoutes(Router& router, service::WebhookService& webhooks);
void AddCaseRoutes(Router& router, service::CaseService& cases);
void AddReferralRoutes(Router& router, service::ReferralService& referrals, service::FollowUpService& follow_ups);
void AddTeamRoutes(Router& router, service::TeamService& teams, service::CaseService& cases,
                   service::FollowUpService& follow_ups);

// Every service the routes call; all must outlive the Api.
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

// Registers every area's routes on `api`.
void AddAllRoutes(Api& api, const ApiServices& services, bool secure_cookies = false);

}  // namespace xinqiao::http
