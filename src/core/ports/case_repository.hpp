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

// A case conference (会诊): who took part, what they found, what they decided. The words are T3.
struct CaseConference {
    std::int64_t id = 0;
    std::int64_t case_id = 0;
    Date held_on;
    std::vector<std::string> participants;  // names and roles as written ("王老师（班主任）")
    std::string findings;
    std::string decisions;
    std::optional<std::int64_t> author_id;
    std::string author_name;  // filled when read
    std::int64_t created_ms = 0;
};

// A row of the crisis register.
struct RegisterRow {
    Case c;
    std::string student_name, class_name, school_name;
};

// The crisis register of one school in numbers (no names): what bureaus supervise.
struct RegisterCounts {
    org::OrgUnitId school_id = 0;
    std::string school_name;
    std::vector<std::int64_t> open_by_step = std::vector<std::int64_t>(6, 0);  // open cases per step, in step order
    std::int64_t referrals_under_way = 0;
    std::int64_t overdue_follow_ups = 0;
    std::int64_t closed_since = 0;  // cases closed since the day asked about
};

class CaseRepository {
public:
    virtual ~CaseRepository() = default;
    // kAlreadyExists when the student already has an open case.
    virtual Result<std::int64_t> Insert(const Case& c) = 0;
    virtual Result<Case> Get(std::int64_t id) = 0;
    virtual Result<std::optional<Case>> OpenOf(std::int64_t student_id) = 0;
    // All the student's cases, newest first.
    virtual Result<std::vector<Case>> OfStudent(std::int64_t student_id) = 0;
    // Writes state, step and closed time over the stored case, bumping its version, only if the
    // stored version is still `c.version`; false when someone changed it first.
    virtual Result<bool> Update(const Case& c) = 0;
    virtual Result<std::int64_t> AddRecord(const CaseRecord& r) = 0;
    // Oldest first; with `bodies` false the bodies are left empty (not even opened).
    virtual Result<std::vector<CaseRecord>> Records(std::int64_t case_id, bool bodies) = 0;
    virtual Status AddEvent(const CaseEvent& e) = 0;
    virtual Result<std::int64_t> AddConference(const CaseConference& c) = 0;
    // Oldest first; with `words` false participants, findings and decisions are left empty.
    virtual Result<std::vector<CaseConference>> Conferences(std::int64_t case_id, bool words) = 0;
    virtual Result<std::vector<CaseEvent>> Events(std::int64_t case_id) = 0;
    // Per school under `path`: open cases by step, referrals under way, visits overdue on `today`,
    // cases closed since `since_ms`. Schools without any are left out.
    virtual Result<std::vector<RegisterCounts>> Counts(const std::string& path, const Date& today, std::int64_t since_ms) = 0;
    // The cases under `path` in `state` (all when none), newest first.
    virtual Result<std::vector<RegisterRow>> Register(const std::string& path, std::optional<cases::CaseState> state,
                                                      int limit, int offset) = 0;
};

}  // namespace xinqiao::core::ports
