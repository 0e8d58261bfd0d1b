#pragma once
// Storage of follow-up visits (随访) on crisis cases; a visit's note is T3, sealed at rest.
// See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cases/follow_up.hpp"
#include "core/common/date.hpp"
#include "core/common/result.hpp"

namespace xinqiao::core::ports {

class FollowUpRepository {
public:
    virtual ~FollowUpRepository() = default;
    virtual Status Insert(const std::vector<cases::FollowUp>& visits) = 0;
    virtual Result<cases::FollowUp> Get(std::int64_t id) = 0;
    // By due day; notes opened only with `notes`.
    virtual Result<std::vector<cases::FollowUp>> OfCase(std::int64_t case_id, bool notes) = 0;
    virtual Result<int> OpenCount(std::int64_t case_id) = 0;
    // Writes state, result, note and who finished it, only if the visit is still open; false if not.
    virtual Result<bool> Finish(const cases::FollowUp& f) = 0;
    // The visits under `path` due from `from` to `to` (inclusive), open ones only or all, by due day.
    virtual Result<std::vector<cases::FollowUpRow>> InUnit(const std::string& path, const Date& from, const Date& to,
                                                           bool open_only, int limit) = 0;
};

}  // namespace xinqiao::core::ports
