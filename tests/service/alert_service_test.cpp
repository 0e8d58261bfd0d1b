#include "service/alert_service.hpp"

#include <atomic>
#include <set>
#include <thread>

#include "service/screening_fixture.hpp"

namespace xinqiao::service {
namespace {

using namespace fixture;
using core::warning::AlertState;
using core::warning::Outcome;
using core::warning::Tier;

constexpr std::int64_t kMinute = 60LL * 1000;

// The warning network on SQLite and PostgreSQL: screening results become alerts in the right
// inboxes, climb the network when nobody acknowledges them, and stop when someone does.
class AlertServiceTest : public ScreeningFixture {
protected:
    void SetUp() override {
        ScreeningFixture::SetUp();
        alerts_ = std::make_unique<AlertService>(accounts_->data, accounts_->clock);
        grade_lead_ = Staff("grade.sun", Role::kGradeLead, grade7_);
        other_teacher_ = Staff("teacher.zhou", Role::kClassTeacher, class2_);
        primary_psych_ = Staff("psych.wu", Role::kPsychologyTeacher, primary_);
        ASSERT_TRUE(campaigns_->Create(bureau_, Junior()));
    }

    // Pupil `n` of class 1 submits answers that come out at `level` (I: PHQ-9 item 9 on more
    // than half the days; III: a moderate PHQ-9 total). Returns the alert it raised.
    core::warning::Alert Raise(std::size_t n, Level level) {
        auto answers = All(0, 0);
        if (level == Level::kI) {
            answers["phq9"][8] = 2;
        } else {
            for (int i = 0; i < 5; ++i) answers["phq9"][static_cast<std::size_t>(i)] = 2;  // total 10
        }
        const auto id = MineFirst(pupils_[n]);
        const auto done = answering_->Submit(pupils_[n], id, "alert-test-" + std::to_string(n), answers);
        EXPECT_TRUE(done) << done.error().message;
        const auto inbox = alerts_->Inbox(psych_, {});
        EXPECT_TRUE(inbox) << inbox.error().message;
        for (const auto& item : inbox->items) {
            if (item.alert.alert.student_id == class1_students_[n]) return item.alert;
        }
        ADD_FAILURE() << "no alert for pupil " << n;
        return {};
    }

    std::int64_t InboxCount(const Principal& p) {
        const auto inbox = alerts_->Inbox(p, {});
        EXPECT_TRUE(inbox) << inbox.error().message;
        return inbox ? inbox->total : -1;
    }

    core::warning::Alert Reload(std::int64_t id) {
        const auto v = alerts_->Get(psych_, id);
        EXPECT_TRUE(v) << v.error().message;
        return v ? v->alert : core::warning::Alert{};
    }

