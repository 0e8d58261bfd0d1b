#pragma once
// The screening instruments this server offers, loaded once at start and read-only after.

#include <string>
#include <vector>

#include "core/screening/instrument.hpp"
#include "core/screening/scoring.hpp"

namespace xinqiao::service {

class InstrumentLibrary {
public:
    explicit InstrumentLibrary(std::vector<core::screening::Instrument> instruments)
        : instruments_(std::move(instruments)) {}

    const std::vector<core::screening::Instrument>& All() const { return instruments_; }
    // nullptr for an unknown id.
    const core::screening::Instrument* Find(const std::string& id) const {
        for (const auto& i : instruments_) {
            if (i.id == id) return &i;
        }
        return nullptr;
    }
    // Scores one response offline (no student, nothing stored). kNotFound for an unknown id.
    core::Result<core::screening::ScoreResult> Score(const std::string& id, const core::screening::Answers& answers) const {
        const auto* in = Find(id);
        if (!in) return core::Error::NotFound("no instrument " + id.substr(0, 64));
        return core::screening::Score(*in, answers);
    }

private:
    std::vector<core::screening::Instrument> instruments_;
};

}  // namespace xinqiao::service
