#include "service/alert_service.hpp"

#include <algorithm>
#include <functional>
#include <utility>

#include "service/audit_writer.hpp"
#include "service/read_result.hpp"
#include "service/subject.hpp"
#include "service/webhook_service.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Result;
using core::Status;
using core::auth::Action;
using core::auth::Role;
using core::ports::Alert;
using core::ports::Repositories;
using core::warning::AlertAction;
using core::warning::AlertState;

std::string Missing(std::int64_t id) { return "no alert with id " + std::to_string(id); }
constexpr const char* kChanged = "this alert has changed since you opened it; look at it again";

// An alert with its student, and the role that allows the action on it.
struct AlertAccess {
    Alert alert;
    Subject subject;
    Role via = Role::kPsychologyTeacher;
};

// The alert if the principal may do `action` on its student. Unknown alerts and alerts the
// principal may not see (kViewRisk on the student: a student never learns of alerts about
// themselves) answer the same kNotFound; seen but not `action`, kPermissionDenied.
Result<AlertAccess> Authorized(Repositories& r, const Principal& p, std::int64_t id, Action action) {
    XINQIAO_ASSIGN_OR_RETURN(auto a, NotFoundAs(r.Alerts().Get(id), Missing(id)));
    XINQIAO_ASSIGN_OR_RETURN(auto seen, SubjectOfRecord(r, p, a.alert.student_id, action, Missing(id),
                                                        "you cannot act on alerts about this student"));
    return AlertAccess{std::move(a), std::move(seen.first), seen.second};
}

AuditTarget TargetOf(const Alert& a) { return {"alert", std::to_string(a.id), a.alert.org_path}; }

core::warning::Place PlaceOf(const Alert& a, const core::people::Student& s) {
    return core::warning::PlaceOf(a.alert.org_path, s.school_id, s.county_id);
}

// When an alert of `level` on a student at `class_path`, raised or stepped up at `now`, is due:
// by the response times of the nearest unit above the student that sets them, or the defaults.
Result<std::int64_t> DueAt(Repositories& r, const std::string& class_path, core::screening::Level level,
                           std::int64_t now) {
    XINQIAO_ASSIGN_OR_RETURN(const auto regional, r.Alerts().ResponseTimesFor(core::org::PathIds(class_path)));
    const auto times = regional ? regional->times : core::warning::DefaultResponseTimes();
    return core::warning::DueMs(times, level, now);
}

// What a change writes besides the alert's own fields: its timeline entry and the owners it adds.
struct Step {
    std::string kind;  // raised, acknowledged, assigned, escalated, closed, unacknowledged_at_top
    std::string detail;
    std::vector<core::warning::Owner> owners;
};

// Writes `a` on the version it was read at, then the step's owners and timeline entry. False,
// with nothing written, when someone else changed the alert first.
Result<bool> Commit(Repositories& r, const Alert& a, const Step& step, std::int64_t now,
                    std::optional<std::int64_t> by) {
    XINQIAO_ASSIGN_OR_RETURN(const bool written, r.Alerts().Update(a));
    if (!written) return false;
    XINQIAO_RETURN_IF_ERROR(r.Alerts().AddOwners(a.id, step.owners));
    XINQIAO_RETURN_IF_ERROR(r.Alerts().AddEvent({0, a.id, now, step.kind, by, "", a.alert.tier, step.detail}));
    // Passed up or made more urgent: the webhooks of the units above the student hear of it.
    if (step.kind == "escalated") XINQIAO_RETURN_IF_ERROR(NotifyWebhooks(r, a, "alert.escalated", now));
    if (step.kind == "raised_level") XINQIAO_RETURN_IF_ERROR(NotifyWebhooks(r, a, "alert.level_raised", now));
    return true;
}

