#include "core/warning/alert.hpp"

#include <algorithm>

#include "core/common/date.hpp"
#include "core/common/enum_names.hpp"
#include "core/screening/campaign.hpp"
#include "core/warning/signal.hpp"

namespace xinqiao::core::warning {
namespace {

using auth::Role;

constexpr NameTable<Tier, 5> kTiers = {{
    {Tier::kClass, "class"},
    {Tier::kGrade, "grade"},
    {Tier::kSchool, "school"},
    {Tier::kCounty, "county"},
    {Tier::kCity, "city"},
}};

constexpr NameTable<AlertState, 3> kStates = {{
    {AlertState::kOpen, "open"},
    {AlertState::kAcknowledged, "acknowledged"},
    {AlertState::kClosed, "closed"},
}};

constexpr NameTable<Outcome, 4> kOutcomes = {{
    {Outcome::kResolved, "resolved"},
    {Outcome::kCaseOpened, "case_opened"},
    {Outcome::kReferred, "referred"},
    {Outcome::kFalseAlarm, "false_alarm"},
}};

constexpr NameTable<CareTask, 3> kCareTasks = {{
    {CareTask::kTalk, "talk"},
    {CareTask::kHomeContact, "home_contact"},
    {CareTask::kWatch, "watch"},
}};

constexpr NameTable<AlertStep, 9> kSteps = {{
    {AlertStep::kRaised, "raised"},
    {AlertStep::kJoined, "joined"},
    {AlertStep::kRaisedLevel, "raised_level"},
    {AlertStep::kAcknowledged, "acknowledged"},
    {AlertStep::kAssigned, "assigned"},
    {AlertStep::kEscalated, "escalated"},
    {AlertStep::kUnacknowledgedAtTop, "unacknowledged_at_top"},
    {AlertStep::kClosed, "closed"},
    {AlertStep::kTaskDone, "task_done"},
}};

constexpr int kMinMinutes = 5;
constexpr int kMaxMinutes = 30 * 24 * 60;
constexpr std::int64_t kMinuteMs = 60LL * 1000;
constexpr std::int64_t kDayMs = 24 * 60 * kMinuteMs;

org::OrgUnitId UnitOf(Tier t, const Place& p) {
    switch (t) {
        case Tier::kClass: return p.class_id;
        case Tier::kGrade: return p.grade_id;
        case Tier::kSchool: return p.school_id;
        case Tier::kCounty: return p.county_id;
        case Tier::kCity: return p.city_id;
    }
    return 0;
}

}  // namespace

std::string_view TierName(Tier t) { return NameOf(kTiers, t); }
std::optional<Tier> ParseTier(std::string_view name) { return ParseName(kTiers, name); }
std::string_view AlertStateName(AlertState s) { return NameOf(kStates, s); }
std::optional<AlertState> ParseAlertState(std::string_view name) { return ParseName(kStates, name); }
std::string_view OutcomeName(Outcome o) { return NameOf(kOutcomes, o); }
std::optional<Outcome> ParseOutcome(std::string_view name) { return ParseName(kOutcomes, name); }
std::string_view CareTaskName(CareTask t) { return NameOf(kCareTasks, t); }
std::optional<CareTask> ParseCareTask(std::string_view name) { return ParseName(kCareTasks, name); }

const std::vector<CareTask>& CareTasksOf(Level level) {
    static const std::vector<CareTask> kUrgent = {CareTask::kWatch, CareTask::kHomeContact, CareTask::kTalk};
    static const std::vector<CareTask> kSoon = {CareTask::kTalk, CareTask::kHomeContact, CareTask::kWatch};
    static const std::vector<CareTask> kWatchful = {CareTask::kTalk, CareTask::kWatch};
    switch (level) {
        case Level::kI: return kUrgent;
        case Level::kII: return kSoon;
        default: return kWatchful;
    }
}
std::string_view AlertStepName(AlertStep s) { return NameOf(kSteps, s); }

std::optional<std::string_view> WebhookEventOf(AlertStep s) {
    // Passed up or made more urgent: the units above the student hear of it.
    switch (s) {
        case AlertStep::kRaised:
            return "alert.raised";
        case AlertStep::kEscalated:
            return "alert.escalated";
        case AlertStep::kRaisedLevel:
            return "alert.level_raised";
        default:
            return std::nullopt;
    }
}

Place PlaceOf(std::string_view class_path, org::OrgUnitId school_id, org::OrgUnitId county_id) {
    Place p;
    p.school_id = school_id;
    p.county_id = county_id;
    const auto ids = org::PathIds(class_path);
    if (ids.empty()) return p;
    p.class_id = ids.back();
    if (ids.size() >= 2 && ids[ids.size() - 2] != school_id) p.grade_id = ids[ids.size() - 2];
    for (std::size_t i = 1; i < ids.size(); ++i) {
        if (ids[i] == county_id) p.city_id = ids[i - 1];
    }
    return p;
}

const std::vector<auth::Role>& OwnerRoles() {
    static const std::vector<auth::Role> kRoles = {Role::kClassTeacher, Role::kGradeLead, Role::kPsychologyTeacher,
                                                   Role::kSchoolLeader, Role::kBureauStaff};
    return kRoles;
}

bool IsOwnerRole(auth::Role role) {
    const auto& roles = OwnerRoles();
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::vector<org::OrgUnitId> NetworkUnits(const Place& p) {
    std::vector<org::OrgUnitId> units;
    for (int t = static_cast<int>(Tier::kClass); t <= static_cast<int>(Tier::kCity); ++t) {
        if (const auto unit = UnitOf(static_cast<Tier>(t), p)) units.push_back(unit);
    }
    return units;
}

Tier StartTier(Level level) {
    switch (level) {
        case Level::kI: return Tier::kCounty;
        case Level::kII: return Tier::kSchool;
        default: return Tier::kClass;
    }
}

std::vector<Owner> StartOwners(Level level, const Place& p) {
    switch (level) {
        case Level::kIII: return {{Role::kClassTeacher, p.class_id}, {Role::kPsychologyTeacher, p.school_id}};
        case Level::kII: return {{Role::kPsychologyTeacher, p.school_id}, {Role::kSchoolLeader, p.school_id}};
        case Level::kI:
            return {{Role::kPsychologyTeacher, p.school_id},
                    {Role::kSchoolLeader, p.school_id},
                    {Role::kBureauStaff, p.county_id}};
        case Level::kIV: break;
    }
    return {};
}

std::vector<Owner> OwnersAt(Tier tier, const Place& p) {
    const org::OrgUnitId unit = UnitOf(tier, p);
    if (unit == 0) return {};
    switch (tier) {
        case Tier::kClass: return {{Role::kClassTeacher, unit}};
        case Tier::kGrade: return {{Role::kGradeLead, unit}};
        case Tier::kSchool: return {{Role::kPsychologyTeacher, unit}, {Role::kSchoolLeader, unit}};
        case Tier::kCounty:
        case Tier::kCity: return {{Role::kBureauStaff, unit}};
    }
    return {};
}

std::optional<Tier> NextTier(Tier tier, const Place& p) {
    for (int t = static_cast<int>(tier) + 1; t <= static_cast<int>(Tier::kCity); ++t) {
        if (UnitOf(static_cast<Tier>(t), p) != 0) return static_cast<Tier>(t);
    }
    return std::nullopt;
}

const ResponseTime& ResponseTimes::Of(Level level) const {
    const int i = static_cast<int>(level) - 1;
    return by_level[static_cast<std::size_t>(i < 0 ? 0 : (i > 2 ? 2 : i))];
}

ResponseTimes DefaultResponseTimes() {
    ResponseTimes t;
    t.by_level = {ResponseTime{60, false}, ResponseTime{24 * 60, true}, ResponseTime{7 * 24 * 60, false}};
    return t;
}

Status ValidateResponseTimes(const ResponseTimes& t) {
    static constexpr const char* kNames[] = {"I", "II", "III"};
    for (std::size_t i = 0; i < t.by_level.size(); ++i) {
        const int m = t.by_level[i].minutes;
        if (m < kMinMinutes || m > kMaxMinutes) {
            return Error::InvalidArgument(std::string("the response time of level ") + kNames[i] +
                                              " must be between 5 minutes and 30 days (43200 minutes)",
                                          "/level_" + std::to_string(i + 1) + "/minutes");
        }
        if (i > 0 && m < t.by_level[i - 1].minutes) {
            return Error::InvalidArgument(std::string("level ") + kNames[i] + " cannot be due sooner than level " +
                                              kNames[i - 1] + ", which is more urgent",
                                          "/level_" + std::to_string(i + 1) + "/minutes");
        }
    }
    return Ok();
}

std::int64_t DueMs(const ResponseTimes& t, Level level, std::int64_t from_ms) {
    const ResponseTime& r = t.Of(level);
    std::int64_t due = from_ms + r.minutes * kMinuteMs;
    if (r.school_days) {
        // 1970-01-01 was a Thursday: (days + 4) % 7 is 0 on Sundays, 6 on Saturdays.
        const auto weekday = [](std::int64_t ms) { return (DaysFromCivil(screening::ChinaDateOf(ms)) + 4) % 7; };
        while (weekday(due) == 0 || weekday(due) == 6) due += kDayMs;
    }
    return due;
}

std::optional<std::string> WhyNot(AlertAction action, AlertState s) {
    if (s == AlertState::kClosed) return std::string("this alert is closed");
    if (action == AlertAction::kAcknowledge && s == AlertState::kAcknowledged) {
        return std::string("this alert was already acknowledged");
    }
    return std::nullopt;
}

NewAlert Raise(std::int64_t student_id, const std::string& class_path, const Place& place, Level level,
               std::vector<screening::Reason> reasons, const ResponseTimes& times, std::int64_t now) {
    NewAlert a;
    a.student_id = student_id;
    a.org_path = class_path;
    a.level = level;
    a.reasons = std::move(reasons);
    a.created_ms = now;
    a.due_ms = DueMs(times, level, now);
    a.tier = StartTier(level);
    a.owners = StartOwners(level, place);
    return a;
}

bool RaisesLevel(const Alert& a, Level level) { return screening::Higher(level, a.alert.level) != a.alert.level; }

AlertChange Join(Alert& a, Level level, const std::vector<screening::Reason>& reasons, const Place& place,
                 const ResponseTimes& times, std::int64_t now, std::string_view source) {
    const bool raises = RaisesLevel(a, level);
    if (source != "screening") a.reported = true;
    a.alert.reasons = MergeReasons(std::move(a.alert.reasons), reasons);
    if (!raises) return {AlertStep::kJoined, std::string(source), {}};
    a.alert.level = level;
    a.alert.tier = std::max(a.alert.tier, StartTier(level));
    a.alert.due_ms = DueMs(times, level, now);
    a.state = AlertState::kOpen;  // someone must acknowledge it at the new level
    a.escalate_ms = a.alert.due_ms;
    return {AlertStep::kRaisedLevel, std::string(source), StartOwners(level, place)};
}

AlertChange Acknowledge(Alert& a, std::int64_t by, std::int64_t now) {
    a.state = AlertState::kAcknowledged;
    a.acknowledged_ms = now;
    a.acknowledged_by = by;
    a.escalate_ms.reset();
    return {AlertStep::kAcknowledged, "", {}};
}

AlertChange AssignTo(Alert& a, std::int64_t assignee) {
    a.assignee_id = assignee;
    return {AlertStep::kAssigned, std::to_string(assignee), {}};
}

bool DecidesAs(const Alert& a, Role role, org::OrgUnitId unit) {
    if (role != Role::kClassTeacher) return true;
    const Owner mine{role, unit};
    return std::find(a.alert.owners.begin(), a.alert.owners.end(), mine) != a.alert.owners.end();
}

bool MayHandle(const std::vector<auth::Grant>& grants, const Alert& a, const auth::Target& target) {
    return std::any_of(grants.begin(), grants.end(), [&](const auth::Grant& g) {
        return auth::Authorize({g}, auth::Action::kHandleAlerts, target).allowed() && DecidesAs(a, g.role, g.unit_id);
    });
}

AlertChange RecordTask(Alert&, CareTask task) { return {AlertStep::kTaskDone, std::string(CareTaskName(task)), {}}; }

Result<AlertChange> StepUp(Alert& a, const Place& place, const ResponseTimes& times, std::int64_t now, bool by_person) {
    const auto next = NextTier(a.alert.tier, place);
    if (!next) {
        if (by_person) return Error::FailedPrecondition("this alert is already at the top of the warning network");
        a.escalate_ms.reset();
        return AlertChange{AlertStep::kUnacknowledgedAtTop, "", {}};
    }
    a.alert.tier = *next;
    ++a.escalations;
    a.alert.due_ms = DueMs(times, a.alert.level, now);
    if (a.state == AlertState::kOpen) a.escalate_ms = a.alert.due_ms;
    return AlertChange{AlertStep::kEscalated, by_person ? "by_hand" : "due", OwnersAt(*next, place)};
}

AlertChange Close(Alert& a, Outcome outcome, std::int64_t by, std::int64_t now) {
    if (!a.acknowledged_ms) {
        a.acknowledged_ms = now;
        a.acknowledged_by = by;
    }
    a.state = AlertState::kClosed;
    a.closed_ms = now;
    a.outcome = outcome;
    a.escalate_ms.reset();
    return {AlertStep::kClosed, std::string(OutcomeName(outcome)), {}};
}

}  // namespace xinqiao::core::warning
