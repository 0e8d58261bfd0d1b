// The alert repository's contract, on SQLite and PostgreSQL: alerts with owners and timelines,
// changes only on the version read, inboxes by owner with unread marks, escalation order,
// regional response times, signals and the holders of owning roles.
#include <map>

#include "core/ports/alerts.hpp"
#include "support/repository_contract.hpp"

namespace xinqiao::store {
namespace {

using core::screening::Level;
using core::warning::Alert;
using core::warning::AlertEvent;
using core::warning::AlertState;
using core::warning::InboxQuery;
using core::warning::NewAlert;
using core::warning::Owner;
using core::warning::Tier;
using testing::Backend;

class AlertRepositoryContract : public testing::RepositoryContract {
protected:
    NewAlert AlertOn(core::people::StudentId student, const core::org::OrgUnit& klass, Level level, std::int64_t due_ms) {
        NewAlert a;
        a.student_id = student;
        a.org_path = klass.path;
        a.level = level;
        a.reasons = {{level, "PHQ-9 第9题阳性", "PHQ-9 item 9 positive"}};
        a.created_ms = kNow;
        a.due_ms = due_ms;
        a.tier = Tier::kClass;
        a.owners = {{core::auth::Role::kClassTeacher, klass.id}, {core::auth::Role::kPsychologyTeacher, school_.id}};
        return a;
    }

    std::int64_t Insert(const NewAlert& a) {
        auto id = Write([&](Repositories& r) { return r.Alerts().Insert(a); });
        EXPECT_TRUE(id) << id.error().message;
        return id ? *id : 0;
    }
};

TEST_P(AlertRepositoryContract, AnInsertedAlertReadsBackWithItsOwnersAndARaisedEvent) {
    const auto id = Insert(AlertOn(ann_, class1_, Level::kII, kNow + kHour));
    const auto a = Read([&](Repositories& r) { return r.Alerts().Get(id); });
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(a->alert.student_id, ann_);
    EXPECT_EQ(a->alert.org_path, class1_.path);
    EXPECT_EQ(a->alert.level, Level::kII);
    ASSERT_EQ(a->alert.reasons.size(), 1u);
    EXPECT_EQ(a->alert.reasons[0].zh, "PHQ-9 第9题阳性");
    EXPECT_EQ(a->alert.reasons[0].level, Level::kII);
    EXPECT_EQ(a->alert.due_ms, kNow + kHour);
    EXPECT_EQ(a->escalate_ms, kNow + kHour) << "an open alert escalates when it falls due";
    EXPECT_EQ(a->state, AlertState::kOpen);
    EXPECT_EQ(a->version, 1);
    EXPECT_EQ(a->alert.owners.size(), 2u);

    const auto events = Read([&](Repositories& r) { return r.Alerts().Events(id); });
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 1u);
    EXPECT_EQ((*events)[0].kind, "raised");
    EXPECT_EQ((*events)[0].detail, "screening");

    const auto missing = Read([&](Repositories& r) { return r.Alerts().Get(id + 1000); });
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST_P(AlertRepositoryContract, AChangeIsWrittenOnlyOnTheVersionRead) {
    const auto id = Insert(AlertOn(ann_, class1_, Level::kIII, kNow + kHour));
    auto a = Read([&](Repositories& r) { return r.Alerts().Get(id); }).value();
    Alert stale = a;

    a.state = AlertState::kAcknowledged;
    a.acknowledged_ms = kNow + 5;
    a.acknowledged_by = teacher_;
    a.escalate_ms.reset();
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Alerts().Update(a); }).value());

    stale.state = AlertState::kClosed;
    stale.outcome = core::warning::Outcome::kResolved;
    EXPECT_FALSE(Write([&](Repositories& r) { return r.Alerts().Update(stale); }).value())
        << "someone else changed it first";

    const auto now = Read([&](Repositories& r) { return r.Alerts().Get(id); }).value();
    EXPECT_EQ(now.version, 2);
    EXPECT_EQ(now.state, AlertState::kAcknowledged);
    EXPECT_EQ(now.acknowledged_by, teacher_);
    EXPECT_EQ(now.escalate_ms, std::nullopt);
    EXPECT_EQ(now.outcome, std::nullopt);
}

