#include "service/screening_fixture.hpp"

namespace xinqiao::service {
namespace {

using namespace fixture;
using ScreeningServiceTest = ScreeningFixture;
using core::ErrorCode;
using core::auth::Role;
using core::screening::AssignmentState;
using core::screening::BatteryAnswers;
using core::screening::Level;

TEST_P(ScreeningServiceTest, ABureauCampaignAssignsEveryStudentOfTheChosenGradesAndCountsThem) {
    const auto created = campaigns_->Create(bureau_, Junior());
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->phase, core::screening::Phase::kOpen);
    EXPECT_EQ(created->campaign.battery.size(), 2u);
    EXPECT_EQ(created->campaign.battery[0].version.size(), 16u);
    // 七年级 (6) and 初二 (2); the primary school's 三年级 is not in the grades.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM assignments"), 8);

    const auto county = campaigns_->Progress(bureau_, created->campaign.id, std::nullopt);
    ASSERT_TRUE(county) << county.error().message;
    EXPECT_EQ(county->unit.invited, 8);
    ASSERT_EQ(county->children.size(), 1u);  // the primary school has no assignment
    EXPECT_EQ(county->children[0].unit.id, school_.id);

    // The school's psychology teacher and the class teacher see it from their own units.
    const auto seen = campaigns_->Get(psych_, created->campaign.id);
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->home_unit_id, school_.id);
    EXPECT_FALSE(seen->manageable);
    const auto listed = campaigns_->List(class_teacher_);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ(listed->front().home_unit_id, class1_.id);
    const auto grade = campaigns_->Progress(class_teacher_, created->campaign.id, std::nullopt);
    ASSERT_TRUE(grade);
    EXPECT_EQ(grade->unit.invited, 3);
    // ...but not the county's figures.
    EXPECT_EQ(campaigns_->Progress(class_teacher_, created->campaign.id, county_.id).error().code, ErrorCode::kNotFound);

    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'campaign.create'"), 1);
}

