// The roster routes: templates and imports.
#include "api_fixture.hpp"

namespace xinqiao::http {
namespace {

TEST_F(ApiTest, RosterTemplatesAreCsvWithChineseHeaders) {
    const auto students = Send("GET", "/api/v1/roster-templates/students");
    ASSERT_EQ(students.status, 200);
    EXPECT_EQ(students.content_type, "text/csv; charset=utf-8");
    EXPECT_EQ(students.body.rfind("\xEF\xBB\xBF姓名,性别,出生日期,学籍号,年级,班级,", 0), 0u) << students.body;
    bool named = false;
    for (const auto& [k, v] : students.headers) {
        named = named || (k == "Content-Disposition" && v.find("filename*=UTF-8''%E5%AD%A6%E7%94%9F") != std::string::npos);
    }
    EXPECT_TRUE(named) << "the file is named in Chinese";
    const auto staff = Send("GET", "/api/v1/roster-templates/staff");
    EXPECT_EQ(staff.body, "\xEF\xBB\xBF姓名,工号,角色,所属单位,手机号\r\n");
    EXPECT_EQ(Send("GET", "/api/v1/roster-templates/other").status, 404);
}

}  // namespace
}  // namespace xinqiao::http