// One step up the network for `a`, with a new due time and the owners of the tier reached. At
// the top a person is told (kFailedPrecondition); the system instead stops escalating it and
// says so on the timeline.
Result<Step> StepUp(Repositories& r, Alert& a, const core::people::Student& student, std::int64_t now, bool by_person) {
    const auto place = PlaceOf(a, student);
    const auto next = core::warning::NextTier(a.alert.tier, place);
    if (!next) {
        if (by_person) return Error::FailedPrecondition("this alert is already at the top of the warning network");
        a.escalate_ms.reset();
        return Step{"unacknowledged_at_top", "", {}};
    }
    a.alert.tier = *next;
    ++a.escalations;
    XINQIAO_ASSIGN_OR_RETURN(a.alert.due_ms, DueAt(r, a.alert.org_path, a.alert.level, now));
    if (a.state == AlertState::kOpen) a.escalate_ms = a.alert.due_ms;
    return Step{"escalated", by_person ? "by_hand" : "due", core::warning::OwnersAt(*next, place)};
}

// A person's change to an alert: they may handle alerts about the student, the alert is still the
// version they saw, and its state allows `action`; `change` alters it and says what it did. One
// transaction with its timeline entry and the audit entry `audit_action`.
using ChangeFn = std::function<Result<Step>(Repositories&, AlertAccess&, std::int64_t now)>;
Status Change(core::ports::DataStore& store, core::ports::Clock& clock, const Principal& p, std::int64_t id,
              std::int64_t version, AlertAction action, const char* audit_action, const ChangeFn& change) {
    const std::int64_t now = clock.NowUnixMillis();
    return store.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto access, Authorized(r, p, id, Action::kHandleAlerts));
        if (access.alert.version != version) return Error::Aborted(kChanged);
        if (auto why = core::warning::WhyNot(action, access.alert.state)) return Error::FailedPrecondition(*why);
        XINQIAO_ASSIGN_OR_RETURN(const Step step, change(r, access, now));
        XINQIAO_ASSIGN_OR_RETURN(const bool written, Commit(r, access.alert, step, now, p.account_id));
        if (!written) return Error::Aborted(kChanged);
        return AppendAudit(r, clock, p.AsActor(access.via), audit_action, TargetOf(access.alert));
    });
}

}  // namespace

namespace {

// A new alert about `student`: owners and starting tier by the warning network, due by the
// nearest regional response times.
Result<std::int64_t> RaiseAlert(Repositories& r, const core::people::Student& student, const std::string& source,
                                std::optional<std::int64_t> source_id, core::screening::Level level,
                                std::vector<core::screening::Reason> reasons, std::int64_t now,
                                std::optional<std::int64_t> by) {
    core::ports::NewAlert alert;
    alert.raised_by = by;
    alert.student_id = student.id;
    alert.org_path = student.org_path;
    alert.source = source;
    alert.source_id = source_id;
    alert.level = level;
    alert.reasons = std::move(reasons);
    alert.created_ms = now;
    XINQIAO_ASSIGN_OR_RETURN(alert.due_ms, DueAt(r, student.org_path, level, now));
    alert.tier = core::warning::StartTier(level);
    alert.owners = core::warning::StartOwners(level, core::warning::PlaceOf(student.org_path, student.school_id,
                                                                            student.county_id));
    XINQIAO_ASSIGN_OR_RETURN(const std::int64_t id, r.Alerts().Insert(alert));
    core::ports::Alert raised;
    raised.id = id;
    raised.alert = std::move(alert);
    XINQIAO_RETURN_IF_ERROR(NotifyWebhooks(r, raised, "alert.raised", now));
    return id;
}

}  // namespace

