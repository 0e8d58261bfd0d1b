#include "service/alert_service.hpp"

#include <algorithm>
#include <functional>
#include <utility>

#include "core/common/text.hpp"
#include "core/common/time.hpp"
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
using core::ports::Repositories;
using core::warning::Alert;
using core::warning::AlertAction;
using core::warning::AlertChange;
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

// The response times for a student at `class_path`: those of the nearest unit above them that
// sets them, or the defaults.
Result<core::warning::ResponseTimes> TimesFor(Repositories& r, const std::string& class_path) {
    XINQIAO_ASSIGN_OR_RETURN(const auto regional, r.Alerts().ResponseTimesFor(core::org::PathIds(class_path)));
    return regional ? regional->times : core::warning::DefaultResponseTimes();
}

// Writes `a` on the version it was read at, then the change's owners and timeline entry, and
// queues the webhooks the step announces. False, with nothing written, when someone else changed
// the alert first.
Result<bool> Commit(Repositories& r, const Alert& a, const AlertChange& change, std::int64_t now,
                    std::optional<std::int64_t> by) {
    XINQIAO_ASSIGN_OR_RETURN(const bool written, r.Alerts().Update(a));
    if (!written) return false;
    XINQIAO_RETURN_IF_ERROR(r.Alerts().AddOwners(a.id, change.owners));
    XINQIAO_RETURN_IF_ERROR(r.Alerts().AddEvent(
        {0, a.id, now, std::string(core::warning::AlertStepName(change.step)), by, "", a.alert.tier, change.detail}));
    if (const auto event = core::warning::WebhookEventOf(change.step)) {
        XINQIAO_RETURN_IF_ERROR(NotifyWebhooks(r, a, std::string(*event), now));
    }
    return true;
}

// One step up the network for `a`, due again by the student's response times.
Result<AlertChange> StepUp(Repositories& r, Alert& a, const core::people::Student& student, std::int64_t now,
                           bool by_person) {
    XINQIAO_ASSIGN_OR_RETURN(const auto times, TimesFor(r, a.alert.org_path));
    return core::warning::StepUp(a, PlaceOf(a, student), times, now, by_person);
}

// Whether the principal may read answers (and so every reason) about the student at `target`.
bool ReadsAnswers(const Principal& p, const core::auth::Target& target) {
    return core::auth::Authorize(p.grants, Action::kViewRecords, target).allowed();
}

// A person's change to an alert: they may handle it (MayHandle; for a care task, alerts about
// the student at all), the alert is still the
// version they saw, and its state allows `action`; `change` applies it (in core) and says what it
// did. One transaction with its timeline entry and the audit entry `audit_action`.
using ChangeFn = std::function<Result<AlertChange>(Repositories&, AlertAccess&, std::int64_t now)>;
Status Change(core::ports::DataStore& store, core::ports::Clock& clock, const Principal& p, std::int64_t id,
              std::int64_t version, AlertAction action, const char* audit_action, const ChangeFn& change) {
    const std::int64_t now = clock.NowUnixMillis();
    return store.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto access, Authorized(r, p, id, Action::kHandleAlerts));
        if (action != AlertAction::kRecordTask &&
            !core::warning::MayHandle(p.grants, access.alert, access.subject.target)) {
            return Error::PermissionDenied(
                "the psychology teacher and school leaders act on this alert; record what the plan asks of you instead");
        }
        if (access.alert.version != version) return Error::Aborted(kChanged);
        if (auto why = core::warning::WhyNot(action, access.alert.state)) return Error::FailedPrecondition(*why);
        XINQIAO_ASSIGN_OR_RETURN(const AlertChange done, change(r, access, now));
        XINQIAO_ASSIGN_OR_RETURN(const bool written, Commit(r, access.alert, done, now, p.account_id));
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
    XINQIAO_ASSIGN_OR_RETURN(const auto times, TimesFor(r, student.org_path));
    const auto place = core::warning::PlaceOf(student.org_path, student.school_id, student.county_id);
    Alert raised;
    raised.alert = core::warning::Raise(student.id, student.org_path, place, level, std::move(reasons), times, now);
    raised.alert.source = source;
    raised.alert.source_id = source_id;
    raised.alert.raised_by = by;
    XINQIAO_ASSIGN_OR_RETURN(raised.id, r.Alerts().Insert(raised.alert));
    const auto event = core::warning::WebhookEventOf(core::warning::AlertStep::kRaised);
    XINQIAO_RETURN_IF_ERROR(NotifyWebhooks(r, raised, std::string(*event), now));
    return raised.id;
}

}  // namespace

