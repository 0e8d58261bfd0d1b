#include "core/roster/staff_import.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::roster {
namespace {

using auth::Role;

std::vector<CsvRow> Rows(std::vector<std::vector<std::string>> cells) {
    std::vector<CsvRow> rows;
    int line = 0;
    for (auto& c : cells) rows.push_back({++line, std::move(c)});
    return rows;
}

TEST(StaffRoster, ReadsRolesUnitsAndPhones) {
    const auto parsed = ParseStaffRoster(Rows({
        {"工号", "姓名", "手机号", "岗位", "所属单位"},  // aliases, any order
        {"T001", "林老师", "13800001111", "心理教师、班主任", "明湖一中"},
        {"t002", "王老师", "", "班主任", "七年级/1班"},
        {"T002", "王老师", "13800002222", "年级长", "七年级"},  // same person, second role
        {"B01", "赵主任", "", "教育局", "" },
        {"T003", "钱老师", "", "psychology_teacher school_leader", "明湖一中"},
    }));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->data_rows, 5);
    EXPECT_TRUE(parsed->problems.empty()) << parsed->problems[0].reason;
    ASSERT_EQ(parsed->rows.size(), 5u);
    EXPECT_EQ(parsed->rows[0].login, "t001") << "工号 is the login, in lower case";
    EXPECT_EQ(parsed->rows[0].roles, (std::vector<Role>{Role::kPsychologyTeacher, Role::kClassTeacher}));
    EXPECT_EQ(parsed->rows[0].phone, "13800001111");
    EXPECT_EQ(parsed->unit_header, "所属单位");
    EXPECT_EQ(parsed->rows[2].login, "t002");
    EXPECT_EQ(parsed->rows[2].roles, (std::vector<Role>{Role::kGradeLead}));
    EXPECT_EQ(parsed->rows[3].roles, (std::vector<Role>{Role::kBureauStaff}));
    EXPECT_EQ(parsed->rows[3].unit, "");
    EXPECT_EQ(parsed->rows[4].roles, (std::vector<Role>{Role::kPsychologyTeacher, Role::kSchoolLeader}));
}

TEST(StaffRoster, ReportsEveryBadRowByLineAndColumn) {
    const auto parsed = ParseStaffRoster(Rows({
        {"姓名", "工号", "角色", "所属单位", "手机号"},
        {"", "T001", "班主任", "1班", ""},                 // 2: no name
        {"林老师", "工号一", "班主任", "1班", ""},          // 3: not a login
        {"林老师", "student-9", "班主任", "1班", ""},       // 4: reserved
        {"林老师", "T004", "管理员", "", ""},               // 5: not importable
        {"林老师", "T005", "厨师", "", ""},                 // 6: unknown role
        {"林老师", "T006", "", "", ""},                     // 7: no role
        {"林老师", "T007", "班主任", "1班", "12345"},        // 8: phone
        {"王老师", "T008", "班主任", "1班", ""},             // 9: fine
        {"王小明", "t008", "年级长", "七年级", ""},          // 10: same 工号, another name
        {"王老师", "T008", "年级长", "七年级", "13800001111"}, // 11: fine, same person
        {"王老师", "T008", "校长", "明湖一中", "13900001111"}, // 12: another phone
    }));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->data_rows, 11);
    ASSERT_EQ(parsed->rows.size(), 2u);
    EXPECT_EQ(parsed->rows[0].line, 9);
    EXPECT_EQ(parsed->rows[1].line, 11);
    const std::vector<std::pair<int, std::string>> expected = {
        {2, "姓名"}, {3, "工号"}, {4, "工号"}, {5, "角色"}, {6, "角色"}, {7, "角色"}, {8, "手机号"}, {10, "工号"}, {12, "手机号"}};
    ASSERT_EQ(parsed->problems.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(parsed->problems[i].line, expected[i].first) << i;
        EXPECT_EQ(parsed->problems[i].column, expected[i].second) << i;
    }
    EXPECT_NE(parsed->problems[3].reason.find("xinqiao admin create-user"), std::string::npos);
    for (const auto& p : parsed->problems) {
        EXPECT_EQ(p.reason.find("工号一"), std::string::npos) << "a reason never repeats the cell";
        EXPECT_EQ(p.reason.find("12345"), std::string::npos);
    }
}

TEST(StaffRoster, ALackingHeaderIsAWholeFileError) {
    const auto r = ParseStaffRoster(Rows({{"姓名", "角色"}, {"林老师", "班主任"}}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "file");
    EXPECT_NE(r.error().message.find("工号、所属单位"), std::string::npos) << r.error().message;
    EXPECT_FALSE(ParseStaffRoster({}));
}

TEST(StaffRoster, OnlyStaffRolesAreParsed) {
    EXPECT_EQ(ParseStaffRole("心理老师"), Role::kPsychologyTeacher);
    EXPECT_EQ(ParseStaffRole("hotline_operator"), Role::kHotlineOperator);
    EXPECT_FALSE(ParseStaffRole("admin"));
    EXPECT_FALSE(ParseStaffRole("guardian"));
    EXPECT_FALSE(ParseStaffRole("student"));
    EXPECT_FALSE(ParseStaffRole("peer_observer"));
}

}  // namespace
}  // namespace xinqiao::core::roster
