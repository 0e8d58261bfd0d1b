#pragma once
// Scoring one response to an instrument: pure, no I/O.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.hpp"
#include "core/screening/instrument.hpp"

namespace xinqiao::core::screening {

// One answer per item, in item order; empty = not answered (declined, or not asked).
using Answers = std::vector<std::optional<int>>;

struct Alert {
    int item = 0;
    std::optional<int> value;  // empty: declined, counted as positive
    Level level = Level::kII;
};

struct ScoreResult {
    int total = 0;
    std::map<std::string, int> subscales;
    std::map<std::string, std::string> subscale_flags;  // subscale -> flag label (en)
    const Band* band = nullptr;                           // points into the instrument
    std::vector<Alert> alerts;                            // in item order
    std::optional<int> percentage;
};

// Whether `item` is asked after `answers` (items with ask_if depend on earlier answers).
// Requires: answers.size() == the instrument's item count.
bool IsAsked(const Item& item, const Answers& answers);
// Whether `value` is one of the item's options.
bool IsOption(const Item& item, int value);

// Scores `answers`. kInvalidArgument (field "answers", or "answers/N" for item N, 1-based) for
// a wrong number of answers, a value that is not one of the item's options, a missing answer to
// an item that must be answered, or an answer to an item that was not to be asked.
Result<ScoreResult> Score(const Instrument& instrument, const Answers& answers);

}  // namespace xinqiao::core::screening
