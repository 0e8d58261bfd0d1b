#include "http/routes.hpp"

namespace xinqiao::http {

void AddAllRoutes(Api& api, const ApiServices& s, bool secure_cookies) {
    Router& router = api.router();
    AddOpsRoutes(router, s.health, api.metrics());
    AddSessionRoutes(router, s.auth, secure_cookies);
    AddStudentRoutes(router, s.students);
    AddOrgRoutes(router, s.orgs);
    AddUserRoutes(router, s.users);
    AddAuditRoutes(router, s.audit);
    AddRosterRoutes(router, s.roster);
    AddInstrumentRoutes(router, s.instruments);
    AddCampaignRoutes(router, s.campaigns);
    AddAnsweringRoutes(router, s.answering, s.instruments);
    AddAlertRoutes(router, s.alerts);
    AddSignalRoutes(router, s.signals);
    AddWebhookRoutes(router, s.webhooks);
    AddCaseRoutes(router, s.cases);
    AddReferralRoutes(router, s.referrals, s.follow_ups);
    AddTeamRoutes(router, s.teams, s.cases, s.follow_ups);
}

}  // namespace xinqiao::http
