#pragma once
// Storage of alerts (预警), their owners, their timelines, who has read them, and the regional
// response times. Levels, reasons and timelines are T2; nothing here holds answers or notes.
// See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/policy.hpp"
#include "core/common/result.hpp"
#include "core/screening/risk.hpp"
#include "core/warning/alert.hpp"
#include "core/warning/signal.hpp"

namespace xinqiao::core::ports {

struct NewAlert {
    std::int64_t student_id = 0;
    std::string org_path;  // the student's class path
    std::string source = "screening";
    std::optional<std::int64_t> source_id;  // the assessment, for screening
    screening::Level level = screening::Level::kIII;
    std::vector<screening::Reason> reasons;
    std::int64_t created_ms = 0;
    std::int64_t due_ms = 0;
    warning::Tier tier = warning::Tier::kClass;
    std::vector<warning::Owner> owners;
    std::optional<std::int64_t> raised_by;  // the person whose report raised it; none for screening
};

struct Alert {
    std::int64_t id = 0;
    NewAlert alert;
    warning::AlertState state = warning::AlertState::kOpen;
    int escalations = 0;
    std::int64_t version = 1;  // bumped by every change; changes are made only on the version read
    std::optional<std::int64_t> escalate_ms;  // when it next escalates; none unless open below the top
    std::optional<std::int64_t> acknowledged_ms, acknowledged_by, assignee_id, closed_ms;
    std::optional<warning::Outcome> outcome;
};

// One thing that happened to an alert.
struct AlertEvent {
    std::int64_t id = 0;
    std::int64_t alert_id = 0;
    std::int64_t at_ms = 0;
    std::string kind;  // raised, read, acknowledged, assigned, escalated, closed
    std::optional<std::int64_t> actor_id;  // none for the system (escalation when due)
    std::string actor_name;                // filled by Events()
    warning::Tier tier = warning::Tier::kClass;
    std::string detail;  // escalated: "due" or "by hand"; assigned: the assignee's id; closed: the outcome
};

// An alert in someone's inbox, with what the list shows of its student.
struct InboxItem {
    Alert alert;
    std::string student_name, class_name, school_name;
    bool unread = false;
};

struct InboxQuery {
    std::int64_t account_id = 0;                // whose unread marks
    std::vector<warning::Owner> as;             // the reader's grants: alerts owned by any of them
    std::vector<warning::AlertState> states;    // empty: open and acknowledged
    std::optional<screening::Level> level;
    bool overdue_only = false;                  // open and past due at `now_ms`
    std::int64_t now_ms = 0;
    int limit = 50;
    int offset = 0;
};

struct InboxPage {
    std::vector<InboxItem> items;
    std::int64_t total = 0;   // matching the query
    std::int64_t unread = 0;  // of the reader's live (open or acknowledged) alerts
    std::int64_t by_level[3] = {0, 0, 0};  // live alerts by level I..III
    std::int64_t overdue = 0;              // open and past due
};

// Response times as a unit sets them.
struct RegionalTimes {
    org::OrgUnitId set_on = 0;
    warning::ResponseTimes times;
};

// Someone holding an owning role on a unit along a student's path.
struct Handler {
    std::int64_t account_id = 0;
    std::string display_name;
    auth::Role role = auth::Role::kPsychologyTeacher;
    org::OrgUnitId unit_id = 0;
};

// A signal other than screening, as filed: what was seen, by whom, and the alert it raised or
// joined. The words the filer added are a student note (T3), referenced by `note_id`.
struct Signal {
    std::int64_t id = 0;
    std::int64_t student_id = 0;
    std::int64_t alert_id = 0;
    warning::SignalReport report;
    screening::Level level = screening::Level::kIII;
    std::optional<std::int64_t> filed_by;
    std::string filed_role;  // core::auth::RoleName of the role filed in
    std::string filer_name;  // filled by Signals()
    std::optional<std::int64_t> note_id;
    std::int64_t created_ms = 0;
};

class AlertRepository {
public:
    virtual ~AlertRepository() = default;
    // Stores the alert with its owners and a "raised" event; returns its id.
    virtual Result<std::int64_t> Insert(const NewAlert& a) = 0;
    // kNotFound if there is none.
    virtual Result<Alert> Get(std::int64_t id) = 0;
    virtual Result<std::vector<Alert>> OfStudent(std::int64_t student_id) = 0;
    // Writes `a` over the stored alert, bumping its version, only if the stored version is still
    // `a.version`. False when someone else changed it first (nothing written).
    virtual Result<bool> Update(const Alert& a) = 0;
    // Adds owners the alert does not have yet.
    virtual Status AddOwners(std::int64_t alert_id, const std::vector<warning::Owner>& owners) = 0;
    virtual Status AddEvent(const AlertEvent& e) = 0;
    virtual Result<std::vector<AlertEvent>> Events(std::int64_t alert_id) = 0;
    virtual Status MarkRead(std::int64_t account_id, std::int64_t alert_id, std::int64_t version) = 0;
    virtual Result<InboxPage> Inbox(const InboxQuery& q) = 0;
    // Open alerts whose escalation time has come, earliest first.
    virtual Result<std::vector<std::int64_t>> DueForEscalation(std::int64_t now_ms, int limit) = 0;
    // The response times set on the nearest of `units` (root first, so the last that has any),
    // with the unit they are set on; none when no unit sets them.
    virtual Result<std::optional<RegionalTimes>> ResponseTimesFor(const std::vector<org::OrgUnitId>& units) = 0;
    virtual Status SetResponseTimes(org::OrgUnitId unit, const warning::ResponseTimes& t) = 0;
    virtual Status ClearResponseTimes(org::OrgUnitId unit) = 0;
    // The student's newest alert that is not closed, if any.
    virtual Result<std::optional<Alert>> LiveOf(std::int64_t student_id) = 0;
    // Stores a signal; returns its id.
    virtual Result<std::int64_t> InsertSignal(const Signal& s) = 0;
    // The signals an alert raised or joined, oldest first, with the filers' names.
    virtual Result<std::vector<Signal>> Signals(std::int64_t alert_id) = 0;
    // Enabled accounts holding one of `roles` on one of `units`, by name.
    virtual Result<std::vector<Handler>> HoldersOf(const std::vector<org::OrgUnitId>& units,
                                                   const std::vector<auth::Role>& roles) = 0;
};

}  // namespace xinqiao::core::ports