TEST_P(ScreeningServiceTest, OnlyCampaignRolesCreateAndOnlyWithEligibleStudents) {
    auto n = Junior();
    n.unit_id = class1_.id;
    EXPECT_EQ(campaigns_->Create(class_teacher_, n).error().code, ErrorCode::kPermissionDenied);
    n.unit_id = county_.id;
    EXPECT_EQ(campaigns_->Create(psych_, n).error().code, ErrorCode::kNotFound);  // above the school
    n.unit_id = school_.id;
    n.grades = {12};
    const auto empty = campaigns_->Create(psych_, n);
    EXPECT_EQ(empty.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(empty.error().field, "/grades");
    n.grades = {7};
    n.instruments = {"phq9", "nope"};
    EXPECT_EQ(campaigns_->Create(psych_, n).error().field, "/instruments/1");
    n.instruments = {"phq9", "phq9"};
    EXPECT_EQ(campaigns_->Create(psych_, n).error().field, "/instruments");
    n.instruments = {"phq9"};
    n.closes_ms = n.opens_ms;
    EXPECT_EQ(campaigns_->Create(psych_, n).error().field, "/closes_on");
    n.closes_ms = n.opens_ms + 200 * kDay;
    EXPECT_EQ(campaigns_->Create(psych_, n).error().field, "/closes_on");
    n.closes_ms = n.opens_ms + kDay;
    n.rules = "nowhere";
    EXPECT_EQ(campaigns_->Create(psych_, n).error().field, "/rules");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM campaigns"), 0);
    n.rules = "";
    ASSERT_TRUE(campaigns_->Create(psych_, n));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM assignments"), 6);
}

TEST_P(ScreeningServiceTest, AStudentAnswersWithAutosaveResumesAndSubmitsOnce) {
    const auto c = campaigns_->Create(bureau_, Junior());
    ASSERT_TRUE(c);
    const Principal& pupil = pupils_[0];
    const auto id = MineFirst(pupil);
    ASSERT_NE(id, 0);

    auto draft = All(0, 0);
    for (auto& [k, v] : draft) std::fill(v.begin() + 3, v.end(), std::nullopt);
    const auto saved = answering_->SaveDraft(pupil, id, 0, draft);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(saved->version, 1);
    EXPECT_FALSE(saved->care);
    // Another device that saw version 0 is told to reload, and nothing changes.
    EXPECT_EQ(answering_->SaveDraft(pupil, id, 0, All(1, 1)).error().code, ErrorCode::kAborted);
    // The draft is sealed at rest and comes back on another device.
    EXPECT_EQ(AllText("assignments").find("phq9"), std::string::npos);
    const auto resumed = answering_->Open(pupil, id);
    ASSERT_TRUE(resumed);
    EXPECT_EQ(resumed->mine.assignment.draft_version, 1);
    EXPECT_EQ(resumed->draft.at("phq9"), draft.at("phq9"));
    EXPECT_EQ(resumed->mine.instruments.size(), 2u);

    auto progress = campaigns_->Progress(psych_, c->campaign.id, class1_.id);
    ASSERT_TRUE(progress);
    EXPECT_EQ(progress->unit.started, 1);
    EXPECT_EQ(progress->unit.completed, 0);

    // A value that is not an option is refused, naming the place.
    auto bad = All(0, 0);
    bad["phq9"][2] = 7;
    EXPECT_EQ(answering_->Submit(pupil, id, "retry-key-1", bad).error().field, "/answers/phq9/2");
    auto missing = All(0, 0);
    missing.erase("gad7");
    EXPECT_EQ(answering_->Submit(pupil, id, "retry-key-1", missing).error().field, "/answers/gad7");
    EXPECT_EQ(answering_->Submit(pupil, id, "short", All(0, 0)).error().field, "/idempotency_key");

    const auto done = answering_->Submit(pupil, id, "retry-key-1", All(0, 0));
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_FALSE(done->care);
    // The same submission again (a retried request) answers alike and stores nothing twice.
    const auto again = answering_->Submit(pupil, id, "retry-key-1", All(0, 0));
    ASSERT_TRUE(again);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM responses"), 2);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM assessments"), 1);
    EXPECT_EQ(answering_->Submit(pupil, id, "another-key", All(0, 0)).error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(answering_->SaveDraft(pupil, id, 1, All(0, 0)).error().code, ErrorCode::kFailedPrecondition);

    progress = campaigns_->Progress(psych_, c->campaign.id, class1_.id);
    ASSERT_TRUE(progress);
    EXPECT_EQ(progress->unit.started, 0);
    EXPECT_EQ(progress->unit.completed, 1);
    EXPECT_EQ((*progress->unit.levels)[3].value, 1);  // IV
    EXPECT_EQ(Count("SELECT COUNT(*) FROM alerts"), 0);
    // The county's counters moved in the same transaction.
    const auto county = campaigns_->Progress(bureau_, c->campaign.id, county_.id);
    ASSERT_TRUE(county);
    EXPECT_EQ(county->unit.completed, 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'assignment.submit'"), 1);
}

TEST_P(ScreeningServiceTest, ACriticalAnswerShowsCareRaisesTheLevelAndAddressesAnAlert) {
    const auto c = campaigns_->Create(bureau_, Junior());
    ASSERT_TRUE(c);
    const Principal& pupil = pupils_[1];
    const auto id = MineFirst(pupil);
    auto answers = All(0, 0);
    answers["phq9"][8] = 1;  // item 9: thoughts of death or self-harm, on several days
    // The caring page comes while answering, before any submission.
    const auto saved = answering_->SaveDraft(pupil, id, 0, answers);
    ASSERT_TRUE(saved);
    EXPECT_TRUE(saved->care);
    const auto done = answering_->Submit(pupil, id, "critical-1", answers);
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_TRUE(done->care);

    // Level II whatever the total (1) says, with the reason in words; the alert's owners are the
    // school's psychology teacher and leader, due within a day.
    const auto archive = campaigns_->Archive(psych_, class1_students_[1]);
    ASSERT_TRUE(archive) << archive.error().message;
    ASSERT_EQ(archive->entries.size(), 1u);
    EXPECT_EQ(archive->entries[0].assessment.level, Level::kII);
    ASSERT_FALSE(archive->entries[0].assessment.reasons.empty());
    EXPECT_NE(archive->entries[0].assessment.reasons[0].zh.find("PHQ-9"), std::string::npos);
    EXPECT_TRUE(archive->shows_scores);
    ASSERT_EQ(archive->entries[0].responses.size(), 2u);
    EXPECT_EQ(archive->entries[0].responses[0].total, 1);
    ASSERT_EQ(archive->alerts.size(), 1u);
    const auto& alert = archive->alerts[0].alert;
    EXPECT_EQ(alert.level, Level::kII);
    EXPECT_EQ(alert.due_ms - alert.created_ms, kDay);
    ASSERT_EQ(alert.owners.size(), 2u);
    for (const auto& o : alert.owners) {
        EXPECT_EQ(o.unit_id, school_.id);
        EXPECT_TRUE(o.role == Role::kPsychologyTeacher || o.role == Role::kSchoolLeader);
    }

    // The class teacher sees the level of their own class, not scores or answers.
    const auto klass = campaigns_->Class(class_teacher_, c->campaign.id, class1_.id);
    ASSERT_TRUE(klass);
    EXPECT_TRUE(klass->shows_levels);
    ASSERT_EQ(klass->items.size(), 3u);
    EXPECT_EQ(klass->items[1].level, Level::kII);
    EXPECT_EQ(klass->items[1].state, AssignmentState::kCompleted);
    EXPECT_EQ(klass->items[0].state, AssignmentState::kInvited);
    EXPECT_FALSE(klass->items[0].level);
    const auto teacher_archive = campaigns_->Archive(class_teacher_, class1_students_[1]);
    ASSERT_TRUE(teacher_archive);
    EXPECT_FALSE(teacher_archive->shows_scores);
    EXPECT_TRUE(teacher_archive->entries[0].responses.empty());
    EXPECT_EQ(campaigns_->AssignmentResult(class_teacher_, id).error().code, ErrorCode::kPermissionDenied);

    // The psychology teacher reads the answers; the read is audited.
    const auto result = campaigns_->AssignmentResult(psych_, id);
    ASSERT_TRUE(result) << result.error().message;
    ASSERT_EQ(result->responses.size(), 2u);
    EXPECT_EQ(result->responses[0].answers, answers.at("phq9"));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'assignment.result.read'"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'campaign.class.levels.read'"), 1);
    // Answers are sealed at rest.
    EXPECT_EQ(AllText("responses").find("[0,"), std::string::npos);

    // The bureau sees the county's distribution with the single level II shown as "<5".
    const auto county = campaigns_->Progress(bureau_, c->campaign.id, county_.id);
    ASSERT_TRUE(county);
    EXPECT_TRUE((*county->unit.levels)[1].suppressed);
    EXPECT_EQ((*county->unit.levels)[1].value, 0);
    const auto school = campaigns_->Progress(psych_, c->campaign.id, school_.id);
    ASSERT_TRUE(school);
    EXPECT_FALSE((*school->unit.levels)[1].suppressed);
    EXPECT_EQ((*school->unit.levels)[1].value, 1);
}

