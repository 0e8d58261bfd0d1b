#include "service/student_service.hpp"

#include <gtest/gtest.h>

#include "store/org_repository.hpp"
#include "store/student_repository.hpp"
#include "support/people.hpp"
#include "support/test_auth.hpp"

namespace xinqiao::service {
namespace {

using core::ErrorCode;
using core::auth::Role;
using core::org::OrgKind;
using core::org::OrgUnit;

constexpr const char* kPassword = "student service 1";
constexpr std::int64_t kDay = 24LL * 60 * 60 * 1000;

// A county with one school, one grade and two classes of three students each, and staff
// accounts on them. Runs on SQLite and PostgreSQL.
class StudentServiceTest : public ::testing::TestWithParam<testing::Backend> {
protected:
    void SetUp() override {
        XINQIAO_OPEN_TEST_DB(t_, GetParam());
        ASSERT_TRUE(t_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
            store::SqlOrgRepository orgs(s);
            const auto make = [&](const OrgUnit* parent, OrgKind kind, const char* name,
                                  std::optional<core::org::SchoolStage> stage = std::nullopt) {
                return orgs.Create({parent ? std::optional(parent->id) : std::nullopt, kind, name, "", stage, false},
                                   parent);
            };
            XINQIAO_ASSIGN_OR_RETURN(county_, make(nullptr, OrgKind::kCounty, "明湖区"));
            XINQIAO_ASSIGN_OR_RETURN(school_, make(&county_, OrgKind::kSchool, "明湖一中", core::org::SchoolStage::kJunior));
            XINQIAO_ASSIGN_OR_RETURN(grade_, make(&school_, OrgKind::kGrade, "七年级"));
            XINQIAO_ASSIGN_OR_RETURN(class1_, make(&grade_, OrgKind::kClass, "1班"));
            XINQIAO_ASSIGN_OR_RETURN(class2_, make(&grade_, OrgKind::kClass, "2班"));
            store::SqlStudentRepository students(s, testing::TestKeyring());
            int n = 0;
            for (const OrgUnit* c : {&class1_, &class1_, &class1_, &class2_, &class2_, &class2_}) {
                ++n;
                XINQIAO_ASSIGN_OR_RETURN(const auto id,
                                         students.Insert(testing::StudentOfClass(*c, "G2026" + std::to_string(n),
                                                                                 "学生" + std::to_string(n), {2013, 5, 6})));
                (c == &class1_ ? class1_students_ : class2_students_).push_back(id);
            }
            return core::Ok();
        }));
        accounts_ = std::make_unique<testing::TestAuth>(t_->db());
        students_ = std::make_unique<StudentService>(accounts_->data, accounts_->clock, accounts_->random);
        class_teacher_ = Staff("teacher.wang", Role::kClassTeacher, class1_);
        psych_ = Staff("psych.chen", Role::kPsychologyTeacher, school_);
        bureau_ = Staff("bureau.zhao", Role::kBureauStaff, county_);
    }

    Principal Staff(const std::string& login, Role role, const OrgUnit& unit) {
        return accounts_->Staff(login, role, unit, "老师", kPassword);
    }

    std::int64_t Count(const std::string& sql, const store::Params& params = {}) { return testing::CountOf(t_->db(), sql, params); }

    std::string AllText(const std::string& table) { return testing::AllText(t_->db(), table); }

    AuthService& auth() { return accounts_->auth; }

    std::unique_ptr<testing::TestDatabase> t_;
    std::unique_ptr<testing::TestAuth> accounts_;
    std::unique_ptr<StudentService> students_;
    OrgUnit county_, school_, grade_, class1_, class2_;
    std::vector<core::people::StudentId> class1_students_, class2_students_;
    Principal class_teacher_, psych_, bureau_;
};

TEST_P(StudentServiceTest, AStudentSignsInWithNumberAndPrintedCodeAndSeesOnlyThemself) {
    const auto sheet = students_->IssueClassCodes(class_teacher_, class1_.id, {});
    ASSERT_TRUE(sheet) << sheet.error().message;
    ASSERT_EQ(sheet->codes.size(), 3u);
    EXPECT_EQ(sheet->class_name, "1班");
    EXPECT_EQ(sheet->school_name, "明湖一中");
    const IssuedCode& mine = sheet->codes[0];
    EXPECT_EQ(mine.code.size(), 9u);  // XXXX-XXXX

    // Codes are stored only as keyed hashes.
    EXPECT_EQ(AllText("student_sign_in_codes").find(mine.code.substr(0, 4)), std::string::npos);

    // Typed in lower case without the dash, it still works.
    std::string typed = mine.code.substr(0, 4) + mine.code.substr(5);
    for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto session = auth().SignInStudent(mine.student_number, typed, "10.0.0.9", "s1");
    ASSERT_TRUE(session) << session.error().message;
    const Principal& me = session->principal;
    ASSERT_EQ(me.grants.size(), 1u);
    EXPECT_EQ(me.grants[0].role, Role::kStudent);

    const auto own = students_->Get(me, mine.student_id);
    ASSERT_TRUE(own);
    EXPECT_EQ(own->student.name, mine.name);
    ASSERT_EQ(own->relations.size(), 1u);
    EXPECT_EQ(own->relations[0], core::auth::StudentRelation::kSelf);
    // A classmate is invisible: the same answer as an unknown id.
    EXPECT_EQ(students_->Get(me, class1_students_[1]).error().code, ErrorCode::kNotFound);
    const auto mine_list = students_->Mine(me);
    ASSERT_TRUE(mine_list);
    ASSERT_EQ(mine_list->size(), 1u);
    EXPECT_EQ((*mine_list)[0].class_name, "1班");
    // Students never read notes, not even their own.
    EXPECT_EQ(students_->Notes(me, mine.student_id).error().code, ErrorCode::kPermissionDenied);
}