Result<std::int64_t> ReceiveSignal(Repositories& r, const core::people::Student& student, const std::string& source,
                                   std::optional<std::int64_t> source_id,
                                   const core::screening::RiskAssessment& assessment, std::int64_t now,
                                   std::optional<std::int64_t> by) {
    XINQIAO_ASSIGN_OR_RETURN(auto live, r.Alerts().LiveOf(student.id));
    if (!live) return RaiseAlert(r, student, source, source_id, assessment.level, assessment.reasons, now, by);
    Alert& a = *live;
    a.alert.reasons = core::warning::MergeReasons(std::move(a.alert.reasons), assessment.reasons);
    Step step{"joined", source, {}};
    if (core::screening::Higher(assessment.level, a.alert.level) != a.alert.level) {
        step.kind = "raised_level";
        a.alert.level = assessment.level;
        const auto place = PlaceOf(a, student);
        a.alert.tier = std::max(a.alert.tier, core::warning::StartTier(assessment.level));
        step.owners = core::warning::StartOwners(assessment.level, place);
        XINQIAO_ASSIGN_OR_RETURN(a.alert.due_ms, DueAt(r, a.alert.org_path, assessment.level, now));
        a.state = AlertState::kOpen;  // someone must acknowledge it at the new level
        a.escalate_ms = a.alert.due_ms;
    }
    XINQIAO_ASSIGN_OR_RETURN(const bool written, Commit(r, a, step, now, by));
    if (!written) return Error::Aborted("the alert about this student changed at the same moment; send it again");
    return a.id;
}

Result<core::ports::InboxPage> AlertService::Inbox(const Principal& p, const InboxFilter& f) {
    if (f.limit < 1 || f.limit > 200) return Error::InvalidArgument("limit must be between 1 and 200", "limit");
    if (f.offset < 0) return Error::InvalidArgument("offset must not be negative", "offset");
    core::ports::InboxQuery q;
    q.account_id = p.account_id;
    for (const auto& g : p.grants) {
        if (core::warning::IsOwnerRole(g.role)) q.as.push_back({g.role, g.unit_id});
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
        XINQIAO_ASSIGN_OR_RETURN(auto access, Authorized(r, p, id, Action::kViewRisk));
        AlertView v;
        v.alert = std::move(access.alert);
        XINQIAO_ASSIGN_OR_RETURN(v.events, r.Alerts().Events(id));
        XINQIAO_ASSIGN_OR_RETURN(v.signals, r.Alerts().Signals(id));
        const auto& student = access.subject.student;
        v.student_name = student.name;
        if (auto c = r.Orgs().Get(student.class_id)) v.class_name = c->name;
        if (auto s = r.Orgs().Get(student.school_id)) v.school_name = s->name;
        if (v.alert.assignee_id) {
            if (auto who = r.Accounts().Get(*v.alert.assignee_id)) v.assignee_name = who->display_name;
        }
        XINQIAO_RETURN_IF_ERROR(r.Alerts().MarkRead(p.account_id, id, v.alert.version));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(access.via), "alert.read", TargetOf(v.alert)));
        return v;
    });
}

Status AlertService::Acknowledge(const Principal& p, std::int64_t id, std::int64_t version) {
    return Change(store_, clock_, p, id, version, AlertAction::kAcknowledge, "alert.acknowledge",
                  [&](Repositories&, AlertAccess& access, std::int64_t now) -> Result<Step> {
                      Alert& a = access.alert;
                      a.state = AlertState::kAcknowledged;
                      a.acknowledged_ms = now;
                      a.acknowledged_by = p.account_id;
                      a.escalate_ms.reset();
                      return Step{"acknowledged", "", {}};
                  });
}

