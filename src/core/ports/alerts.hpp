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
#include "core/warning/inbox.hpp"
#include "core/warning/signal.hpp"

namespace xinqiao::core::ports {

class AlertRepository {
public:
    virtual ~AlertRepository() = default;
    // Stores the alert with its owners and a "raised" event; returns its id.
    virtual Result<std::int64_t> Insert(const warning::NewAlert& a) = 0;
    // kNotFound if there is none.
    virtual Result<warning::Alert> Get(std::int64_t id) = 0;
    virtual Result<std::vector<warning::Alert>> OfStudent(std::int64_t student_id) = 0;
    // Writes `a` over the stored alert, bumping its version, only if the stored version is still
    // `a.version`. False when someone else changed it first (nothing written).
    virtual Result<bool> Update(const warning::Alert& a) = 0;
    // Adds owners the alert does not have yet.
    virtual Status AddOwners(std::int64_t alert_id, const std::vector<warning::Owner>& owners) = 0;
    virtual Status AddEvent(const warning::AlertEvent& e) = 0;
    virtual Result<std::vector<warning::AlertEvent>> Events(std::int64_t alert_id) = 0;
    virtual Status MarkRead(std::int64_t account_id, std::int64_t alert_id, std::int64_t version) = 0;
    virtual Result<warning::InboxPage> Inbox(const warning::InboxQuery& q) = 0;
    // Open alerts whose escalation time has come, earliest first.
    virtual Result<std::vector<std::int64_t>> DueForEscalation(std::int64_t now_ms, int limit) = 0;
    // The response times set on the nearest of `units` (root first, so the last that has any),
    // with the unit they are set on; none when no unit sets them.
    virtual Result<std::optional<warning::RegionalTimes>> ResponseTimesFor(
        const std::vector<org::OrgUnitId>& units) = 0;
    virtual Status SetResponseTimes(org::OrgUnitId unit, const warning::ResponseTimes& t) = 0;
    virtual Status ClearResponseTimes(org::OrgUnitId unit) = 0;
    // The student's newest alert that is not closed, if any.
    virtual Result<std::optional<warning::Alert>> LiveOf(std::int64_t student_id) = 0;
    // Stores a signal; returns its id.
    virtual Result<std::int64_t> InsertSignal(const warning::Signal& s) = 0;
    // The signals an alert raised or joined, oldest first, with the filers' names.
    virtual Result<std::vector<warning::Signal>> Signals(std::int64_t alert_id) = 0;
    // Enabled accounts holding one of `roles` on one of `units`, by name.
    virtual Result<std::vector<warning::Handler>> HoldersOf(const std::vector<org::OrgUnitId>& units,
                                                            const std::vector<auth::Role>& roles) = 0;
};

}  // namespace xinqiao::core::ports
