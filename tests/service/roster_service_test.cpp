#include "service/roster_service.hpp"

#include <gtest/gtest.h>
#include <iconv.h>

#include "core/people/id_number.hpp"
#include "service/auth_service.hpp"
#include "store/crypto/password.hpp"
#include "store/crypto/totp.hpp"
#include "store/data_store.hpp"
#include "store/iconv_decoder.hpp"
#include "store/org_repository.hpp"
#include "store/zlib_inflater.hpp"
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
        roster_ = std::make_unique<RosterService>(*data_, clock_, decoder_, inflater_, random_);
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
            county_ = county;
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
            n = rs.Int();
            return core::Ok();
        }));
        return n;
    }

    std::unique_ptr<testing::TestDatabase> t_;
    std::unique_ptr<store::SqlDataStore> data_;
    testing::FakeClock clock_;
    store::IconvDecoder decoder_;
    store::ZlibInflater inflater_;
    store::OpenSslRandom random_;
    std::unique_ptr<RosterService> roster_;
    core::org::OrgUnit county_, school_, other_school_, class1_, class2_;
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
        EXPECT_EQ(testing::Cell(rs, 0, 0), "2014-03-09");
        return core::Ok();
    }));

    // A small file that unpacks to far more than any roster is refused before it is unpacked.
    const std::string bomb = testing::BuildZip({{"xl/worksheets/sheet1.xml", std::string(40u << 20, ' ')}});
    ASSERT_LT(bomb.size(), 200u << 10);
    const auto refused = roster_->ImportStudents(psych_, school_.id, bomb, false);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("too large once unpacked"), std::string::npos) << refused.error().message;

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

// ---- staff lists ---------------------------------------------------------------------------

class StaffImportTest : public RosterServiceTest {
protected:
    void SetUp() override {
        RosterServiceTest::SetUp();
        admin_.grants = {{core::auth::Role::kAdmin, county_.id, county_.path}};
        admin_.account_id = 1;
        admin_.request_id = "staff";
        auth_ = std::make_unique<AuthService>(*data_, clock_, hasher_, random_, totp_);
    }

    struct AccountView {
        std::string display_name;
        bool has_password = false;
        std::vector<std::string> grants;  // "role@unit name"
    };
    std::optional<AccountView> Account(const std::string& login) {
        std::optional<AccountView> out;
        EXPECT_TRUE(t_->db().Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(auto a, s.Query("SELECT id, display_name, password_hash FROM accounts WHERE login = $1", {login}));
            if (a.empty()) return core::Ok();
            out = AccountView{testing::Cell(a, 0, 1), !testing::Cell(a, 0, 2).empty(), {}};
            XINQIAO_ASSIGN_OR_RETURN(auto g, s.Query("SELECT g.role, u.name FROM grants g JOIN org_units u ON u.id = g.org_unit_id "
                                                     "WHERE g.account_id = $1 ORDER BY g.role, u.name", {testing::IntCell(a, 0, 0)}));
            for (std::size_t r = 0; r < g.rows(); ++r) out->grants.push_back(testing::Cell(g, r, 0) + "@" + testing::Cell(g, r, 1));
            return core::Ok();
        }));
        return out;
    }

    const std::string kStaffHeader = "姓名,工号,角色,所属单位,手机号\n";
    Principal admin_;
    store::Argon2idHasher hasher_{{1024, 1, 1, 16, 32}};
    store::Totp totp_;
    std::unique_ptr<AuthService> auth_;
};

