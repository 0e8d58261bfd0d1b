#include "service/team_service.hpp"

#include "service/case_service.hpp"
#include "service/follow_up_service.hpp"
#include "service/referral_service.hpp"
#include "service/screening_fixture.hpp"

namespace xinqiao::service {
namespace {

using namespace fixture;
using core::people::SpecialSituation;

constexpr std::uint32_t Bits(SpecialSituation s) { return static_cast<std::uint32_t>(s); }

// Crisis teams, case conferences, the ledger of students in special situations and the crisis
// register in numbers, on SQLite and PostgreSQL: who may keep and see what, and that bureaus see
// counts without names and without small cells.
class TeamServiceTest : public ScreeningFixture {
protected:
    void SetUp() override {
        ScreeningFixture::SetUp();
        teams_ = std::make_unique<TeamService>(accounts_->data, accounts_->clock);
        cases_ = std::make_unique<CaseService>(accounts_->data, accounts_->clock);
    }

    void Flag(std::int64_t student, std::uint32_t bits) {
        ASSERT_TRUE(t_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
            XINQIAO_RETURN_IF_ERROR(s.Execute("UPDATE students SET special_situations = $1 WHERE id = $2",
                                              {std::int64_t{bits}, student}));
            return core::Ok();
        }));
    }

    core::Date Today() { return core::screening::ChinaDateOf(accounts_->clock.NowUnixMillis()); }

    std::unique_ptr<TeamService> teams_;
    std::unique_ptr<CaseService> cases_;
};

