#pragma once
// Follow-up visits (随访) on crisis cases: the case team plans them by risk (kManageCases), those
// who write records about the student (a class teacher for their class) record each visit's result
// (kWriteRecords), and due and overdue visits are listed per unit for the calendar (kViewRisk).
// A visit's note is T3; its day, state and result are T2. A case closes only with none open.

#include <cstdint>
#include <string>
#include <vector>

#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

inline constexpr int kMaxFollowUpRange = 92;  // days one list may span (a calendar quarter)

class FollowUpService {
public:
    FollowUpService(core::ports::DataStore& store, core::ports::Clock& clock) : store_(store), clock_(clock) {}

    // Puts the plan's visits on the case's calendar from `start` (today or later); the case must be open.
    // Returns how many visits were planned.
    core::Result<int> Plan(const Principal& p, std::int64_t case_id, core::cases::FollowUpPlan plan,
                           const core::Date& start);
    // Records an open visit as done, with how the student was found and a note (1 to 2000 characters).
    core::Status Done(const Principal& p, std::int64_t id, core::cases::FollowUpResult result, const std::string& note);
    // Cancels an open visit (the plan changed), saying why.
    core::Status Cancel(const Principal& p, std::int64_t id, const std::string& reason);
    // The visits due in `unit` from `from` to `to` (at most kMaxFollowUpRange days), open ones or all.
    core::Result<std::vector<core::cases::FollowUpRow>> InUnit(const Principal& p, core::org::OrgUnitId unit,
                                                               const core::Date& from, const core::Date& to,
                                                               bool open_only);
    // The open visits in `unit` due before today, however long ago, oldest first.
    core::Result<std::vector<core::cases::FollowUpRow>> Overdue(const Principal& p, core::org::OrgUnitId unit);
    // Today in China time, as the lists count overdue visits.
    core::Date Today() const;

private:
    core::Status Finish(const Principal& p, std::int64_t id, core::auth::Action action, core::cases::FollowUpState state,
                        std::optional<core::cases::FollowUpResult> result, const std::string& note);

    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
};

}  // namespace xinqiao::service