TEST_P(AlertRepositoryContract, TheInboxHoldsWhatItsOwnersOwnWithUnreadMarks) {
    const auto late = Insert(AlertOn(ann_, class1_, Level::kI, kNow - kHour));
    const auto fresh = Insert(AlertOn(bob_, class1_, Level::kIII, kNow + kHour));
    Insert(AlertOn(cat_, class2_, Level::kII, kNow + kHour));

    InboxQuery q;
    q.account_id = teacher_;
    q.as = {{core::auth::Role::kClassTeacher, class1_.id}};
    q.now_ms = kNow;
    auto page = Read([&](Repositories& r) { return r.Alerts().Inbox(q); });
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(page->total, 2) << "class 2's alert belongs to its own class teacher";
    EXPECT_EQ(page->unread, 2);
    EXPECT_EQ(page->overdue, 1);
    EXPECT_EQ(page->by_level[0], 1);
    EXPECT_EQ(page->by_level[2], 1);
    for (const auto& item : page->items) {
        EXPECT_TRUE(item.unread);
        EXPECT_EQ(item.class_name, "七年级1班");
        EXPECT_EQ(item.school_name, "明湖一中");
    }

    ASSERT_TRUE(Write([&](Repositories& r) { return r.Alerts().MarkRead(teacher_, fresh, 1); }));
    page = Read([&](Repositories& r) { return r.Alerts().Inbox(q); });
    EXPECT_EQ(page->unread, 1);

    q.overdue_only = true;
    page = Read([&](Repositories& r) { return r.Alerts().Inbox(q); });
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].alert.id, late);
    EXPECT_EQ(page->items[0].student_name, "安安");

    // The school's psychology teacher owns all three.
    InboxQuery school;
    school.account_id = psych_;
    school.as = {{core::auth::Role::kPsychologyTeacher, school_.id}};
    school.now_ms = kNow;
    EXPECT_EQ(Read([&](Repositories& r) { return r.Alerts().Inbox(school); })->total, 3);

    // A search narrows the inbox to the students it finds: 晨晨 by her pinyin initials, 安安 by her
    // number; the counts above the list stay those of the whole inbox.
    school.search = "cc";
    page = Read([&](Repositories& r) { return r.Alerts().Inbox(school); });
    ASSERT_EQ(page->total, 1);
    EXPECT_EQ(page->items[0].student_name, "晨晨");
    EXPECT_EQ(page->by_level[0] + page->by_level[1] + page->by_level[2], 3);
    school.search = "s001";
    page = Read([&](Repositories& r) { return r.Alerts().Inbox(school); });
    ASSERT_EQ(page->total, 1) << "丁丁 has the number S001 too, in a school this inbox does not hold";
    EXPECT_EQ(page->items[0].student_name, "安安");
    q.overdue_only = false;
    q.search = "晨";
    EXPECT_EQ(Read([&](Repositories& r) { return r.Alerts().Inbox(q); })->total, 0) << "晨晨 is not in class 1";
}

TEST_P(AlertRepositoryContract, DueAlertsEscalateEarliestFirst) {
    const auto second = Insert(AlertOn(ann_, class1_, Level::kII, kNow - kHour));
    const auto first = Insert(AlertOn(bob_, class1_, Level::kI, kNow - 2 * kHour));
    Insert(AlertOn(cat_, class2_, Level::kIII, kNow + kHour));
    const auto due = Read([&](Repositories& r) { return r.Alerts().DueForEscalation(kNow, 10); });
    ASSERT_TRUE(due);
    EXPECT_EQ(*due, (std::vector<std::int64_t>{first, second}));
    EXPECT_EQ(Read([&](Repositories& r) { return r.Alerts().DueForEscalation(kNow, 1); })->size(), 1u);
}

