// The org tree routes: units, their changes, the tree browser and the student list.
#include "api_fixture.hpp"
#include "store/pinyin.hpp"

namespace xinqiao::http {
namespace {

TEST_F(ApiTest, CreateReadAndListUnits) {
    const auto city = CreateUnit(R"({"kind":"city","name":"青溪市","code":"QX","parent_id":)" + std::to_string(province_) + "}");
    const auto county = CreateUnit(R"({"kind":"county","name":"明湖区","parent_id":)" + std::to_string(city) + "}");
    const auto r = Send("GET", "/api/v1/org-units/" + std::to_string(county));
    ASSERT_EQ(r.status, 200);
    const auto o = Json(r);
    EXPECT_EQ(o.at("name").as_string(), "明湖区");
    EXPECT_EQ(o.at("kind").as_string(), "county");
    EXPECT_EQ(o.at("county_id").as_int64(), county);
    EXPECT_EQ(o.at("parent_id").as_int64(), city);

    const auto roots = Json(Send("GET", "/api/v1/org-units"));
    ASSERT_EQ(roots.at("items").as_array().size(), 1u);
    EXPECT_EQ(roots.at("items").as_array()[0].at("id").as_int64(), province_) << "the admin's own unit";
    const auto children = Json(Send("GET", "/api/v1/org-units/" + std::to_string(city) + "/children"));
    EXPECT_EQ(children.at("items").as_array().size(), 1u);
    const auto ancestors = Json(Send("GET", "/api/v1/org-units/" + std::to_string(county) + "/ancestors"));
    EXPECT_EQ(ancestors.at("items").as_array()[1].at("id").as_int64(), city);
}

TEST_F(ApiTest, CreateAnswers201WithLocation) {
    const auto r = Send("POST", "/api/v1/org-units", City("青溪市"));
    ASSERT_EQ(r.status, 201);
    ASSERT_EQ(r.headers.size(), 1u);
    EXPECT_EQ(r.headers[0].first, "Location");
    EXPECT_EQ(r.headers[0].second, "/api/v1/org-units/" + std::to_string(Json(r).at("id").as_int64()));
}

TEST_F(ApiTest, BadBodiesGetPreciseProblems) {
    const struct {
        const char* body;
        int status;
        const char* field;  // nullptr: no field
    } kCases[] = {
        {R"({"kind":"city","name":1})", 400, "/name"},
        {R"({"kind":"city"})", 400, "/name"},
        {R"({"kind":"town","name":"x"})", 400, "/kind"},
        {R"({"kind":"city","name":"x","parent_id":"1"})", 400, "/parent_id"},
        {R"({"kind":"city","name":"x","parent_id":-3})", 400, "/parent_id"},
        {R"({"kind":"city","name":"x","parent_id":1.5})", 400, "/parent_id"},
        {R"({"kind":"city","name":"x","is_boarding":"yes"})", 400, "/is_boarding"},
        {R"({"kind":"city","name":"x","colour":"red"})", 400, "/colour"},
        {R"({"kind":"city","name":"x","stage":"kindergarten"})", 400, "/stage"},
        {R"({"kind":"city","name":"x","parent_id":123456})", 400, "/parent_id"},
        {R"({"kind":"school","name":"x"})", 400, "/kind"},
        {R"({"kind":"city","name":" x"})", 400, "/name"},
        {R"([1,2])", 400, nullptr},
        {R"({"kind":"city",)", 400, nullptr},
        {R"(nonsense)", 400, nullptr},
    };
    for (const auto& c : kCases) {
        const auto r = Send("POST", "/api/v1/org-units", c.body);
        EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
        EXPECT_EQ(r.content_type, "application/problem+json") << c.body;
        const auto o = Json(r);
        EXPECT_EQ(o.at("status").as_int64(), c.status);
        EXPECT_EQ(o.at("request_id").as_string(), "test-1");
        if (c.field) {
            ASSERT_TRUE(o.contains("field")) << c.body;
            EXPECT_EQ(o.at("field").as_string(), c.field) << c.body;
        } else {
            EXPECT_FALSE(o.contains("field")) << c.body;
        }
    }
    // None of them created anything.
    EXPECT_TRUE(Json(Send("GET", "/api/v1/org-units/" + std::to_string(province_) + "/children")).at("items").as_array().empty());
}

TEST_F(ApiTest, WrongMediaTypeIs415) {
    const auto r = Send("POST", "/api/v1/org-units", R"({"kind":"city","name":"x"})", {}, "text/plain");
    EXPECT_EQ(r.status, 415);
}

TEST_F(ApiTest, DuplicateNameIs409) {
    CreateUnit(City("青溪市"));
    const auto r = Send("POST", "/api/v1/org-units", City("青溪市"));
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(Json(r).at("field").as_string(), "/name");
}

TEST_F(ApiTest, UnknownIdsAre404) {
    for (const std::string path : {"/api/v1/org-units/999", "/api/v1/org-units/999/children",
                                   "/api/v1/org-units/999/ancestors", "/api/v1/org-units/999/students",
                                   "/api/v1/org-units/abc", "/api/v1/org-units/0", "/api/v1/org-units/-1"}) {
        EXPECT_EQ(Send("GET", path).status, 404) << path;
    }
    EXPECT_EQ(Send("PATCH", "/api/v1/org-units/999", R"({"name":"x"})").status, 404);
    EXPECT_EQ(Send("GET", "/api/v2/nothing").status, 404);
}

TEST_F(ApiTest, WrongMethodIs405WithAllow) {
    const auto r = Send("DELETE", "/api/v1/org-units/1");
    EXPECT_EQ(r.status, 405);
    ASSERT_FALSE(r.headers.empty());
    EXPECT_EQ(r.headers[0].first, "Allow");
    EXPECT_EQ(r.headers[0].second, "GET, PATCH");
}

TEST_F(ApiTest, PatchRenamesMovesAndRefusesCycles) {
    const auto city = CreateUnit(City("青溪市"));
    const auto a = CreateUnit(R"({"kind":"county","name":"甲县","parent_id":)" + std::to_string(city) + "}");
    const auto b = CreateUnit(R"({"kind":"county","name":"乙县","parent_id":)" + std::to_string(city) + "}");
    const auto town = CreateUnit(R"({"kind":"township","name":"青石镇","parent_id":)" + std::to_string(a) + "}");

    auto r = Send("PATCH", "/api/v1/org-units/" + std::to_string(town), R"({"name":"白石镇"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Json(r).at("name").as_string(), "白石镇");

    r = Send("PATCH", "/api/v1/org-units/" + std::to_string(town), R"({"parent_id":)" + std::to_string(b) + "}");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Json(r).at("county_id").as_int64(), b);

    r = Send("PATCH", "/api/v1/org-units/" + std::to_string(b), R"({"parent_id":)" + std::to_string(town) + "}");
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(Json(r).at("field").as_string(), "/parent_id");

    r = Send("PATCH", "/api/v1/org-units/" + std::to_string(b), R"({"kind":"city"})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(Json(r).at("field").as_string(), "/kind");
    r = Send("PATCH", "/api/v1/org-units/" + std::to_string(b), R"({})");
    EXPECT_EQ(r.status, 400);
    r = Send("PATCH", "/api/v1/org-units/" + std::to_string(b), R"({"is_boarding":null})");
    EXPECT_EQ(r.status, 400);
}

TEST_F(ApiDemoTest, StudentListPagesFiltersAndMasks) {
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const std::string path = "/api/v1/org-units/" + std::to_string(city) + "/students";

    auto page = Json(Send("GET", path, "", {{"page_size", "10"}, {"page", "2"}}));
    EXPECT_EQ(page.at("items").as_array().size(), 10u);
    EXPECT_EQ(page.at("page").as_int64(), 2);
    const auto total = page.at("total").as_int64();
    EXPECT_NEAR(static_cast<double>(total), 2000, 10);
    const auto& first = page.at("items").as_array()[0].as_object();
    for (const char* key : {"id", "student_number", "name", "gender", "birth_date", "special_groups", "class_name",
                            "grade_name", "id_number_masked"}) {
        EXPECT_TRUE(first.contains(key)) << key;
    }
    EXPECT_FALSE(first.contains("id_number")) << "the full ID number never leaves in a list";
    EXPECT_NE(std::string(first.at("id_number_masked").as_string()).find("********"), std::string::npos);

    auto filtered = Json(Send("GET", path, "", {{"special_group", "left_behind"}, {"page_size", "500"}}));
    EXPECT_GT(filtered.at("total").as_int64(), 0);
    EXPECT_LT(filtered.at("total").as_int64(), total);
    for (const auto& item : filtered.at("items").as_array()) {
        const auto& groups = item.at("special_groups").as_array();
        EXPECT_NE(std::find(groups.begin(), groups.end(), boost::json::value("left_behind")), groups.end());
    }

    const auto bad = Send("GET", path, "", {{"page_size", "100000"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Json(bad).at("field").as_string(), "page_size");
}

TEST_F(ApiDemoTest, StudentSearchFindsByNameInitialsAndNumberWithinScope) {
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const std::string in_city = "/api/v1/org-units/" + std::to_string(city) + "/students";
    const auto roster = Json(Send("GET", in_city, "", {{"page_size", "500"}}));
    const auto& items = roster.at("items").as_array();
    const auto& x = items.front().as_object();
    const auto ids = [](const boost::json::object& page) {
        std::vector<std::int64_t> out;
        for (const auto& item : page.at("items").as_array()) out.push_back(item.at("id").as_int64());
        return out;
    };
    const auto has = [&](const boost::json::object& page, const boost::json::object& student) {
        const auto found = ids(page);
        return std::find(found.begin(), found.end(), student.at("id").as_int64()) != found.end();
    };
    const std::string name(x.at("name").as_string());
    std::string initials;
    for (const auto& syllable : store::PinyinOf(name)) initials += syllable.substr(0, 1);

    for (const std::string& typed : std::vector<std::string>{name, initials, std::string(x.at("student_number").as_string())}) {
        const auto r = Send("GET", in_city, "", {{"q", typed}});
        ASSERT_EQ(r.status, 200) << r.body;
        const auto page = Json(r);
        EXPECT_TRUE(has(page, x)) << typed;
        EXPECT_GE(page.at("total").as_int64(), 1);
        EXPECT_TRUE(page.at("more").is_bool());
    }
    EXPECT_FALSE(Json(Send("GET", in_city)).at("more").as_bool()) << "a list is not a search";

    // A psychology teacher of another school finds no one outside it, and cannot ask about it.
    const boost::json::object* y = nullptr;
    for (const auto& item : items) {
        if (item.at("school_id") != x.at("school_id")) y = &item.as_object();
    }
    ASSERT_NE(y, nullptr);
    const auto other_school = y->at("school_id").as_int64();
    SignInAs("test.psy", core::auth::Role::kPsychologyTeacher, other_school);
    const std::string in_other = "/api/v1/org-units/" + std::to_string(other_school) + "/students";
    EXPECT_FALSE(has(Json(Send("GET", in_other, "", {{"q", name}})), x));
    EXPECT_TRUE(has(Json(Send("GET", in_other, "", {{"q", std::string(y->at("name").as_string())}})), *y));
    EXPECT_EQ(Send("GET", in_city, "", {{"q", name}}).status, 404) << "the city is out of reach, as if it were not there";

    const auto bad = Send("GET", in_other, "", {{"q", std::string(33, 'z')}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Json(bad).at("field").as_string(), "q");
    EXPECT_EQ(bad.body.find("zzzz"), std::string::npos) << "what was typed is not repeated";
}

TEST_F(ApiDemoTest, TreeBrowserSummaryAndSearch) {
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const auto summary = Json(Send("GET", "/api/v1/org-units/" + std::to_string(city) + "/summary"));
    const auto students = summary.at("counts").at("students").as_int64();
    EXPECT_NEAR(static_cast<double>(students), 2000, 10);
    EXPECT_GT(summary.at("counts").at("schools").as_int64(), 1);
    std::int64_t sum = 0;
    for (const auto& c : summary.at("children").as_array()) sum += c.at("counts").at("students").as_int64();
    EXPECT_EQ(sum, students) << "the children's counts add up to their parent's";

    const auto found = Json(Send("GET", "/api/v1/org-units/search", "", {{"q", "中学"}}));
    ASSERT_FALSE(found.at("items").as_array().empty());
    const auto& hit = found.at("items").as_array()[0].as_object();
    EXPECT_NE(std::string(hit.at("name").as_string()).find("中学"), std::string::npos);
    EXPECT_FALSE(hit.at("trail").as_array().empty());

    EXPECT_EQ(Send("GET", "/api/v1/org-units/search", "", {{"q", ""}}).status, 400);
    EXPECT_EQ(Json(Send("GET", "/api/v1/org-units/search", "", {{"text", "x"}})).at("field").as_string(), "text");
    EXPECT_EQ(Send("GET", "/api/v1/org-units/999999/summary").status, 404);
}

}  // namespace
}  // namespace xinqiao::http
