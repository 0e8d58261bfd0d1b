// The referral and follow-up repositories' contract, on SQLite and PostgreSQL: one referral under
// way per case, its words sealed at rest and opened only when asked for, changes only on the
// version read, a hospital's list and reach, the partner hospitals nearest first, and follow-up
// visits finished once.
#include "core/ports/referrals.hpp"
#include "support/repository_contract.hpp"

namespace xinqiao::store {
namespace {

using core::cases::FollowUp;
using core::cases::FollowUpPlan;
using core::cases::FollowUpResult;
using core::cases::FollowUpState;
using core::cases::Referral;
using core::cases::ReferralOutcome;
using core::cases::ReferralState;
using core::cases::ReturnVerdict;
using testing::Backend;

class ReferralRepositoryContract : public testing::RepositoryContract {
protected:
    void SetUp() override {
        RepositoryContract::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        case_ = OpenCase(ann_, class1_);
    }

    std::int64_t OpenCase(core::people::StudentId student, const core::org::OrgUnit& klass) {
        core::cases::Case c;
        c.student_id = student;
        c.org_path = klass.path;
        c.opened_ms = kNow;
        const auto id = Write([&](Repositories& r) { return r.Cases().Insert(c); });
        EXPECT_TRUE(id) << id.error().message;
        return id ? *id : 0;
    }

    core::Result<std::int64_t> Refer(std::int64_t case_id, core::people::StudentId student,
                                     const core::org::OrgUnit& klass, const core::org::OrgUnit& hospital) {
        Referral r;
        r.case_id = case_id;
        r.student_id = student;
        r.org_path = klass.path;
        r.hospital_id = hospital.id;
        r.created_ms = kNow;
        r.created_by = psych_;
        r.reason = "持续失眠，有自伤念头";
        return Write([&](Repositories& repos) { return repos.Referrals().Insert(r); });
    }

    std::int64_t case_ = 0;
};

TEST_P(ReferralRepositoryContract, AReferralReadsBackWithItsWordsSealedAndOpenedOnlyWhenAskedFor) {
    const auto id = Refer(case_, ann_, class1_, hospital_);
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_FALSE(AnyCellContains("SELECT * FROM referrals", "失眠"));

    const auto full = Read([&](Repositories& r) { return r.Referrals().Get(*id, true); });
    ASSERT_TRUE(full) << full.error().message;
    EXPECT_EQ(full->case_id, case_);
    EXPECT_EQ(full->hospital_id, hospital_.id);
    EXPECT_EQ(full->hospital_name, "明湖区精神卫生中心");
    EXPECT_EQ(full->state, ReferralState::kSent);
    EXPECT_EQ(full->reason, "持续失眠，有自伤念头");
    EXPECT_EQ(full->version, 1);
    const auto bare = Read([&](Repositories& r) { return r.Referrals().Get(*id, false); });
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->reason, "");
    EXPECT_EQ(bare->state, ReferralState::kSent);

    const auto missing = Read([&](Repositories& r) { return r.Referrals().Get(*id + 1000, false); });
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST_P(ReferralRepositoryContract, OneReferralIsUnderWayPerCaseAndChangesNeedTheVersionRead) {
    const auto id = Refer(case_, ann_, class1_, hospital_).value();
    const auto second = Refer(case_, ann_, class1_, city_hospital_);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, core::ErrorCode::kAlreadyExists);

    Referral seen = Read([&](Repositories& r) { return r.Referrals().Get(id, true); }).value();
    Referral stale = seen;
    seen.state = ReferralState::kSeen;
    seen.answered_ms = kNow + 1;
    seen.outcome_ms = kNow + 2;
    seen.outcome = ReferralOutcome{true, false, "depression", "每两周复诊"};
    seen.verdict = ReturnVerdict::kReadyWithSupport;
    seen.return_assessment = "可返校，减轻课业";
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Referrals().Update(seen); }).value());
    stale.state = ReferralState::kDeclined;
    stale.decline_reason = "床位已满";
    EXPECT_FALSE(Write([&](Repositories& r) { return r.Referrals().Update(stale); }).value());
    EXPECT_FALSE(AnyCellContains("SELECT * FROM referrals", "复诊"));
    EXPECT_FALSE(AnyCellContains("SELECT * FROM referrals", "减轻课业"));

    const auto now = Read([&](Repositories& r) { return r.Referrals().Get(id, true); }).value();
    EXPECT_EQ(now.version, 2);
    EXPECT_EQ(now.state, ReferralState::kSeen);
    ASSERT_TRUE(now.outcome);
    EXPECT_TRUE(now.outcome->attended);
    EXPECT_FALSE(now.outcome->admitted);
    EXPECT_EQ(now.outcome->diagnosis, "depression");
    EXPECT_EQ(now.outcome->recommendations, "每两周复诊");
    EXPECT_EQ(now.verdict, ReturnVerdict::kReadyWithSupport);
    EXPECT_EQ(now.return_assessment, "可返校，减轻课业");
    EXPECT_EQ(now.decline_reason, "");

    // Declined, it is no longer under way: the case may be referred elsewhere.
    Referral declined = now;
    declined.state = ReferralState::kDeclined;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Referrals().Update(declined); }).value());
    ASSERT_TRUE(Refer(case_, ann_, class1_, city_hospital_));
    const auto of_case = Read([&](Repositories& r) { return r.Referrals().OfCase(case_, false); });
    ASSERT_EQ(of_case->size(), 2u);
    EXPECT_EQ((*of_case)[0].id, id) << "oldest first";
}

