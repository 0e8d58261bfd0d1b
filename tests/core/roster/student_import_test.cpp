#include "core/roster/student_import.hpp"

#include <gtest/gtest.h>

#include "core/people/id_number.hpp"

namespace xinqiao::core::roster {
namespace {

const Date kToday{2026, 11, 22};

std::string Id(const std::string& birth8, int seq, bool male) {
    char body[32];
    std::snprintf(body, sizeof body, "990101%s%03d", birth8.c_str(), seq * 2 + (male ? 1 : 0));
    return std::string(body) + people::IdNumberCheckCharacter(body);
}

ParsedRoster Parse(const std::string& csv) {
    auto rows = ParseCsv(csv);
    EXPECT_TRUE(rows) << rows.error().message;
    auto parsed = ParseStudentRoster(*rows, kToday);
    EXPECT_TRUE(parsed) << parsed.error().message;
    return parsed ? *parsed : ParsedRoster{};
}

TEST(StudentRoster, ReadsAGoodRowWithAliasesAndFlags) {
    const auto p = Parse("学生姓名,性别,出生日期,学籍号,年级,班级,身份证号,家长姓名,联系电话,与学生关系,留守儿童,孤儿\n"
                         "林晓,女,2014/3/8,S001,七年级,1班," + Id("20140308", 1, false) + ",林大山,13812345678,外公,是,否\n");
    ASSERT_TRUE(p.problems.empty()) << p.problems[0].column << ": " << p.problems[0].reason;
    ASSERT_EQ(p.rows.size(), 1u);
    const auto& s = p.rows[0];
    EXPECT_EQ(s.student.name, "林晓");
    EXPECT_EQ(s.student.gender, people::Gender::kFemale);
    EXPECT_EQ(s.student.birth_date, (Date{2014, 3, 8}));
    EXPECT_EQ(s.grade, "七年级");
    EXPECT_EQ(s.klass, "1班");
    EXPECT_TRUE(s.student.special_situations.Has(people::SpecialSituation::kLeftBehind));
    EXPECT_FALSE(s.student.special_situations.Has(people::SpecialSituation::kOrphaned));
    ASSERT_TRUE(s.guardian);
    EXPECT_EQ(s.guardian->relation, people::GuardianRelation::kGrandfather);
    EXPECT_EQ(s.guardian->phone, "13812345678");
}

TEST(StudentRoster, MissingRequiredColumnsStopTheWholeFile) {
    auto rows = ParseCsv("姓名,性别,学籍号\n林晓,女,S1\n");
    const auto r = ParseStudentRoster(*rows, kToday);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("出生日期、年级、班级"), std::string::npos) << r.error().message;
}

TEST(StudentRoster, EveryBadCellIsReportedByLineAndColumn) {
    const std::string header = "姓名,性别,出生日期,学籍号,年级,班级,身份证号,监护人,监护人电话,留守儿童\n";
    const auto p = Parse(header +
                         "林晓,女,2014-03-08,S1,七年级,1班,,,,\n"                       // line 2: fine
                         "王五,男性,2014-03-08,S2,七年级,1班,,,,\n"                     // 3: gender
                         "赵六,男,2014-02-30,S3,七年级,1班,,,,\n"                       // 4: date
                         "钱七,男,2014-03-08,S4,七年级,1班,110105194912310021,,,\n"     // 5: checksum
                         "孙八,男,2014-03-08,S5,七年级,1班," + Id("20140309", 2, true) + ",,,\n"  // 6: ID date
                         "周九,男,2014-03-08,S1,七年级,1班,,,,\n"                       // 7: duplicate number
                         "吴十,男,2014-03-08,S7,七年级,1班,,吴爸,12345,\n"              // 8: phone
                         "郑一,男,2014-03-08,S8,七年级,1班,,,,也许\n"                   // 9: flag
                         ",男,2014-03-08,S9,七年级,1班,,,,\n"                           // 10: name
                         "冯二,男,2014-03-08,S 10,七年级,,,,,\n");                      // 11: number, class
    EXPECT_EQ(p.data_rows, 10);
    ASSERT_EQ(p.rows.size(), 1u);
    const std::vector<std::pair<int, std::string>> expected = {
        {3, "性别"}, {4, "出生日期"}, {5, "身份证号"}, {6, "身份证号"}, {7, "学籍号"},
        {8, "监护人电话"}, {9, "留守儿童"}, {10, "姓名"}, {11, "班级"}};
    std::vector<std::pair<int, std::string>> got;
    for (const auto& problem : p.problems) got.emplace_back(problem.line, problem.column);
    EXPECT_EQ(got, expected);
    for (const auto& problem : p.problems) {
        EXPECT_EQ(problem.reason.find("110105194912310021"), std::string::npos) << "reasons never echo cells";
    }
}

TEST(StudentRoster, LooseDates) {
    EXPECT_EQ(ParseLooseDate("2014-03-08"), (Date{2014, 3, 8}));
    EXPECT_EQ(ParseLooseDate("2014/3/8"), (Date{2014, 3, 8}));
    EXPECT_EQ(ParseLooseDate("2014.03.08"), (Date{2014, 3, 8}));
    EXPECT_EQ(ParseLooseDate("20140308"), (Date{2014, 3, 8}));
    for (const char* bad : {"2014/3", "2014/3/8/1", "2014-3/8", "3/8/2014x", "", "20141308", "二〇一四"}) {
        EXPECT_FALSE(ParseLooseDate(bad)) << bad;
    }
}

}  // namespace
}  // namespace xinqiao::core::roster
