#pragma once
// Storage of crisis cases, their records (bodies T3, sealed at rest) and timelines. See
// core/ports/data_store.hpp for threading.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cases/case.hpp"
#include "core/common/result.hpp"

namespace xinqiao::core::ports {

struct Case {
    std::int64_t id = 0;
    std::int64_t student_id = 0;
    std::string org_path;  // the student's class path when it was opened
    std::optional<std::int64_t> alert_id;
    cases::CaseState state = cases::CaseState::kOpen;
    cases::CaseStep step = cases::CaseStep::kAssessment;
    std::int64_t opened_ms = 0;
    std::optional<std::int64_t> opened_by;
    std::optional<std::int64_t> closed_ms;
    std::int64_t version = 1;  // bumped by every change; changes are made only on the version read
};

struct CaseRecord {
    std::int64_t id = 0;
    std::int64_t case_id = 0;
    cases::CaseStep step = cases::CaseStep::kAssessment;  // the step the case was on
    cases::RecordKind kind = cases::RecordKind::kNote;
    std::string subtype;
    std::string body;  // plaintext in memory, sealed at rest
    std::optional<std::int64_t> author_id;
    std::string author_role;
    std::string author_name;  // filled when read
    std::int64_t created_ms = 0;
};

struct CaseEvent {
    std::int64_t id = 0;
    std::int64_t case_id = 0;
    std::int64_t at_ms = 0;
    std::string kind;  // opened, recorded, advanced, closed, reopened
    std::optional<std::int64_t> actor_id;
    std::string actor_name;  // filled when read
    cases::CaseStep step = cases::CaseStep::kAssessment;
    std::string detail;  // recorded: the record's kind
};

// A row of the crisis register.
struct RegisterRow {
    Case c;
    std::string student_name, class_name, school_name;
};

class CaseRepository {
public:
    virtual ~CaseRepository() = default;
    // kAlreadyExists when the student already has an open case.
    virtual Result<std::int64_t> Insert(const Case& c) = 0;
    virtual Result<Case> Get(std::int64_t id) = 0;
    virtual Result<std::optional<Case>> OpenOf(std::int64_t student_id) = 0;
    // Writes state, step and closed time over the stored case, bumping its version, only if the
    // stored version is still `c.version`; false when someone changed it first.
    virtual Result<bool> Update(const Case& c) = 0;
    virtual Result<std::int64_t> AddRecord(const CaseRecord& r) = 0;
    // Oldest first; with `bodies` false the bodies are left empty (not even opened).
    virtual Result<std::vector<CaseRecord>> Records(std::int64_t case_id, bool bodies) = 0;
    virtual Status AddEvent(const CaseEvent& e) = 0;
    virtual Result<std::vector<CaseEvent>> Events(std::int64_t case_id) = 0;
    // The cases under `path` in `state` (all when none), newest first.
    virtual Result<std::vector<RegisterRow>> Register(const std::string& path, std::optional<cases::CaseState> state,
                                                      int limit, int offset) = 0;
};

}  // namespace xinqiao::core::ports
