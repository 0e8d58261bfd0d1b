#pragma once
// Use cases of the early warning network (预警): the inbox of the alerts a person's grants own,
// reading one with its timeline, acknowledging, assigning, escalating by hand and closing, the
// escalation of alerts nobody acknowledged in time, and the regional response times.
//
// Escalation runs from the database: an open alert's next escalation time is a column, and a
// step is written only on the version of the alert it read, so when several servers share a
// database each step happens once.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cases/case.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

struct InboxFilter {
    std::vector<core::warning::AlertState> states;  // empty: open and acknowledged
    std::optional<core::screening::Level> level;
    bool overdue_only = false;
    std::string source;  // as core::warning::InboxQuery::source
    std::string search;  // a core::people::SearchKey()
    int limit = 50;
    int offset = 0;
};

struct AlertView {
    core::warning::Alert alert;
    std::vector<core::warning::AlertEvent> events;
    std::vector<core::warning::Signal> signals;  // the reports it raised or joined (not screening)
    std::string student_name, class_name, school_name;
    std::string assignee_name;  // empty when nobody is assigned
    std::optional<core::cases::Case> opened_case;  // the crisis case opened from it
    bool may_handle = false;        // the reader may acknowledge, assign, escalate and close it
    bool may_record_tasks = false;  // ... and record the class teacher's tasks
};

// A care task done, as a class teacher records it.
struct TaskDone {
    std::int64_t version = 0;
    core::warning::CareTask task = core::warning::CareTask::kTalk;
    std::string note;  // optional: what was said or agreed, a student note (T3)
};

// The response times that apply on a unit, and where they come from.
struct ResponseTimesView {
    core::warning::ResponseTimes times;
    std::optional<core::org::OrgUnitId> set_on;  // the unit they are set on; none: the defaults
};

// A signal about `student` at `level` (I–III) reaches the warning network: it joins the student's
// live (open or acknowledged) alert — its reasons added, a timeline entry, and when it is more
// urgent the alert takes its level, the owners and tier that level starts with, a new due time,
// and is open again for someone to acknowledge — or raises a new alert (RaiseAlert). `by` is
// the person who filed it, none for screening. In the caller's transaction; returns the alert's
// id; a new alert's owners and starting tier follow the warning network and it is due by the
// response times of the nearest unit above the student that sets them. kAborted when someone
// changed the alert at the same moment.
core::Result<std::int64_t> ReceiveSignal(core::ports::Repositories& r, const core::people::Student& student,
                                         const std::string& source, std::optional<std::int64_t> source_id,
                                         const core::screening::RiskAssessment& assessment, std::int64_t now,
                                         std::optional<std::int64_t> by);

// Closes alert `a` (as read in this transaction) with `outcome` on behalf of account `by`, with
// its timeline entry; nothing if it is closed already. kAborted when it changed since it was read.
core::Status CloseAlertIn(core::ports::Repositories& r, core::warning::Alert a, core::warning::Outcome outcome,
                          std::int64_t now, std::int64_t by);

class AlertService {
public:
    AlertService(core::ports::DataStore& store, core::ports::Clock& clock) : store_(store), clock_(clock) {}

    // The alerts owned by any of the principal's grants, and for class teachers every alert about
    // their class's students, with unread and per-level counts. A reader who may not read answers
    // sees reasons without them (core::screening::WithoutAnswers).
    core::Result<core::warning::InboxPage> Inbox(const Principal& p, const InboxFilter& f);
    // One alert with its timeline, for anyone who may see the student's risk (kViewRisk); marks
    // it read by the principal. Audited as "alert.read". Unknown and invisible alerts alike are
    // kNotFound. The reports' notes are there for those who may read notes (audited as
    // "alert.notes.read"); reasons without answers for those who may not read answers.
    core::Result<AlertView> Get(const Principal& p, std::int64_t id);

    // These need core::warning::MayHandle, and fail with kAborted when the alert changed
    // since `version` (the version the person saw), so two people never overwrite each other.
    core::Status Acknowledge(const Principal& p, std::int64_t id, std::int64_t version);
    // `assignee` must be able to handle alerts about the student themselves.
    core::Status Assign(const Principal& p, std::int64_t id, std::int64_t version, std::int64_t assignee);
    // Who an alert may be assigned to: the people holding an owning role on the student's class,
    // grade, school, county or city (kHandleAlerts needed, as for assigning).
    core::Result<std::vector<core::warning::Handler>> Assignees(const Principal& p, std::int64_t id);
    // One tier up the network now; kFailedPrecondition at the top.
    core::Status Escalate(const Principal& p, std::int64_t id, std::int64_t version);
    core::Status Close(const Principal& p, std::int64_t id, std::int64_t version, core::warning::Outcome outcome);
    // One of CareTasksOf(the alert's level) done, by someone who may handle alerts about the
    // student (kHandleAlerts: a class teacher on their class, too); a note needs kWriteRecords.
    // Audited as "alert.task.record".
    core::Status RecordTask(const Principal& p, std::int64_t id, const TaskDone& done);

    // Escalates up to `limit` open alerts whose time has come, each in its own transaction;
    // returns how many this call escalated (a step another server took first is not counted).
    core::Result<int> EscalateDue(int limit = 200);

    // The times on a province, city or county (for bureau staff there, and administrators).
    core::Result<ResponseTimesView> ResponseTimes(const Principal& p, core::org::OrgUnitId unit);
    core::Status SetResponseTimes(const Principal& p, core::org::OrgUnitId unit, const core::warning::ResponseTimes& t);
    // Back to what the units above say (or the defaults).
    core::Status ClearResponseTimes(const Principal& p, core::org::OrgUnitId unit);

private:
    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
};

}  // namespace xinqiao::service
