#include "service/alert_service.hpp"

#include <utility>

#include "service/audit_writer.hpp"
#include "service/read_result.hpp"
#include "service/subject.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Result;
using core::Status;
using core::auth::Action;
using core::auth::Role;
using core::ports::Alert;
using core::ports::AlertEvent;
using core::ports::Repositories;
using core::warning::AlertAction;
using core::warning::AlertState;

std::string Missing(std::int64_t id) { return "no alert with id " + std::to_string(id); }

// The alert and the role that allows `action` on its student. Unknown alerts and alerts the
// principal may not see (kViewRisk on the student: a student never learns of alerts about
// themselves) answer the same kNotFound; seen but not `action`, kPermissionDenied.
Result<std::pair<Alert, Role>> Authorized(Repositories& r, const Principal& p, std::int64_t id, Action action) {
    XINQIAO_ASSIGN_OR_RETURN(auto a, NotFoundAs(r.Alerts().Get(id), Missing(id)));
    auto seen = AuthorizedSubject(r, p, a.alert.student_id, Action::kViewRisk);
    if (!seen) {
        const auto code = seen.error().code;
        if (code == core::ErrorCode::kNotFound || code == core::ErrorCode::kPermissionDenied) {
            return Error::NotFound(Missing(id));
        }
        return std::move(seen).error();
    }
    Role via = seen->second;
    if (action != Action::kViewRisk) {
        const auto d = core::auth::Authorize(p.grants, action, seen->first.target);
        if (!d.allowed()) return Error::PermissionDenied("you cannot act on alerts about this student");
        via = d.via.value_or(via);
    }
    return std::pair<Alert, Role>(std::move(a), via);
}

AuditTarget TargetOf(const Alert& a) { return {"alert", std::to_string(a.id), a.alert.org_path}; }

// The staff roles that own alerts.
bool OwnsAlerts(Role role) {
    return role == Role::kClassTeacher || role == Role::kGradeLead || role == Role::kPsychologyTeacher ||
           role == Role::kSchoolLeader || role == Role::kBureauStaff;
}

// One step up the network for `a`, written only on the version read. False when someone else
// changed the alert first. kFailedPrecondition at the top when `by` is a person; the system
// instead stops escalating it and says so on the timeline.
Result<bool> StepUp(Repositories& r, Alert a, std::int64_t now, const std::optional<std::int64_t>& by) {
    XINQIAO_ASSIGN_OR_RETURN(const auto student, r.Students().Get(a.alert.student_id));
    const auto place = core::warning::PlaceOf(a.alert.org_path, student.school_id, student.county_id);
    const auto next = core::warning::NextTier(a.alert.tier, place);
    AlertEvent e;
    e.alert_id = a.id;
    e.at_ms = now;
    e.actor_id = by;
    if (!next) {
        if (by) return Error::FailedPrecondition("this alert is already at the top of the warning network");
        a.escalate_ms.reset();
        XINQIAO_ASSIGN_OR_RETURN(const bool written, r.Alerts().Update(a));
        if (!written) return false;
        e.kind = "unacknowledged_at_top";
        e.tier = a.alert.tier;
        XINQIAO_RETURN_IF_ERROR(r.Alerts().AddEvent(e));
        return true;
    }
    XINQIAO_ASSIGN_OR_RETURN(const auto regional, r.Alerts().ResponseTimesFor(core::org::PathIds(a.alert.org_path)));
    const auto times = regional.value_or(core::warning::DefaultResponseTimes());
    a.alert.tier = *next;
    ++a.escalations;
    a.alert.due_ms = core::warning::DueMs(times, a.alert.level, now);
    if (a.state == AlertState::kOpen) a.escalate_ms = a.alert.due_ms;
    XINQIAO_ASSIGN_OR_RETURN(const bool written, r.Alerts().Update(a));
    if (!written) return false;
    XINQIAO_RETURN_IF_ERROR(r.Alerts().AddOwners(a.id, core::warning::OwnersAt(*next, place)));
    e.kind = "escalated";
    e.tier = *next;
    e.detail = by ? "by_hand" : "due";
    XINQIAO_RETURN_IF_ERROR(r.Alerts().AddEvent(e));
    return true;
}

}  // namespace

