// The case repository's contract, on SQLite and PostgreSQL: one open case per student, changes
// only on the version read, records and conferences sealed at rest and opened only when asked
// for, timelines, and the register with its counts per school.
#include <algorithm>

#include "core/ports/cases.hpp"
#include "support/repository_contract.hpp"

namespace xinqiao::store {
namespace {

using core::cases::Case;
using core::cases::CaseConference;
using core::cases::CaseEvent;
using core::cases::CaseRecord;
using core::cases::CaseState;
using core::cases::CaseStep;
using core::cases::RecordKind;
using testing::Backend;

class CaseRepositoryContract : public testing::RepositoryContract {
protected:
    core::Result<std::int64_t> Open(core::people::StudentId student, const core::org::OrgUnit& klass, std::int64_t at) {
        Case c;
        c.student_id = student;
        c.org_path = klass.path;
        c.opened_ms = at;
        c.opened_by = psych_;
        return Write([&](Repositories& r) { return r.Cases().Insert(c); });
    }
};

TEST_P(CaseRepositoryContract, AStudentHasOneOpenCaseAtATime) {
    const auto id = Open(ann_, class1_, kNow);
    ASSERT_TRUE(id) << id.error().message;
    const auto again = Open(ann_, class1_, kNow + 1);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, core::ErrorCode::kAlreadyExists);

    const auto c = Read([&](Repositories& r) { return r.Cases().Get(*id); });
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->student_id, ann_);
    EXPECT_EQ(c->org_path, class1_.path);
    EXPECT_EQ(c->state, CaseState::kOpen);
    EXPECT_EQ(c->step, CaseStep::kAssessment);
    EXPECT_EQ(c->opened_by, psych_);
    EXPECT_EQ(c->version, 1);
    EXPECT_EQ(Read([&](Repositories& r) { return r.Cases().OpenOf(ann_); }).value()->id, *id);
    EXPECT_EQ(Read([&](Repositories& r) { return r.Cases().OpenOf(bob_); }).value(), std::nullopt);
    const auto missing = Read([&](Repositories& r) { return r.Cases().Get(*id + 1000); });
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);

    // Once closed, a new case may open; the student's cases list newest first.
    Case closed = *c;
    closed.state = CaseState::kClosed;
    closed.closed_ms = kNow + 10;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Cases().Update(closed); }).value());
    const auto second = Open(ann_, class1_, kNow + 20);
    ASSERT_TRUE(second) << second.error().message;
    const auto all = Read([&](Repositories& r) { return r.Cases().OfStudent(ann_); });
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, *second);
    EXPECT_EQ((*all)[1].state, CaseState::kClosed);
    EXPECT_EQ((*all)[1].closed_ms, kNow + 10);
}

TEST_P(CaseRepositoryContract, AChangeIsWrittenOnlyOnTheVersionRead) {
    const auto id = Open(ann_, class1_, kNow).value();
    Case c = Read([&](Repositories& r) { return r.Cases().Get(id); }).value();
    Case stale = c;
    c.step = CaseStep::kPairing;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Cases().Update(c); }).value());
    stale.state = CaseState::kClosed;
    EXPECT_FALSE(Write([&](Repositories& r) { return r.Cases().Update(stale); }).value());
    const auto now = Read([&](Repositories& r) { return r.Cases().Get(id); }).value();
    EXPECT_EQ(now.version, 2);
    EXPECT_EQ(now.step, CaseStep::kPairing);
    EXPECT_EQ(now.state, CaseState::kOpen);
}

TEST_P(CaseRepositoryContract, RecordsAndConferencesAreSealedAndOpenedOnlyWhenAskedFor) {
    const auto id = Open(ann_, class1_, kNow).value();
    CaseRecord rec;
    rec.case_id = id;
    rec.kind = RecordKind::kSession;
    rec.subtype = "talk";
    rec.body = "谈话：最近睡不好，愿意每周来一次";
    rec.author_id = psych_;
    rec.author_role = "psychology_teacher";
    rec.created_ms = kNow + 1;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Cases().AddRecord(rec); }));
    CaseConference conf;
    conf.case_id = id;
    conf.held_on = {2026, 9, 22};
    conf.participants = {"王老师（班主任）", "陈老师（心理教师）"};
    conf.findings = "情绪低落两周";
    conf.decisions = "每周谈话，通知家长";
    conf.author_id = psych_;
    conf.created_ms = kNow + 2;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Cases().AddConference(conf); }));
    EXPECT_FALSE(AnyCellContains("SELECT * FROM case_records", "睡不好"));
    EXPECT_FALSE(AnyCellContains("SELECT * FROM case_conferences", "情绪低落"));
    EXPECT_FALSE(AnyCellContains("SELECT * FROM case_conferences", "王老师"));

    const auto records = Read([&](Repositories& r) { return r.Cases().Records(id, true); });
    ASSERT_TRUE(records) << records.error().message;
    ASSERT_EQ(records->size(), 1u);
    EXPECT_EQ((*records)[0].body, rec.body);
    EXPECT_EQ((*records)[0].kind, RecordKind::kSession);
    EXPECT_EQ((*records)[0].subtype, "talk");
    EXPECT_EQ((*records)[0].author_name, "陈老师");
    EXPECT_EQ(Read([&](Repositories& r) { return r.Cases().Records(id, false); })->at(0).body, "");

    const auto conferences = Read([&](Repositories& r) { return r.Cases().Conferences(id, true); });
    ASSERT_TRUE(conferences) << conferences.error().message;
    ASSERT_EQ(conferences->size(), 1u);
    EXPECT_EQ((*conferences)[0].participants, conf.participants);
    EXPECT_EQ((*conferences)[0].findings, conf.findings);
    EXPECT_EQ((*conferences)[0].decisions, conf.decisions);
    EXPECT_EQ((*conferences)[0].held_on, conf.held_on);
    const auto wordless = Read([&](Repositories& r) { return r.Cases().Conferences(id, false); }).value().at(0);
    EXPECT_TRUE(wordless.participants.empty());
    EXPECT_EQ(wordless.findings, "");
    EXPECT_EQ(wordless.held_on, conf.held_on);
}

