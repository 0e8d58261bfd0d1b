#include "service/case_service.hpp"

#include "service/alert_service.hpp"
#include "service/screening_fixture.hpp"
#include "service/signal_service.hpp"

namespace xinqiao::service {
namespace {

using namespace fixture;
using core::cases::CaseState;
using core::cases::CaseStep;
using core::cases::RecordKind;

// Crisis cases on SQLite and PostgreSQL: a case from an alert through the six steps to closing
// and reopening, what each step needs, who may do what, and the words kept for those who may
// read them.
class CaseServiceTest : public ScreeningFixture {
protected:
    void SetUp() override {
        ScreeningFixture::SetUp();
        alerts_ = std::make_unique<AlertService>(accounts_->data, accounts_->clock);
        cases_ = std::make_unique<CaseService>(accounts_->data, accounts_->clock);
    }

    core::warning::Alert RaiseAlert(std::int64_t student) {
        SignalService signals(accounts_->data, accounts_->clock);
        EXPECT_TRUE(signals.File(class_teacher_, {student, {core::warning::Concern::kSelfHarmTalk}, false, ""}));
        const auto inbox = alerts_->Inbox(psych_, {});
        EXPECT_TRUE(inbox && inbox->total >= 1);
        return inbox->items.at(0).alert;
    }

    CaseView View(std::int64_t id, const Principal* as = nullptr) {
        const auto v = cases_->Get(as ? *as : psych_, id);
        EXPECT_TRUE(v) << v.error().message;
        return v ? *v : CaseView{};
    }

    core::Status Record(std::int64_t id, RecordKind kind, const std::string& subtype = "", const Principal* as = nullptr) {
        return cases_->AddRecord(as ? *as : psych_, id, {kind, subtype, "记录：" + std::string(core::cases::RecordKindName(kind))});
    }

    std::unique_ptr<AlertService> alerts_;
    std::unique_ptr<CaseService> cases_;
};

TEST_P(CaseServiceTest, ACaseFromAnAlertRunsThroughTheSixStepsAndCloses) {
    const auto student = class1_students_[0];
    const auto alert = RaiseAlert(student);
    const auto id = cases_->Open(psych_, student, alert.id);
    ASSERT_TRUE(id) << id.error().message;
    // Opening a case from the alert closes the alert as "case opened".
    const auto closed = alerts_->Get(psych_, alert.id);
    ASSERT_TRUE(closed);
    EXPECT_EQ(closed->alert.state, core::warning::AlertState::kClosed);
    EXPECT_EQ(closed->alert.outcome, core::warning::Outcome::kCaseOpened);
    // The alert leads to its case, and the case back to the alert.
    ASSERT_TRUE(closed->opened_case);
    EXPECT_EQ(closed->opened_case->id, *id);
    EXPECT_EQ(View(*id).c.alert_id, alert.id);
    // Follow-ups start from the alert's level (a teacher heard talk of self-harm: II), never from
    // "after an attempt".
    EXPECT_EQ(View(*id).suggested_plan, core::cases::FollowUpPlan::kLevelII);
    // One open case per student.
    EXPECT_EQ(cases_->Open(psych_, student, std::nullopt).error().code, ErrorCode::kAlreadyExists);

    auto v = View(*id);
    EXPECT_EQ(v.c.step, CaseStep::kAssessment);
    EXPECT_EQ(v.missing, (std::vector<RecordKind>{RecordKind::kAssessment}));
    EXPECT_EQ(v.student_name, "学生1");
    EXPECT_EQ(v.class_name, "七年级1班");
    // Not yet: the step needs its assessment; and nothing from later steps may be added.
    EXPECT_EQ(cases_->Advance(psych_, *id, v.c.version).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(Record(*id, RecordKind::kPlan).error().code, ErrorCode::kFailedPrecondition);

    const struct {
        CaseStep step;
        std::vector<std::pair<RecordKind, std::string>> records;
    } kWalk[] = {
        {CaseStep::kAssessment, {{RecordKind::kAssessment, ""}}},
        {CaseStep::kPairing, {{RecordKind::kPairing, ""}}},
        {CaseStep::kIntervention, {{RecordKind::kPlan, ""}, {RecordKind::kSession, ""}, {RecordKind::kNote, ""}}},
        {CaseStep::kPeerFollow, {{RecordKind::kPeerFollow, ""}}},
        {CaseStep::kHomeSchool, {{RecordKind::kHomeContact, "visit"}}},
    };
    for (const auto& w : kWalk) {
        v = View(*id);
        ASSERT_EQ(v.c.step, w.step) << core::cases::CaseStepName(w.step);
        for (const auto& [kind, subtype] : w.records) {
            ASSERT_TRUE(Record(*id, kind, subtype)) << core::cases::RecordKindName(kind);
        }
        v = View(*id);
        EXPECT_TRUE(v.missing.empty()) << core::cases::CaseStepName(w.step);
        ASSERT_TRUE(cases_->Advance(psych_, *id, v.c.version)) << core::cases::CaseStepName(w.step);
    }
    v = View(*id);
    EXPECT_EQ(v.c.step, CaseStep::kReferral);
    EXPECT_EQ(Record(*id, RecordKind::kReferral, "hospital").error().code, ErrorCode::kFailedPrecondition) << "made as a referral";
    ASSERT_TRUE(Record(*id, RecordKind::kReferral, "outside"));
    v = View(*id);
    EXPECT_EQ(cases_->Advance(psych_, *id, v.c.version).error().code, ErrorCode::kFailedPrecondition) << "the last step";
    // Closing needs a closing assessment.
    EXPECT_EQ(cases_->Close(psych_, *id, v.c.version).error().code, ErrorCode::kFailedPrecondition);
    ASSERT_TRUE(Record(*id, RecordKind::kClosingAssessment));
    v = View(*id);
    ASSERT_TRUE(cases_->Close(psych_, *id, v.c.version));
    v = View(*id);
    EXPECT_EQ(v.c.state, CaseState::kClosed);
    EXPECT_TRUE(v.c.closed_ms);
    EXPECT_EQ(Record(*id, RecordKind::kNote).error().code, ErrorCode::kFailedPrecondition) << "closed: reopen first";

    // The timeline holds every step; the register no longer lists it as open.
    std::vector<std::string> kinds;
    for (const auto& e : v.events) kinds.push_back(e.kind);
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "advanced"), 5);
    EXPECT_EQ(kinds.front(), "opened");
    EXPECT_EQ(kinds.back(), "closed");
    EXPECT_TRUE(cases_->Register(psych_, school_.id, std::nullopt, "", 50, 0)->empty());
    EXPECT_EQ(cases_->Register(psych_, school_.id, CaseState::kClosed, "", 50, 0)->size(), 1u);

