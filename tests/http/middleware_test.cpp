// What every request passes: health and metrics, query checks, request ids, sessions, CSRF and scope.
#include "api_fixture.hpp"

namespace xinqiao::http {
namespace {

TEST_F(ApiTest, HealthReadinessAndMetrics) {
    EXPECT_EQ(Send("GET", "/healthz").status, 200);
    EXPECT_EQ(Json(Send("GET", "/readyz")).at("status").as_string(), "ready");
    Request req;
    req.method = "GET";
    req.route = "/api/v1/org-units/{id}";
    req.request_id = "x";
    Response resp;
    resp.status = 404;
    api_->Record(req, resp, 0.003);
    const auto m = Send("GET", "/metrics");
    EXPECT_EQ(m.status, 200);
    EXPECT_EQ(m.content_type.rfind("text/plain", 0), 0u);
    EXPECT_NE(m.body.find("xinqiao_http_requests_total{route=\"/api/v1/org-units/{id}\",method=\"GET\",status=\"404\"} 1"),
              std::string::npos)
        << m.body;
    EXPECT_NE(m.body.find("xinqiao_http_request_duration_seconds_bucket{route=\"/api/v1/org-units/{id}\",method=\"GET\","
                          "status=\"404\",le=\"0.005\"} 1"),
              std::string::npos);
    EXPECT_NE(m.body.find("xinqiao_db_pool_connections{driver=\"sqlite\"}"), std::string::npos);
    EXPECT_NE(m.body.find("xinqiao_db_writer_cpu_seconds_total{driver=\"sqlite\"}"), std::string::npos);
}

TEST_F(ApiTest, OtherEndpointsRefuseUnknownQueryParameters) {
    const auto r = Send("GET", "/api/v1/org-units", "", {{"q", "x"}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(Json(r).at("field").as_string(), "q");
}

TEST_F(ApiTest, RequestIdsAreKeptWhenSaneAndMadeOtherwise) {
    EXPECT_EQ(api_->RequestIdFor("abc-123_x.y"), "abc-123_x.y");
    const auto made = api_->RequestIdFor("bad id with spaces");
    EXPECT_NE(made, "bad id with spaces");
    EXPECT_FALSE(made.empty());
    EXPECT_NE(api_->RequestIdFor(""), api_->RequestIdFor(""));
    EXPECT_NE(api_->RequestIdFor(std::string(65, 'a')), std::string(65, 'a'));
}

TEST_F(ApiTest, WithoutASessionEveryApiRouteIs401) {
    token_.clear();
    for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
             {"GET", "/api/v1/org-units"}, {"GET", "/api/v1/org-units/1"}, {"POST", "/api/v1/org-units"},
             {"PATCH", "/api/v1/org-units/1"}, {"GET", "/api/v1/org-units/1/students"}, {"GET", "/api/v1/session"},
             {"DELETE", "/api/v1/session"}, {"GET", "/api/v1/no-such-thing"}}) {
        const auto r = Send(method, path);
        EXPECT_EQ(r.status, 401) << method << " " << path;
        EXPECT_EQ(r.content_type, "application/problem+json");
    }
    token_ = std::string(64, 'f');
    EXPECT_EQ(Send("GET", "/api/v1/org-units").status, 401) << "an unknown token is no session";
    EXPECT_EQ(Send("GET", "/healthz").status, 200) << "operations endpoints stay open";
}

TEST_F(ApiTest, WritesNeedTheSessionsCsrfToken) {
    const std::string good = csrf_;
    csrf_.clear();
    EXPECT_EQ(Send("POST", "/api/v1/org-units", City("甲市")).status, 403);
    csrf_ = std::string(64, '0');
    EXPECT_EQ(Send("POST", "/api/v1/org-units", City("甲市")).status, 403);
    EXPECT_EQ(Send("GET", "/api/v1/org-units").status, 200) << "reads need no CSRF token";
    csrf_ = good;
    EXPECT_EQ(Send("POST", "/api/v1/org-units", City("甲市")).status, 201);
}

TEST_F(ApiTest, ScopeDecidesWhatOneSeesAndOutOfScopeIs404) {
    const auto city_a = CreateUnit(City("甲市"));
    const auto city_b = CreateUnit(City("乙市"));
    const auto county_a = CreateUnit(R"({"kind":"county","name":"甲县","parent_id":)" + std::to_string(city_a) + "}");
    const auto county_b = CreateUnit(R"({"kind":"county","name":"乙县","parent_id":)" + std::to_string(city_b) + "}");
    SignInAs("bureau.a", core::auth::Role::kBureauStaff, city_a);

    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(county_a)).status, 200) << "own subtree";
    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(county_b)).status, 404) << "sibling city's county";
    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(province_)).status, 404) << "the parent";
    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(county_b) + "/students").status, 404);
    const auto roots = Json(Send("GET", "/api/v1/org-units")).at("items").as_array();
    ASSERT_EQ(roots.size(), 1u);
    EXPECT_EQ(roots[0].at("id").as_int64(), city_a);
    const auto anc = Json(Send("GET", "/api/v1/org-units/" + std::to_string(county_a) + "/ancestors"));
    EXPECT_EQ(anc.at("items").as_array().size(), 2u) << "ancestors of a visible unit form its breadcrumb";

    // Writes: allowed in scope, 404 for a parent out of scope (as body field), 403 at the top.
    EXPECT_EQ(Send("POST", "/api/v1/org-units", R"({"kind":"township","name":"新镇","parent_id":)" + std::to_string(county_a) + "}").status, 201);
    const auto outside = Send("POST", "/api/v1/org-units", R"({"kind":"township","name":"新镇","parent_id":)" + std::to_string(county_b) + "}");
    EXPECT_EQ(outside.status, 400);
    EXPECT_EQ(Json(outside).at("field").as_string(), "/parent_id");
    EXPECT_EQ(Send("POST", "/api/v1/org-units", R"({"kind":"city","name":"丙市"})").status, 403);
    EXPECT_EQ(Send("PATCH", "/api/v1/org-units/" + std::to_string(county_b), R"({"name":"改名"})").status, 404);
    EXPECT_EQ(Send("PATCH", "/api/v1/org-units/" + std::to_string(county_a), R"({"parent_id":)" + std::to_string(city_b) + "}").status, 400)
        << "cannot move a unit into another bureau's city";
}

TEST_F(ApiDemoTest, RolesSeeWhatThePolicySays) {
    // A class teacher sees their class's roster and nothing of the next class.
    SignInAs("class.teacher", core::auth::Role::kClassTeacher, 11);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/11/students").status, 200);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/12/students").status, 404);
    EXPECT_EQ(Send("PATCH", "/api/v1/org-units/11", R"({"name":"改名班"})").status, 403) << "visible, not editable";
    // A peer observer reads nothing at all.
    SignInAs("peer.one", core::auth::Role::kPeerObserver, 11);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/11/students").status, 404);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/11").status, 404);
    EXPECT_TRUE(Json(Send("GET", "/api/v1/org-units")).at("items").as_array().empty());
    // An admin runs the tree but reads no roster.
    SignInAs("admin.one", core::auth::Role::kAdmin, 1);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/11").status, 200);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/11/students").status, 403);
}

}  // namespace
}  // namespace xinqiao::http
