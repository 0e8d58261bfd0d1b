#include "service/roster_service.hpp"

#include <gtest/gtest.h>
#include <iconv.h>

#include "core/people/id_number.hpp"
#include "store/data_store.hpp"
#include "store/org_repository.hpp"
#include "store/inflater.hpp"
#include "store/text_decoder.hpp"
#include "support/fake_clock.hpp"
#include "support/test_db.hpp"
#include "support/xlsx_builder.hpp"

namespace xinqiao::service {
namespace {

using core::org::OrgKind;

std::string Id(const std::string& birth8, int seq) {
    const std::string body = "990101" + birth8 + std::to_string(100 + seq);
    return body + core::people::IdNumberCheckCharacter(body);
}

const std::string kHeader = "姓名,性别,出生日期,学籍号,年级,班级,身份证号,监护人,监护人电话,留守儿童\n";

class RosterServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        XINQIAO_OPEN_TEST_DB(t_, testing::Backend::kSqlite);
        data_ = std::make_unique<store::SqlDataStore>(t_->db(), testing::TestKeyring());
        roster_ = std::make_unique<RosterService>(*data_, clock_, decoder_, inflater_);
        ASSERT_TRUE(t_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
            store::SqlOrgRepository repo(s);
            const auto make = [&](const core::org::OrgUnit* parent, OrgKind kind, const char* name,
                                  std::optional<core::org::SchoolStage> stage = std::nullopt) {
                return repo.Create({parent ? std::optional(parent->id) : std::nullopt, kind, name, "", stage, false}, parent);
            };
            XINQIAO_ASSIGN_OR_RETURN(const auto city, make(nullptr, OrgKind::kCity, "青溪市"));
            XINQIAO_ASSIGN_OR_RETURN(const auto county, make(&city, OrgKind::kCounty, "明湖区"));
            XINQIAO_ASSIGN_OR_RETURN(school_, make(&county, OrgKind::kSchool, "明湖一中", core::org::SchoolStage::kJunior));
            XINQIAO_ASSIGN_OR_RETURN(other_school_, make(&county, OrgKind::kSchool, "明湖二中", core::org::SchoolStage::kJunior));
            XINQIAO_ASSIGN_OR_RETURN(const auto grade, make(&school_, OrgKind::kGrade, "七年级"));
            XINQIAO_ASSIGN_OR_RETURN(class1_, make(&grade, OrgKind::kClass, "1班"));
            XINQIAO_ASSIGN_OR_RETURN(class2_, make(&grade, OrgKind::kClass, "2班"));
            XINQIAO_ASSIGN_OR_RETURN(const auto grade2, make(&other_school_, OrgKind::kGrade, "七年级"));
            XINQIAO_ASSIGN_OR_RETURN(const auto c, make(&grade2, OrgKind::kClass, "1班"));
            (void)c;
            return core::Ok();
        }));
        psych_.grants = {{core::auth::Role::kPsychologyTeacher, school_.id, school_.path}};
        psych_.account_id = 3;
        psych_.request_id = "import";
    }

    std::int64_t CountStudents() {
        std::int64_t n = 0;
        EXPECT_TRUE(t_->db().Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT COUNT(*) FROM students"));
            n = rs.Int(0, 0);
            return core::Ok();
        }));
        return n;
    }

    std::unique_ptr<testing::TestDatabase> t_;
    std::unique_ptr<store::SqlDataStore> data_;
    testing::FakeClock clock_;
    store::IconvDecoder decoder_;
    store::ZlibInflater inflater_;
    std::unique_ptr<RosterService> roster_;
    core::org::OrgUnit school_, other_school_, class1_, class2_;
    Principal psych_;
};

TEST_F(RosterServiceTest, ImportsValidRowsAndReportsTheRest) {
    const std::string csv = kHeader +
                            "林晓,女,2014-03-08,S1,七年级,1班," + Id("20140308", 1) + ",林大山,13812345678,是\n" +
                            "王五,男,2014-03-09,S2,七年级,2班,,,,否\n" +
                            "赵六,男,2014-03-10,S3,八年级,1班,,,,否\n" +   // unknown grade
                            "钱七,男,2014-03-11,S4,七年级,9班,,,,否\n" +   // unknown class
                            "孙八,男,2014-02-30,S5,七年级,1班,,,,否\n";    // bad date
    const auto dry = roster_->ImportStudents(psych_, school_.id, csv, /*dry_run=*/true);
    ASSERT_TRUE(dry) << dry.error().message;
    EXPECT_EQ(dry->created, 2);
    EXPECT_EQ(dry->problems.size(), 3u);
    EXPECT_EQ(CountStudents(), 0) << "a dry run writes nothing";

    const auto r = roster_->ImportStudents(psych_, school_.id, csv, false);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->data_rows, 5);
    EXPECT_EQ(r->created, 2);
    EXPECT_EQ(r->guardians_added, 1);
    ASSERT_EQ(r->problems.size(), 3u);
    EXPECT_EQ(r->problems[0].line, 4);
    EXPECT_EQ(r->problems[0].column, "年级");
    EXPECT_EQ(r->problems[1].line, 5);
    EXPECT_EQ(r->problems[1].column, "班级");
    EXPECT_EQ(r->problems[2].line, 6);
    EXPECT_EQ(CountStudents(), 2);

    // The same file again changes nothing; an edited row updates its student.
    const auto again = roster_->ImportStudents(psych_, school_.id, csv, false);
    EXPECT_EQ(again->created, 0);
    EXPECT_EQ(again->unchanged, 2);
    EXPECT_EQ(again->guardians_added, 0);
    const std::string moved = kHeader + "王五,男,2014-03-09,S2,七年级,1班,,,,是\n";
    const auto update = roster_->ImportStudents(psych_, school_.id, moved, false);
    EXPECT_EQ(update->updated, 1);
    EXPECT_EQ(CountStudents(), 2);
}

