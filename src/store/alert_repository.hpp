#pragma once
// AlertRepository over a Session.

#include "core/ports/alerts.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

class SqlAlertRepository final : public core::ports::AlertRepository {
public:
    explicit SqlAlertRepository(Session& session) : session_(session) {}

    Result<std::int64_t> Insert(const core::warning::NewAlert& a) override;
    Result<core::warning::Alert> Get(std::int64_t id) override;
    Result<std::vector<core::warning::Alert>> OfStudent(std::int64_t student_id) override;
    Result<bool> Update(const core::warning::Alert& a) override;
    Status AddOwners(std::int64_t alert_id, const std::vector<core::warning::Owner>& owners) override;
    Status AddEvent(const core::warning::AlertEvent& e) override;
    Result<std::vector<core::warning::AlertEvent>> Events(std::int64_t alert_id) override;
    Status MarkRead(std::int64_t account_id, std::int64_t alert_id, std::int64_t version) override;
    Result<core::warning::InboxPage> Inbox(const core::warning::InboxQuery& q) override;
    Result<std::vector<std::int64_t>> DueForEscalation(std::int64_t now_ms, int limit) override;
    Result<std::optional<core::warning::RegionalTimes>> ResponseTimesFor(
        const std::vector<core::org::OrgUnitId>& units) override;
    Status SetResponseTimes(core::org::OrgUnitId unit, const core::warning::ResponseTimes& t) override;
    Status ClearResponseTimes(core::org::OrgUnitId unit) override;
    Result<std::optional<core::warning::Alert>> LiveOf(std::int64_t student_id) override;
    Result<std::int64_t> InsertSignal(const core::warning::Signal& s) override;
    Result<std::vector<core::warning::Signal>> Signals(std::int64_t alert_id) override;
    Result<std::vector<core::warning::Handler>> HoldersOf(const std::vector<core::org::OrgUnitId>& units,
                                                          const std::vector<core::auth::Role>& roles) override;

private:
    // The alerts of rows that select kColumns, with their owners.
    Result<std::vector<core::warning::Alert>> ReadAlerts(const ResultSet& rs);
    // Loads the owners of `alerts` (read without them) in one query.
    Status AddOwners(const std::vector<core::warning::Alert*>& alerts);
    Session& session_;
};

}  // namespace xinqiao::store
