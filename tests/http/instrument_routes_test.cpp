// The instrument routes: the list and scoring without storing.
#include "api_fixture.hpp"

namespace xinqiao::http {
namespace {

TEST_F(ApiTest, InstrumentsAreListedAndScoredForIntegrations) {
    const auto list = Json(Send("GET", "/api/v1/instruments"));
    bool phq9 = false;
    for (const auto& i : list.at("items").as_array()) {
        if (i.at("id") == "phq9") {
            phq9 = true;
            EXPECT_TRUE(i.at("zh_verified").as_bool());
            EXPECT_EQ(i.at("items").as_int64(), 10);
        }
        if (i.at("id") == "who5") {
            EXPECT_FALSE(i.at("licence_conditions").is_null()) << "non-commercial use only";
        }
    }
    EXPECT_TRUE(phq9);

    const auto r = Send("POST", "/api/v1/instruments/phq9/score", R"({"answers":[0,1,0,0,0,0,0,0,2,null]})");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto o = Json(r);
    EXPECT_EQ(o.at("total").as_int64(), 3);
    EXPECT_EQ(o.at("band").at("level").as_string(), "IV");
    EXPECT_EQ(o.at("alerts").as_array()[0].at("level").as_string(), "I") << "item 9 = 2 raises level I whatever the total";
    EXPECT_EQ(o.at("risk").at("level").as_string(), "I");
    EXPECT_EQ(o.at("risk").at("reasons").as_array()[0].at("zh").as_string(), "PHQ-9 第9题 阳性");

    const auto count = Send("POST", "/api/v1/instruments/phq9/score", R"({"answers":[0,1]})");
    EXPECT_EQ(count.status, 400);
    EXPECT_EQ(Json(count).at("field").as_string(), "/answers");
    const auto range = Send("POST", "/api/v1/instruments/phq9/score", R"({"answers":[0,0,0,9,0,0,0,0,0,0]})");
    EXPECT_EQ(Json(range).at("field").as_string(), "/answers/3");
    EXPECT_EQ(Json(Send("POST", "/api/v1/instruments/phq9/score", R"({"answers":[0,"1"]})")).at("field").as_string(), "/answers/1");
    EXPECT_EQ(Send("POST", "/api/v1/instruments/nope/score", R"({"answers":[]})").status, 404);
    EXPECT_EQ(Send("POST", "/api/v1/instruments/phq9/score", R"({"answers":[],"x":1})").status, 400);
}

}  // namespace
}  // namespace xinqiao::http
