#pragma once
// Signals (信号) from people: a peer's or a teacher's observation, a guardian's word, a hotline
// lead, a hospital, a student asking for help. Filing one needs kFileObservation on the student;
// it becomes or joins the student's alert (ReceiveSignal) and reads nothing back: a peer observer
// learns neither the student's level nor whether an alert was already open.

#include <cstdint>
#include <string>
#include <vector>

#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "core/warning/signal.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

struct SignalInput {
    std::int64_t student_id = 0;
    std::vector<core::warning::Concern> concerns;
    bool danger_now = false;
    std::string note;  // optional; kept as a student note (T3), at most kMaxSignalNoteCodePoints
};
inline constexpr std::size_t kMaxSignalNoteCodePoints = 1000;

// A student someone may file about, as the form's picker shows them.
struct SignalCandidate {
    std::int64_t student_id = 0;
    std::string name, class_name, school_name;
};

class SignalService {
public:
    SignalService(core::ports::DataStore& store, core::ports::Clock& clock) : store_(store), clock_(clock) {}

    // Files a report as the source of the role that allows it (core::warning::SourceOfRole).
    // Students the principal may not file about answer kNotFound like unknown ones. Audited as
    // "signal.file" (without the report's content).
    core::Status File(const Principal& p, const SignalInput& in);

    // Whom the principal may file about: with `name` empty, the classmates of a class they hold
    // a grant on and the students they are linked to (themself, their children); with a name,
    // the students of exactly that name in the units where they may file (at most 20). Nothing
    // else about the students is shown.
    core::Result<std::vector<SignalCandidate>> Candidates(const Principal& p, const std::string& name);

private:
    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
};

}  // namespace xinqiao::service
