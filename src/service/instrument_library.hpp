#pragma once
// The screening instruments this server offers, loaded once at start and read-only after.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/common/words.hpp"
#include "core/screening/instrument.hpp"
#include "core/screening/risk.hpp"
#include "core/screening/scoring.hpp"

namespace xinqiao::service {

class InstrumentLibrary {
public:
    // `rules` by region name; "default" is the one used where a region has none of its own.
    InstrumentLibrary(std::vector<core::screening::Instrument> instruments,
                      std::map<std::string, core::screening::RiskRules> rules)
        : instruments_(std::move(instruments)), rules_(std::move(rules)) {}

    const std::vector<core::screening::Instrument>& All() const { return instruments_; }
    // nullptr for an unknown id.
    const core::screening::Instrument* Find(const std::string& id) const {
        for (const auto& i : instruments_) {
            if (i.id == id) return &i;
        }
        return nullptr;
    }
    // The words of a band as a stored response names it (its English label, "mild"): 轻度 / mild.
    // The English for both when the band has no Chinese label; empty for an unknown band.
    std::optional<core::Words> BandWords(const std::string& instrument_id, const std::string& band) const {
        const auto* in = Find(instrument_id);
        if (!in || band.empty()) return std::nullopt;
        for (const auto& b : in->bands) {
            if (b.label.en == band) return core::Words{b.label.zh.value_or(b.label.en), b.label.en};
        }
        return std::nullopt;
    }
    // Scores one response offline (no student, nothing stored). kNotFound for an unknown id.
    core::Result<core::screening::ScoreResult> Score(const std::string& id, const core::screening::Answers& answers) const {
        const auto* in = Find(id);
        if (!in) return core::Error::NotFound("no instrument " + id.substr(0, 64));
        return core::screening::Score(*in, answers);
    }

    // The level one scored response gives under the default rules, with no history: what an
    // integration or `xinqiao score` shows. Students' levels also weigh their history.
    core::screening::RiskAssessment AssessAlone(const core::screening::Instrument& instrument,
                                                const core::screening::ScoreResult& score) const {
        static const core::screening::RiskRules kNone;
        const auto it = rules_.find("default");
        return core::screening::Assess(it == rules_.end() ? kNone : it->second, {{&instrument, score}}, {});
    }

    // The rule set named `name`, or nullptr if there is none.
    const core::screening::RiskRules* Rules(const std::string& name) const {
        const auto it = rules_.find(name);
        return it == rules_.end() ? nullptr : &it->second;
    }

private:
    std::vector<core::screening::Instrument> instruments_;
    std::map<std::string, core::screening::RiskRules> rules_;
};

}  // namespace xinqiao::service
