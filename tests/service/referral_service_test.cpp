#include "service/referral_service.hpp"

#include "service/case_service.hpp"
#include "service/follow_up_service.hpp"
#include "service/screening_fixture.hpp"

namespace xinqiao::service {
namespace {

using namespace fixture;
using core::cases::CaseState;
using core::cases::CaseStep;
using core::cases::FollowUpPlan;
using core::cases::FollowUpResult;
using core::cases::RecordKind;
using core::cases::ReferralAction;
using core::cases::ReferralState;
using core::cases::ReturnVerdict;

constexpr std::int64_t kDay = 86400000;

// Referral to a partner hospital, the return to school and follow-up visits, on SQLite and
// PostgreSQL: the whole green channel, who sees what of it, and that a case closes only when
// the referral is done and no visit is open.
class ReferralServiceTest : public ScreeningFixture {
protected:
    void SetUp() override {
        ScreeningFixture::SetUp();
        ASSERT_TRUE(t_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
            store::SqlOrgRepository orgs(s);
            XINQIAO_ASSIGN_OR_RETURN(hospital_, orgs.Create({county_.id, OrgKind::kHospital, "明湖区人民医院", "", std::nullopt, false}, &county_));
            XINQIAO_ASSIGN_OR_RETURN(const auto far, orgs.Create({std::nullopt, OrgKind::kCounty, "远山县", "", std::nullopt, false}, nullptr));
            XINQIAO_ASSIGN_OR_RETURN(far_hospital_, orgs.Create({far.id, OrgKind::kHospital, "远山县医院", "", std::nullopt, false}, &far));
            return core::Ok();
        }));
        doctor_ = Staff("doctor.liu", Role::kHospitalPartner, hospital_);
        far_doctor_ = Staff("doctor.ma", Role::kHospitalPartner, far_hospital_);
        cases_ = std::make_unique<CaseService>(accounts_->data, accounts_->clock);
        referrals_ = std::make_unique<ReferralService>(accounts_->data, accounts_->clock);
        visits_ = std::make_unique<FollowUpService>(accounts_->data, accounts_->clock);
    }

    // A case on `student` walked to its referral step.
    std::int64_t CaseAtReferral(std::int64_t student) {
        const auto id = cases_->Open(psych_, student, std::nullopt);
        EXPECT_TRUE(id) << id.error().message;
        const std::vector<std::pair<RecordKind, std::string>> kWalk = {
            {RecordKind::kAssessment, ""}, {RecordKind::kPairing, ""},    {RecordKind::kPlan, ""},
            {RecordKind::kSession, ""},    {RecordKind::kPeerFollow, ""}, {RecordKind::kHomeContact, "meeting"}};
        for (const auto& [kind, subtype] : kWalk) {
            EXPECT_TRUE(cases_->AddRecord(psych_, *id, {kind, subtype, "记录"}));
            const auto v = cases_->Get(psych_, *id);
            if (v->missing.empty()) {
                EXPECT_TRUE(cases_->Advance(psych_, *id, v->c.version));
            }
        }
        EXPECT_EQ(cases_->Get(psych_, *id)->c.step, CaseStep::kReferral);
        return *id;
    }

    core::Status Step(const Principal& who, std::int64_t id, ReferralAnswer a) {
        const auto v = referrals_->Get(psych_, id);
        if (!v) return v.error();
        return referrals_->Answer(who, id, v->r.version, a);
    }

    ReferralView Seen(std::int64_t id, const Principal* as = nullptr) {
        const auto v = referrals_->Get(as ? *as : psych_, id);
        EXPECT_TRUE(v) << v.error().message;
        return v ? *v : ReferralView{};
    }

    OrgUnit hospital_, far_hospital_;
    Principal doctor_, far_doctor_;
    std::unique_ptr<CaseService> cases_;
    std::unique_ptr<ReferralService> referrals_;
    std::unique_ptr<FollowUpService> visits_;
};

