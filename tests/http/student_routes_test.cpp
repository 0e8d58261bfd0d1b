// The student routes: code sheets, invitations, break-glass reads.
#include "api_fixture.hpp"

namespace xinqiao::http {
namespace {

// Students and guardians get in with codes a class teacher hands out; what they see afterwards.
TEST_F(ApiDemoTest, ClassCodeSheetsAndInvitationsLetStudentsAndGuardiansIn) {
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const auto first = Json(Send("GET", "/api/v1/org-units/" + std::to_string(city) + "/students",
                                 "", {{"page_size", "1"}}))
                           .at("items").as_array()[0].as_object();
    const auto class_id = first.at("class_id").as_int64();
    const auto student_id = first.at("id").as_int64();

    // The bureau may not print a class's codes; the class teacher may, once per request.
    EXPECT_EQ(Send("POST", "/api/v1/org-units/" + std::to_string(class_id) + "/sign-in-codes").status, 403);
    SignInAs("test.class.teacher", core::auth::Role::kClassTeacher, class_id);
    EXPECT_EQ(Send("POST", "/api/v1/org-units/" + std::to_string(class_id) + "/sign-in-codes",
                   R"({"student_ids":[0]})").status, 400);
    const auto sheet = Send("POST", "/api/v1/org-units/" + std::to_string(class_id) + "/sign-in-codes");
    ASSERT_EQ(sheet.status, 200) << sheet.body;
    const auto codes = Json(sheet).at("codes").as_array();
    ASSERT_FALSE(codes.empty());
    const auto& mine = codes[0].as_object();
    const auto invitation = Send("POST", "/api/v1/students/" + std::to_string(student_id) + "/guardian-invitations");
    ASSERT_EQ(invitation.status, 201) << invitation.body;
    const std::string invite_code(Json(invitation).at("code").as_string());

    // The student signs in with number and code and sees only themself.
    token_.clear();
    csrf_.clear();
    const auto student = Send("POST", "/api/v1/session",
                              R"({"student_number":")" + std::string(mine.at("student_number").as_string()) +
                                  R"(","code":")" + std::string(mine.at("code").as_string()) + "\"}");
    ASSERT_EQ(student.status, 200) << student.body;
    const std::string cookie = student.headers[0].second;
    token_ = cookie.substr(11, cookie.find(';') - 11);
    const auto me = Json(Send("GET", "/api/v1/me/students")).at("items").as_array();
    ASSERT_EQ(me.size(), 1u);
    EXPECT_EQ(me[0].at("id").as_int64(), mine.at("student_id").as_int64());
    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(class_id) + "/students").status, 404);

    // The guardian redeems the invitation without a session and is signed in as a guardian.
    token_.clear();
    const auto redeem = Send("POST", "/api/v1/guardian-invitations/redeem",
                             R"({"code":")" + invite_code +
                                 R"(","login":"parent.one","password":"parent password 1","display_name":"家长"})");
    ASSERT_EQ(redeem.status, 200) << redeem.body;
    EXPECT_EQ(Json(redeem).at("grants").as_array()[0].at("role").as_string(), "guardian");
    const std::string guardian_cookie = redeem.headers[0].second;
    token_ = guardian_cookie.substr(11, guardian_cookie.find(';') - 11);
    const auto child = Send("GET", "/api/v1/students/" + std::to_string(student_id));
    ASSERT_EQ(child.status, 200) << child.body;
    EXPECT_EQ(Json(child).at("your_relations").as_array()[0].as_string(), "child");
    EXPECT_EQ(Json(child).at("notes_access").as_string(), "none");
    token_.clear();
    EXPECT_EQ(Send("POST", "/api/v1/guardian-invitations/redeem",
                   R"({"code":")" + invite_code + R"(","login":"parent.two","password":"parent password 2"})")
                  .status, 401);
}

TEST_F(ApiDemoTest, BreakGlassReadsAreFlaggedToAuditors) {
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const auto student_id = Json(Send("GET", "/api/v1/org-units/" + std::to_string(city) + "/students", "",
                                      {{"page_size", "1"}}))
                                .at("items").as_array()[0].at("id").as_int64();
    const std::string notes = "/api/v1/students/" + std::to_string(student_id) + "/notes";
    const auto denied = Send("GET", notes);
    EXPECT_EQ(denied.status, 403);
    EXPECT_NE(denied.body.find("break-glass"), std::string::npos);
    EXPECT_EQ(Send("POST", notes + "/break-glass", R"({"reason":1})").status, 400);
    EXPECT_EQ(Send("POST", notes + "/break-glass", R"({"reason":"县中心核实一起求助来电"})").status, 200);

    SignInAs("test.auditor", core::auth::Role::kAuditor, city);
    const auto flagged = Json(Send("GET", "/api/v1/audit", "", {{"break_glass", "true"}})).at("items").as_array();
    ASSERT_EQ(flagged.size(), 1u);
    EXPECT_EQ(flagged[0].at("action").as_string(), "student.notes.break_glass");
    EXPECT_EQ(flagged[0].at("reason").as_string(), "县中心核实一起求助来电");
    const auto about = Json(Send("GET", "/api/v1/audit", "", {{"student", std::to_string(student_id)}}));
    EXPECT_EQ(about.at("total").as_int64(), 1);
    EXPECT_EQ(Send("GET", "/api/v1/audit", "", {{"student", "1"}, {"target_type", "org_unit"}}).status, 400);
}

}  // namespace
}  // namespace xinqiao::http
