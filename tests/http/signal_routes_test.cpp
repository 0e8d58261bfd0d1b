// The signal routes: a peer files an observation.
#include "api_fixture.hpp"

namespace xinqiao::http {
namespace {

// A peer observer files about a classmate from the picker and reads nothing back; bad reports
// are refused with the field at fault and change nothing.
TEST_F(ApiDemoTest, APeerFilesAnObservationAndReadsNothingBack) {
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const auto first = Json(Send("GET", "/api/v1/org-units/" + std::to_string(city) + "/students", "",
                                 {{"page_size", "1"}}))
                           .at("items").as_array()[0].as_object();
    const auto class_id = first.at("class_id").as_int64();
    const std::string student = std::to_string(first.at("id").as_int64());
    const auto count = [&](const std::string& sql) { return testing::CountOf(t_->db(), sql, {}); };
    const auto signals_before = count("SELECT COUNT(*) FROM signals");

    SignInAs("peer.picker", core::auth::Role::kPeerObserver, class_id);
    const auto picker = Send("GET", "/api/v1/signals/students");
    ASSERT_EQ(picker.status, 200) << picker.body;
    const auto items = Json(picker).at("items").as_array();
    ASSERT_FALSE(items.empty());
    for (const auto& i : items) {
        EXPECT_EQ(i.as_object().size(), 4u) << "id, name, class and school only";
        EXPECT_FALSE(i.as_object().contains("level"));
    }
    EXPECT_EQ(Send("GET", "/api/v1/signals/students", "", {{"name", "x"}}).status, 400) << "names never in URLs";
    const std::string classmate(items[0].at("name").as_string());
    const auto search = Send("POST", "/api/v1/signals/students/search", R"({"name":")" + classmate + "\"}");
    ASSERT_EQ(search.status, 200) << search.body;
    EXPECT_FALSE(Json(search).at("items").as_array().empty());
    EXPECT_EQ(Send("POST", "/api/v1/signals/students/search", R"({"name":" "})").status, 400);
    EXPECT_EQ(Send("POST", "/api/v1/signals/students/search", R"({"name":1})").status, 400);

    const auto filed = Send("POST", "/api/v1/signals",
                            R"({"student_id":)" + student + R"(,"concerns":["mood","sleep_appetite"],"note":"最近总是一个人"})");
    ASSERT_EQ(filed.status, 202) << filed.body;
    EXPECT_EQ(filed.body, R"({"received":true})");
    EXPECT_EQ(count("SELECT COUNT(*) FROM signals"), signals_before + 1);
    // Still nothing to read: not the student, not the alerts.
    EXPECT_EQ(Send("GET", "/api/v1/students/" + student).status, 404);
    EXPECT_EQ(Json(Send("GET", "/api/v1/alerts")).at("total").as_int64(), 0);

    const auto bad = [&](const std::string& body, const std::string& field) {
        const auto r = Send("POST", "/api/v1/signals", body);
        EXPECT_EQ(r.status, 400) << body << " " << r.body;
        EXPECT_NE(r.body.find("\"field\":\"" + field + "\""), std::string::npos) << body << " " << r.body;
    };
    bad(R"({"concerns":["mood"]})", "/student_id");
    bad(R"({"student_id":"x","concerns":["mood"]})", "/student_id");
    bad(R"({"student_id":)" + student + R"(,"concerns":"mood"})", "/concerns");
    bad(R"({"student_id":)" + student + R"(,"concerns":["sad"]})", "/concerns/0");
    bad(R"({"student_id":)" + student + R"(,"concerns":[]})", "/concerns");
    bad(R"({"student_id":)" + student + R"(,"concerns":["mood"],"danger_now":"yes"})", "/danger_now");
    bad(R"({"student_id":)" + student + R"(,"concerns":["mood"],"level":"I"})", "/level");
    EXPECT_EQ(Send("POST", "/api/v1/signals", "{").status, 400);
    EXPECT_EQ(Send("POST", "/api/v1/signals", R"({"student_id":999999,"concerns":["mood"]})").status, 404);
    EXPECT_EQ(count("SELECT COUNT(*) FROM signals"), signals_before + 1);
    // No name or note in any error message or in the audit entry.
    EXPECT_EQ(testing::AllText(t_->db(), "audit_log").find("一个人"), std::string::npos);
}

}  // namespace
}  // namespace xinqiao::http