TEST_F(StaffImportTest, CreatesAccountsWithGrantsWhereTheListSays) {
    const std::string csv = kStaffHeader +
        "林老师,T001,心理教师,明湖一中,13800001111\n" +          // 2: by name
        "王老师,T002,班主任,明湖一中/七年级/1班,\n" +             // 3: full path
        "王老师,T002,年级长,七年级,\n" +                          // 4: same person; 七年级 names two grades
        "赵老师,T003,班主任,明湖一中七年级2班,\n" +               // 5: names run together
        "钱主任,B001,教育局,,\n" +                                // 6: the county itself
        "孙老师,T004,班主任,1班,\n" +                             // 7: two schools have a 1班
        "周老师,T005,班主任,明湖一中,\n" +                        // 8: a class teacher on a school
        "吴老师,T006,心理教师,明湖三中,\n";                       // 9: no such unit
    const auto dry = roster_->ImportStaff(admin_, county_.id, csv, /*dry_run=*/true);
    ASSERT_TRUE(dry) << dry.error().message;
    EXPECT_EQ(dry->created, 4);
    EXPECT_TRUE(dry->activations.empty()) << "a dry run issues no codes";
    EXPECT_FALSE(Account("t001")) << "a dry run writes nothing";

    const auto r = roster_->ImportStaff(admin_, county_.id, csv, false);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->data_rows, 8);
    EXPECT_EQ(r->created, 4);
    EXPECT_EQ(r->grants_added, 4);
    const std::vector<std::pair<int, std::string>> problems = {{4, "names more than one unit"},
                                                               {7, "names more than one unit"},
                                                               {8, "belongs on a class"},
                                                               {9, "is not a unit under"}};
    ASSERT_EQ(r->problems.size(), problems.size());
    for (std::size_t i = 0; i < problems.size(); ++i) {
        EXPECT_EQ(r->problems[i].line, problems[i].first);
        EXPECT_EQ(r->problems[i].column, "所属单位");
        EXPECT_NE(r->problems[i].reason.find(problems[i].second), std::string::npos) << r->problems[i].reason;
    }
    ASSERT_EQ(r->activations.size(), 4u);
    EXPECT_EQ(r->activations[0].login, "t001");
    EXPECT_EQ(r->activations[0].name, "林老师");
    EXPECT_EQ(r->activations[0].expires_ms, clock_.NowUnixMillis() + kActivationLifetimeMs);

    const auto lin = Account("t001");
    ASSERT_TRUE(lin);
    EXPECT_FALSE(lin->has_password) << "no password until its holder activates it";
    EXPECT_EQ(lin->grants, (std::vector<std::string>{"psychology_teacher@明湖一中"}));
    EXPECT_EQ(Account("t002")->grants, (std::vector<std::string>{"class_teacher@1班"}));
    EXPECT_EQ(Account("t003")->grants, (std::vector<std::string>{"class_teacher@2班"}));
    EXPECT_EQ(Account("b001")->grants, (std::vector<std::string>{"bureau_staff@明湖区"}));
    EXPECT_FALSE(Account("t004"));

    // The phone is sealed and findable only by its keyed hash.
    ASSERT_TRUE(t_->db().Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT phone, phone_enc, phone_hash, staff_number, position FROM staff_members "
                                                  "WHERE staff_number = 't001'"));
        EXPECT_EQ(rs.rows(), 1u);
        EXPECT_EQ(testing::Cell(rs, 0, 0), "");
        EXPECT_EQ(testing::Cell(rs, 0, 1).find("13800001111"), std::string::npos);
        EXPECT_EQ(testing::Cell(rs, 0, 2), testing::TestKeyring().LookupHash("13800001111"));
        EXPECT_EQ(testing::Cell(rs, 0, 4), "psychology_teacher");
        return core::Ok();
    }));

    // Again: nothing new. With the grade written out, and a new name: updated.
    const auto again = roster_->ImportStaff(admin_, county_.id, csv, false);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->created, 0);
    EXPECT_EQ(again->unchanged, 4);
    EXPECT_TRUE(again->activations.empty());
    const auto fixed = roster_->ImportStaff(
        admin_, county_.id, kStaffHeader + "王老师,T002,年级长,明湖一中/七年级,\n林晓老师,T001,心理教师,明湖一中,\n", false);
    ASSERT_TRUE(fixed) << fixed.error().message;
    EXPECT_EQ(fixed->updated, 2);
    EXPECT_EQ(fixed->grants_added, 1);
    EXPECT_EQ(Account("t002")->grants, (std::vector<std::string>{"class_teacher@1班", "grade_lead@七年级"}));
    EXPECT_EQ(Account("t001")->display_name, "林晓老师");
}