Result<core::ports::InboxPage> AlertService::Inbox(const Principal& p, const InboxFilter& f) {
    if (f.limit < 1 || f.limit > 200) return Error::InvalidArgument("limit must be between 1 and 200", "limit");
    if (f.offset < 0) return Error::InvalidArgument("offset must not be negative", "offset");
    core::ports::InboxQuery q;
    q.account_id = p.account_id;
    for (const auto& g : p.grants) {
        if (OwnsAlerts(g.role)) q.as.push_back({g.role, g.unit_id});
    }
    q.states = f.states;
    q.level = f.level;
    q.overdue_only = f.overdue_only;
    q.now_ms = clock_.NowUnixMillis();
    q.limit = f.limit;
    q.offset = f.offset;
    return ReadResult(store_, [&](Repositories& r) { return r.Alerts().Inbox(q); });
}

Result<AlertView> AlertService::Get(const Principal& p, std::int64_t id) {
    return WriteResult(store_, [&](Repositories& r) -> Result<AlertView> {
        XINQIAO_ASSIGN_OR_RETURN(auto allowed, Authorized(r, p, id, Action::kViewRisk));
        AlertView v;
        v.alert = std::move(allowed.first);
        XINQIAO_ASSIGN_OR_RETURN(v.events, r.Alerts().Events(id));
        XINQIAO_ASSIGN_OR_RETURN(const auto student, r.Students().Get(v.alert.alert.student_id));
        v.student_name = student.name;
        if (auto c = r.Orgs().Get(student.class_id)) v.class_name = c->name;
        if (auto s = r.Orgs().Get(student.school_id)) v.school_name = s->name;
        if (v.alert.assignee_id) {
            if (auto who = r.Accounts().Get(*v.alert.assignee_id)) v.assignee_name = who->display_name;
        }
        XINQIAO_RETURN_IF_ERROR(r.Alerts().MarkRead(p.account_id, id, v.alert.version));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(allowed.second), "alert.read", TargetOf(v.alert)));
        return v;
    });
}

namespace {

// The checks every change makes: the person may handle alerts about the student, the alert is
// still the version they saw, and its state allows the action.
Result<std::pair<Alert, Role>> ForChange(Repositories& r, const Principal& p, std::int64_t id, std::int64_t version,
                                         AlertAction action) {
    XINQIAO_ASSIGN_OR_RETURN(auto allowed, Authorized(r, p, id, Action::kHandleAlerts));
    if (allowed.first.version != version) {
        return Error::Aborted("this alert has changed since you opened it; look at it again");
    }
    if (auto why = core::warning::WhyNot(action, allowed.first.state)) return Error::FailedPrecondition(*why);
    return allowed;
}

Status Written(bool written) {
    if (!written) return Error::Aborted("this alert has changed since you opened it; look at it again");
    return core::Ok();
}

}  // namespace

Status AlertService::Acknowledge(const Principal& p, std::int64_t id, std::int64_t version) {
    const std::int64_t now = clock_.NowUnixMillis();
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto allowed, ForChange(r, p, id, version, AlertAction::kAcknowledge));
        Alert& a = allowed.first;
        a.state = AlertState::kAcknowledged;
        a.acknowledged_ms = now;
        a.acknowledged_by = p.account_id;
        a.escalate_ms.reset();
        XINQIAO_ASSIGN_OR_RETURN(const bool written, r.Alerts().Update(a));
        XINQIAO_RETURN_IF_ERROR(Written(written));
        XINQIAO_RETURN_IF_ERROR(r.Alerts().AddEvent({0, id, now, "acknowledged", p.account_id, "", a.alert.tier, ""}));
        return AppendAudit(r, clock_, p.AsActor(allowed.second), "alert.acknowledge", TargetOf(a));
    });
}

