// The audit routes: querying and exporting the trail in one's scope.
#include "api_fixture.hpp"

namespace xinqiao::http {
namespace {

TEST_F(ApiTest, AuditorsQueryAndExportTheTrailInTheirScope) {
    const auto city_a = CreateUnit(City("甲市"));
    const auto city_b = CreateUnit(City("乙市"));
    CreateUnit(R"({"kind":"county","name":"甲县","parent_id":)" + std::to_string(city_a) + "}");
    CreateUnit(R"({"kind":"county","name":"乙县","parent_id":)" + std::to_string(city_b) + "}");
    EXPECT_EQ(Send("GET", "/api/v1/audit").status, 403) << "admins do not read the trail";

    SignInAs("auditor.top", core::auth::Role::kAuditor, province_);
    auto all = Json(Send("GET", "/api/v1/audit"));
    EXPECT_GE(all.at("total").as_int64(), 10) << "accounts, grants, sign-ins and the four units";
    auto sessions = Json(Send("GET", "/api/v1/audit", "", {{"action", "session."}}));
    ASSERT_GT(sessions.at("total").as_int64(), 0);
    for (const auto& e : sessions.at("items").as_array()) {
        EXPECT_EQ(std::string(e.at("action").as_string()).rfind("session.", 0), 0u);
    }
    const auto creates = Json(Send("GET", "/api/v1/audit", "", {{"action", "org_unit.create"}}));
    EXPECT_EQ(creates.at("total").as_int64(), 4);
    EXPECT_EQ(Json(Send("GET", "/api/v1/audit", "", {{"action", "org!unit"}})).at("total").as_int64(), 0);
    EXPECT_EQ(Json(Send("GET", "/api/v1/audit", "", {{"from", "2099-01-01"}})).at("total").as_int64(), 0);
    EXPECT_EQ(Json(Send("GET", "/api/v1/audit", "", {{"to", "2026-11-23"}})).at("total").as_int64(),
              all.at("total").as_int64()) << "the fake clock stands at 2026-11-22";
    const auto bad = Send("GET", "/api/v1/audit", "", {{"from", "yesterday"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Json(bad).at("field").as_string(), "from");

    const auto csv = Send("GET", "/api/v1/audit/export", "", {{"action", "org_unit.create"}});
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
    EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBFid,at,actor_id", 0), 0u);
    EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 5) << "header and four rows";
    EXPECT_EQ(Json(Send("GET", "/api/v1/audit", "", {{"action", "audit.export"}})).at("total").as_int64(), 1)
        << "exports are audited";

    // An auditor of one city sees that city's entries only.
    SignInAs("auditor.a", core::auth::Role::kAuditor, city_a);
    const auto mine = Json(Send("GET", "/api/v1/audit", "", {{"action", "org_unit.create"}}));
    ASSERT_EQ(mine.at("total").as_int64(), 2) << "city A itself and its county, not city B's";
    for (const auto& e : mine.at("items").as_array()) {
        EXPECT_NE(std::string(e.at("org_path").as_string()).find("/" + std::to_string(city_a) + "/"), std::string::npos);
    }
}

}  // namespace
}  // namespace xinqiao::http
