// The webhook routes.
#include "api_fixture.hpp"

namespace xinqiao::http {
namespace {

TEST_F(ApiTest, WebhookRoutesRefuseBadInputClearlyAndNeverShowTheSecret) {
    const std::string path = "/api/v1/org-units/" + std::to_string(province_) + "/webhooks";
    const auto bad = [&](const std::string& body, const std::string& field) {
        const auto r = Send("POST", path, body);
        EXPECT_EQ(r.status, 400) << body << " " << r.body;
        EXPECT_NE(r.body.find("\"field\":\"" + field + "\""), std::string::npos) << body << " " << r.body;
    };
    bad(R"({"url":"https://hook.example/x","secret":"long enough 1"})", "/format");
    bad(R"({"format":"slack","url":"https://hook.example/x","secret":"long enough 1"})", "/format");
    bad(R"({"format":"generic","url":"mailto:x@example","secret":"long enough 1"})", "/url");
    bad(R"({"format":"generic","url":"https://hook.example/x"})", "/secret");
    bad(R"({"format":"generic","url":"https://hook.example/x","secret":"long enough 1","min_level":"IV"})", "/min_level");
    bad(R"({"format":"generic","url":"https://hook.example/x","secret":"long enough 1","colour":"red"})", "/colour");
    EXPECT_EQ(Send("POST", path, "{").status, 400);
    EXPECT_EQ(Send("POST", path, "format=generic", {}, "application/x-www-form-urlencoded").status, 415);
    EXPECT_EQ(Send("POST", "/api/v1/org-units/999999/webhooks",
                   R"({"format":"generic","url":"https://hook.example/x","secret":"long enough 1"})").status, 404);

    const auto made = Send("POST", path,
                           R"({"format":"dingtalk","url":"https://oapi.dingtalk.com/robot/send?access_token=SeCrEtToKeN","secret":"SEC-long enough 1","min_level":"I"})");
    ASSERT_EQ(made.status, 201) << made.body;
    const auto list = Send("GET", path);
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(list.body.find("SeCrEtToKeN"), std::string::npos) << "the URL's key is masked";
    EXPECT_EQ(list.body.find("SEC-long"), std::string::npos) << "the secret is never shown";
    const auto listed = Json(list);
    const auto& item = listed.at("items").as_array().at(0).as_object();
    EXPECT_EQ(item.at("url").as_string(), "https://oapi.dingtalk.com/…");
    EXPECT_EQ(item.at("min_level").as_string(), "I");
    const std::string hook = "/api/v1/webhooks/" + std::to_string(item.at("id").as_int64());
    EXPECT_EQ(Send("DELETE", hook).status, 204);
    EXPECT_EQ(Send("DELETE", hook).status, 404);
    EXPECT_TRUE(Json(Send("GET", path)).at("items").as_array().empty());
}

}  // namespace
}  // namespace xinqiao::http