TEST_P(TeamServiceTest, SchoolsAndCountiesKeepACrisisTeamOfTheirOwnStaffAndPartnerDoctors) {
    ASSERT_TRUE(teams_->PutMember(psych_, school_.id, "leader.li", "lead"));
    ASSERT_TRUE(teams_->PutMember(psych_, school_.id, "teacher.wang", "member"));
    ASSERT_TRUE(teams_->PutMember(psych_, school_.id, "psych.chen", "member"));
    auto team = teams_->Team(leader_, school_.id);
    ASSERT_TRUE(team) << team.error().message;
    ASSERT_EQ(team->size(), 3u);
    EXPECT_EQ(team->at(0).login, "leader.li") << "the lead first";
    EXPECT_EQ(team->at(0).duty, "lead");
    // A duty changes in place; a second put is not a second member.
    ASSERT_TRUE(teams_->PutMember(psych_, school_.id, "teacher.wang", "lead"));
    EXPECT_EQ(teams_->Team(psych_, school_.id)->size(), 3u);

    // Who may not join: staff of another school, an unknown login; and a team sits on a school or
    // a county, not a class.
    Staff("psych.far", Role::kPsychologyTeacher, primary_);
    EXPECT_EQ(teams_->PutMember(psych_, school_.id, "psych.far", "member").error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(teams_->PutMember(psych_, school_.id, "nobody", "member").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(teams_->PutMember(psych_, school_.id, "leader.li", "boss").error().field, "/duty");
    EXPECT_EQ(teams_->PutMember(psych_, class1_.id, "leader.li", "member").error().field, "id");
    // The county centre keeps the county's team, with a partner hospital's doctor.
    OrgUnit hospital;
    ASSERT_TRUE(t_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
        store::SqlOrgRepository orgs(s);
        XINQIAO_ASSIGN_OR_RETURN(hospital, orgs.Create({county_.id, OrgKind::kHospital, "明湖区人民医院", "", std::nullopt, false}, &county_));
        return core::Ok();
    }));
    Staff("doctor.liu", Role::kHospitalPartner, hospital);
    ASSERT_TRUE(teams_->PutMember(bureau_, county_.id, "doctor.liu", "member"));
    ASSERT_TRUE(teams_->PutMember(bureau_, county_.id, "bureau.zhao", "lead"));
    EXPECT_EQ(teams_->Team(bureau_, county_.id)->size(), 2u);
    // A class teacher sees nothing of the school's team and changes nothing.
    EXPECT_EQ(teams_->Team(class_teacher_, school_.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(teams_->PutMember(class_teacher_, school_.id, "teacher.wang", "member").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(teams_->PutMember(leader_, county_.id, "leader.li", "member").error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(teams_->RemoveMember(psych_, school_.id, "teacher.wang"));
    EXPECT_EQ(teams_->RemoveMember(psych_, school_.id, "teacher.wang").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(teams_->Team(psych_, school_.id)->size(), 2u);
}

TEST_P(TeamServiceTest, AConferenceKeepsWhoCameWhatTheyFoundAndDecidedForTheCaseTeamOnly) {
    const auto id = cases_->Open(psych_, class1_students_[0], std::nullopt);
    ASSERT_TRUE(id);
    NewConference c{Today(), {"陈老师（心理教师）", "王老师（班主任）", "李校长"}, "睡眠差，近一周两次提到不想活", "每日家校联系；转介评估"};
    ASSERT_TRUE(cases_->AddConference(psych_, *id, c));
    const auto v = cases_->Get(psych_, *id);
    ASSERT_EQ(v->conferences.size(), 1u);
    EXPECT_EQ(v->conferences[0].participants, c.participants);
    EXPECT_EQ(v->conferences[0].decisions, "每日家校联系；转介评估");
    EXPECT_EQ(v->events.back().kind, "conference");
    EXPECT_EQ(AllText("case_conferences").find("王老师"), std::string::npos) << "sealed at rest";
    const auto seen = cases_->Get(class_teacher_, *id);
    ASSERT_EQ(seen->conferences.size(), 1u);
    EXPECT_TRUE(seen->conferences[0].participants.empty() && seen->conferences[0].findings.empty()) << "T3";
    EXPECT_EQ(cases_->AddConference(class_teacher_, *id, c).error().code, ErrorCode::kPermissionDenied);

    auto bad = c;
    bad.held_on = core::DateFromDays(core::DaysFromCivil(Today()) + 1);
    EXPECT_EQ(cases_->AddConference(psych_, *id, bad).error().field, "/held_on");
    bad = c;
    bad.participants = {};
    EXPECT_EQ(cases_->AddConference(psych_, *id, bad).error().field, "/participants");
    bad.participants = {"陈老师", "王老师\n李校长"};
    EXPECT_EQ(cases_->AddConference(psych_, *id, bad).error().field, "/participants/1");
    bad = c;
    bad.decisions = " ";
    EXPECT_EQ(cases_->AddConference(psych_, *id, bad).error().field, "/decisions");
    // A conference is never a bare note.
    EXPECT_EQ(cases_->AddRecord(psych_, *id, {core::cases::RecordKind::kConference, "", "x"}).error().code,
              ErrorCode::kFailedPrecondition);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM case_conferences"), 1);
}

TEST_P(TeamServiceTest, TheLedgerShowsSituationsPairingAndSupportAndBureausSeeCoverageWithoutNames) {
    const auto a = class1_students_[0], b = class1_students_[1], c = class1_students_[2];
    Flag(a, Bits(SpecialSituation::kLeftBehind));
    Flag(b, Bits(SpecialSituation::kLeftBehind) | Bits(SpecialSituation::kLowIncome));
    Flag(c, Bits(SpecialSituation::kBullied));
    ASSERT_TRUE(students_->Pair(psych_, a, "teacher.wang"));
    EXPECT_EQ(teams_->AddSupport(class_teacher_, class1_students_[0] + 100000, {"study", Today(), ""}).error().code,
              ErrorCode::kNotFound);
    ASSERT_TRUE(teams_->AddSupport(class_teacher_, a, {"study", Today(), "每周二放学后数学辅导"}));
    ASSERT_TRUE(teams_->AddSupport(psych_, a, {"counselling", Today(), ""}));
    EXPECT_EQ(teams_->AddSupport(psych_, a, {"money", Today(), ""}).error().field, "/kind");
    EXPECT_EQ(teams_->AddSupport(psych_, a, {"care", core::DateFromDays(core::DaysFromCivil(Today()) + 1), ""}).error().field,
              "/given_on");
    // Only a student in the ledger receives recorded support.
    const auto unflagged = Count("SELECT MIN(id) FROM students WHERE special_situations = 0");
    EXPECT_EQ(teams_->AddSupport(psych_, unflagged, {"care", Today(), ""}).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(AllText("supports").find("数学辅导"), std::string::npos) << "sealed at rest";

    const auto ledger = teams_->Ledger(psych_, school_.id, 0, "", 100, 0);
    ASSERT_TRUE(ledger) << ledger.error().message;
    ASSERT_EQ(ledger->size(), 3u);
    const auto row_a = std::find_if(ledger->begin(), ledger->end(), [&](const auto& r) { return r.student_id == a; });
    ASSERT_NE(row_a, ledger->end());
    EXPECT_EQ(row_a->paired, (std::vector<std::string>{"老师"}));
    EXPECT_EQ(row_a->supports, 2);
    EXPECT_TRUE(row_a->last_support);
    EXPECT_EQ(teams_->Ledger(psych_, school_.id, Bits(SpecialSituation::kLowIncome), "", 100, 0)->size(), 1u);
    EXPECT_EQ(teams_->Ledger(class_teacher_, class1_.id, 0, "", 100, 0)->size(), 3u) << "the class teacher's class";
    EXPECT_EQ(teams_->Ledger(class_teacher_, school_.id, 0, "", 100, 0).error().code, ErrorCode::kNotFound);
    // Notes are T3: the psychology teacher reads them, the class teacher sees only that support was given.
    EXPECT_EQ(teams_->Supports(psych_, a)->back().note, "每周二放学后数学辅导");
    EXPECT_TRUE(teams_->Supports(class_teacher_, a)->back().note.empty());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'student.supports.read'"), 1) << "only the T3 read";

    // Coverage per school: exact for the school, "<5" for the county centre (three students).
    const auto exact = teams_->Coverage(psych_, school_.id);
    ASSERT_TRUE(exact) << exact.error().message;
    ASSERT_EQ(exact->size(), 1u);
    EXPECT_EQ(exact->at(0).flagged.value, 3);
    EXPECT_EQ(exact->at(0).paired.value, 1);
    EXPECT_EQ(exact->at(0).supported.value, 1);
    EXPECT_EQ(exact->at(0).by_situation[0].value, 2) << "left behind";
    const auto county = teams_->Coverage(bureau_, county_.id);
    ASSERT_EQ(county->size(), 1u);
    EXPECT_TRUE(county->at(0).flagged.suppressed);
    EXPECT_EQ(county->at(0).flagged.value, 0);
    EXPECT_EQ(county->at(0).school_name, "明湖一中");
}

TEST_P(TeamServiceTest, TheCrisisRegisterInNumbersPerSchool) {
    const auto id = cases_->Open(psych_, class1_students_[0], std::nullopt);
    ASSERT_TRUE(id);
    ASSERT_TRUE(cases_->Open(psych_, class1_students_[1], std::nullopt));
    FollowUpService visits(accounts_->data, accounts_->clock);
    ASSERT_TRUE(visits.Plan(psych_, *id, core::cases::FollowUpPlan::kSingle, Today()));
    accounts_->clock.Advance(2 * 86400000);
    const auto mine = cases_->Counts(psych_, school_.id);
    ASSERT_TRUE(mine) << mine.error().message;
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ(mine->at(0).open.value, 2);
    EXPECT_EQ(mine->at(0).open_by_step[0].value, 2) << "both on assessment";
    EXPECT_EQ(mine->at(0).overdue_follow_ups.value, 1);
    EXPECT_EQ(mine->at(0).referrals_under_way.value, 0);
    const auto county = cases_->Counts(bureau_, county_.id);
    ASSERT_EQ(county->size(), 1u);
    EXPECT_TRUE(county->at(0).open.suppressed) << "two open cases are a small cell for a bureau";
    EXPECT_FALSE(county->at(0).referrals_under_way.suppressed) << "zero is no small cell";
    EXPECT_EQ(cases_->Counts(class_teacher_, school_.id).error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Drivers, TeamServiceTest, ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::service
