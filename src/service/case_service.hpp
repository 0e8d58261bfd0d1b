#pragma once
// Crisis cases (个案) and the crisis register (心理危机预警库): opening a case on a student (from an
// alert, which it closes, or directly), its records step by step, moving it through the six steps,
// closing it with a closing assessment and reopening it. Status, steps and who wrote what are T2
// (kViewRisk); the words of the records are T3 (kViewRecords). Every change is on the case's
// timeline and in the audit trail, and is made only on the version of the case the person saw.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "service/count.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

struct CaseView {
    core::cases::Case c;
    std::vector<core::cases::CaseRecord> records;  // bodies only when the reader may see T3
    bool bodies_shown = false;
    std::vector<core::cases::CaseEvent> events;
    std::vector<core::cases::RecordKind> missing;  // what the current step still needs
    std::vector<core::cases::Referral> referrals;  // their words only for the case team
    bool referral_details_shown = false;
    std::vector<core::cases::FollowUp> follow_ups;         // notes only when bodies are shown
    std::vector<core::cases::CaseConference> conferences;  // words only when bodies are shown
    std::string student_name, class_name, school_name;
    core::cases::FollowUpPlan suggested_plan = core::cases::FollowUpPlan::kSingle;  // core::cases::SuggestedPlan
};

struct RegisterCountsView {
    core::org::OrgUnitId school_id = 0;
    std::string school_name;
    std::vector<Count> open_by_step;  // in step order
    Count open, referrals_under_way, overdue_follow_ups, closed_this_year;
};

struct NewCaseRecord {
    core::cases::RecordKind kind = core::cases::RecordKind::kNote;
    std::string subtype;
    std::string body;  // 1 to kMaxCaseRecordCodePoints characters
};
inline constexpr std::size_t kMaxCaseRecordCodePoints = 5000;

// A case conference (会诊) as the case team records it.
struct NewConference {
    core::Date held_on;  // not after today
    std::vector<std::string> participants;  // 1 to 30 names, each 1 to 64 characters on one line
    std::string findings;   // 1 to 3000 characters
    std::string decisions;  // 1 to 3000 characters
};

class CaseService {
public:
    CaseService(core::ports::DataStore& store, core::ports::Clock& clock) : store_(store), clock_(clock) {}

    // kManageCases on the student. With `alert_id`, the student's alert, closed as "case opened".
    // kAlreadyExists when the student has an open case.
    core::Result<std::int64_t> Open(const Principal& p, std::int64_t student_id, std::optional<std::int64_t> alert_id);
    // kViewRisk on the student; unknown and invisible cases alike are kNotFound. Audited.
    core::Result<CaseView> Get(const Principal& p, std::int64_t id);
    // kWriteRecords on the student; the record goes on the step the case is on.
    core::Status AddRecord(const Principal& p, std::int64_t id, const NewCaseRecord& record);
    // kManageCases on the student; the case open. Returns the conference's id.
    core::Result<std::int64_t> AddConference(const Principal& p, std::int64_t id, const NewConference& conference);
    // These need kManageCases and the version the person saw (kAborted when it changed since).
    core::Status Advance(const Principal& p, std::int64_t id, std::int64_t version);
    core::Status Close(const Principal& p, std::int64_t id, std::int64_t version);
    core::Status Reopen(const Principal& p, std::int64_t id, std::int64_t version);
    // The crisis register of a unit (kViewRisk there): its cases, open ones by default, newest first;
    // only those about students `search` (a core::people::SearchKey()) finds when it is not empty.
    core::Result<std::vector<core::cases::RegisterRow>> Register(const Principal& p, core::org::OrgUnitId unit,
                                                                 std::optional<core::cases::CaseState> state,
                                                                 const std::string& search, int limit, int offset);

    // The crisis register of a unit in numbers, per school, without names (kViewAggregates; small
    // cells "<5" for bureaus): open cases by step, referrals under way, overdue visits, cases closed
    // this school year.
    core::Result<std::vector<RegisterCountsView>> Counts(const Principal& p, core::org::OrgUnitId unit);

private:
    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
};

}  // namespace xinqiao::service