Status AlertService::Assign(const Principal& p, std::int64_t id, std::int64_t version, std::int64_t assignee) {
    return Change(store_, clock_, p, id, version, AlertAction::kAssign, "alert.assign",
                  [&](Repositories& r, AlertAccess& access, std::int64_t) -> Result<Step> {
                      const std::string cannot = "that person cannot act on alerts about this student";
                      auto account = r.Accounts().Get(assignee);
                      if (!account) {
                          if (account.error().code == core::ErrorCode::kNotFound) {
                              return Error::InvalidArgument(cannot, "/assignee_id");
                          }
                          return std::move(account).error();
                      }
                      if (account->is_disabled) return Error::InvalidArgument(cannot, "/assignee_id");
                      XINQIAO_ASSIGN_OR_RETURN(const auto grants, r.Accounts().Grants(assignee));
                      core::auth::Target target;
                      target.org_path = access.alert.alert.org_path;
                      if (!core::auth::Authorize(grants, Action::kHandleAlerts, target).allowed()) {
                          return Error::InvalidArgument(cannot, "/assignee_id");
                      }
                      access.alert.assignee_id = assignee;
                      return Step{"assigned", std::to_string(assignee), {}};
                  });
}

Result<std::vector<core::ports::Handler>> AlertService::Assignees(const Principal& p, std::int64_t id) {
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<core::ports::Handler>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto access, Authorized(r, p, id, Action::kHandleAlerts));
        const auto place = PlaceOf(access.alert, access.subject.student);
        return r.Alerts().HoldersOf(core::warning::NetworkUnits(place), core::warning::OwnerRoles());
    });
}

Status AlertService::Escalate(const Principal& p, std::int64_t id, std::int64_t version) {
    return Change(store_, clock_, p, id, version, AlertAction::kEscalate, "alert.escalate",
                  [&](Repositories& r, AlertAccess& access, std::int64_t now) {
                      return StepUp(r, access.alert, access.subject.student, now, /*by_person=*/true);
                  });
}

namespace {

// Closes `a` with `outcome`; closing answers the alert too if nobody had.
Step Closed(Alert& a, core::warning::Outcome outcome, std::int64_t now, std::int64_t by) {
    if (!a.acknowledged_ms) {
        a.acknowledged_ms = now;
        a.acknowledged_by = by;
    }
    a.state = AlertState::kClosed;
    a.closed_ms = now;
    a.outcome = outcome;
    a.escalate_ms.reset();
    return Step{"closed", std::string(core::warning::OutcomeName(outcome)), {}};
}

}  // namespace

Status AlertService::Close(const Principal& p, std::int64_t id, std::int64_t version, core::warning::Outcome outcome) {
    return Change(store_, clock_, p, id, version, AlertAction::kClose, "alert.close",
                  [&](Repositories&, AlertAccess& access, std::int64_t now) -> Result<Step> {
                      return Closed(access.alert, outcome, now, p.account_id);
                  });
}

Status CloseAlertIn(Repositories& r, Alert a, core::warning::Outcome outcome, std::int64_t now, std::int64_t by) {
    if (a.state == AlertState::kClosed) return core::Ok();
    const Step step = Closed(a, outcome, now, by);
    XINQIAO_ASSIGN_OR_RETURN(const bool written, Commit(r, a, step, now, by));
    if (!written) return Error::Aborted(kChanged);
    return core::Ok();
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
            XINQIAO_ASSIGN_OR_RETURN(auto a, r.Alerts().Get(id));
            // Another server (or a person) may have got here first.
            if (a.state != AlertState::kOpen || !a.escalate_ms || *a.escalate_ms > now) return core::Ok();
            XINQIAO_ASSIGN_OR_RETURN(const auto student, r.Students().Get(a.alert.student_id));
            XINQIAO_ASSIGN_OR_RETURN(const Step step, StepUp(r, a, student, now, /*by_person=*/false));
            XINQIAO_ASSIGN_OR_RETURN(const bool written, Commit(r, a, step, now, std::nullopt));
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
    XINQIAO_ASSIGN_OR_RETURN(auto u, AuthorizedUnit(r, p, unit, action));
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
        XINQIAO_ASSIGN_OR_RETURN(const auto regional, r.Alerts().ResponseTimesFor(core::org::PathIds(u.path)));
        ResponseTimesView v;
        v.times = regional ? regional->times : core::warning::DefaultResponseTimes();
        if (regional) v.set_on = regional->set_on;
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