TEST_F(StaffImportTest, AUnitMayBeNamedByItsCode) {
    ASSERT_TRUE(t_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
        store::SqlOrgRepository repo(s);
        core::org::OrgUnit coded = class2_;
        coded.code = "C0702";
        return repo.UpdateAttributes(coded);
    }));
    const auto r = roster_->ImportStaff(admin_, county_.id, kStaffHeader + "郑老师,T020,班主任,C0702,\n", false);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->problems.empty());
    EXPECT_EQ(Account("t020")->grants, (std::vector<std::string>{"class_teacher@2班"}));
}

TEST_F(StaffImportTest, NeverTakesOverAnotherAccountOrReachesOutOfScope) {
    // An account made by hand (no staff record), and staff of the other school.
    ASSERT_TRUE(auth_->CreateAccount(Actor{}, "head", "校长", "a-long-password"));
    ASSERT_TRUE(roster_->ImportStaff(admin_, county_.id, kStaffHeader + "冯老师,T009,心理教师,明湖二中,\n", false));
    Principal school_admin;
    school_admin.grants = {{core::auth::Role::kAdmin, school_.id, school_.path}};
    const auto r = roster_->ImportStaff(school_admin, school_.id,
                                        kStaffHeader + "某人,head,班主任,七年级/1班,\n冯老师,T009,班主任,七年级/1班,\n", false);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->problems.size(), 2u);
    EXPECT_EQ(r->problems[0].column, "工号");
    EXPECT_NE(r->problems[0].reason.find("outside the units you manage"), std::string::npos);
    EXPECT_EQ(r->problems[1].line, 3) << "staff of another school are out of this admin's reach";
    EXPECT_EQ(Account("head")->grants, std::vector<std::string>{});
    EXPECT_EQ(Account("t009")->grants, (std::vector<std::string>{"psychology_teacher@明湖二中"}));

    // A unit out of view is 404; a role without the right to manage users is refused.
    EXPECT_EQ(roster_->ImportStaff(school_admin, other_school_.id, kStaffHeader, false).error().code,
              core::ErrorCode::kNotFound);
    EXPECT_EQ(roster_->ImportStaff(psych_, school_.id, kStaffHeader, false).error().code,
              core::ErrorCode::kPermissionDenied);
}

TEST_F(StaffImportTest, ActivationSetsThePasswordOnceAndSetsUpTwoFactor) {
    const auto r = roster_->ImportStaff(admin_, county_.id,
                                        kStaffHeader + "林老师,T001,心理教师,明湖一中,\n王老师,T002,班主任,明湖一中/七年级/1班,\n", false);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->activations.size(), 2u);
    const std::string lin_code = r->activations[0].code, wang_code = r->activations[1].code;

    // Someone else's code, or a made-up one: refused, and counted against the client.
    const auto wrong = auth_->ActivateStaff("T001", wang_code, "a-long-password", "10.0.0.9", "a1");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, core::ErrorCode::kUnauthenticated);
    EXPECT_EQ(auth_->ActivateStaff("T001", lin_code, "short", "10.0.0.9", "a2").error().field, "/password");

    // The psychology teacher's role needs two-factor sign-in: set up here, shown once.
    const auto lin = auth_->ActivateStaff("T001", lin_code, "a-long-password", "10.0.0.9", "a3");
    ASSERT_TRUE(lin) << lin.error().message;
    EXPECT_EQ(lin->session.principal.login, "t001");
    ASSERT_TRUE(lin->two_factor);
    EXPECT_EQ(lin->two_factor->recovery_codes.size(), 10u);
    EXPECT_FALSE(auth_->ActivateStaff("T001", lin_code, "another-password", "10.0.0.9", "a4")) << "a code works once";
    EXPECT_EQ(auth_->SignIn("t001", "a-long-password", "", "10.0.0.9", "a5").error().field, "/totp");
    EXPECT_TRUE(auth_->SignIn("t001", "a-long-password", testing::TotpCodeAt(lin->two_factor->secret, clock_.NowUnixMillis()),
                              "10.0.0.9", "a6"));

    // A class teacher needs no second factor.
    const auto wang = auth_->ActivateStaff("t002", wang_code, "another-long-one", "10.0.0.8", "a7");
    ASSERT_TRUE(wang) << wang.error().message;
    EXPECT_FALSE(wang->two_factor);
    EXPECT_TRUE(auth_->SignIn("t002", "another-long-one", "", "10.0.0.8", "a8"));
}

