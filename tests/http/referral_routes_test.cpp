// The referral, follow-up, crisis team and ledger routes.
#include "api_fixture.hpp"

namespace xinqiao::http {
namespace {

// Referrals, follow-ups, conferences, teams and the ledger: every malformed body or query is refused
// on its field before any service is asked, and unknown ids answer 404.
TEST_F(ApiTest, ReferralFollowUpTeamAndLedgerRoutesRefuseBadInputClearly) {
    const auto bad = [&](const std::string& method, const std::string& path, const std::string& body, int status,
                         const std::string& field) {
        const auto r = Send(method, path, body);
        EXPECT_EQ(r.status, status) << path << " " << body << " " << r.body;
        if (!field.empty()) {
            EXPECT_NE(r.body.find("\"field\":\"" + field + "\""), std::string::npos) << r.body;
        }
    };
    bad("POST", "/api/v1/cases/12345/referrals", R"({"reason":"x"})", 400, "/hospital_id");
    bad("POST", "/api/v1/cases/12345/referrals", R"({"hospital_id":3,"reason":7})", 400, "/reason");
    bad("POST", "/api/v1/cases/12345/referrals", R"({"hospital_id":3,"reason":"x"})", 404, "");
    bad("POST", "/api/v1/referrals/12345/accept", R"({})", 400, "/version");
    bad("POST", "/api/v1/referrals/12345/accept", R"({"version":1,"reason":"x"})", 400, "/reason");
    bad("POST", "/api/v1/referrals/12345/outcome", R"({"version":1,"attended":"yes","diagnosis":"none","recommendations":"x"})",
        400, "/attended");
    bad("POST", "/api/v1/referrals/12345/outcome", R"({"version":1,"attended":true,"diagnosis":"F32","recommendations":"x"})",
        400, "/diagnosis");
    bad("POST", "/api/v1/referrals/12345/return-assessment", R"({"version":1,"verdict":"maybe","assessment":"x"})", 400,
        "/verdict");
    bad("POST", "/api/v1/referrals/12345/return-plan", R"({"version":1,"return_day":"2026-13-01","plan":"x"})", 400,
        "/return_day");
    bad("POST", "/api/v1/referrals/12345/accept", R"({"version":1})", 404, "");
    bad("POST", "/api/v1/cases/12345/follow-ups", R"({"plan":"daily"})", 400, "/plan");
    bad("POST", "/api/v1/cases/12345/follow-ups", R"({"plan":"single","start":"tomorrow"})", 400, "/start");
    bad("POST", "/api/v1/follow-ups/12345/done", R"({"result":"fine","note":"x"})", 400, "/result");
    bad("POST", "/api/v1/follow-ups/12345/done", R"({"result":"stable","note":"x"})", 404, "");
    bad("POST", "/api/v1/cases/12345/conferences", R"({"participants":"王老师","findings":"x","decisions":"y"})", 400,
        "/participants");
    bad("POST", "/api/v1/cases/12345/conferences", R"({"participants":["王老师"],"findings":"x","decisions":"y","held_on":"x"})",
        400, "/held_on");
    bad("PUT", "/api/v1/org-units/" + std::to_string(province_) + "/crisis-team/someone", R"({"duty":1})", 400, "/duty");
    bad("POST", "/api/v1/students/12345/supports", R"({"kind":"study","given_on":"2026/11/23"})", 400, "/given_on");
    bad("POST", "/api/v1/students/12345/supports", R"({"kind":"study"})", 404, "");
    EXPECT_EQ(Send("GET", "/api/v1/referrals/12345").status, 404);
    const std::string unit = "/api/v1/org-units/" + std::to_string(province_);
    EXPECT_EQ(Send("GET", unit + "/ledger", "", {{"situation", "rich"}}).status, 400);
    EXPECT_EQ(Send("GET", unit + "/ledger", "", {{"limit", "-1"}}).status, 400);
    EXPECT_EQ(Send("GET", unit + "/follow-ups", "", {{"from", "2026-11-30"}, {"to", "2026-11-01"}}).status, 400);
    EXPECT_EQ(Send("GET", unit + "/follow-ups", "", {{"state", "late"}}).status, 400);
    EXPECT_EQ(Send("GET", unit + "/follow-ups/overdue", "", {{"x", "1"}}).status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/referrals").status, 403) << "only a hospital partner has referrals to answer";
}

}  // namespace
}  // namespace xinqiao::http