    std::unique_ptr<AlertService> alerts_;
    Principal grade_lead_, other_teacher_, primary_psych_;
};

TEST_P(AlertServiceTest, ALevelIResultIsInTheCountyCentresInboxAtOnce) {
    const auto a = Raise(0, Level::kI);
    EXPECT_EQ(a.alert.level, Level::kI);
    EXPECT_EQ(a.alert.tier, Tier::kCounty);
    EXPECT_EQ(a.alert.due_ms - a.alert.created_ms, 60 * kMinute);
    const auto inbox = alerts_->Inbox(bureau_, {});
    ASSERT_TRUE(inbox) << inbox.error().message;
    ASSERT_EQ(inbox->total, 1);
    EXPECT_EQ(inbox->by_level[0], 1);
    EXPECT_EQ(inbox->unread, 1);
    EXPECT_TRUE(inbox->items[0].unread);
    EXPECT_EQ(inbox->items[0].student_name, "学生1");
    EXPECT_EQ(inbox->items[0].class_name, "七年级1班");
    // The class teacher of the class sees it too (not as an owner: see below), a teacher of
    // another class or school sees nothing.
    EXPECT_EQ(InboxCount(class_teacher_), 1);
    EXPECT_EQ(InboxCount(other_teacher_), 0);
    EXPECT_EQ(InboxCount(primary_psych_), 0);

    // Reading it marks it read for the reader only.
    ASSERT_TRUE(alerts_->Get(bureau_, a.id));
    EXPECT_EQ(alerts_->Inbox(bureau_, {})->unread, 0);
    EXPECT_EQ(alerts_->Inbox(class_teacher_, {})->unread, 1);
    EXPECT_EQ(alerts_->Inbox(psych_, {})->unread, 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'alert.read'"), 1);

    // Nobody acts for an hour: the county is the top of this network, so it stays overdue there
    // and says so on its timeline, once.
    accounts_->clock.Advance(61 * kMinute);
    EXPECT_EQ(alerts_->Inbox(bureau_, {})->overdue, 1);
    EXPECT_EQ(*alerts_->EscalateDue(), 1);
    EXPECT_EQ(*alerts_->EscalateDue(), 0);
    const auto v = alerts_->Get(bureau_, a.id);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->alert.escalate_ms, std::nullopt);
    EXPECT_EQ(v->events.back().kind, "unacknowledged_at_top");
}

// "班主任：本班学生的预警" — a class teacher sees every alert about their class, and at levels II
// and I records what the plan asks of them without deciding the alert or reading the answers.
TEST_P(AlertServiceTest, TheClassTeacherSeesTheirClassAtEveryLevelAndRecordsThePlansTasks) {
    const auto one = Raise(0, Level::kI);
    const auto three = Raise(1, Level::kIII);
    const auto inbox = alerts_->Inbox(class_teacher_, {});
    ASSERT_TRUE(inbox) << inbox.error().message;
    ASSERT_EQ(inbox->total, 2);
    EXPECT_EQ(inbox->by_level[0], 1);
    EXPECT_EQ(inbox->items[0].alert.id, one.id) << "level I first";
    const auto said = [](const core::warning::Alert& a) {
        std::string all;
        for (const auto& r : a.alert.reasons) all += r.zh + "|";
        return all;
    };
    // The item answer that raised it is the psychology teacher's to read, not the class teacher's.
    EXPECT_NE(said(one).find("第9题"), std::string::npos) << said(one);
    EXPECT_EQ(said(inbox->items[0].alert).find("第9题"), std::string::npos) << said(inbox->items[0].alert);
    EXPECT_NE(said(inbox->items[0].alert).find("心理筛查结果需要关注"), std::string::npos);
    EXPECT_EQ(said(inbox->items[1].alert).find("分"), std::string::npos) << "no score either";

    // The student's archive says the same to each of them.
    const auto archived = [&](const Principal& who) {
        const auto archive = campaigns_->Archive(who, class1_students_[0]);
        EXPECT_TRUE(archive) << archive.error().message;
        std::string all;
        for (const auto& e : archive->entries) {
            for (const auto& r : e.assessment.reasons) all += r.zh + "|";
        }
        for (const auto& a : archive->alerts) all += said(a);
        return all;
    };
    EXPECT_NE(archived(psych_).find("第9题"), std::string::npos) << archived(psych_);
    EXPECT_EQ(archived(class_teacher_).find("第9题"), std::string::npos) << archived(class_teacher_);
    EXPECT_NE(archived(class_teacher_).find("心理筛查结果需要关注"), std::string::npos);

    auto v = alerts_->Get(class_teacher_, one.id);
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_FALSE(v->may_handle);
    EXPECT_TRUE(v->may_record_tasks);
    EXPECT_EQ(said(v->alert).find("第9题"), std::string::npos);
    EXPECT_TRUE(alerts_->Get(class_teacher_, three.id)->may_handle) << "level III is addressed to the class";
    EXPECT_TRUE(alerts_->Get(psych_, one.id)->may_handle);

    // The owners decide a level I alert: the class teacher cannot acknowledge, close, escalate
    // it, nor be assigned it.
    const auto refused = [](const core::Status& s) { return !s && s.error().code == ErrorCode::kPermissionDenied; };
    EXPECT_TRUE(refused(alerts_->Acknowledge(class_teacher_, one.id, one.version)));
    EXPECT_TRUE(refused(alerts_->Close(class_teacher_, one.id, one.version, Outcome::kResolved)));
    EXPECT_TRUE(refused(alerts_->Escalate(class_teacher_, one.id, one.version)));
    EXPECT_EQ(alerts_->Assign(psych_, one.id, one.version, class_teacher_.account_id).error().code,
              ErrorCode::kInvalidArgument);
    const auto assignees = alerts_->Assignees(psych_, one.id);
    ASSERT_TRUE(assignees) << assignees.error().message;
    ASSERT_FALSE(assignees->empty());
    for (const auto& h : *assignees) EXPECT_NE(h.account_id, class_teacher_.account_id);
    EXPECT_EQ(Reload(one.id).state, AlertState::kOpen);

    // What they do is on the timeline; the alert stays open for its owners and due as it was.
    ASSERT_TRUE(alerts_->RecordTask(class_teacher_, one.id, {one.version, core::warning::CareTask::kHomeContact, "已电话联系母亲"}));
    const auto after = Reload(one.id);
    EXPECT_EQ(after.state, AlertState::kOpen);
    EXPECT_EQ(after.alert.due_ms, one.alert.due_ms);
    EXPECT_EQ(after.version, one.version + 1) << "the owners see something new";
    v = alerts_->Get(psych_, one.id);
    EXPECT_EQ(v->events.back().kind, "task_done");
    EXPECT_EQ(v->events.back().detail, "home_contact");
    EXPECT_EQ(v->events.back().actor_id, class_teacher_.account_id);
    // The words are a sealed note on the student, for those who read notes.
    EXPECT_EQ(AllText("alert_events").find("母亲"), std::string::npos);
    const auto notes = students_->Notes(psych_, class1_students_[0]);
    ASSERT_TRUE(notes && notes->size() == 1u);
    EXPECT_EQ(notes->front().body, "已电话联系母亲");
    EXPECT_EQ(notes->front().author_role, "class_teacher");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'alert.task.record'"), 1);

    // A stale version, a task the plan does not ask at level III, another class, a closed alert.
    EXPECT_EQ(alerts_->RecordTask(class_teacher_, one.id, {one.version, core::warning::CareTask::kTalk, ""}).error().code,
              ErrorCode::kAborted);
    EXPECT_EQ(alerts_->RecordTask(class_teacher_, three.id, {three.version, core::warning::CareTask::kHomeContact, ""})
                  .error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(alerts_->RecordTask(other_teacher_, one.id, {after.version, core::warning::CareTask::kTalk, ""}).error().code,
              ErrorCode::kNotFound);
    ASSERT_TRUE(alerts_->RecordTask(class_teacher_, three.id, {three.version, core::warning::CareTask::kTalk, ""}));
    const auto closing = Reload(three.id);
    ASSERT_TRUE(alerts_->Close(class_teacher_, three.id, closing.version, Outcome::kResolved));
    EXPECT_EQ(alerts_->RecordTask(class_teacher_, three.id, {closing.version + 1, core::warning::CareTask::kWatch, ""})
                  .error().code,
              ErrorCode::kFailedPrecondition);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'alert.task.record'"), 2);
}

TEST_P(AlertServiceTest, AnUnacknowledgedAlertClimbsTheNetworkOneTierEachTimeItIsDue) {
    const auto a = Raise(1, Level::kIII);
    EXPECT_EQ(a.alert.level, Level::kIII);
    EXPECT_EQ(a.alert.tier, Tier::kClass);
    EXPECT_EQ(InboxCount(class_teacher_), 1);
    EXPECT_EQ(InboxCount(grade_lead_), 0);
    EXPECT_EQ(InboxCount(leader_), 0);
    EXPECT_EQ(InboxCount(bureau_), 0);

    // Not yet due: nothing moves.
    accounts_->clock.Advance(7 * kDay - kMinute);
    EXPECT_EQ(*alerts_->EscalateDue(), 0);
    accounts_->clock.Advance(2 * kMinute);
    EXPECT_EQ(*alerts_->EscalateDue(), 1);
    EXPECT_EQ(*alerts_->EscalateDue(), 0);  // each step once
    EXPECT_EQ(InboxCount(grade_lead_), 1);
    auto now = Reload(a.id);
    EXPECT_EQ(now.alert.tier, Tier::kGrade);
    EXPECT_EQ(now.escalations, 1);
    EXPECT_EQ(now.alert.due_ms, accounts_->clock.NowUnixMillis() + 7 * kDay);

    accounts_->clock.Advance(7 * kDay + kMinute);
    EXPECT_EQ(*alerts_->EscalateDue(), 1);
    EXPECT_EQ(InboxCount(leader_), 1);
    accounts_->clock.Advance(7 * kDay + kMinute);
    EXPECT_EQ(*alerts_->EscalateDue(), 1);
    EXPECT_EQ(InboxCount(bureau_), 1);
    now = Reload(a.id);
    EXPECT_EQ(now.alert.tier, Tier::kCounty);
    EXPECT_EQ(now.escalations, 3);
    // Every step is on the timeline, by the system.
    const auto v = alerts_->Get(bureau_, a.id);
    ASSERT_TRUE(v);
    std::vector<std::string> kinds;
    for (const auto& e : v->events) {
        if (e.kind == "escalated") {
            EXPECT_EQ(e.actor_id, std::nullopt);
            EXPECT_EQ(e.detail, "due");
        }
        if (e.kind != "read") kinds.push_back(e.kind);
    }
    EXPECT_EQ(kinds, (std::vector<std::string>{"raised", "escalated", "escalated", "escalated"}));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'alert.escalate' AND actor_role = 'system'"), 3);
    // The county is the top here: the next time it is due it stops climbing, and the change
    // makes it unread again for those who had read it.
    EXPECT_EQ(alerts_->Inbox(psych_, {})->unread, 0);
    accounts_->clock.Advance(7 * kDay + kMinute);
    EXPECT_EQ(*alerts_->EscalateDue(), 1);
    EXPECT_EQ(alerts_->Inbox(psych_, {})->unread, 1);
    EXPECT_EQ(Reload(a.id).escalate_ms, std::nullopt);
    accounts_->clock.Advance(30 * kDay);
    EXPECT_EQ(*alerts_->EscalateDue(), 0);
}

TEST_P(AlertServiceTest, AcknowledgingStopsEscalationAndAStaleVersionIsRefused) {
    const auto a = Raise(2, Level::kIII);
    // Outside the network or the school: as if there were no such alert.
    EXPECT_EQ(alerts_->Acknowledge(other_teacher_, a.id, a.version).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(alerts_->Acknowledge(primary_psych_, a.id, a.version).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(alerts_->Acknowledge(pupils_[2], a.id, a.version).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(alerts_->Get(primary_psych_, 999999).error().code, ErrorCode::kNotFound);
    // A version the alert has moved on from.
    EXPECT_EQ(alerts_->Acknowledge(class_teacher_, a.id, a.version + 1).error().code, ErrorCode::kAborted);

    ASSERT_TRUE(alerts_->Acknowledge(class_teacher_, a.id, a.version));
    const auto now = Reload(a.id);
    EXPECT_EQ(now.state, AlertState::kAcknowledged);
    EXPECT_EQ(now.acknowledged_by, class_teacher_.account_id);
    EXPECT_EQ(now.escalate_ms, std::nullopt);
    EXPECT_EQ(alerts_->Acknowledge(psych_, a.id, now.version).error().code, ErrorCode::kFailedPrecondition);
    // The old version (what a second person still had on screen) is refused.
    EXPECT_EQ(alerts_->Escalate(psych_, a.id, a.version).error().code, ErrorCode::kAborted);

    accounts_->clock.Advance(30 * kDay);
    EXPECT_EQ(*alerts_->EscalateDue(), 0);
    EXPECT_EQ(Reload(a.id).alert.tier, Tier::kClass);

    // By hand, someone may still take it up the network.
    ASSERT_TRUE(alerts_->Escalate(psych_, a.id, now.version));
    EXPECT_EQ(Reload(a.id).alert.tier, Tier::kGrade);
    EXPECT_EQ(InboxCount(grade_lead_), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action IN ('alert.acknowledge', 'alert.escalate')"), 2);
}

TEST_P(AlertServiceTest, AssignAndCloseStayWithinTheNetwork) {
    const auto a = Raise(0, Level::kIII);
    // The people it may go to: those holding an owning role along the student's path, and no one
    // from another class or school.
    const auto people = alerts_->Assignees(psych_, a.id);
    ASSERT_TRUE(people) << people.error().message;
    std::set<std::int64_t> ids;
    for (const auto& h : *people) ids.insert(h.account_id);
    EXPECT_EQ(ids, (std::set<std::int64_t>{class_teacher_.account_id, grade_lead_.account_id, psych_.account_id,
                                           leader_.account_id, bureau_.account_id}));
    EXPECT_EQ(alerts_->Assignees(other_teacher_, a.id).error().code, ErrorCode::kNotFound);
    // Only someone who can handle alerts about the student may be assigned.
    EXPECT_EQ(alerts_->Assign(psych_, a.id, a.version, primary_psych_.account_id).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(alerts_->Assign(psych_, a.id, a.version, 987654).error().code, ErrorCode::kInvalidArgument);
    ASSERT_TRUE(alerts_->Assign(psych_, a.id, a.version, class_teacher_.account_id));
    auto now = Reload(a.id);
    EXPECT_EQ(now.assignee_id, class_teacher_.account_id);

    ASSERT_TRUE(alerts_->Close(class_teacher_, a.id, now.version, Outcome::kResolved));
    now = Reload(a.id);
    EXPECT_EQ(now.state, AlertState::kClosed);
    EXPECT_EQ(now.outcome, Outcome::kResolved);
    EXPECT_TRUE(now.acknowledged_ms.has_value());
    EXPECT_EQ(alerts_->Close(psych_, a.id, now.version, Outcome::kResolved).error().code,
              ErrorCode::kFailedPrecondition);
    // Closed alerts leave the inbox unless asked for.
    EXPECT_EQ(InboxCount(class_teacher_), 0);
    InboxFilter closed;
    closed.states = {AlertState::kClosed};
    EXPECT_EQ(alerts_->Inbox(class_teacher_, closed)->total, 1);
    InboxFilter bad;
    bad.limit = 0;
    EXPECT_EQ(alerts_->Inbox(class_teacher_, bad).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(AlertServiceTest, ACountySetsItsOwnResponseTimes) {
    auto defaults = alerts_->ResponseTimes(bureau_, county_.id);
    ASSERT_TRUE(defaults) << defaults.error().message;
    EXPECT_EQ(defaults->set_on, std::nullopt);
    EXPECT_EQ(defaults->times, core::warning::DefaultResponseTimes());

    auto times = core::warning::DefaultResponseTimes();
    times.by_level = {core::warning::ResponseTime{30, false}, core::warning::ResponseTime{60, false},
                      core::warning::ResponseTime{90, false}};  // level III within an hour and a half
    // Not a school's or a teacher's to set; not on a school; not out of bounds.
    EXPECT_FALSE(alerts_->SetResponseTimes(psych_, county_.id, times));
    EXPECT_EQ(alerts_->SetResponseTimes(bureau_, school_.id, times).error().code, ErrorCode::kInvalidArgument);
    auto wrong = times;
    wrong.by_level[0].minutes = 1;
    EXPECT_EQ(alerts_->SetResponseTimes(bureau_, county_.id, wrong).error().code, ErrorCode::kInvalidArgument);

    ASSERT_TRUE(alerts_->SetResponseTimes(bureau_, county_.id, times));
    const auto set = alerts_->ResponseTimes(bureau_, county_.id);
    EXPECT_EQ(set->set_on, county_.id);
    EXPECT_EQ(set->times, times);
    const auto a = Raise(1, Level::kIII);
    EXPECT_EQ(a.alert.due_ms - a.alert.created_ms, 90 * kMinute);
    accounts_->clock.Advance(91 * kMinute);
    EXPECT_EQ(*alerts_->EscalateDue(), 1);
    // The next step is due by the same regional time.
    EXPECT_EQ(Reload(a.id).alert.due_ms, accounts_->clock.NowUnixMillis() + 90 * kMinute);

    ASSERT_TRUE(alerts_->ClearResponseTimes(bureau_, county_.id));
    EXPECT_EQ(alerts_->ResponseTimes(bureau_, county_.id)->set_on, std::nullopt);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'region.response_times.%'"), 2);
}

TEST_P(AlertServiceTest, TheInboxFiltersByLevelAndOverdueAndPagesMostUrgentFirst) {
    const auto three = Raise(1, Level::kIII);
    const auto one = Raise(0, Level::kI);
    // The psychology teacher owns both; the most urgent leads.
    InboxFilter page;
    page.limit = 1;
    auto inbox = alerts_->Inbox(psych_, page);
    ASSERT_TRUE(inbox) << inbox.error().message;
    EXPECT_EQ(inbox->total, 2);
    ASSERT_EQ(inbox->items.size(), 1u);
    EXPECT_EQ(inbox->items[0].alert.id, one.id);
    page.offset = 1;
    ASSERT_EQ(alerts_->Inbox(psych_, page)->items.size(), 1u);
    EXPECT_EQ(alerts_->Inbox(psych_, page)->items[0].alert.id, three.id);

    InboxFilter by_level;
    by_level.level = Level::kIII;
    inbox = alerts_->Inbox(psych_, by_level);
    ASSERT_EQ(inbox->total, 1);
    EXPECT_EQ(inbox->items[0].alert.id, three.id);
    // The counts stay those of all live alerts, whatever the filter.
    EXPECT_EQ(inbox->by_level[0], 1);
    EXPECT_EQ(inbox->by_level[2], 1);

    InboxFilter overdue;
    overdue.overdue_only = true;
    EXPECT_EQ(alerts_->Inbox(psych_, overdue)->total, 0);
    accounts_->clock.Advance(61 * kMinute);  // level I is past its hour; III has a week
    inbox = alerts_->Inbox(psych_, overdue);
    ASSERT_EQ(inbox->total, 1);
    EXPECT_EQ(inbox->items[0].alert.id, one.id);
    EXPECT_EQ(inbox->overdue, 1);
}

TEST_P(AlertServiceTest, TwoEscalatorsRacingOverTheSameDueAlertsStepEachOnce) {
    // Two servers' rounds in lockstep: both read the same due alerts at the same moment, and
    // only one of the two writes each step (the other finds the version moved).
    constexpr int kAlerts = 60;
    const std::int64_t now = accounts_->clock.NowUnixMillis();
    ASSERT_TRUE(accounts_->data.Write([&](core::ports::Repositories& r) -> core::Status {
        const auto place = core::warning::PlaceOf(class1_.path, school_.id, county_.id);
        for (int i = 0; i < kAlerts; ++i) {
            core::warning::NewAlert a;
            a.student_id = class1_students_[static_cast<std::size_t>(i) % class1_students_.size()];
            a.org_path = class1_.path;
            a.level = Level::kIII;
            a.created_ms = now - 8 * kDay;
            a.due_ms = now - kDay;
            a.owners = core::warning::StartOwners(a.level, place);
            XINQIAO_RETURN_IF_ERROR(r.Alerts().Insert(a));
        }
        return core::Ok();
    }));
    AlertService other(accounts_->data, accounts_->clock);
    std::atomic<int> ready{0};
    int first = -1, second = -1;
    const auto race = [&](AlertService& s, int& escalated) {
        ++ready;
        while (ready < 2) std::this_thread::yield();
        const auto done = s.EscalateDue();
        escalated = done ? *done : -1;
    };
    std::thread a([&] { race(*alerts_, first); });
    std::thread b([&] { race(other, second); });
    a.join();
    b.join();
    ASSERT_GE(first, 0);
    ASSERT_GE(second, 0);
    EXPECT_EQ(first + second, kAlerts);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM alert_events WHERE kind = 'escalated'"), kAlerts);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM alerts WHERE escalations = 1 AND tier = 1"), kAlerts);
}

TEST_P(AlertServiceTest, AChangeIsWrittenOnlyOnTheVersionItWasMadeFrom) {
    // What makes each escalation happen once with several servers: two writers that both read
    // version v; the first write wins, the second finds the version moved and writes nothing.
    const auto a = Raise(0, Level::kIII);
    auto mine = a, theirs = a;
    mine.alert.tier = Tier::kGrade;
    theirs.alert.tier = Tier::kSchool;
    bool first = false, second = true;
    ASSERT_TRUE(accounts_->data.Write([&](core::ports::Repositories& r) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(first, r.Alerts().Update(mine));
        XINQIAO_ASSIGN_OR_RETURN(second, r.Alerts().Update(theirs));
        return core::Ok();
    }));
    EXPECT_TRUE(first);
    EXPECT_FALSE(second);
    const auto now = Reload(a.id);
    EXPECT_EQ(now.alert.tier, Tier::kGrade);
    EXPECT_EQ(now.version, a.version + 1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, AlertServiceTest, ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::service