TEST_P(StudentServiceTest, WrongCodesFailLockAndANewSheetRetiresTheOldCodes) {
    const auto first = students_->IssueClassCodes(class_teacher_, class1_.id, {});
    ASSERT_TRUE(first);
    const IssuedCode c = first->codes[1];
    // Someone else's code does not open this student.
    EXPECT_EQ(auth().SignInStudent(c.student_number, first->codes[0].code, "10.0.0.1", "x").error().code,
              ErrorCode::kUnauthenticated);
    EXPECT_EQ(auth().SignInStudent("nobody", c.code, "10.0.0.1", "x").error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(auth().SignInStudent(c.student_number, "not a code", "10.0.0.1", "x").error().code,
              ErrorCode::kUnauthenticated);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'session.sign_in_failed'"), 3);

    // Reissuing this student's code only: the old one stops working, the classmates' do not.
    const auto second = students_->IssueClassCodes(class_teacher_, class1_.id, {c.student_id});
    ASSERT_TRUE(second);
    ASSERT_EQ(second->codes.size(), 1u);
    EXPECT_EQ(auth().SignInStudent(c.student_number, c.code, "10.0.0.2", "x").error().code,
              ErrorCode::kUnauthenticated);
    EXPECT_TRUE(auth().SignInStudent(c.student_number, second->codes[0].code, "10.0.0.2", "x"));
    EXPECT_TRUE(auth().SignInStudent(first->codes[2].student_number, first->codes[2].code, "10.0.0.2", "x"));
    // No second account was made for the student.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM account_students WHERE relation = 'self'"), 3);

    // Guessing locks the student's account like a password would.
    for (int i = 0; i < 5; ++i) (void)auth().SignInStudent(c.student_number, "AAAA-AAAA", "10.0.0.3", "x");
    EXPECT_EQ(auth().SignInStudent(c.student_number, second->codes[0].code, "10.0.0.4", "x").error().code,
              ErrorCode::kResourceExhausted);

    // A class teacher prints only their own class; a student of another class is refused.
    EXPECT_EQ(students_->IssueClassCodes(class_teacher_, class2_.id, {}).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(students_->IssueClassCodes(class_teacher_, class1_.id, {class2_students_[0]}).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(students_->IssueClassCodes(psych_, grade_.id, {}).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(StudentServiceTest, GuardiansRedeemInvitationsOnceForEachChild) {
    const auto child1 = class1_students_[0];
    const auto child2 = class2_students_[0];
    const auto invite1 = students_->InviteGuardian(class_teacher_, child1);
    ASSERT_TRUE(invite1) << invite1.error().message;
    EXPECT_EQ(invite1->code.size(), 14u);  // XXXX-XXXX-XXXX
    EXPECT_EQ(invite1->expires_ms, accounts_->clock.NowUnixMillis() + 14 * kDay);

    const auto signed_in = auth().RedeemInvitation(invite1->code, "mama.li", "李妈妈", "guardian pass 1", "10.1.1.1", "g1");
    ASSERT_TRUE(signed_in) << signed_in.error().message;
    const Principal& guardian = signed_in->principal;
    EXPECT_TRUE(students_->Get(guardian, child1));
    EXPECT_EQ(students_->Get(guardian, child2).error().code, ErrorCode::kNotFound);
    // The same code never works twice.
    const auto again = auth().RedeemInvitation(invite1->code, "papa.li", "李爸爸", "guardian pass 2", "10.1.1.2", "g2");
    EXPECT_EQ(again.error().code, ErrorCode::kUnauthenticated);
    EXPECT_NE(again.error().message.find("already been used"), std::string::npos);

    // A second child joins the same account with its password; a wrong password changes nothing.
    const auto invite2 = students_->InviteGuardian(psych_, child2);
    ASSERT_TRUE(invite2);
    EXPECT_EQ(auth().RedeemInvitation(invite2->code, "mama.li", "", "wrong password!", "10.1.1.1", "g3").error().code,
              ErrorCode::kUnauthenticated);
    const auto both = auth().RedeemInvitation(invite2->code, "mama.li", "", "guardian pass 1", "10.1.1.1", "g4");
    ASSERT_TRUE(both) << both.error().message;
    const auto mine = students_->Mine(both->principal);
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->size(), 2u);
    // And the guardian signs in later with login and password like staff.
    EXPECT_TRUE(auth().SignIn("mama.li", "guardian pass 1", "", "10.1.1.1", "g5"));

    // Expired invitations are refused; a class teacher cannot invite for another class.
    const auto invite3 = students_->InviteGuardian(psych_, class2_students_[1]);
    ASSERT_TRUE(invite3);
    accounts_->clock.Advance(15 * kDay);
    const auto late = auth().RedeemInvitation(invite3->code, "papa.wu", "吴爸爸", "guardian pass 3", "10.1.1.5", "g6");
    EXPECT_NE(late.error().message.find("expired"), std::string::npos);
    EXPECT_EQ(students_->InviteGuardian(class_teacher_, child2).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(AllText("guardian_invitations").find(invite2->code.substr(0, 4) + invite2->code.substr(5, 4)),
              std::string::npos);
}

TEST_P(StudentServiceTest, NotesAreSealedAuditedAndBreakGlassNeedsAReason) {
    const auto sid = class1_students_[0];
    const std::string text = "与学生谈话：近期睡眠不好，情绪低落";
    const auto note = students_->AddNote(class_teacher_, sid, text);
    ASSERT_TRUE(note) << note.error().message;
    EXPECT_EQ(note->author_role, "class_teacher");
    EXPECT_EQ(AllText("student_notes").find("睡眠"), std::string::npos);  // sealed at rest
    EXPECT_EQ(students_->AddNote(class_teacher_, sid, "   ").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(students_->AddNote(class_teacher_, sid, std::string(5001, 'x')).error().field, "/body");

    const auto read = students_->Notes(psych_, sid);
    ASSERT_TRUE(read);
    ASSERT_EQ(read->size(), 1u);
    EXPECT_EQ((*read)[0].body, text);
    EXPECT_EQ((*read)[0].author_name, "老师");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'student.notes.read'"), 1);

    // The bureau may open them only with a reason, which the trail keeps and flags.
    const auto refused = students_->Notes(bureau_, sid);
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
    EXPECT_NE(refused.error().message.find("break-glass"), std::string::npos);
    EXPECT_EQ(students_->BreakGlassNotes(bureau_, sid, "  ").error().field, "/reason");
    const auto opened = students_->BreakGlassNotes(bureau_, sid, "县中心接到家长求助电话，需核实情况");
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->size(), 1u);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'student.notes.break_glass' AND "
                    "reason = '县中心接到家长求助电话，需核实情况' AND actor_role = 'bureau_staff'"),
              1);
    // A class teacher of another class cannot even use break-glass there: the student is unseen.
    const auto teacher2 = Staff("teacher.sun", Role::kClassTeacher, class2_);
    EXPECT_EQ(students_->BreakGlassNotes(teacher2, sid, "想了解一下这个学生").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'student.notes%'"), 2);
}

TEST_P(StudentServiceTest, PairingGivesATeacherReachBeyondTheirClass) {
    const auto other = class2_students_[2];
    EXPECT_EQ(students_->Get(class_teacher_, other).error().code, ErrorCode::kNotFound);
    // Only teachers can be paired; only those who edit the roster pair them.
    Staff("leader.he", Role::kSchoolLeader, school_);
    EXPECT_EQ(students_->Pair(psych_, other, "leader.he").error().field, "/login");
    EXPECT_EQ(students_->Pair(psych_, other, "nobody.here").error().field, "/login");
    EXPECT_EQ(students_->Pair(class_teacher_, other, "teacher.wang").error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(students_->Pair(psych_, other, "teacher.wang"));
    ASSERT_TRUE(students_->Pair(psych_, other, "teacher.wang"));  // idempotent

    const auto profile = students_->Get(class_teacher_, other);
    ASSERT_TRUE(profile);
    EXPECT_EQ(profile->relations, std::vector{core::auth::StudentRelation::kPaired});
    EXPECT_TRUE(students_->AddNote(class_teacher_, other, "结对谈心记录"));
    EXPECT_FALSE(profile->may_view_records);
    EXPECT_TRUE(profile->may_break_glass);

    ASSERT_TRUE(students_->Unpair(psych_, other, "teacher.wang"));
    EXPECT_EQ(students_->Unpair(psych_, other, "teacher.wang").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(students_->Get(class_teacher_, other).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action IN ('student.pair', 'student.unpair')"), 3);
}

INSTANTIATE_TEST_SUITE_P(Drivers, StudentServiceTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::service
