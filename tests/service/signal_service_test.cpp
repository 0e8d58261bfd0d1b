#include "service/signal_service.hpp"

#include "service/alert_service.hpp"
#include "service/screening_fixture.hpp"

namespace xinqiao::service {
namespace {

using namespace fixture;
using core::warning::AlertState;
using core::warning::Concern;
using core::warning::Tier;

constexpr std::int64_t kMinute = 60LL * 1000;

// Signals from people on SQLite and PostgreSQL: who may file about whom, what level a report
// raises, how a report joins the alert already open, and that filing reads nothing back.
class SignalServiceTest : public ScreeningFixture {
protected:
    void SetUp() override {
        ScreeningFixture::SetUp();
        alerts_ = std::make_unique<AlertService>(accounts_->data, accounts_->clock);
        signals_ = std::make_unique<SignalService>(accounts_->data, accounts_->clock);
        peer_ = Staff("peer.liu", Role::kPeerObserver, class1_);
        // The county's 12355 hotline: a unit of its own under the county.
        ASSERT_TRUE(t_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
            store::SqlOrgRepository orgs(s);
            XINQIAO_ASSIGN_OR_RETURN(hotline_unit_, orgs.Create({county_.id, OrgKind::kHotline, "12355", "", std::nullopt, false},
                                                              &county_));
            return core::Ok();
        }));
        hotline_ = Staff("hotline.he", Role::kHotlineOperator, hotline_unit_);
    }

    core::Status File(const Principal& p, std::int64_t student, std::vector<Concern> concerns, bool danger = false,
                      std::string note = "") {
        return signals_->File(p, {student, std::move(concerns), danger, std::move(note)});
    }

    // The student's live alert, as the psychology teacher reads it.
    AlertView AlertOf(std::int64_t student) {
        const auto inbox = alerts_->Inbox(psych_, {});
        EXPECT_TRUE(inbox) << inbox.error().message;
        for (const auto& item : inbox->items) {
            if (item.alert.alert.student_id != student) continue;
            auto v = alerts_->Get(psych_, item.alert.id);
            EXPECT_TRUE(v) << v.error().message;
            return *v;
        }
        ADD_FAILURE() << "no alert for student " << student;
        return {};
    }

    std::unique_ptr<AlertService> alerts_;
    std::unique_ptr<SignalService> signals_;
    Principal peer_, hotline_;
    OrgUnit hotline_unit_;
};