Status AlertService::Assign(const Principal& p, std::int64_t id, std::int64_t version, std::int64_t assignee) {
    const std::int64_t now = clock_.NowUnixMillis();
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto allowed, ForChange(r, p, id, version, AlertAction::kAssign));
        Alert& a = allowed.first;
        const std::string cannot = "that person cannot act on alerts about this student";
        auto account = r.Accounts().Get(assignee);
        if (!account) {
            if (account.error().code == core::ErrorCode::kNotFound) return Error::InvalidArgument(cannot, "/assignee_id");
            return std::move(account).error();
        }
        if (account->is_disabled) return Error::InvalidArgument(cannot, "/assignee_id");
        XINQIAO_ASSIGN_OR_RETURN(const auto grants, r.Accounts().Grants(assignee));
        core::auth::Target target;
        target.org_path = a.alert.org_path;
        if (!core::auth::Authorize(grants, Action::kHandleAlerts, target).allowed()) {
            return Error::InvalidArgument(cannot, "/assignee_id");
        }
        a.assignee_id = assignee;
        XINQIAO_ASSIGN_OR_RETURN(const bool written, r.Alerts().Update(a));
        XINQIAO_RETURN_IF_ERROR(Written(written));
        XINQIAO_RETURN_IF_ERROR(r.Alerts().AddEvent(
            {0, id, now, "assigned", p.account_id, "", a.alert.tier, std::to_string(assignee)}));
        return AppendAudit(r, clock_, p.AsActor(allowed.second), "alert.assign", TargetOf(a));
    });
}

Result<std::vector<core::ports::Handler>> AlertService::Assignees(const Principal& p, std::int64_t id) {
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<core::ports::Handler>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto allowed, Authorized(r, p, id, Action::kHandleAlerts));
        const Alert& a = allowed.first;
        XINQIAO_ASSIGN_OR_RETURN(const auto student, r.Students().Get(a.alert.student_id));
        const auto place = core::warning::PlaceOf(a.alert.org_path, student.school_id, student.county_id);
        std::vector<core::org::OrgUnitId> units;
        for (const auto unit : {place.class_id, place.grade_id, place.school_id, place.county_id, place.city_id}) {
            if (unit != 0) units.push_back(unit);
        }
        return r.Alerts().HoldersOf(units, {Role::kClassTeacher, Role::kGradeLead, Role::kPsychologyTeacher,
                                            Role::kSchoolLeader, Role::kBureauStaff});
    });
}

Status AlertService::Escalate(const Principal& p, std::int64_t id, std::int64_t version) {
    const std::int64_t now = clock_.NowUnixMillis();
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto allowed, ForChange(r, p, id, version, AlertAction::kEscalate));
        XINQIAO_ASSIGN_OR_RETURN(const bool written, StepUp(r, allowed.first, now, p.account_id));
        XINQIAO_RETURN_IF_ERROR(Written(written));
        return AppendAudit(r, clock_, p.AsActor(allowed.second), "alert.escalate", TargetOf(allowed.first));
    });
}

Status AlertService::Close(const Principal& p, std::int64_t id, std::int64_t version, core::warning::Outcome outcome) {
    const std::int64_t now = clock_.NowUnixMillis();
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto allowed, ForChange(r, p, id, version, AlertAction::kClose));
        Alert& a = allowed.first;
        if (!a.acknowledged_ms) {  // closing answers the alert too
            a.acknowledged_ms = now;
            a.acknowledged_by = p.account_id;
        }
        a.state = AlertState::kClosed;
        a.closed_ms = now;
        a.outcome = outcome;
        a.escalate_ms.reset();
        XINQIAO_ASSIGN_OR_RETURN(const bool written, r.Alerts().Update(a));
        XINQIAO_RETURN_IF_ERROR(Written(written));
        XINQIAO_RETURN_IF_ERROR(r.Alerts().AddEvent(
            {0, id, now, "closed", p.account_id, "", a.alert.tier, std::string(core::warning::OutcomeName(outcome))}));
        return AppendAudit(r, clock_, p.AsActor(allowed.second), "alert.close", TargetOf(a));
    });
}