TEST_P(AlertRepositoryContract, TheNearestUnitsResponseTimesApply) {
    const std::vector<core::org::OrgUnitId> path = {city_.id, county_.id, school_.id, grade_.id, class1_.id};
    EXPECT_EQ(Read([&](Repositories& r) { return r.Alerts().ResponseTimesFor(path); }).value(), std::nullopt);

    auto county_times = core::warning::DefaultResponseTimes();
    auto school_times = county_times;
    school_times.by_level[0].minutes = 30;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Alerts().SetResponseTimes(county_.id, county_times); }));
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Alerts().SetResponseTimes(school_.id, school_times); }));
    auto got = Read([&](Repositories& r) { return r.Alerts().ResponseTimesFor(path); }).value();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->set_on, school_.id);
    EXPECT_EQ(got->times, school_times);

    ASSERT_TRUE(Write([&](Repositories& r) { return r.Alerts().ClearResponseTimes(school_.id); }));
    got = Read([&](Repositories& r) { return r.Alerts().ResponseTimesFor(path); }).value();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->set_on, county_.id);
    EXPECT_EQ(got->times, county_times);
}

TEST_P(AlertRepositoryContract, SignalsJoinTheirAlertAndTheLiveAlertIsTheNewestNotClosed) {
    EXPECT_EQ(Read([&](Repositories& r) { return r.Alerts().LiveOf(ann_); }).value(), std::nullopt);
    auto a = AlertOn(ann_, class1_, Level::kII, kNow + kHour);
    a.source = "signal";
    a.raised_by = teacher_;
    const auto id = Insert(a);
    core::warning::Signal s;
    s.student_id = ann_;
    s.alert_id = id;
    s.report = {core::warning::SignalSource::kTeacher, {core::warning::Concern::kMood, core::warning::Concern::kBullying}, false};
    s.level = Level::kII;
    s.filed_by = teacher_;
    s.filed_role = "class_teacher";
    s.created_ms = kNow;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Alerts().InsertSignal(s); }));
    const auto signals = Read([&](Repositories& r) { return r.Alerts().Signals(id); });
    ASSERT_TRUE(signals) << signals.error().message;
    ASSERT_EQ(signals->size(), 1u);
    EXPECT_EQ((*signals)[0].filer_name, "王老师");
    EXPECT_EQ((*signals)[0].report.concerns, s.report.concerns);
    EXPECT_EQ((*signals)[0].filed_role, "class_teacher");

    const auto live = Read([&](Repositories& r) { return r.Alerts().LiveOf(ann_); }).value();
    ASSERT_TRUE(live);
    EXPECT_EQ(live->id, id);
    EXPECT_EQ(Read([&](Repositories& r) { return r.Alerts().OfStudent(ann_); })->size(), 1u);
    EXPECT_TRUE(Read([&](Repositories& r) { return r.Alerts().OfStudent(bob_); })->empty());
}

TEST_P(AlertRepositoryContract, HoldersOfOwningRolesAreFoundByUnitAndRole) {
    const auto holders = Read([&](Repositories& r) {
        return r.Alerts().HoldersOf({class1_.id, school_.id},
                                    {core::auth::Role::kClassTeacher, core::auth::Role::kPsychologyTeacher});
    });
    ASSERT_TRUE(holders) << holders.error().message;
    ASSERT_EQ(holders->size(), 2u);
    std::map<std::string, core::org::OrgUnitId> found;
    for (const auto& h : *holders) found[h.display_name] = h.unit_id;
    EXPECT_EQ(found, (std::map<std::string, core::org::OrgUnitId>{{"王老师", class1_.id}, {"陈老师", school_.id}}));
    const auto none = Read([&](Repositories& r) {
        return r.Alerts().HoldersOf({class2_.id}, {core::auth::Role::kClassTeacher});
    });
    EXPECT_TRUE(none->empty());
}

INSTANTIATE_TEST_SUITE_P(Drivers, AlertRepositoryContract, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::store
