#pragma once
// Storage of crisis cases, their records (bodies T3, sealed at rest) and timelines. See
// core/ports/data_store.hpp for threading.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cases/case.hpp"
#include "core/common/date.hpp"
#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"

namespace xinqiao::core::ports {

class CaseRepository {
public:
    virtual ~CaseRepository() = default;
    // kAlreadyExists when the student already has an open case.
    virtual Result<std::int64_t> Insert(const cases::Case& c) = 0;
    virtual Result<cases::Case> Get(std::int64_t id) = 0;
    virtual Result<std::optional<cases::Case>> OpenOf(std::int64_t student_id) = 0;
    // All the student's cases, newest first.
    virtual Result<std::vector<cases::Case>> OfStudent(std::int64_t student_id) = 0;
    // Writes state, step and closed time over the stored case, bumping its version, only if the
    // stored version is still `c.version`; false when someone changed it first.
    virtual Result<bool> Update(const cases::Case& c) = 0;
    virtual Result<std::int64_t> AddRecord(const cases::CaseRecord& r) = 0;
    // Oldest first; with `bodies` false the bodies are left empty (not even opened).
    virtual Result<std::vector<cases::CaseRecord>> Records(std::int64_t case_id, bool bodies) = 0;
    virtual Status AddEvent(const cases::CaseEvent& e) = 0;
    virtual Result<std::int64_t> AddConference(const cases::CaseConference& c) = 0;
    // Oldest first; with `words` false participants, findings and decisions are left empty.
    virtual Result<std::vector<cases::CaseConference>> Conferences(std::int64_t case_id, bool words) = 0;
    virtual Result<std::vector<cases::CaseEvent>> Events(std::int64_t case_id) = 0;
    // Per school under `path`: open cases by step, referrals under way, visits overdue on `today`,
    // cases closed since `since_ms`. Schools without any are left out.
    virtual Result<std::vector<cases::RegisterCounts>> Counts(const std::string& path, const Date& today,
                                                              std::int64_t since_ms) = 0;
    // The cases under `path` in `state` (all when none) about students `search` (a
    // people::SearchKey(); empty: all) finds, newest first.
    virtual Result<std::vector<cases::RegisterRow>> Register(const std::string& path,
                                                             std::optional<cases::CaseState> state,
                                                             const std::string& search, int limit, int offset) = 0;
};

}  // namespace xinqiao::core::ports