TEST_P(SignalServiceTest, APeerObservationRaisesAnAlertForTheClassAndTheSchool) {
    const auto s = class1_students_[0];
    ASSERT_TRUE(File(peer_, s, {Concern::kMood, Concern::kWithdrawal}));
    const auto v = AlertOf(s);
    EXPECT_EQ(v.alert.alert.level, Level::kIII);
    EXPECT_EQ(v.alert.alert.source, "peer");
    EXPECT_EQ(v.alert.alert.tier, Tier::kClass);
    EXPECT_EQ(v.alert.alert.due_ms - v.alert.alert.created_ms, 7 * kDay);
    ASSERT_EQ(v.alert.alert.reasons.size(), 2u);
    EXPECT_EQ(v.alert.alert.reasons[0].zh, "同伴观察：情绪低落");
    ASSERT_EQ(v.signals.size(), 1u);
    EXPECT_EQ(v.signals[0].filed_role, "peer_observer");
    ASSERT_EQ(v.events.size(), 1u);
    EXPECT_EQ(v.events[0].kind, "raised");
    EXPECT_EQ(v.events[0].detail, "peer");
    EXPECT_EQ(v.events[0].actor_id, peer_.account_id) << "raised by the peer, not the system";
    EXPECT_EQ(v.signals[0].report.concerns, (std::vector<Concern>{Concern::kMood, Concern::kWithdrawal}));
    EXPECT_FALSE(v.signals[0].note_id);
    // The class teacher owns it (level III), and the filing is in the audit trail.
    EXPECT_EQ(alerts_->Inbox(class_teacher_, {})->total, 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'signal.file'"), 1);
}

TEST_P(SignalServiceTest, DangerNowGoesStraightToTheCountyCentre) {
    const auto s = class1_students_[1];
    ASSERT_TRUE(File(hotline_, s, {Concern::kSelfHarmTalk}, /*danger=*/true));
    const auto inbox = alerts_->Inbox(bureau_, {});
    ASSERT_TRUE(inbox);
    ASSERT_EQ(inbox->total, 1);
    EXPECT_EQ(inbox->items[0].alert.alert.level, Level::kI);
    EXPECT_EQ(inbox->items[0].alert.alert.source, "hotline");
    EXPECT_EQ(inbox->items[0].alert.alert.tier, Tier::kCounty);
    EXPECT_EQ(inbox->items[0].alert.alert.due_ms - inbox->items[0].alert.alert.created_ms, 60 * kMinute);
    EXPECT_EQ(inbox->items[0].alert.alert.reasons[0].zh, "热线线索：可能有即时危险");
}

TEST_P(SignalServiceTest, AMoreUrgentSignalJoinsTheOpenAlertAndRaisesIt) {
    const auto s = class1_students_[0];
    ASSERT_TRUE(File(class_teacher_, s, {Concern::kSleepAppetite}));
    const auto first = AlertOf(s);
    ASSERT_TRUE(alerts_->Acknowledge(class_teacher_, first.alert.id, first.alert.version));

    // The same again joins it and changes nothing but its timeline and version (unread again).
    ASSERT_TRUE(File(class_teacher_, s, {Concern::kSleepAppetite}));
    auto v = AlertOf(s);
    EXPECT_EQ(v.alert.id, first.alert.id);
    EXPECT_EQ(v.alert.state, AlertState::kAcknowledged);
    EXPECT_EQ(v.alert.alert.reasons.size(), 1u);
    EXPECT_EQ(v.events.back().kind, "joined");
    EXPECT_EQ(v.events.back().detail, "teacher");

    // A peer hears talk of self-harm: the same alert becomes level II, the school owns it, and it
    // is open again for someone to acknowledge, due within a school day.
    accounts_->clock.Advance(kMinute);
    ASSERT_TRUE(File(peer_, s, {Concern::kSelfHarmTalk}, false, "他说活着没意思"));
    v = AlertOf(s);
    EXPECT_EQ(v.alert.id, first.alert.id);
    EXPECT_EQ(v.alert.alert.level, Level::kII);
    EXPECT_EQ(v.alert.state, AlertState::kOpen);
    EXPECT_EQ(v.alert.alert.tier, Tier::kSchool);
    EXPECT_EQ(v.alert.escalate_ms, v.alert.alert.due_ms);
    EXPECT_GT(v.alert.alert.due_ms, accounts_->clock.NowUnixMillis());
    EXPECT_EQ(v.events.back().kind, "raised_level");
    EXPECT_EQ(v.alert.alert.reasons[0].zh, "同伴观察：自伤或轻生言行");
    EXPECT_EQ(alerts_->Inbox(leader_, {})->total, 1);
    ASSERT_EQ(v.signals.size(), 3u);
    EXPECT_TRUE(v.signals[2].note_id);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM alerts"), 1);

    // The peer's words are a sealed student note, never in the alert tables.
    EXPECT_EQ(AllText("signals").find("活着"), std::string::npos);
    EXPECT_EQ(AllText("alerts").find("活着"), std::string::npos);
    EXPECT_EQ(AllText("student_notes").find("活着"), std::string::npos);
    const auto notes = students_->Notes(psych_, s);
    ASSERT_TRUE(notes) << notes.error().message;
    ASSERT_EQ(notes->size(), 1u);
    EXPECT_EQ(notes->front().body, "他说活着没意思");
    EXPECT_EQ(notes->front().author_role, "peer_observer");
}

// "人员报告优先": what a person reported comes before screening results of the same urgency, the
// inbox filters by where alerts came from, and the reporter's words reach those who read notes.
TEST_P(SignalServiceTest, PeoplesReportsComeFirstWithTheirNotesForThoseWhoReadNotes) {
    ASSERT_TRUE(campaigns_->Create(bureau_, Junior()));
    auto answers = All(0, 0);
    for (int i = 0; i < 5; ++i) answers["phq9"][static_cast<std::size_t>(i)] = 2;  // level III
    ASSERT_TRUE(answering_->Submit(pupils_[0], MineFirst(pupils_[0]), "reports-first", answers));
    accounts_->clock.Advance(kMinute);
    ASSERT_TRUE(File(peer_, class1_students_[1], {Concern::kWithdrawal}, false, "午饭总是一个人"));

    auto inbox = alerts_->Inbox(psych_, {});
    ASSERT_TRUE(inbox) << inbox.error().message;
    ASSERT_EQ(inbox->total, 2);
    EXPECT_EQ(inbox->reported, 1);
    EXPECT_EQ(inbox->items[0].alert.alert.student_id, class1_students_[1]) << "the report first, though it came later";
    EXPECT_TRUE(inbox->items[0].alert.reported);
    EXPECT_FALSE(inbox->items[1].alert.reported);
    const auto only = [&](const std::string& source) {
        InboxFilter f;
        f.source = source;
        const auto page = alerts_->Inbox(psych_, f);
        EXPECT_TRUE(page) << page.error().message;
        std::vector<std::int64_t> students;
        for (const auto& item : page->items) students.push_back(item.alert.alert.student_id);
        return students;
    };
    EXPECT_EQ(only("people"), std::vector<std::int64_t>{class1_students_[1]});
    EXPECT_EQ(only("peer"), std::vector<std::int64_t>{class1_students_[1]});
    EXPECT_EQ(only("screening"), std::vector<std::int64_t>{class1_students_[0]});
    EXPECT_TRUE(only("guardian").empty());

    // A teacher's report joining the screening alert makes it a reported one too.
    ASSERT_TRUE(File(class_teacher_, class1_students_[0], {Concern::kMood}));
    EXPECT_EQ(only("people").size(), 2u);
    EXPECT_EQ(only("teacher"), std::vector<std::int64_t>{class1_students_[0]});
    EXPECT_EQ(alerts_->Inbox(psych_, {})->reported, 2);

    // The peer's note: the psychology teacher reads it on the alert (audited), the class teacher
    // sees only that there is one.
    const auto reported = inbox->items[0].alert.id;
    const auto mine = alerts_->Get(psych_, reported);
    ASSERT_TRUE(mine) << mine.error().message;
    ASSERT_EQ(mine->signals.size(), 1u);
    EXPECT_EQ(mine->signals[0].note, "午饭总是一个人");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'alert.notes.read'"), 1);
    const auto theirs = alerts_->Get(class_teacher_, reported);
    ASSERT_TRUE(theirs) << theirs.error().message;
    EXPECT_TRUE(theirs->signals[0].note_id);
    EXPECT_FALSE(theirs->signals[0].note);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'alert.notes.read'"), 1);
    // Without a note nothing is read or audited.
    ASSERT_TRUE(alerts_->Get(psych_, inbox->items[1].alert.id));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'alert.notes.read'"), 1);
}

TEST_P(SignalServiceTest, ASignalAfterTheAlertClosedRaisesANewOne) {
    const auto s = class1_students_[2];
    ASSERT_TRUE(File(class_teacher_, s, {Concern::kBullying}));
    const auto first = AlertOf(s);
    ASSERT_TRUE(alerts_->Close(psych_, first.alert.id, first.alert.version, core::warning::Outcome::kResolved));
    ASSERT_TRUE(File(class_teacher_, s, {Concern::kBullying}));
    EXPECT_NE(AlertOf(s).alert.id, first.alert.id);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM alerts WHERE student_id = $1", {s}), 2);
}

TEST_P(SignalServiceTest, AScreeningResultJoinsTheOpenAlertToo) {
    const auto s = class1_students_[0];
    ASSERT_TRUE(File(peer_, s, {Concern::kMood}));
    ASSERT_TRUE(campaigns_->Create(bureau_, Junior()));
    auto answers = All(0, 0);
    answers["phq9"][8] = 2;  // item 9: level I
    ASSERT_TRUE(answering_->Submit(pupils_[0], MineFirst(pupils_[0]), "signal-join", answers));
    const auto v = AlertOf(s);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM alerts WHERE student_id = $1", {s}), 1);
    EXPECT_EQ(v.alert.alert.level, Level::kI);
    EXPECT_EQ(v.alert.alert.tier, Tier::kCounty);
    EXPECT_EQ(v.events.back().kind, "raised_level");
    EXPECT_EQ(v.events.back().detail, "screening");
    EXPECT_EQ(alerts_->Inbox(bureau_, {})->total, 1);
}

TEST_P(SignalServiceTest, EachFilerReachesOnlyTheStudentsTheirRoleAllows) {
    const auto own = class1_students_[0];
    // A peer observer files about their class only; another class answers like an unknown id.
    const auto other_class = File(peer_, Count("SELECT MIN(id) FROM students WHERE class_id = $1", {class2_.id}),
                                  {Concern::kMood});
    ASSERT_FALSE(other_class);
    EXPECT_EQ(other_class.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(File(peer_, 999999, {Concern::kMood}).error().code, ErrorCode::kNotFound);
    // A student asks for help for themself, never about a classmate.
    ASSERT_TRUE(File(pupils_[1], class1_students_[1], {Concern::kMood}));
    EXPECT_EQ(AlertOf(class1_students_[1]).alert.alert.source, "self");
    EXPECT_EQ(File(pupils_[1], own, {Concern::kMood}).error().code, ErrorCode::kNotFound);
    // A guardian about their own child only.
    const auto invite = students_->InviteGuardian(class_teacher_, own);
    ASSERT_TRUE(invite) << invite.error().message;
    const auto guardian =
        accounts_->auth.RedeemInvitation(invite->code, "mama.liu", "刘妈妈", "guardian pass 1", "10.1.1.1", "g1");
    ASSERT_TRUE(guardian) << guardian.error().message;
    ASSERT_TRUE(File(guardian->principal, own, {Concern::kFamilyChange}));
    EXPECT_EQ(File(guardian->principal, class1_students_[1], {Concern::kMood}).error().code, ErrorCode::kNotFound);
    // A psychology teacher of another school cannot, and an administrator files nothing.
    const auto primary_psych = Staff("psych.wu", Role::kPsychologyTeacher, primary_);
    EXPECT_EQ(File(primary_psych, own, {Concern::kMood}).error().code, ErrorCode::kNotFound);
    // Refusals changed nothing.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM signals"), 2);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'signal.file'"), 2);
}

TEST_P(SignalServiceTest, BadReportsAreRefusedAndChangeNothing) {
    const auto s = class1_students_[0];
    const auto none = File(peer_, s, {});
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().field, "/concerns");
    EXPECT_EQ(File(peer_, s, {Concern::kMood, Concern::kMood}).error().field, "/concerns/1");
    EXPECT_EQ(File(peer_, s, {Concern::kMood}, false, std::string(1001, 'x')).error().field, "/note");
    EXPECT_EQ(File(peer_, s, {Concern::kMood}, false, "\xff\xfe").error().field, "/note");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM signals"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM alerts"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM student_notes"), 0);
}

TEST_P(SignalServiceTest, ThePickerShowsTheClassOrExactNamesAndNothingElse) {
    // A peer observer sees their classmates.
    auto mine = signals_->Candidates(peer_, "");
    ASSERT_TRUE(mine) << mine.error().message;
    ASSERT_EQ(mine->size(), 3u);
    EXPECT_EQ((*mine)[0].class_name, "1班");
    EXPECT_EQ((*mine)[0].school_name, "明湖一中");
    // A county hotline finds a student only by their exact name.
    EXPECT_TRUE(signals_->Candidates(hotline_, "")->empty());
    EXPECT_TRUE(signals_->Candidates(hotline_, "学生")->empty());
    const auto found = signals_->Candidates(hotline_, " 学生9 ");
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0].school_name, "明湖小学");
    // A student sees only themself.
    const auto self = signals_->Candidates(pupils_[2], "");
    ASSERT_TRUE(self);
    ASSERT_EQ(self->size(), 1u);
    EXPECT_EQ((*self)[0].student_id, class1_students_[2]);
    EXPECT_EQ(signals_->Candidates(peer_, std::string(51, 'x')).error().field, "/name");
}

INSTANTIATE_TEST_SUITE_P(Drivers, SignalServiceTest, ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::service