Result<std::int64_t> ReceiveSignal(Repositories& r, const core::people::Student& student, const std::string& source,
                                   std::optional<std::int64_t> source_id,
                                   const core::screening::RiskAssessment& assessment, std::int64_t now,
                                   std::optional<std::int64_t> by) {
    XINQIAO_ASSIGN_OR_RETURN(auto live, r.Alerts().LiveOf(student.id));
    if (!live) return RaiseAlert(r, student, source, source_id, assessment.level, assessment.reasons, now, by);
    Alert& a = *live;
    // Only a more urgent signal needs the response times: most join without another read.
    auto times = core::warning::DefaultResponseTimes();
    if (core::warning::RaisesLevel(a, assessment.level)) {
        XINQIAO_ASSIGN_OR_RETURN(times, TimesFor(r, a.alert.org_path));
    }
    const AlertChange change =
        core::warning::Join(a, assessment.level, assessment.reasons, PlaceOf(a, student), times, now, source);
    XINQIAO_ASSIGN_OR_RETURN(const bool written, Commit(r, a, change, now, by));
    if (!written) return Error::Aborted("the alert about this student changed at the same moment; send it again");
    return a.id;
}

Result<core::warning::InboxPage> AlertService::Inbox(const Principal& p, const InboxFilter& f) {
    if (f.limit < 1 || f.limit > 200) return Error::InvalidArgument("limit must be between 1 and 200", "limit");
    if (f.offset < 0) return Error::InvalidArgument("offset must not be negative", "offset");
    core::warning::InboxQuery q;
    q.account_id = p.account_id;
    for (const auto& g : p.grants) {
        if (core::warning::IsOwnerRole(g.role)) q.as.push_back({g.role, g.unit_id});
        if (g.role == Role::kClassTeacher) q.classes.push_back(g.unit_path);
    }
    q.states = f.states;
    q.source = f.source;
    q.level = f.level;
    q.overdue_only = f.overdue_only;
    q.search = f.search;
    q.now_ms = clock_.NowUnixMillis();
    q.limit = f.limit;
    q.offset = f.offset;
    XINQIAO_ASSIGN_OR_RETURN(auto page, ReadResult(store_, [&](Repositories& r) { return r.Alerts().Inbox(q); }));
    for (auto& item : page.items) {
        core::auth::Target target;
        target.org_path = item.alert.alert.org_path;
        if (!ReadsAnswers(p, target)) item.alert.alert.reasons = core::screening::WithoutAnswers(item.alert.alert.reasons);
    }
    return page;
}

Result<AlertView> AlertService::Get(const Principal& p, std::int64_t id) {
    return WriteResult(store_, [&](Repositories& r) -> Result<AlertView> {
        XINQIAO_ASSIGN_OR_RETURN(auto access, Authorized(r, p, id, Action::kViewRisk));
        AlertView v;
        v.alert = std::move(access.alert);
        const auto& target = access.subject.target;
        v.may_handle = core::warning::MayHandle(p.grants, v.alert, target);
        v.may_record_tasks = core::auth::Authorize(p.grants, Action::kHandleAlerts, target).allowed();
        const bool reads_answers = ReadsAnswers(p, target);
        XINQIAO_ASSIGN_OR_RETURN(v.events, r.Alerts().Events(id));
        XINQIAO_ASSIGN_OR_RETURN(v.signals, r.Alerts().Signals(id));
        const auto& student = access.subject.student;
        if (!reads_answers) v.alert.alert.reasons = core::screening::WithoutAnswers(v.alert.alert.reasons);
        // The reporters' words, for those who may read notes (a break-glass reader opens them
        // on the student's page, with a reason).
        const bool with_note = std::any_of(v.signals.begin(), v.signals.end(), [](const auto& g) { return g.note_id.has_value(); });
        if (with_note && reads_answers) {
            XINQIAO_ASSIGN_OR_RETURN(const auto notes, r.Students().Notes(student.id));
            for (auto& g : v.signals) {
                if (!g.note_id) continue;
                for (const auto& n : notes) {
                    if (n.id == *g.note_id) g.note = n.body;
                }
            }
            XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(access.via), "alert.notes.read", TargetOf(v.alert)));
        }
        XINQIAO_ASSIGN_OR_RETURN(const auto cases, r.Cases().OfStudent(student.id));
        for (const auto& c : cases) {
            if (c.alert_id == v.alert.id) v.opened_case = c;
        }
        v.student_name = student.name;
        if (auto where = PlacementOf(r, student)) {
            v.class_name = std::move(where->class_label);
            v.school_name = std::move(where->school);
        }
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
                  [&](Repositories&, AlertAccess& access, std::int64_t now) -> Result<AlertChange> {
                      return core::warning::Acknowledge(access.alert, p.account_id, now);
                  });
}