TEST_F(RosterServiceTest, AnIdNumberBelongsToOneStudent) {
    ASSERT_TRUE(roster_->ImportStudents(psych_, school_.id, kHeader + "林晓,女,2014-03-08,S1,七年级,1班," + Id("20140308", 1) + ",,,否\n", false));
    const auto r = roster_->ImportStudents(psych_, school_.id, kHeader + "林小,女,2014-03-08,S9,七年级,1班," + Id("20140308", 1) + ",,,否\n", false);
    ASSERT_EQ(r->problems.size(), 1u);
    EXPECT_EQ(r->problems[0].column, "身份证号");
    EXPECT_EQ(CountStudents(), 1);
}

TEST_F(RosterServiceTest, ReadsGbkFilesAsChineseExcelSavesThem) {
    const std::string utf8 = kHeader + "林晓,女,2014-03-08,S1,七年级,1班,,,,否\n";
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    std::string gbk(utf8.size() * 2, '\0');
    char* in = const_cast<char*>(utf8.data());
    char* out = gbk.data();
    std::size_t in_left = utf8.size(), out_left = gbk.size();
    ASSERT_NE(iconv(cd, &in, &in_left, &out, &out_left), static_cast<std::size_t>(-1));
    iconv_close(cd);
    gbk.resize(gbk.size() - out_left);
    ASSERT_NE(gbk, utf8);
    const auto r = roster_->ImportStudents(psych_, school_.id, gbk, false);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->created, 1);
    EXPECT_TRUE(r->problems.empty());
}

TEST_F(RosterServiceTest, ReadsExcelWorkbooksWithRealDateCells) {
    // Header and text cells as shared strings; the birth date of the second student is a real
    // Excel date (serial 41707 = 2014-03-09 under a 年月日 format), the student number of the
    // third a number, as happens when a column is not formatted as text.
    std::vector<std::string> strings;
    const auto s = [&](const std::string& text) {
        strings.push_back(text);
        return "<c t=\"s\"><v>" + std::to_string(strings.size() - 1) + "</v></c>";
    };
    std::string sheet = "<row r=\"1\">";
    for (const char* h : {"姓名", "性别", "出生日期", "学籍号", "年级", "班级", "身份证号"}) sheet += s(h);
    sheet += "</row><row r=\"2\">" + s("林晓") + s("女") + s("2014-03-08") + s("S1") + s("七年级") + s("1班") +
             s(Id("20140308", 1)) + "</row>";
    sheet += "<row r=\"3\">" + s("王五") + s("男") + "<c s=\"1\"><v>41707</v></c>" + s("S2") + s("七年级") + s("2班") + "</row>";
    sheet += "<row r=\"5\">" + s("赵六") + s("男") + s("2014-03-10") + "<c><v>20140310</v></c>" + s("八年级") + s("1班") + "</row>";
    const std::string styles =
        R"(<styleSheet><numFmts><numFmt numFmtId="180" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>)"
        R"(<cellXfs><xf numFmtId="0"/><xf numFmtId="180"/></cellXfs></styleSheet>)";
    const std::string book = testing::BuildZip(testing::WorkbookParts(sheet, strings, styles));

    const auto r = roster_->ImportStudents(psych_, school_.id, book, false);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->data_rows, 3);
    EXPECT_EQ(r->created, 2);
    ASSERT_EQ(r->problems.size(), 1u);
    EXPECT_EQ(r->problems[0].line, 5) << "rows are named by their number in the sheet";
    EXPECT_EQ(r->problems[0].column, "年级");
    ASSERT_TRUE(t_->db().Transact(store::TxMode::kRead, [&](store::Session& session) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, session.Query("SELECT birth_date FROM students WHERE student_number = 'S2'"));
        EXPECT_EQ(rs.Text(0, 0), "2014-03-09");
        return core::Ok();
    }));

    // A damaged workbook is refused as a whole, naming the file.
    const auto broken = roster_->ImportStudents(psych_, school_.id, book.substr(0, book.size() - 30), false);
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().field, "file");
    EXPECT_EQ(CountStudents(), 2);
}

TEST_F(RosterServiceTest, WholeFileProblemsAndScope) {
    EXPECT_EQ(roster_->ImportStudents(psych_, school_.id, "姓名,性别\n林晓,女\n", false).error().field, "file");
    EXPECT_EQ(roster_->ImportStudents(psych_, school_.id, "a,\"b\n", false).error().code, core::ErrorCode::kInvalidArgument);
    const std::string csv = kHeader + "林晓,女,2014-03-08,S1,七年级,1班,,,,否\n";
    EXPECT_EQ(roster_->ImportStudents(psych_, other_school_.id, csv, false).error().code, core::ErrorCode::kNotFound)
        << "another school is out of scope";
    Principal teacher;
    teacher.grants = {{core::auth::Role::kClassTeacher, class1_.id, class1_.path}};
    EXPECT_EQ(roster_->ImportStudents(teacher, school_.id, csv, false).error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(roster_->ImportStudents(psych_, class1_.id, csv, false).error().code, core::ErrorCode::kInvalidArgument)
        << "only into a school";
    EXPECT_EQ(CountStudents(), 0);
}

}  // namespace
}  // namespace xinqiao::service
