// The alert routes.
#include "api_fixture.hpp"

namespace xinqiao::http {
namespace {

TEST_F(ApiTest, AlertRoutesRefuseBadInputClearly) {
    // An administrator owns no alerts: an empty inbox, not an error.
    const auto inbox = Send("GET", "/api/v1/alerts");
    ASSERT_EQ(inbox.status, 200) << inbox.body;
    EXPECT_EQ(Json(inbox).at("total").as_int64(), 0);
    EXPECT_EQ(Json(inbox).at("by_level").at("I").as_int64(), 0);
    const auto level = Send("GET", "/api/v1/alerts", "", {{"level", "IV"}});
    EXPECT_EQ(level.status, 400);
    EXPECT_NE(level.body.find("level must be I, II or III"), std::string::npos);
    EXPECT_EQ(Send("GET", "/api/v1/alerts", "", {{"state", "lost"}}).status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/alerts", "", {{"colour", "red"}}).status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/alerts", "", {{"limit", "0"}}).status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/alerts", "", {{"q", "张雪蕾"}}).status, 200);
    EXPECT_EQ(Send("GET", "/api/v1/alerts", "", {{"source", "people"}}).status, 200);
    const auto source = Send("GET", "/api/v1/alerts", "", {{"source", "radio"}});
    EXPECT_EQ(source.status, 400);
    EXPECT_EQ(Json(source).at("field").as_string(), "source");
    const auto task = Send("POST", "/api/v1/alerts/12345/tasks", R"({"version":1,"task":"dance"})");
    EXPECT_EQ(task.status, 400);
    EXPECT_EQ(Json(task).at("field").as_string(), "/task");
    EXPECT_EQ(Send("POST", "/api/v1/alerts/12345/tasks", R"({"version":1,"task":"talk","note":7})").status, 400);
    EXPECT_EQ(Send("POST", "/api/v1/alerts/12345/tasks", R"({"version":1,"task":"talk","mood":"ok"})").status, 400);
    EXPECT_EQ(Send("POST", "/api/v1/alerts/12345/tasks", R"({"version":1,"task":"talk"})").status, 404);
    // A search too long for a name, or a control character in it, on every list that searches.
    const auto province = std::to_string(province_);
    for (const std::string& path : std::vector<std::string>{"/api/v1/alerts", "/api/v1/org-units/" + province + "/cases",
                                   "/api/v1/org-units/" + province + "/ledger",
                                   "/api/v1/org-units/" + province + "/students"}) {
        for (const std::string& typed : std::vector<std::string>{std::string(40, 'x'), "a\x01b"}) {
            const auto r = Send("GET", path, "", {{"q", typed}});
            EXPECT_EQ(r.status, 400) << path;
            EXPECT_EQ(Json(r).at("field").as_string(), "q") << path;
            EXPECT_EQ(r.body.find("xxxx"), std::string::npos) << "what was typed is not repeated";
        }
    }
    EXPECT_EQ(Send("GET", "/api/v1/alerts/12345").status, 404);
    const auto version = Send("POST", "/api/v1/alerts/12345/acknowledge", R"({"version":"one"})");
    EXPECT_EQ(version.status, 400);
    EXPECT_NE(version.body.find("/version"), std::string::npos);
    EXPECT_EQ(Send("POST", "/api/v1/alerts/12345/acknowledge", R"({"version":1,"note":"x"})").status, 400);
    const auto unknown = Send("POST", "/api/v1/alerts/12345/acknowledge", R"({"version":1})");
    EXPECT_EQ(unknown.status, 404) << unknown.body;
    EXPECT_EQ(Send("POST", "/api/v1/alerts/12345/close", R"({"version":1,"outcome":"gone"})").status, 400);
    EXPECT_EQ(Send("POST", "/api/v1/alerts/12345/acknowledge", "{").status, 400);
    // Response times: the defaults until a region sets its own; bad values change nothing.
    const auto times = Send("GET", "/api/v1/org-units/" + std::to_string(province_) + "/response-times");
    ASSERT_EQ(times.status, 200) << times.body;
    EXPECT_EQ(Json(times).at("level_1").at("minutes").as_int64(), 60);
    EXPECT_TRUE(Json(times).at("level_2").at("school_days").as_bool());
    EXPECT_TRUE(Json(times).at("set_on").is_null());
    const std::string path = "/api/v1/org-units/" + std::to_string(province_) + "/response-times";
    EXPECT_EQ(Send("PUT", path, R"({"level_1":{"minutes":30},"level_2":{"minutes":20},"level_3":{"minutes":600}})").status, 400);
    EXPECT_EQ(Send("PUT", path, R"({"level_1":{"minutes":30}})").status, 400);
    const auto set = Send("PUT", path,
                          R"({"level_1":{"minutes":30},"level_2":{"minutes":240,"school_days":true},"level_3":{"minutes":600}})");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(Json(set).at("set_on").as_int64(), province_);
    EXPECT_EQ(Json(set).at("level_3").at("minutes").as_int64(), 600);
    const auto cleared = Send("DELETE", path);
    ASSERT_EQ(cleared.status, 200);
    EXPECT_TRUE(Json(cleared).at("set_on").is_null());
}

}  // namespace
}  // namespace xinqiao::http