TEST_P(ReferralRepositoryContract, AHospitalReachesOnlyTheStudentsReferredToIt) {
    Refer(case_, ann_, class1_, hospital_).value();
    const auto dan_case = OpenCase(dan_, other_class_);
    Refer(dan_case, dan_, other_class_, city_hospital_).value();

    EXPECT_TRUE(Read([&](Repositories& r) { return r.Referrals().IsReferredTo(ann_, {hospital_.id}); }).value());
    EXPECT_FALSE(Read([&](Repositories& r) { return r.Referrals().IsReferredTo(ann_, {city_hospital_.id}); }).value());
    EXPECT_FALSE(Read([&](Repositories& r) { return r.Referrals().IsReferredTo(bob_, {hospital_.id}); }).value());

    const auto list = Read([&](Repositories& r) { return r.Referrals().ToHospitals({hospital_.id}, 50); });
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].student_name, "安安");
    EXPECT_EQ((*list)[0].school_name, "明湖一中");
    EXPECT_EQ((*list)[0].r.reason, "") << "the list carries no words";

    // Once the case closes, the hospital no longer reaches the student.
    auto c = Read([&](Repositories& r) { return r.Cases().Get(case_); }).value();
    c.state = core::cases::CaseState::kClosed;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Cases().Update(c); }).value());
    EXPECT_FALSE(Read([&](Repositories& r) { return r.Referrals().IsReferredTo(ann_, {hospital_.id}); }).value());
}

TEST_P(ReferralRepositoryContract, PartnerHospitalsAreTheCountysThenTheCitys) {
    const auto partners = Read([&](Repositories& r) { return r.Referrals().PartnerHospitals(class1_.path); });
    ASSERT_TRUE(partners) << partners.error().message;
    EXPECT_EQ(*partners, (std::vector<core::org::OrgUnitId>{hospital_.id, city_hospital_.id}));
}

TEST_P(ReferralRepositoryContract, FollowUpVisitsAreFinishedOnceAndListedByDueDay) {
    std::vector<FollowUp> visits;
    for (const core::Date& due : {core::Date{2026, 10, 5}, core::Date{2026, 9, 28}}) {
        FollowUp f;
        f.case_id = case_;
        f.student_id = ann_;
        f.org_path = class1_.path;
        f.plan = FollowUpPlan::kLevelII;
        f.due = due;
        f.created_ms = kNow;
        f.created_by = psych_;
        visits.push_back(f);
    }
    ASSERT_TRUE(Write([&](Repositories& r) { return r.FollowUps().Insert(visits); }));
    auto of_case = Read([&](Repositories& r) { return r.FollowUps().OfCase(case_, true); }).value();
    ASSERT_EQ(of_case.size(), 2u);
    EXPECT_EQ(of_case[0].due, (core::Date{2026, 9, 28})) << "by due day";
    EXPECT_EQ(Read([&](Repositories& r) { return r.FollowUps().OpenCount(case_); }).value(), 2);

    FollowUp done = of_case[0];
    done.state = FollowUpState::kDone;
    done.result = FollowUpResult::kImproved;
    done.note = "睡眠好转，按时到校";
    done.done_ms = kNow + kHour;
    done.done_by = teacher_;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.FollowUps().Finish(done); }).value());
    EXPECT_FALSE(Write([&](Repositories& r) { return r.FollowUps().Finish(done); }).value()) << "finished once";
    EXPECT_FALSE(AnyCellContains("SELECT * FROM follow_ups", "睡眠好转"));

    const auto got = Read([&](Repositories& r) { return r.FollowUps().Get(done.id); });
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->state, FollowUpState::kDone);
    EXPECT_EQ(got->result, FollowUpResult::kImproved);
    EXPECT_EQ(got->done_by_name, "王老师");
    EXPECT_EQ(Read([&](Repositories& r) { return r.FollowUps().OfCase(case_, true); })->at(0).note, "睡眠好转，按时到校");
    EXPECT_EQ(Read([&](Repositories& r) { return r.FollowUps().OfCase(case_, false); })->at(0).note, "");
    EXPECT_EQ(Read([&](Repositories& r) { return r.FollowUps().OpenCount(case_); }).value(), 1);

    const auto open = Read([&](Repositories& r) {
        return r.FollowUps().InUnit(school_.path, {2026, 9, 1}, {2026, 10, 31}, true, 50);
    });
    ASSERT_TRUE(open) << open.error().message;
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ(open->at(0).f.due, (core::Date{2026, 10, 5}));
    EXPECT_EQ(open->at(0).student_name, "安安");
    EXPECT_EQ(Read([&](Repositories& r) {
                  return r.FollowUps().InUnit(school_.path, {2026, 9, 1}, {2026, 10, 31}, false, 50);
              })->size(),
              2u);
    EXPECT_TRUE(Read([&](Repositories& r) {
                    return r.FollowUps().InUnit(school_.path, {2026, 10, 6}, {2026, 10, 31}, false, 50);
                })->empty())
        << "the range is inclusive and nothing falls after it";
    EXPECT_TRUE(Read([&](Repositories& r) {
                    return r.FollowUps().InUnit(other_school_.path, {2026, 9, 1}, {2026, 10, 31}, false, 50);
                })->empty());
}

INSTANTIATE_TEST_SUITE_P(Drivers, ReferralRepositoryContract, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::store