Status AlertService::Assign(const Principal& p, std::int64_t id, std::int64_t version, std::int64_t assignee) {
    return Change(store_, clock_, p, id, version, AlertAction::kAssign, "alert.assign",
                  [&](Repositories& r, AlertAccess& access, std::int64_t) -> Result<AlertChange> {
                      const std::string cannot = "that person cannot act on alerts about this student";
                      auto account = r.Accounts().Get(assignee);
                      if (!account) {
                          if (account.error().code == core::ErrorCode::kNotFound) {
                              return Error::InvalidArgument(cannot, "/assignee_id");
                          }
                          return std::move(account).error();
                      }
                      if (account->is_disabled) return Error::InvalidArgument(cannot, "/assignee_id");
                      XINQIAO_ASSIGN_OR_RETURN(const auto grants, r.Grants().Of(assignee));
                      core::auth::Target target;
                      target.org_path = access.alert.alert.org_path;
                      if (!core::warning::MayHandle(grants, access.alert, target)) {
                          return Error::InvalidArgument(cannot, "/assignee_id");
                      }
                      return core::warning::AssignTo(access.alert, assignee);
                  });
}

Result<std::vector<core::warning::Handler>> AlertService::Assignees(const Principal& p, std::int64_t id) {
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<core::warning::Handler>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto access, Authorized(r, p, id, Action::kHandleAlerts));
        const auto place = PlaceOf(access.alert, access.subject.student);
        XINQIAO_ASSIGN_OR_RETURN(auto people,
                                 r.Alerts().HoldersOf(core::warning::NetworkUnits(place), core::warning::OwnerRoles()));
        std::erase_if(people, [&](const core::warning::Handler& h) {
            return !core::warning::DecidesAs(access.alert, h.role, h.unit_id);
        });
        return people;
    });
}

Status AlertService::Escalate(const Principal& p, std::int64_t id, std::int64_t version) {
    return Change(store_, clock_, p, id, version, AlertAction::kEscalate, "alert.escalate",
                  [&](Repositories& r, AlertAccess& access, std::int64_t now) {
                      return StepUp(r, access.alert, access.subject.student, now, /*by_person=*/true);
                  });
}

Status AlertService::Close(const Principal& p, std::int64_t id, std::int64_t version, core::warning::Outcome outcome) {
    return Change(store_, clock_, p, id, version, AlertAction::kClose, "alert.close",
                  [&](Repositories&, AlertAccess& access, std::int64_t now) -> Result<AlertChange> {
                      return core::warning::Close(access.alert, outcome, p.account_id, now);
                  });
}

Status AlertService::RecordTask(const Principal& p, std::int64_t id, const TaskDone& done) {
    const bool with_note = !core::TrimAscii(done.note).empty();
    if (with_note) XINQIAO_RETURN_IF_ERROR(core::people::ValidateNoteBody(done.note));
    return Change(store_, clock_, p, id, done.version, AlertAction::kRecordTask, "alert.task.record",
                  [&](Repositories& r, AlertAccess& access, std::int64_t now) -> Result<AlertChange> {
                      const auto& asked = core::warning::CareTasksOf(access.alert.alert.level);
                      if (std::find(asked.begin(), asked.end(), done.task) == asked.end()) {
                          return Error::InvalidArgument("the plan does not ask this of a class teacher at this level",
                                                        "/task");
                      }
                      if (with_note) {
                          const auto& target = access.subject.target;
                          const auto writes = core::auth::Authorize(p.grants, Action::kWriteRecords, target);
                          if (!writes.allowed()) {
                              return Error::PermissionDenied("you cannot write notes about this student; record the task without one");
                          }
                          XINQIAO_RETURN_IF_ERROR(WriteStudentNote(r, access.subject.student.id, p.account_id,
                                                                   writes.via.value_or(access.via), now, done.note));
                      }
                      return core::warning::RecordTask(access.alert, done.task);
                  });
}

Status CloseAlertIn(Repositories& r, Alert a, core::warning::Outcome outcome, std::int64_t now, std::int64_t by) {
    if (a.state == AlertState::kClosed) return core::Ok();
    const AlertChange change = core::warning::Close(a, outcome, by, now);
    XINQIAO_ASSIGN_OR_RETURN(const bool written, Commit(r, a, change, now, by));
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
            XINQIAO_ASSIGN_OR_RETURN(const AlertChange change, StepUp(r, a, student, now, /*by_person=*/false));
            XINQIAO_ASSIGN_OR_RETURN(const bool written, Commit(r, a, change, now, std::nullopt));
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