TEST_F(StaffImportTest, ANewCodeResetsAForgottenPasswordAndEndsOldSessions) {
    const auto r = roster_->ImportStaff(admin_, county_.id, kStaffHeader + "林老师,T001,心理教师,明湖一中,\n", false);
    ASSERT_TRUE(r);
    const auto first = auth_->ActivateStaff("t001", r->activations[0].code, "a-long-password", "10.0.0.9", "a1");
    ASSERT_TRUE(first);
    ASSERT_TRUE(auth_->Authenticate(first->session.token));

    const auto reissued = auth_->IssueActivation(Actor{}, "T001");
    ASSERT_TRUE(reissued) << reissued.error().message;
    EXPECT_EQ(reissued->expires_ms, clock_.NowUnixMillis() + kActivationLifetimeMs);
    const auto second = auth_->ActivateStaff("t001", reissued->code, "a-new-long-password", "10.0.0.9", "a2");
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_FALSE(second->two_factor) << "the authenticator set up before stays";
    EXPECT_FALSE(auth_->Authenticate(first->session.token)) << "sessions from before the reset end";
    EXPECT_TRUE(auth_->Authenticate(second->session.token));
    EXPECT_EQ(auth_->SignIn("t001", "a-long-password", "000000", "10.0.0.7", "a3").error().code,
              core::ErrorCode::kUnauthenticated);
    EXPECT_EQ(auth_->IssueActivation(Actor{}, "nobody").error().code, core::ErrorCode::kNotFound);
}

TEST_F(StaffImportTest, ImportsActivationsAndReissuesAreAudited) {
    const auto actions = [&] {
        std::vector<std::string> out;
        EXPECT_TRUE(t_->db().Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT action, org_path FROM audit_log ORDER BY id"));
            for (std::size_t r = 0; r < rs.rows(); ++r) {
                out.push_back(testing::Cell(rs, r, 0) + "@" + testing::Cell(rs, r, 1));
            }
            return core::Ok();
        }));
        return out;
    };
    const std::string csv = kStaffHeader + "王老师,T002,班主任,明湖一中/七年级/1班,\n";
    ASSERT_TRUE(roster_->ImportStaff(admin_, county_.id, csv, /*dry_run=*/true));
    EXPECT_TRUE(actions().empty()) << "a dry run leaves no trace";
    const auto r = roster_->ImportStaff(admin_, county_.id, csv, false);
    ASSERT_TRUE(r);
    EXPECT_EQ(actions(), (std::vector<std::string>{"staff.import@" + county_.path}));
    EXPECT_FALSE(auth_->ActivateStaff("t002", "AAAA-AAAA-AAAA", "another-long-one", "10.0.0.8", "x1"));
    ASSERT_TRUE(auth_->ActivateStaff("t002", r->activations[0].code, "another-long-one", "10.0.0.8", "x2"));
    ASSERT_TRUE(auth_->IssueActivation(Actor{}, "t002"));
    EXPECT_EQ(actions(), (std::vector<std::string>{"staff.import@" + county_.path, "session.sign_in_failed@/",
                                                   "account.activate@" + class1_.path, "session.sign_in@" + class1_.path,
                                                   "account.issue_activation@/"}));
}

TEST_F(StaffImportTest, ActivationCodesExpire) {
    const auto r = roster_->ImportStaff(admin_, county_.id, kStaffHeader + "王老师,T002,班主任,明湖一中/七年级/1班,\n", false);
    ASSERT_TRUE(r);
    clock_.Advance(kActivationLifetimeMs + 1);
    EXPECT_EQ(auth_->ActivateStaff("t002", r->activations[0].code, "another-long-one", "10.0.0.8", "x").error().code,
              core::ErrorCode::kUnauthenticated);
    EXPECT_FALSE(Account("t002")->has_password);
}

}  // namespace
}  // namespace xinqiao::service
