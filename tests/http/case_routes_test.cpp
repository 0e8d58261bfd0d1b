// The crisis case routes.
#include "api_fixture.hpp"

namespace xinqiao::http {
namespace {

TEST_F(ApiTest, CaseRoutesRefuseBadInputClearly) {
    const auto bad = [&](const std::string& path, const std::string& body, int status, const std::string& field) {
        const auto r = Send("POST", path, body);
        EXPECT_EQ(r.status, status) << path << " " << body << " " << r.body;
        if (!field.empty()) {
            EXPECT_NE(r.body.find("\"field\":\"" + field + "\""), std::string::npos) << r.body;
        }
    };
    bad("/api/v1/cases", R"({})", 400, "/student_id");
    bad("/api/v1/cases", R"({"student_id":"7"})", 400, "/student_id");
    bad("/api/v1/cases", R"({"student_id":7,"level":"I"})", 400, "/level");
    bad("/api/v1/cases", R"({"student_id":999999})", 404, "");
    bad("/api/v1/cases/12345/records", R"({"kind":"gossip","body":"x"})", 400, "/kind");
    bad("/api/v1/cases/12345/records", R"({"kind":"note"})", 400, "/body");
    bad("/api/v1/cases/12345/records", R"({"kind":"note","body":"x"})", 404, "");
    bad("/api/v1/cases/12345/advance", R"({})", 400, "/version");
    bad("/api/v1/cases/12345/close", R"({"version":1})", 404, "");
    EXPECT_EQ(Send("POST", "/api/v1/cases", "{").status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/cases/12345").status, 404);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(province_) + "/cases", "", {{"state", "lost"}}).status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(province_) + "/cases").status, 403) << "admins see no cases";
}

}  // namespace
}  // namespace xinqiao::http
