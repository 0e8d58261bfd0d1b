#pragma once
// Early warning (预警): who must act on an alert, by when, and where it goes when nobody does.
//
// The warning network of the action plans runs class → grade (faculty) → school → county
// centre → city centre. An alert starts on the tier its level calls for (III: the class, with
// the school's psychology teacher; II: the school; I: the county centre, with the school) and,
// when nobody has acknowledged it by its due time, escalates one tier up, again and again, with
// a new due time each step, until the top of the network. Response times per level are a
// regional setting; the defaults are the plans': I within 1 hour, II within one school day,
// III within a week.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/policy.hpp"
#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"
#include "core/screening/instrument.hpp"
#include "core/screening/risk.hpp"

namespace xinqiao::core::warning {

using screening::Level;

// Tiers of the warning network, lowest first.
enum class Tier { kClass = 0, kGrade = 1, kSchool = 2, kCounty = 3, kCity = 4 };
std::string_view TierName(Tier t);  // "class", "grade", "school", "county", "city"
std::optional<Tier> ParseTier(std::string_view name);

// Where a student sits in the network: the unit of each tier (0 where there is none: a class
// directly under its school has no grade; a county at the root has no city).
struct Place {
    org::OrgUnitId class_id = 0, grade_id = 0, school_id = 0, county_id = 0, city_id = 0;
};
// From the student's class path and their school and county: the grade is the class's parent
// unless that is the school; the city is the county's parent, if it has one.
Place PlaceOf(std::string_view class_path, org::OrgUnitId school_id, org::OrgUnitId county_id);

// Someone who must act on an alert: a role on a unit (everyone holding that grant).
struct Owner {
    auth::Role role = auth::Role::kPsychologyTeacher;
    org::OrgUnitId unit_id = 0;
    bool operator==(const Owner&) const = default;
};

// The staff roles alerts are addressed to along the network: class teacher, grade lead,
// psychology teacher, school leader, bureau staff.
const std::vector<auth::Role>& OwnerRoles();
bool IsOwnerRole(auth::Role role);
// The units of `place` along the network, class first (those it has).
std::vector<org::OrgUnitId> NetworkUnits(const Place& place);

// The tier an alert of `level` starts on.
Tier StartTier(Level level);
// The owners of a new alert: III class teacher and psychology teacher; II psychology teacher
// and school leader; I those and the county centre (bureau staff on the county).
std::vector<Owner> StartOwners(Level level, const Place& place);
// The owners a step up to `tier` adds: grade lead; psychology teacher and school leader; bureau
// staff on the county; on the city.
std::vector<Owner> OwnersAt(Tier tier, const Place& place);
// The next tier up that `place` has a unit for; nullopt at the top of the network.
std::optional<Tier> NextTier(Tier tier, const Place& place);

// How long owners have to acknowledge an alert of one level. With `school_days`, a due time
// that falls on a Saturday or Sunday (China time) moves to the same time on Monday.
struct ResponseTime {
    int minutes = 60;
    bool school_days = false;
    bool operator==(const ResponseTime&) const = default;
};
// Response times for levels I, II and III.
struct ResponseTimes {
    std::array<ResponseTime, 3> by_level;
    const ResponseTime& Of(Level level) const;
    bool operator==(const ResponseTimes&) const = default;
};
// I 60 minutes, II 1,440 minutes counted in school days, III 10,080 minutes (a week).
ResponseTimes DefaultResponseTimes();
// Each between 5 minutes and 30 days, and I no longer than II, II no longer than III.
Status ValidateResponseTimes(const ResponseTimes& t);
// When an alert of `level` raised (or escalated) at `from_ms` is due.
std::int64_t DueMs(const ResponseTimes& t, Level level, std::int64_t from_ms);

// An alert's life: open (nobody has acknowledged it; it escalates when due), acknowledged
// (someone is on it), closed (with an outcome).
enum class AlertState { kOpen, kAcknowledged, kClosed };
std::string_view AlertStateName(AlertState s);
std::optional<AlertState> ParseAlertState(std::string_view name);

// How an alert ended.
enum class Outcome {
    kResolved,    // talked with the student; no further action needed
    kCaseOpened,  // the student is now a crisis case
    kReferred,    // handed to a hospital or an outside service
    kFalseAlarm,  // the signal was mistaken (a misread answer, a joke)
};
std::string_view OutcomeName(Outcome o);
std::optional<Outcome> ParseOutcome(std::string_view name);

// Why an action on an alert in state `s` is refused, or nullopt when it may go ahead.
enum class AlertAction { kAcknowledge, kAssign, kEscalate, kClose, kRecordTask };
std::optional<std::string> WhyNot(AlertAction action, AlertState s);

// An alert as it is raised: about whom, why, on which tier, owned by whom, due when.
struct NewAlert {
    std::int64_t student_id = 0;
    std::string org_path;  // the student's class path
    std::string source = "screening";
    std::optional<std::int64_t> source_id;  // the assessment, for screening
    Level level = Level::kIII;
    std::vector<screening::Reason> reasons;
    std::int64_t created_ms = 0;
    std::int64_t due_ms = 0;
    Tier tier = Tier::kClass;
    std::vector<Owner> owners;
    std::optional<std::int64_t> raised_by;  // the person whose report raised it; none for screening
};

// What the plans ask of a student's class teacher while an alert is live: talk with the student,
// contact the home, keep watch in class. They record each as done; the alert's owners decide
// the rest (acknowledge, close, open a case).
enum class CareTask { kTalk, kHomeContact, kWatch };
std::string_view CareTaskName(CareTask t);  // "talk", "home_contact", "watch"
std::optional<CareTask> ParseCareTask(std::string_view name);
// The tasks an alert of `level` asks of the class teacher, most pressing first: I and II all
// three (I: watch and home contact first, the student is not left alone), III a talk and watch.
const std::vector<CareTask>& CareTasksOf(Level level);

// An alert as stored, with where it is in its life.
struct Alert {
    std::int64_t id = 0;
    NewAlert alert;
    AlertState state = AlertState::kOpen;
    // A person reported something about the student (any signal but screening raised or joined
    // it): the inbox puts these first.
    bool reported = false;
    int escalations = 0;
    std::int64_t version = 1;                 // bumped by every change; changes are made only on the version read
    std::optional<std::int64_t> escalate_ms;  // when it next escalates; none unless open below the top
    std::optional<std::int64_t> acknowledged_ms, acknowledged_by, assignee_id, closed_ms;
    std::optional<Outcome> outcome;
};

// One thing that happened to an alert.
struct AlertEvent {
    std::int64_t id = 0;
    std::int64_t alert_id = 0;
    std::int64_t at_ms = 0;
    std::string kind;                      // AlertStepName of the step, or "read"
    std::optional<std::int64_t> actor_id;  // none for the system (escalation when due)
    std::string actor_name;                // filled by Events()
    Tier tier = Tier::kClass;
    std::string detail;  // escalated: "due" or "by_hand"; assigned: the assignee's id; closed: the outcome
};

// Whether someone holding `grants` may acknowledge, assign, escalate and close `a` about a
// student at `target`: a grant that may handle alerts there (auth::Action::kHandleAlerts), where
// a class teacher's counts only on alerts addressed to their class (level III). At levels II and
// I the class teacher records the plan's tasks (CareTasksOf) and the owners decide.
bool MayHandle(const std::vector<auth::Grant>& grants, const Alert& a, const auth::Target& target);
// Whether a grant of `role` on `unit` may decide `a` where it may handle alerts at all: every role
// but the class teacher, who decides only the alerts addressed to their class.
bool DecidesAs(const Alert& a, auth::Role role, org::OrgUnitId unit);

// Response times as a unit sets them.
struct RegionalTimes {
    org::OrgUnitId set_on = 0;
    ResponseTimes times;
};

// Someone holding an owning role on a unit along a student's path.
struct Handler {
    std::int64_t account_id = 0;
    std::string display_name;
    auth::Role role = auth::Role::kPsychologyTeacher;
    org::OrgUnitId unit_id = 0;
};

// The steps of an alert's timeline: what a change did.
enum class AlertStep {
    kRaised,
    kJoined,       // another signal about the student joined the live alert
    kRaisedLevel,  // ... and made it more urgent
    kAcknowledged,
    kAssigned,
    kEscalated,            // passed one tier up the network
    kUnacknowledgedAtTop,  // due at the top of the network, where it stops escalating
    kClosed,
    kTaskDone,  // the class teacher did one of CareTasksOf(level); the detail names it
};
std::string_view AlertStepName(AlertStep s);  // "raised", "joined", "raised_level", ...
// The webhook event a step announces to the units above the student, if any.
std::optional<std::string_view> WebhookEventOf(AlertStep s);

// What a change did to an alert: its timeline step, the step's detail and the owners it adds.
struct AlertChange {
    AlertStep step = AlertStep::kRaised;
    std::string detail;
    std::vector<Owner> owners;
};

// Changes to an alert. Each applies itself to `a` (state, tier, due and escalation times) and
// says what it did; the caller stores `a` on the version it read and the change on the timeline.
// Requires: WhyNot(action, a.state) allowed the matching action.

// A new alert of `level` about the student at `place` (class path `class_path`): tier and owners
// by the warning network, due by `times`.
NewAlert Raise(std::int64_t student_id, const std::string& class_path, const Place& place, Level level,
               std::vector<screening::Reason> reasons, const ResponseTimes& times, std::int64_t now);
// Whether a signal of `level` makes `a` more urgent (Join then needs the response times).
bool RaisesLevel(const Alert& a, Level level);
// Another signal about the student joins the live alert `a`: its reasons are merged in and, if it
// is more urgent, the alert takes its level, is due again by `times` and must be acknowledged
// anew. `source` is the signal's source, the step's detail.
AlertChange Join(Alert& a, Level level, const std::vector<screening::Reason>& reasons, const Place& place,
                 const ResponseTimes& times, std::int64_t now, std::string_view source);
AlertChange Acknowledge(Alert& a, std::int64_t by, std::int64_t now);
AlertChange AssignTo(Alert& a, std::int64_t assignee);
// A care task done: on the timeline only; the alert's state and clock are the owners' to change.
AlertChange RecordTask(Alert& a, CareTask task);
// One tier up the network, due again by `times`. At the top a person is told
// (kFailedPrecondition); the system instead stops escalating it (kUnacknowledgedAtTop).
Result<AlertChange> StepUp(Alert& a, const Place& place, const ResponseTimes& times, std::int64_t now, bool by_person);
// Closes `a` with `outcome`; closing answers the alert too if nobody had.
AlertChange Close(Alert& a, Outcome outcome, std::int64_t by, std::int64_t now);

}  // namespace xinqiao::core::warning
