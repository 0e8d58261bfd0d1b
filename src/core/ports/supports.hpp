#pragma once
// Storage of the special-situation ledger (特殊群体台账): support given, notes sealed at rest.
// See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/date.hpp"
#include "core/common/result.hpp"
#include "core/people/support.hpp"

namespace xinqiao::core::ports {

class SupportRepository {
public:
    virtual ~SupportRepository() = default;
    virtual Result<std::int64_t> Add(const people::Support& s) = 0;
    // Newest first.
    virtual Result<std::vector<people::Support>> OfStudent(std::int64_t student_id, bool notes) = 0;
    // The students under `path` with any of `situations` (all flagged ones when 0) whom `search` (a
    // people::SearchKey(); empty: all) finds, by class and name.
    virtual Result<std::vector<people::LedgerRow>> Ledger(const std::string& path, std::uint32_t situations,
                                                          const std::string& search, const Date& since, int limit,
                                                          int offset) = 0;
    // Per school under `path`.
    virtual Result<std::vector<people::CoverageRow>> Coverage(const std::string& path, const Date& since) = 0;
};

}  // namespace xinqiao::core::ports
