// The session routes: signing in and out, the cookie, throttling.
#include "api_fixture.hpp"

namespace xinqiao::http {
namespace {

TEST_F(ApiTest, SessionSaysWhoAndSignOutEndsIt) {
    const auto me = Json(Send("GET", "/api/v1/session"));
    EXPECT_EQ(me.at("account").at("login").as_string(), "test.admin");
    EXPECT_EQ(me.at("grants").as_array()[0].at("role").as_string(), "admin");
    EXPECT_EQ(me.at("csrf_token").as_string(), csrf_);
    const auto out = Send("DELETE", "/api/v1/session");
    EXPECT_EQ(out.status, 204);
    ASSERT_FALSE(out.headers.empty());
    EXPECT_NE(out.headers[0].second.find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(Send("GET", "/api/v1/session").status, 401);
}

TEST_F(ApiTest, SessionCookieIsSecureBehindTls) {
    Api tls(*auth_, log_);
    AddAllRoutes(tls, Services(), /*secure_cookies=*/true);
    const service::Actor op{std::nullopt, "operator", "test"};
    ASSERT_TRUE(auth_->CreateAccount(op, "tls.user", "测试", "test password 123"));
    Request req;
    req.method = "POST";
    req.path = "/api/v1/session";
    req.content_type = "application/json";
    req.body = R"({"login":"tls.user","password":"test password 123"})";
    req.client_address = "127.0.0.1";
    const auto r = tls.Handle(req);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.headers[0].second.find("; Secure"), std::string::npos);
    EXPECT_EQ(Send("POST", "/api/v1/session", R"({"login":"tls.user","password":"test password 123"})")
                  .headers[0].second.find("Secure"), std::string::npos) << "plain HTTP on loopback: not Secure";
}

TEST_F(ApiTest, SignInFailuresAreUniformAndThrottled) {
    token_.clear();
    const auto wrong = Send("POST", "/api/v1/session", R"({"login":"test.admin","password":"wrong wrong wrong"})");
    const auto unknown = Send("POST", "/api/v1/session", R"({"login":"nobody","password":"wrong wrong wrong"})");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(Json(wrong).at("detail"), Json(unknown).at("detail"));
    EXPECT_EQ(Send("POST", "/api/v1/session", R"({"login":"test.admin"})").status, 400);
    for (int i = 0; i < 5; ++i) (void)Send("POST", "/api/v1/session", R"({"login":"x.y","password":"wrong wrong wrong"})");
    EXPECT_EQ(Send("POST", "/api/v1/session", R"({"login":"test.admin","password":"test password 123"})").status, 429);
}

}  // namespace
}  // namespace xinqiao::http