TEST_P(ScreeningServiceTest, AStudentReachesOnlyTheirOwnQuestionnaire) {
    ASSERT_TRUE(campaigns_->Create(bureau_, Junior()));
    const auto mine = MineFirst(pupils_[0]);
    const auto theirs = MineFirst(pupils_[1]);
    EXPECT_EQ(answering_->Open(pupils_[0], theirs).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(answering_->SaveDraft(pupils_[0], theirs, 0, All(0, 0)).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(answering_->Submit(pupils_[0], theirs, "someone-else", All(0, 0)).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(answering_->Open(pupils_[0], 999999).error().code, ErrorCode::kNotFound);
    // Staff do not answer for students; students read no results.
    EXPECT_EQ(answering_->Open(class_teacher_, mine).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(campaigns_->Archive(pupils_[0], class1_students_[0]).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(campaigns_->List(pupils_[0])->size(), 0u);
}

TEST_P(ScreeningServiceTest, ConsentGatesAnsweringAndIsCounted) {
    const auto c = campaigns_->Create(bureau_, Junior(/*consent=*/true));
    ASSERT_TRUE(c);
    const Principal& pupil = pupils_[2];
    const auto id = MineFirst(pupil);
    const auto mine = answering_->Mine(pupil);
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->front().unavailable, core::screening::Blocker::kConsentPending);
    EXPECT_EQ(answering_->SaveDraft(pupil, id, 0, All(0, 0)).error().code, ErrorCode::kFailedPrecondition);
    auto school = campaigns_->Progress(psych_, c->campaign.id, school_.id);
    EXPECT_EQ(school->unit.consent_pending, 8);

    // The class teacher records a consent given on paper; another class's teacher cannot.
    const auto other = Staff("teacher.li", Role::kClassTeacher, class2_);
    EXPECT_EQ(campaigns_->RecordConsent(other, id, true).error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(campaigns_->RecordConsent(class_teacher_, id, false));
    school = campaigns_->Progress(psych_, c->campaign.id, school_.id);
    EXPECT_EQ(school->unit.consent_pending, 7);
    EXPECT_EQ(school->unit.consent_refused, 1);
    ASSERT_TRUE(campaigns_->RecordConsent(class_teacher_, id, true));
    school = campaigns_->Progress(psych_, c->campaign.id, school_.id);
    EXPECT_EQ(school->unit.consent_pending, 7);
    EXPECT_EQ(school->unit.consent_refused, 0);
    EXPECT_TRUE(answering_->SaveDraft(pupil, id, 0, All(0, 0)));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'assignment.consent.%'"), 2);
}

TEST_P(ScreeningServiceTest, ClosingExtendingAndReopeningMoveTheWindow) {
    const auto c = campaigns_->Create(bureau_, Junior());
    ASSERT_TRUE(c);
    const auto cid = c->campaign.id;
    const Principal& pupil = pupils_[0];
    const auto id = MineFirst(pupil);
    EXPECT_EQ(campaigns_->Close(psych_, cid).error().code, ErrorCode::kPermissionDenied);
    ASSERT_TRUE(campaigns_->Close(bureau_, cid));
    EXPECT_EQ(answering_->SaveDraft(pupil, id, 0, All(0, 0)).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(campaigns_->Extend(bureau_, cid, c->campaign.closes_ms + kDay).error().code,
              ErrorCode::kFailedPrecondition);
    ASSERT_TRUE(campaigns_->Reopen(bureau_, cid, std::nullopt));
    EXPECT_TRUE(answering_->SaveDraft(pupil, id, 0, All(0, 0)));

    // The window passes; an extension brings it back.
    accounts_->clock.Advance(15 * kDay);
    EXPECT_EQ(campaigns_->Get(bureau_, cid)->phase, core::screening::Phase::kEnded);
    EXPECT_EQ(answering_->Submit(pupil, id, "late-submit", All(0, 0)).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(campaigns_->Reopen(bureau_, cid, std::nullopt).error().field, "/closes_on");
    const auto reopened = campaigns_->Reopen(bureau_, cid, accounts_->clock.NowUnixMillis() + 3 * kDay);
    ASSERT_TRUE(reopened) << reopened.error().message;
    EXPECT_EQ(reopened->phase, core::screening::Phase::kOpen);
    EXPECT_TRUE(answering_->Submit(pupil, id, "late-submit", All(0, 0)));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action IN ('campaign.close', 'campaign.reopen')"), 3);
}

TEST_P(ScreeningServiceTest, AnonymousAnswersAreCountedButNeverTiedToTheStudent) {
    const auto c = campaigns_->Create(bureau_, Junior(false, /*anonymous=*/true));
    ASSERT_TRUE(c);
    const auto id = MineFirst(pupils_[0]);
    auto answers = All(3, 3);
    answers["phq9"][8] = 2;
    const auto done = answering_->Submit(pupils_[0], id, "anonymous-1", answers);
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_TRUE(done->care);  // the caring page is for everyone
    EXPECT_EQ(Count("SELECT COUNT(*) FROM responses WHERE student_id IS NULL AND assignment_id IS NULL"), 2);
    // Only the day is kept, so the time does not match the assignment's completion.
    const auto day = core::screening::ChinaDayStartMs(core::screening::ChinaDateOf(accounts_->clock.NowUnixMillis()));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM responses WHERE submitted_ms = $1", {day}), 2);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM responses r JOIN assignments a ON a.completed_ms = r.submitted_ms"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM assessments"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM alerts"), 0);
    EXPECT_EQ(campaigns_->AssignmentResult(psych_, id).error().code, ErrorCode::kNotFound);
    const auto klass = campaigns_->Class(psych_, c->campaign.id, class1_.id);
    ASSERT_TRUE(klass);
    EXPECT_FALSE(klass->shows_levels);
    const auto school = campaigns_->Progress(psych_, c->campaign.id, school_.id);
    EXPECT_EQ((*school->unit.levels)[0].value, 1);  // level I, counted
}

TEST_P(ScreeningServiceTest, MovingASchoolMovesItsCampaignsAssignmentsAndAlerts) {
    auto n = Junior();
    n.unit_id = school_.id;
    const auto c = campaigns_->Create(psych_, n);
    ASSERT_TRUE(c);
    auto answers = All(0, 0);
    answers["phq9"][8] = 1;  // level II: an alert
    ASSERT_TRUE(answering_->Submit(pupils_[0], MineFirst(pupils_[0]), "moving-1", answers));
    // The school moves under another county.
    OrgUnit other;
    ASSERT_TRUE(accounts_->data.Write([&](core::ports::Repositories& r) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(other, r.Orgs().Create({std::nullopt, OrgKind::kCounty, "青山区", "", std::nullopt, false},
                                                        nullptr));
        XINQIAO_ASSIGN_OR_RETURN(const auto moved, r.Orgs().Move(school_, &other));
        EXPECT_EQ(moved.path.rfind(other.path, 0), 0u);
        return core::Ok();
    }));
    const std::string prefix = other.path + "%";
    EXPECT_EQ(Count("SELECT COUNT(*) FROM campaigns WHERE org_path LIKE $1", {prefix}), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM assignments WHERE org_path LIKE $1", {prefix}), 8);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM alerts WHERE org_path LIKE $1", {prefix}), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE org_path LIKE $1", {prefix}), 0) << "the trail keeps history";
    // The old county's bureau no longer sees it.
    const auto mine = campaigns_->List(bureau_);
    ASSERT_TRUE(mine);
    EXPECT_TRUE(std::none_of(mine->begin(), mine->end(), [&](const auto& v) { return v.campaign.id == c->campaign.id; }));
}

TEST_P(ScreeningServiceTest, ExportsFollowTheViewersTier) {
    const auto c = campaigns_->Create(bureau_, Junior());
    ASSERT_TRUE(c);
    auto answers = All(0, 0);
    answers["phq9"][8] = 1;
    ASSERT_TRUE(answering_->Submit(pupils_[0], MineFirst(pupils_[0]), "export-one", answers));
    store::ZlibInflater inflater;
    const auto rows = [&](const Principal& who, std::optional<core::org::OrgUnitId> unit) {
        const auto book = campaigns_->Export(who, c->campaign.id, unit);
        EXPECT_TRUE(book) << book.error().message;
        auto parsed = core::roster::ParseXlsx(book ? *book : std::string(), inflater);
        EXPECT_TRUE(parsed) << parsed.error().message;
        return parsed ? *parsed : std::vector<core::roster::CsvRow>{};
    };
    const auto cell = [](const std::vector<core::roster::CsvRow>& rs, std::size_t row, std::size_t col) {
        return row < rs.size() && col < rs[row].fields.size() ? rs[row].fields[col] : std::string("?");
    };
    // The psychology teacher: a line per student of the school, with level, reasons and totals.
    const auto psych = rows(psych_, std::nullopt);
    ASSERT_EQ(psych.size(), 1u + 8u);
    EXPECT_EQ(cell(psych, 0, 0), "学籍号");
    EXPECT_EQ(cell(psych, 0, 7), "风险等级");
    EXPECT_EQ(cell(psych, 0, 9), "PHQ-9 总分");
    EXPECT_EQ(cell(psych, 1, 5), "已完成");
    EXPECT_EQ(cell(psych, 1, 7), "II级");
    EXPECT_EQ(cell(psych, 1, 9), "1");
    EXPECT_EQ(cell(psych, 0, 10), "PHQ-9 分段");
    EXPECT_EQ(cell(psych, 1, 10), "无或极轻") << "the band in words, not its English label";
    EXPECT_EQ(cell(psych, 2, 5), "未开始");
    // The class teacher: their class, levels but no totals.
    const auto teacher = rows(class_teacher_, std::nullopt);
    ASSERT_EQ(teacher.size(), 1u + 3u);
    EXPECT_EQ(teacher[0].fields.size(), 9u);
    EXPECT_EQ(cell(teacher, 1, 7), "II级");
    // The bureau: counters per unit, the single level II shown as "<5", no names.
    const auto bureau = rows(bureau_, std::nullopt);
    ASSERT_GE(bureau.size(), 2u);
    EXPECT_EQ(cell(bureau, 0, 0), "单位");
    EXPECT_EQ(cell(bureau, 1, 0), "明湖区");
    EXPECT_EQ(cell(bureau, 1, 1), "区县") << "the kind in words";
    EXPECT_EQ(cell(bureau, 1, 2), "8");
    EXPECT_EQ(cell(bureau, 1, 3), "1");
    EXPECT_EQ(cell(bureau, 1, 4), "12.5") << "one in eight, not cut to 12";
    EXPECT_EQ(cell(bureau, 1, 6), "<5");
    for (const auto& r : bureau) {
        for (const auto& f : r.fields) EXPECT_EQ(f.find("学生"), std::string::npos) << "no student names for a bureau";
    }
    EXPECT_EQ(campaigns_->Export(class_teacher_, c->campaign.id, school_.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'campaign.export'"), 3);
}

INSTANTIATE_TEST_SUITE_P(Drivers, ScreeningServiceTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::service