TEST_P(CaseRepositoryContract, TheTimelineKeepsItsOrderWithActorsNamed) {
    const auto id = Open(ann_, class1_, kNow).value();
    for (const char* kind : {"opened", "recorded", "advanced"}) {
        CaseEvent e;
        e.case_id = id;
        e.at_ms = kNow;
        e.kind = kind;
        e.actor_id = psych_;
        e.detail = kind;
        ASSERT_TRUE(Write([&](Repositories& r) { return r.Cases().AddEvent(e); }));
    }
    const auto events = Read([&](Repositories& r) { return r.Cases().Events(id); });
    ASSERT_TRUE(events) << events.error().message;
    ASSERT_EQ(events->size(), 3u);
    EXPECT_EQ((*events)[0].kind, "opened");
    EXPECT_EQ((*events)[2].kind, "advanced");
    EXPECT_EQ((*events)[1].actor_name, "陈老师");
}

TEST_P(CaseRepositoryContract, TheRegisterAndItsCountsArePerSchoolUnderAPath) {
    const auto a = Open(ann_, class1_, kNow).value();
    const auto c = Open(cat_, class2_, kNow + 1).value();
    const auto d = Open(dan_, other_class_, kNow + 2).value();
    Case advanced = Read([&](Repositories& r) { return r.Cases().Get(c); }).value();
    advanced.step = CaseStep::kIntervention;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Cases().Update(advanced); }).value());
    Case closed = Read([&](Repositories& r) { return r.Cases().Get(d); }).value();
    closed.state = CaseState::kClosed;
    closed.closed_ms = kNow + 3;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Cases().Update(closed); }).value());

    const auto school = Read([&](Repositories& r) { return r.Cases().Register(school_.path, std::nullopt, "", 50, 0); });
    ASSERT_TRUE(school) << school.error().message;
    ASSERT_EQ(school->size(), 2u);
    EXPECT_EQ((*school)[0].c.id, c) << "newest first";
    EXPECT_EQ((*school)[0].student_name, "晨晨");
    EXPECT_EQ((*school)[0].class_name, "七年级2班");
    EXPECT_EQ((*school)[1].c.id, a);
    const auto closed_in_county =
        Read([&](Repositories& r) { return r.Cases().Register(county_.path, CaseState::kClosed, "", 50, 0); });
    ASSERT_EQ(closed_in_county->size(), 1u);
    EXPECT_EQ((*closed_in_county)[0].school_name, "明湖二中");
    EXPECT_EQ(Read([&](Repositories& r) { return r.Cases().Register(county_.path, std::nullopt, "", 1, 1); })->size(), 1u)
        << "limit and offset page the register";
    const auto found = Read([&](Repositories& r) { return r.Cases().Register(county_.path, std::nullopt, "dd", 50, 0); });
    ASSERT_EQ(found->size(), 1u) << "a search by the initials of 丁丁";
    EXPECT_EQ((*found)[0].c.id, d);
    EXPECT_TRUE(Read([&](Repositories& r) { return r.Cases().Register(school_.path, std::nullopt, "dd", 50, 0); })
                    ->empty())
        << "丁丁 is in the other school";

    const auto counts = Read([&](Repositories& r) { return r.Cases().Counts(county_.path, {2026, 9, 21}, kNow); });
    ASSERT_TRUE(counts) << counts.error().message;
    const auto of = [&](core::org::OrgUnitId school_id) {
        return std::find_if(counts->begin(), counts->end(),
                            [&](const core::cases::RegisterCounts& rc) { return rc.school_id == school_id; });
    };
    ASSERT_NE(of(school_.id), counts->end());
    EXPECT_EQ(of(school_.id)->open_by_step, (std::vector<std::int64_t>{1, 0, 1, 0, 0, 0}));
    EXPECT_EQ(of(school_.id)->closed_since, 0);
    ASSERT_NE(of(other_school_.id), counts->end());
    EXPECT_EQ(of(other_school_.id)->closed_since, 1);
    EXPECT_EQ(of(other_school_.id)->school_name, "明湖二中");
}

INSTANTIATE_TEST_SUITE_P(Drivers, CaseRepositoryContract, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::store