TEST_P(ReferralServiceTest, AReferralGoesToTheHospitalAndBackToSchoolAndTheCaseCloses) {
    const auto student = class1_students_[0];
    const auto case_id = CaseAtReferral(student);
    // The partner hospitals are the student's county's (and city's); another county's is not one.
    const auto hospitals = referrals_->Hospitals(psych_, case_id);
    ASSERT_TRUE(hospitals) << hospitals.error().message;
    ASSERT_EQ(hospitals->size(), 1u);
    EXPECT_EQ(hospitals->at(0).unit.id, hospital_.id);
    EXPECT_EQ(referrals_->Refer(psych_, case_id, far_hospital_.id, "自伤行为").error().field, "/hospital_id");
    EXPECT_EQ(referrals_->Refer(psych_, case_id, hospital_.id, "  ").error().field, "/reason");
    // The hospital knows nothing of the student before the referral.
    EXPECT_EQ(students_->Get(doctor_, student).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(cases_->Get(doctor_, case_id).error().code, ErrorCode::kNotFound);

    const auto id = referrals_->Refer(psych_, case_id, hospital_.id, "两周内两次自伤，情绪低落明显");
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_EQ(referrals_->Refer(psych_, case_id, hospital_.id, "再次").error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(AllText("referrals").find("自伤"), std::string::npos) << "sealed at rest";
    // The referral step has its record: the step needs nothing more.
    EXPECT_TRUE(cases_->Get(psych_, case_id)->missing.empty());

    // The hospital sees the student referred to it, with the school's reason.
    const auto list = referrals_->ForHospital(doctor_);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ(list->at(0).student_name, "学生1");
    EXPECT_EQ(list->at(0).school_name, "明湖一中");
    EXPECT_EQ(Seen(*id, &doctor_).r.reason, "两周内两次自伤，情绪低落明显");
    EXPECT_TRUE(Seen(*id, &doctor_).by_hospital);
    EXPECT_TRUE(referrals_->ForHospital(far_doctor_)->empty());
    EXPECT_EQ(referrals_->Get(far_doctor_, *id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(referrals_->ForHospital(psych_).error().code, ErrorCode::kPermissionDenied);

    // Only the hospital answers; nothing is skipped; a stale version changes nothing.
    EXPECT_EQ(Step(psych_, *id, {ReferralAction::kAccept}).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(Step(doctor_, *id, {ReferralAction::kReturnAssessment, "可以复学"}).error().code, ErrorCode::kFailedPrecondition);
    const auto sent = Seen(*id);
    ASSERT_TRUE(Step(doctor_, *id, {ReferralAction::kAccept}));
    EXPECT_EQ(referrals_->Answer(doctor_, *id, sent.r.version, {ReferralAction::kDecline, "满员"}).error().code,
              ErrorCode::kAborted);
    ReferralAnswer outcome{ReferralAction::kOutcome, "药物治疗，每两周复诊；学校减少考试压力"};
    outcome.outcome = {true, true, "F32", ""};
    EXPECT_EQ(Step(doctor_, *id, outcome).error().field, "/diagnosis");
    outcome.outcome.diagnosis = "depressive";
    ASSERT_TRUE(Step(doctor_, *id, outcome));
    EXPECT_EQ(Step(psych_, *id, {ReferralAction::kReturnPlan, "复学计划", {}, ReturnVerdict::kReady, core::Date{2026, 12, 7}}).error().code,
              ErrorCode::kFailedPrecondition) << "not assessed yet";
    ReferralAnswer not_yet{ReferralAction::kReturnAssessment, "仍需住院两周"};
    not_yet.verdict = ReturnVerdict::kNotYet;
    ASSERT_TRUE(Step(doctor_, *id, not_yet));
    EXPECT_EQ(Step(psych_, *id, {ReferralAction::kReturnPlan, "复学计划", {}, ReturnVerdict::kReady, core::Date{2026, 12, 7}}).error().code,
              ErrorCode::kFailedPrecondition) << "not yet ready";
    ReferralAnswer ready{ReferralAction::kReturnAssessment, "情绪稳定，可在支持下复学"};
    ready.verdict = ReturnVerdict::kReadyWithSupport;
    ASSERT_TRUE(Step(doctor_, *id, ready));
    EXPECT_EQ(Step(doctor_, *id, {ReferralAction::kReturnPlan, "复学计划", {}, ReturnVerdict::kReady, core::Date{2026, 12, 7}}).error().code,
              ErrorCode::kPermissionDenied) << "the school plans the return";
    ASSERT_TRUE(Step(psych_, *id, {ReferralAction::kReturnPlan, "先半天到校，班主任每日关注，心理老师每周面谈", {},
                                   ReturnVerdict::kReady, core::Date{2026, 12, 7}}));

    const auto done = Seen(*id);
    EXPECT_EQ(done.r.state, ReferralState::kReturned);
    ASSERT_TRUE(done.r.outcome);
    EXPECT_TRUE(done.r.outcome->admitted);
    EXPECT_EQ(done.r.outcome->diagnosis, "depressive");
    EXPECT_EQ(done.r.verdict, ReturnVerdict::kReadyWithSupport);
    EXPECT_EQ(done.r.return_day, "2026-12-07");
    EXPECT_EQ(done.r.return_plan, "先半天到校，班主任每日关注，心理老师每周面谈");
    EXPECT_EQ(AllText("referrals").find("depressive"), std::string::npos) << "the diagnosis is sealed";

    // The class teacher sees that there is a referral and its state, never its words.
    const auto teacher_view = cases_->Get(class_teacher_, case_id);
    ASSERT_TRUE(teacher_view);
    EXPECT_FALSE(teacher_view->referral_details_shown);
    ASSERT_EQ(teacher_view->referrals.size(), 1u);
    EXPECT_EQ(teacher_view->referrals[0].state, ReferralState::kReturned);
    EXPECT_TRUE(teacher_view->referrals[0].reason.empty());
    EXPECT_FALSE(teacher_view->referrals[0].outcome);
    EXPECT_EQ(referrals_->Get(class_teacher_, *id).error().code, ErrorCode::kPermissionDenied) << "seen to exist, not read";
    const auto team_view = cases_->Get(psych_, case_id);
    EXPECT_TRUE(team_view->referral_details_shown);
    EXPECT_EQ(team_view->referrals[0].return_assessment, "情绪稳定，可在支持下复学");

    // Monthly visits after hospital treatment hold the case open until each is done or cancelled.
    ASSERT_EQ(*visits_->Plan(psych_, case_id, FollowUpPlan::kAfterHospital, visits_->Today()), 3);
    ASSERT_TRUE(cases_->AddRecord(psych_, case_id, {RecordKind::kClosingAssessment, "", "复学后一月稳定"}));
    auto v = cases_->Get(psych_, case_id);
    const auto blocked = cases_->Close(psych_, case_id, v->c.version);
    ASSERT_FALSE(blocked);
    EXPECT_NE(blocked.error().message.find("3 open follow-ups"), std::string::npos);
    ASSERT_EQ(v->follow_ups.size(), 3u);
    ASSERT_TRUE(visits_->Done(class_teacher_, v->follow_ups[0].id, FollowUpResult::kStable, "上课专注，和同学交流正常"));
    ASSERT_TRUE(visits_->Done(psych_, v->follow_ups[1].id, FollowUpResult::kImproved, "睡眠改善"));
    EXPECT_EQ(visits_->Cancel(class_teacher_, v->follow_ups[2].id, "不再需要").error().code, ErrorCode::kPermissionDenied);
    ASSERT_TRUE(visits_->Cancel(psych_, v->follow_ups[2].id, "会诊决定结束随访"));
    EXPECT_EQ(visits_->Done(psych_, v->follow_ups[2].id, FollowUpResult::kStable, "x").error().code, ErrorCode::kFailedPrecondition);
    v = cases_->Get(psych_, case_id);
    ASSERT_TRUE(cases_->Close(psych_, case_id, v->c.version));

    // Once the case is closed the hospital no longer sees the student.
    EXPECT_TRUE(referrals_->ForHospital(doctor_)->empty());
    EXPECT_EQ(referrals_->Get(doctor_, *id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(students_->Get(doctor_, student).error().code, ErrorCode::kNotFound);

    std::vector<std::string> kinds;
    const auto final_view = cases_->Get(psych_, case_id);
    ASSERT_TRUE(final_view);
    for (const auto& e : final_view->events) kinds.push_back(e.kind);
    for (const char* k : {"referred", "referral_accept", "referral_outcome", "return_assessment", "return_plan",
                          "follow_ups_planned", "follow_up_done", "follow_up_cancelled", "closed"}) {
        EXPECT_NE(std::find(kinds.begin(), kinds.end(), k), kinds.end()) << k;
    }
}

TEST_P(ReferralServiceTest, ADeclinedReferralEndsTheHospitalsViewAndAnotherCanBeMade) {
    const auto case_id = CaseAtReferral(class1_students_[1]);
    const auto first = referrals_->Refer(psych_, case_id, hospital_.id, "需要评估");
    ASSERT_TRUE(first);
    // A case still under referral cannot close.
    ASSERT_TRUE(cases_->AddRecord(psych_, case_id, {RecordKind::kClosingAssessment, "", "x"}));
    auto v = cases_->Get(psych_, case_id);
    EXPECT_EQ(cases_->Close(psych_, case_id, v->c.version).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(Step(doctor_, *first, {ReferralAction::kDecline, " "}).error().field, "/reason");
    ASSERT_TRUE(Step(doctor_, *first, {ReferralAction::kDecline, "本院暂无儿少床位"}));
    EXPECT_EQ(Step(doctor_, *first, {ReferralAction::kAccept}).error().code, ErrorCode::kNotFound) << "no longer referred there";
    EXPECT_EQ(Seen(*first).r.decline_reason, "本院暂无儿少床位");
    EXPECT_TRUE(referrals_->ForHospital(doctor_)->empty());
    const auto second = referrals_->Refer(psych_, case_id, hospital_.id, "再次转介");
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(referrals_->ForHospital(doctor_)->size(), 1u);
    // A student who did not come was neither admitted nor diagnosed.
    ASSERT_TRUE(Step(doctor_, *second, {ReferralAction::kAccept}));
    ReferralAnswer absent{ReferralAction::kOutcome, "未到诊"};
    absent.outcome = {false, true, "none", ""};
    EXPECT_EQ(Step(doctor_, *second, absent).error().field, "/attended");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM referrals WHERE state = 'accepted'"), 1);
}

// "转介随时可做，接收前可撤回": a level I student cannot wait for step 6; nothing is chosen for
// the team; a hospital nobody answers for online is marked; a referral not yet accepted is
// withdrawn with a reason, and the hospital sees that it was, and no more.
TEST_P(ReferralServiceTest, AReferralAtStepTwoIsWithdrawnBeforeTheHospitalAnswers) {
    OrgUnit clinic;
    ASSERT_TRUE(t_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
        store::SqlOrgRepository orgs(s);
        XINQIAO_ASSIGN_OR_RETURN(clinic, orgs.Create({county_.id, OrgKind::kHospital, "明湖区精神卫生中心", "", std::nullopt, false}, &county_));
        return core::Ok();
    }));
    const auto student = class1_students_[2];
    const auto case_id = cases_->Open(psych_, student, std::nullopt);
    ASSERT_TRUE(case_id) << case_id.error().message;
    ASSERT_TRUE(cases_->AddRecord(psych_, *case_id, {RecordKind::kAssessment, "", "评估"}));
    ASSERT_TRUE(cases_->Advance(psych_, *case_id, cases_->Get(psych_, *case_id)->c.version));
    ASSERT_EQ(cases_->Get(psych_, *case_id)->c.step, CaseStep::kPairing);

    const auto hospitals = referrals_->Hospitals(psych_, *case_id);
    ASSERT_TRUE(hospitals) << hospitals.error().message;
    ASSERT_EQ(hospitals->size(), 2u);
    for (const auto& h : *hospitals) EXPECT_EQ(h.receives_online, h.unit.id == hospital_.id) << h.unit.name;

    EXPECT_EQ(cases_->Get(psych_, *case_id)->suggested_plan, FollowUpPlan::kSingle) << "no alert, no hospital yet";
    const auto id = referrals_->Refer(psych_, *case_id, hospital_.id, "一级预警，需要尽快评估");
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_EQ(cases_->Get(psych_, *case_id)->c.step, CaseStep::kPairing) << "the case stays on its step";
    ASSERT_EQ(referrals_->ForHospital(doctor_)->size(), 1u);
    EXPECT_EQ(referrals_->ForHospital(doctor_)->front().student_name, "学生3");

    // Only the school withdraws, with a reason, and only before the hospital answers.
    EXPECT_EQ(Step(doctor_, *id, {ReferralAction::kWithdraw, "x"}).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(Step(psych_, *id, {ReferralAction::kWithdraw, " "}).error().field, "/reason");
    EXPECT_EQ(Step(class_teacher_, *id, {ReferralAction::kWithdraw, "家长决定先去其他医院"}).error().code,
              ErrorCode::kPermissionDenied)
        << "not on the case team";
    ASSERT_TRUE(Step(psych_, *id, {ReferralAction::kWithdraw, "家长决定先去其他医院"}));
    const auto seen = Seen(*id);
    EXPECT_EQ(seen.r.state, ReferralState::kWithdrawn);
    EXPECT_EQ(seen.r.withdraw_reason, "家长决定先去其他医院");
    EXPECT_TRUE(seen.r.withdrawn_ms);
    EXPECT_EQ(AllText("referrals").find("其他医院"), std::string::npos) << "the reason is sealed";
    EXPECT_EQ(Step(psych_, *id, {ReferralAction::kWithdraw, "再撤一次"}).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'referral.referral_withdraw'"), 1);

    // The hospital's list says so, without the name; the referral itself no longer opens there.
    const auto listed = referrals_->ForHospital(doctor_);
    ASSERT_TRUE(listed && listed->size() == 1u);
    EXPECT_EQ(listed->front().r.state, ReferralState::kWithdrawn);
    EXPECT_EQ(listed->front().student_name, core::people::MaskName("学生3"));
    EXPECT_EQ(referrals_->Get(doctor_, *id).error().code, ErrorCode::kNotFound);

    // The school refers again, now to the clinic, which receives on paper.
    const auto again = referrals_->Refer(psych_, *case_id, clinic.id, "改为转介精神卫生中心");
    ASSERT_TRUE(again) << again.error().message;
    ASSERT_TRUE(Step(psych_, *again, {ReferralAction::kWithdraw, "家长改变主意"}));
    // Accepted referrals are not withdrawn.
    const auto third = referrals_->Refer(psych_, *case_id, hospital_.id, "第三次转介");
    ASSERT_TRUE(third);
    ASSERT_TRUE(Step(doctor_, *third, {ReferralAction::kAccept}));
    EXPECT_EQ(Step(psych_, *third, {ReferralAction::kWithdraw, "太晚了"}).error().code, ErrorCode::kFailedPrecondition);
    ReferralAnswer seen_there{ReferralAction::kOutcome, "门诊随访"};
    seen_there.outcome = {true, false, "anxiety", ""};
    ASSERT_TRUE(Step(doctor_, *third, seen_there));
    EXPECT_EQ(cases_->Get(psych_, *case_id)->suggested_plan, FollowUpPlan::kAfterHospital);
}

TEST_P(ReferralServiceTest, FollowUpsAreListedByDueDayAndBecomeOverdue) {
    const auto case_id = cases_->Open(psych_, class1_students_[2], std::nullopt);
    ASSERT_TRUE(case_id);
    const auto today = visits_->Today();
    EXPECT_EQ(visits_->Plan(psych_, case_id.value(), FollowUpPlan::kAfterAttempt, core::DateFromDays(core::DaysFromCivil(today) - 1))
                  .error().field, "/start");
    EXPECT_EQ(visits_->Plan(class_teacher_, *case_id, FollowUpPlan::kAfterAttempt, today).error().code,
              ErrorCode::kPermissionDenied);
    ASSERT_EQ(*visits_->Plan(psych_, *case_id, FollowUpPlan::kAfterAttempt, today), 4);
    const auto in = [&](int from, int to, const Principal& who, const OrgUnit* unit = nullptr) {
        return visits_->InUnit(who, (unit ? *unit : school_).id, core::DateFromDays(core::DaysFromCivil(today) + from),
                               core::DateFromDays(core::DaysFromCivil(today) + to), true);
    };
    EXPECT_TRUE(in(0, 6, psych_)->empty()) << "the first visit is a week out";
    const auto month = in(0, 30, psych_);
    ASSERT_EQ(month->size(), 4u);
    EXPECT_EQ(month->at(0).student_name, "学生3");
    EXPECT_EQ(core::FormatDate(month->at(0).f.due), core::FormatDate(core::DateFromDays(core::DaysFromCivil(today) + 7)));
    EXPECT_EQ(in(0, 30, class_teacher_, &class1_)->size(), 4u) << "the class teacher's calendar";
    EXPECT_EQ(in(0, 30, class_teacher_).error().code, ErrorCode::kNotFound) << "not the whole school";
    const auto primary_psych = Staff("psych.wu", Role::kPsychologyTeacher, primary_);
    EXPECT_EQ(visits_->InUnit(primary_psych, school_.id, today, today, true).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(in(0, 92, psych_).error().field, "to");
    EXPECT_EQ(in(3, 2, psych_).error().field, "to");

    // Eight days on, the first is overdue; done, it is not.
    accounts_->clock.Advance(8 * kDay);
    const auto overdue = visits_->Overdue(psych_, school_.id);
    ASSERT_EQ(overdue->size(), 1u);
    const auto first = overdue->at(0).f.id;
    EXPECT_EQ(visits_->Done(primary_psych, first, FollowUpResult::kStable, "x").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(visits_->Done(class_teacher_, first, FollowUpResult::kWorse, std::string(2001, 'x')).error().field, "/note");
    ASSERT_TRUE(visits_->Done(class_teacher_, first, FollowUpResult::kWorse, "又提到不想上学"));
    EXPECT_TRUE(visits_->Overdue(psych_, school_.id)->empty());
    EXPECT_EQ(AllText("follow_ups").find("不想上学"), std::string::npos) << "sealed at rest";
    const auto v = cases_->Get(psych_, *case_id);
    EXPECT_EQ(v->follow_ups[0].note, "又提到不想上学");
    EXPECT_EQ(v->follow_ups[0].result, FollowUpResult::kWorse);
    EXPECT_TRUE(cases_->Get(class_teacher_, *case_id)->follow_ups[0].note.empty()) << "notes are T3";
}

INSTANTIATE_TEST_SUITE_P(Drivers, ReferralServiceTest, ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::service