Result<int> AlertService::EscalateDue(int limit) {
    const std::int64_t now = clock_.NowUnixMillis();
    XINQIAO_ASSIGN_OR_RETURN(const auto due, ReadResult(store_, [&](Repositories& r) {
                                 return r.Alerts().DueForEscalation(now, limit);
                             }));
    int escalated = 0;
    Actor system;
    system.role = "system";
    for (const std::int64_t id : due) {
        XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
            XINQIAO_ASSIGN_OR_RETURN(const auto a, r.Alerts().Get(id));
            // Another server (or a person) may have got here first.
            if (a.state != AlertState::kOpen || !a.escalate_ms || *a.escalate_ms > now) return core::Ok();
            XINQIAO_ASSIGN_OR_RETURN(const bool written, StepUp(r, a, now, std::nullopt));
            if (!written) return core::Ok();
            ++escalated;
            return AppendAudit(r, clock_, system, "alert.escalate", TargetOf(a));
        }));
    }
    return escalated;
}

namespace {

// A province, city or county the principal may configure (kEditOrgTree there: bureau staff and
// administrators).
Result<core::org::OrgUnit> RegionFor(Repositories& r, const Principal& p, core::org::OrgUnitId unit, Action action) {
    const std::string missing = "no org unit with id " + std::to_string(unit);
    XINQIAO_ASSIGN_OR_RETURN(auto u, NotFoundAs(r.Orgs().Get(unit), missing));
    core::auth::Target t;
    t.org_path = u.path;
    XINQIAO_RETURN_IF_ERROR(Require(p, action, t, missing));
    using core::org::OrgKind;
    if (u.kind != OrgKind::kProvince && u.kind != OrgKind::kCity && u.kind != OrgKind::kCounty) {
        return Error::InvalidArgument("response times are set on a province, city or county", "/unit_id");
    }
    return u;
}

}  // namespace

Result<ResponseTimesView> AlertService::ResponseTimes(const Principal& p, core::org::OrgUnitId unit) {
    return ReadResult(store_, [&](Repositories& r) -> Result<ResponseTimesView> {
        XINQIAO_ASSIGN_OR_RETURN(const auto u, RegionFor(r, p, unit, Action::kViewAggregates));
        const auto ids = core::org::PathIds(u.path);
        ResponseTimesView v;
        v.times = core::warning::DefaultResponseTimes();
        for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
            XINQIAO_ASSIGN_OR_RETURN(const auto set, r.Alerts().ResponseTimesOf(*it));
            if (set) {
                v.times = *set;
                v.set_on = *it;
                break;
            }
        }
        return v;
    });
}

Status AlertService::SetResponseTimes(const Principal& p, core::org::OrgUnitId unit,
                                      const core::warning::ResponseTimes& t) {
    XINQIAO_RETURN_IF_ERROR(core::warning::ValidateResponseTimes(t));
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto u, RegionFor(r, p, unit, Action::kEditOrgTree));
        XINQIAO_RETURN_IF_ERROR(r.Alerts().SetResponseTimes(unit, t));
        return AppendAudit(r, clock_, p.AsActor(), "region.response_times.set", {"org_unit", std::to_string(unit), u.path});
    });
}

Status AlertService::ClearResponseTimes(const Principal& p, core::org::OrgUnitId unit) {
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto u, RegionFor(r, p, unit, Action::kEditOrgTree));
        XINQIAO_RETURN_IF_ERROR(r.Alerts().ClearResponseTimes(unit));
        return AppendAudit(r, clock_, p.AsActor(), "region.response_times.clear",
                           {"org_unit", std::to_string(unit), u.path});
    });
}

}  // namespace xinqiao::service
