#pragma once
// Screening from the student's side: their questionnaires, the answers saved as they go (sealed;
// resumable on another device), and the one submission that scores them, sets the level with
// its reasons, raises the alert and moves the counters, all in one transaction. A retried
// submission with the same idempotency key answers as the first did and changes nothing.
//
// Students never see scores, bands or levels: only whether to show the caring page (a critical
// item was answered positively), which they also learn while answering.
//
// Guardians see the questionnaires of their children that wait for consent.
//
// Threading: every method blocks on the database; call from a database executor.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "core/screening/campaign.hpp"
#include "service/instrument_library.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

using core::Result;

struct MyAssignment {
    core::screening::Assignment assignment;
    std::int64_t student_id = 0;
    std::string student_name;  // for guardians, who may have several children
    std::string campaign_name;
    core::screening::Phase phase = core::screening::Phase::kOpen;
    std::int64_t closes_ms = 0;
    std::vector<const core::screening::Instrument*> instruments;
    std::optional<core::screening::Blocker> unavailable;  // why it cannot be answered now, if it cannot
    bool instrument_missing = false;  // the operator removed an instrument of its battery
};

struct Questionnaire {
    MyAssignment mine;
    core::screening::BatteryAnswers draft;
};

struct Saved {
    std::int64_t version = 0;
    bool care = false;  // show the caring page
};

inline constexpr std::size_t kMinIdempotencyKey = 8;
inline constexpr std::size_t kMaxIdempotencyKey = 64;

class AnsweringService {
public:
    // All references must outlive the service.
    AnsweringService(core::ports::DataStore& store, core::ports::Clock& clock, const InstrumentLibrary& library)
        : store_(store), clock_(clock), library_(library) {}

    // The questionnaires of the principal's own student record (students) or of their children
    // (guardians), newest first.
    Result<std::vector<MyAssignment>> Mine(const Principal& p);
    // One questionnaire with the answers saved so far. Needs kAnswerScreening on its student.
    Result<Questionnaire> Open(const Principal& p, core::screening::AssignmentId id);
    // Saves answers in progress; `based_on` is the version the client last saw (0 at first).
    // kAborted if another device saved meanwhile (reload and go on). The first save counts the
    // assignment as started.
    Result<Saved> SaveDraft(const Principal& p, core::screening::AssignmentId id, std::int64_t based_on,
                            const core::screening::BatteryAnswers& answers);
    // Submits the whole battery once. `key` (8..64 of [A-Za-z0-9_-]) makes a retry harmless: the
    // same key answers as the first submission did; another key on a submitted questionnaire is
    // kAlreadyExists. Audited as "assignment.submit".
    Result<Saved> Submit(const Principal& p, core::screening::AssignmentId id, const std::string& key,
                         const core::screening::BatteryAnswers& answers);

private:
    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
    const InstrumentLibrary& library_;
};

}  // namespace xinqiao::service
