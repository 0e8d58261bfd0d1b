// The screening routes: a campaign from a bureau to a student.
#include "api_fixture.hpp"

namespace xinqiao::http {
namespace {

TEST_F(ApiDemoTest, ABureauCampaignIsAnsweredOnceByAStudentWhoSeesNoScores) {
    const std::string bureau_token = token_, bureau_csrf = csrf_;
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const std::string window = R"(,"opens_on":"2026-11-22","closes_on":"2026-12-06")";
    // Malformed fields are named.
    auto bad = Send("POST", "/api/v1/campaigns",
                    R"({"org_unit_id":)" + std::to_string(city) +
                        R"(,"name":"秋季测评","grades":[7,8,9],"instruments":["phq9"],"opens_on":"2026-13-01","closes_on":"2026-12-06"})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Json(bad).at("field").as_string(), "/opens_on");
    bad = Send("POST", "/api/v1/campaigns",
               R"({"org_unit_id":)" + std::to_string(city) + R"(,"name":"秋季测评","grades":"7","instruments":["phq9"])" + window + "}");
    EXPECT_EQ(Json(bad).at("field").as_string(), "/grades");
    bad = Send("POST", "/api/v1/campaigns",
               R"({"org_unit_id":)" + std::to_string(city) + R"(,"name":"秋季测评","grades":[7],"instruments":["phq9"],"colour":1)" + window + "}");
    EXPECT_EQ(Json(bad).at("field").as_string(), "/colour");
    EXPECT_EQ(Send("GET", "/api/v1/campaigns").body, R"({"items":[]})");

    // PHQ-9 and GAD-7 are meant for ages 12 and up: not for 四年级.
    const auto young = Send("POST", "/api/v1/campaigns",
                            R"({"org_unit_id":)" + std::to_string(city) +
                                R"(,"name":"秋季测评","grades":[4,5,6,7,8,9,10,11,12],"instruments":["phq9","gad7"])" +
                                window + "}");
    EXPECT_EQ(young.status, 400);
    EXPECT_EQ(Json(young).at("field").as_string(), "/grades");
    EXPECT_EQ(Json(young).at("detail").as_string(), "PHQ-9 is meant for ages 12 and up; students of 四年级 are about 9");
    EXPECT_EQ(Send("GET", "/api/v1/campaigns").body, R"({"items":[]})");
    const auto created = Send("POST", "/api/v1/campaigns",
                              R"({"org_unit_id":)" + std::to_string(city) +
                                  R"(,"name":"秋季测评","grades":[7,8,9,10,11,12],"instruments":["phq9","gad7"])" +
                                  window + "}");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto campaign = Json(created);
    const auto cid = campaign.at("id").as_int64();
    EXPECT_EQ(campaign.at("phase").as_string(), "open");
    EXPECT_EQ(campaign.at("closes_on").as_string(), "2026-12-06");
    EXPECT_EQ(campaign.at("grades").as_array()[0].at("name").as_string(), "七年级");

    // A class teacher of a class with assignments prints the codes; a student signs in.
    const auto grades = Json(Send("GET", "/api/v1/org-units/search", "", {{"q", "七年级"}})).at("items").as_array();
    ASSERT_FALSE(grades.empty()) << "the demo region has a 七年级";
    const auto first = Json(Send("GET", "/api/v1/org-units/" + std::to_string(city) + "/students", "",
                                 {{"page_size", "1"}, {"grade", std::to_string(grades[0].at("id").as_int64())}}));
    ASSERT_FALSE(first.at("items").as_array().empty());
    const auto class_id = first.at("items").as_array()[0].at("class_id").as_int64();
    SignInAs("test.class.teacher", core::auth::Role::kClassTeacher, class_id);
    const auto sheet = Json(Send("POST", "/api/v1/org-units/" + std::to_string(class_id) + "/sign-in-codes"));
    const auto& code = sheet.at("codes").as_array()[0].as_object();
    token_.clear();
    csrf_.clear();
    const auto signed_in = Send("POST", "/api/v1/session",
                                R"({"student_number":")" + std::string(code.at("student_number").as_string()) +
                                    R"(","code":")" + std::string(code.at("code").as_string()) + "\"}");
    ASSERT_EQ(signed_in.status, 200) << signed_in.body;
    token_ = signed_in.headers[0].second.substr(11, signed_in.headers[0].second.find(';') - 11);
    csrf_ = std::string(Json(signed_in).at("csrf_token").as_string());

    const auto mine = Json(Send("GET", "/api/v1/me/assignments")).at("items").as_array();
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_TRUE(mine[0].at("available").as_bool());
    const auto aid = std::to_string(mine[0].at("id").as_int64());
    const auto opened = Send("GET", "/api/v1/assignments/" + aid);
    ASSERT_EQ(opened.status, 200) << opened.body;
    for (const char* word : {"band", "level", "total", "reason", "escalate"}) {
        EXPECT_EQ(opened.body.find(word), std::string::npos) << word << " must not reach a student";
    }
    const auto q = Json(opened);
    const auto& phq = q.at("instruments").as_array()[0].as_object();
    EXPECT_EQ(phq.at("id").as_string(), "phq9");
    EXPECT_TRUE(phq.at("items").as_array()[8].as_object().contains("care_if"));
    EXPECT_FALSE(phq.at("items").as_array()[0].as_object().contains("care_if"));
    EXPECT_NE(phq.at("name").at("zh").as_string(), "");

    const std::string answers =
        R"({"phq9":[0,0,0,0,0,0,0,0,1,0],"gad7":[0,0,0,0,0,0,0,null]})";
    auto r = Send("PUT", "/api/v1/assignments/" + aid + "/draft", R"({"based_on":0,"answers":{"phq9":[0,"x"]}})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(Json(r).at("field").as_string(), "/answers/phq9/1");
    r = Send("PUT", "/api/v1/assignments/" + aid + "/draft", R"({"based_on":0,"answers":)" + answers + "}");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Json(r).at("care").as_bool(), true);
    r = Send("PUT", "/api/v1/assignments/" + aid + "/draft", R"({"based_on":0,"answers":)" + answers + "}");
    EXPECT_EQ(r.status, 409);
    const std::string submission = R"({"idempotency_key":"k-20261122-0001","answers":)" + answers + "}";
    r = Send("POST", "/api/v1/assignments/" + aid + "/submission", submission);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, R"({"version":1,"care":true})");
    r = Send("POST", "/api/v1/assignments/" + aid + "/submission", submission);
    EXPECT_EQ(r.status, 200) << "a retried submission answers as the first";
    r = Send("POST", "/api/v1/assignments/" + aid + "/submission",
             R"({"idempotency_key":"k-20261122-0002","answers":)" + answers + "}");
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(Send("GET", "/api/v1/assignments/" + aid + "/result").status, 403);