    // Reopened on the step it was on.
    ASSERT_TRUE(cases_->Reopen(psych_, *id, v.c.version));
    v = View(*id);
    EXPECT_EQ(v.c.state, CaseState::kOpen);
    EXPECT_EQ(v.c.step, CaseStep::kReferral);
    EXPECT_EQ(cases_->Register(bureau_, county_.id, std::nullopt, "", 50, 0)->size(), 1u) << "the county centre sees it";
    // The student's archive (一生一策) holds the case.
    const auto archive = campaigns_->Archive(class_teacher_, student);
    ASSERT_TRUE(archive) << archive.error().message;
    ASSERT_EQ(archive->cases.size(), 1u);
    EXPECT_EQ(archive->cases[0].id, *id);
    EXPECT_EQ(archive->cases[0].state, CaseState::kOpen);
}

TEST_P(CaseServiceTest, TheWordsAreForThoseWhoMayReadRecordsAndEveryChangeNeedsTheVersionSeen) {
    const auto student = class1_students_[1];
    const auto id = cases_->Open(psych_, student, std::nullopt);
    ASSERT_TRUE(id) << id.error().message;
    ASSERT_TRUE(cases_->AddRecord(psych_, *id, {RecordKind::kAssessment, "", "PHQ-9 第9题阳性，谈话确认有轻生念头"}));
    // The class teacher (own class) sees status and who wrote what, not the words.
    const auto seen = View(*id, &class_teacher_);
    EXPECT_FALSE(seen.bodies_shown);
    ASSERT_EQ(seen.records.size(), 1u);
    EXPECT_TRUE(seen.records[0].body.empty());
    EXPECT_EQ(seen.records[0].author_role, "psychology_teacher");
    EXPECT_TRUE(View(*id).bodies_shown);
    EXPECT_EQ(View(*id).records[0].body, "PHQ-9 第9题阳性，谈话确认有轻生念头");
    EXPECT_EQ(AllText("case_records").find("轻生"), std::string::npos) << "sealed at rest";
    // The class teacher writes records (a home contact later) but does not run the case.
    const auto v = View(*id);
    EXPECT_EQ(cases_->Advance(class_teacher_, *id, v.c.version).error().code, ErrorCode::kPermissionDenied);
    // Another school's teacher does not even see it.
    const auto primary_psych = Staff("psych.wu", Role::kPsychologyTeacher, primary_);
    EXPECT_EQ(cases_->Get(primary_psych, *id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(cases_->Open(primary_psych, student, std::nullopt).error().code, ErrorCode::kNotFound);
    // A stale version is refused and changes nothing.
    ASSERT_TRUE(cases_->Advance(psych_, *id, v.c.version));
    EXPECT_EQ(cases_->Advance(psych_, *id, v.c.version).error().code, ErrorCode::kAborted);
    EXPECT_EQ(View(*id).c.step, CaseStep::kPairing);
    // Bad records.
    EXPECT_EQ(cases_->AddRecord(psych_, *id, {RecordKind::kNote, "", "  "}).error().field, "/body");
    EXPECT_EQ(cases_->AddRecord(psych_, *id, {RecordKind::kNote, "", std::string(5001, 'x')}).error().field, "/body");
    EXPECT_EQ(cases_->AddRecord(psych_, *id, {RecordKind::kNote, "visit", "x"}).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM case_records"), 1);
    // An alert of another student cannot be closed through this one's case.
    const auto other = RaiseAlert(class1_students_[2]);
    EXPECT_EQ(cases_->Open(psych_, class1_students_[0], other.id).error().field, "/alert_id");
    EXPECT_EQ(alerts_->Get(psych_, other.id)->alert.state, core::warning::AlertState::kOpen);
}

INSTANTIATE_TEST_SUITE_P(Drivers, CaseServiceTest, ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::service
