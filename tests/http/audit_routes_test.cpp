// The audit routes: querying and exporting the trail in one's scope.
#include "api_fixture.hpp"

#include "core/audit/audit_words.hpp"
#include "core/people/student.hpp"

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
    // A code without its dot is that action and the ones below it, never a longer word.
    const auto grants = Json(Send("GET", "/api/v1/audit", "", {{"action", "account.grant"}}));
    ASSERT_GT(grants.at("total").as_int64(), 0);
    for (const auto& e : grants.at("items").as_array()) {
        EXPECT_EQ(std::string(e.at("action").as_string()).rfind("account.grant.", 0), 0u);
    }
    EXPECT_EQ(Json(Send("GET", "/api/v1/audit", "", {{"action", "account.gran"}})).at("total").as_int64(), 0);
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
    EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF序号,时间,操作人,角色,操作,对象类型,对象,理由,id,at,actor_id", 0), 0u);
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

// What an auditor reads: actions in words, who by name and role, the student masked with the class;
// the export carries the same words beside the stored codes, and never a student's whole name.
TEST_F(ApiDemoTest, TheTrailReadsInWords) {
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const auto student = Json(Send("GET", "/api/v1/org-units/" + std::to_string(city) + "/students", "",
                                   {{"page_size", "1"}}))
                             .at("items").as_array()[0].as_object();
    const auto student_id = student.at("id").as_int64();
    const std::string name(student.at("name").as_string());
    ASSERT_EQ(Send("POST", "/api/v1/students/" + std::to_string(student_id) + "/notes/break-glass",
                   R"({"reason":"县中心核实一起求助来电"})").status, 200);

    SignInAs("test.auditor", core::auth::Role::kAuditor, city);
    const auto actions = Json(Send("GET", "/api/v1/audit/actions")).at("items").as_array();
    ASSERT_EQ(actions.size(), core::audit::AuditActions().size());
    EXPECT_EQ(actions[0].at("code").as_string(), "session.sign_in");
    EXPECT_EQ(actions[0].at("zh").as_string(), "登录");

    const auto items = Json(Send("GET", "/api/v1/audit", "", {{"student", std::to_string(student_id)}})).at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    const auto& e = items[0].as_object();
    EXPECT_EQ(e.at("action_words").at("zh").as_string(), "写明理由查看谈话记录");
    EXPECT_EQ(e.at("action_words").at("en").as_string(), "Read notes with a written reason");
    EXPECT_EQ(e.at("actor_name").as_string(), "测试用户");
    EXPECT_EQ(e.at("actor_role_words").at("zh").as_string(), "教育局");
    EXPECT_EQ(e.at("target_type_words").at("zh").as_string(), "学生");
    const std::string target(e.at("target").as_string());
    EXPECT_EQ(target.rfind(core::people::MaskName(name) + " · ", 0), 0u) << target;
    EXPECT_NE(target.find("年级"), std::string::npos) << "the class named with its grade: " << target;
    EXPECT_EQ(target.find(name), std::string::npos) << "never the whole name";

    const auto sign_ins = Json(Send("GET", "/api/v1/audit", "", {{"action", "account.grant"}})).at("items").as_array();
    ASSERT_FALSE(sign_ins.empty());
    EXPECT_EQ(std::string(sign_ins[0].at("action_words").at("zh").as_string()).rfind("授予角色：", 0), 0u);
    EXPECT_EQ(sign_ins[0].at("actor_name"), boost::json::value(nullptr)) << "granted by the operator";
    EXPECT_EQ(sign_ins[0].at("actor_role_words").at("zh").as_string(), "运维（命令行）");

    const auto csv = Send("GET", "/api/v1/audit/export", "", {{"student", std::to_string(student_id)}});
    ASSERT_EQ(csv.status, 200);
    const auto row = csv.body.substr(csv.body.find("\r\n") + 2);
    EXPECT_NE(row.find(",测试用户,教育局,写明理由查看谈话记录,学生," + target + ",县中心核实一起求助来电,"), std::string::npos) << row;
    EXPECT_NE(row.find(",student.notes.break_glass,student,"), std::string::npos) << "the stored codes follow";
    EXPECT_EQ(csv.body.find(name), std::string::npos) << "never the whole name";
}

}  // namespace
}  // namespace xinqiao::http