    // The bureau sees the city's counters with the one level II cell suppressed.
    token_ = bureau_token;
    csrf_ = bureau_csrf;
    const auto progress = Send("GET", "/api/v1/campaigns/" + std::to_string(cid) + "/progress");
    ASSERT_EQ(progress.status, 200) << progress.body;
    const auto unit = Json(progress).at("unit").as_object();
    EXPECT_EQ(unit.at("completed").as_int64(), 1);
    EXPECT_EQ(unit.at("levels").at("II").as_string(), "<5");
    EXPECT_GT(unit.at("invited").as_int64(), 100);
    EXPECT_EQ(Send("GET", "/api/v1/campaigns/" + std::to_string(cid) + "/progress", "", {{"unit", "x"}}).status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/campaigns/999999").status, 404);

    // The school's psychology teacher reads the result, each band in words as well as its label.
    SignInAs("test.psych", core::auth::Role::kPsychologyTeacher, first.at("items").as_array()[0].at("school_id").as_int64());
    const auto result = Send("GET", "/api/v1/assignments/" + aid + "/result");
    ASSERT_EQ(result.status, 200) << result.body;
    const auto read = Json(result);
    const auto& phq9 = read.at("responses").as_array()[0].as_object();
    EXPECT_EQ(phq9.at("instrument_id").as_string(), "phq9");
    EXPECT_EQ(phq9.at("band").as_string(), "none-minimal");
    EXPECT_EQ(phq9.at("band_words").at("zh").as_string(), "无或极轻");
    EXPECT_EQ(phq9.at("band_words").at("en").as_string(), "none-minimal");
}

}  // namespace
}  // namespace xinqiao::http
