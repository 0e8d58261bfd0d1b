#include "core/screening/scoring.hpp"

namespace xinqiao::core::screening {

bool IsAsked(const Item& item, const Answers& answers) {
    if (!item.ask_if) return true;
    for (int n : item.ask_if->any_of) {
        const auto& a = answers[n - 1];
        if (a ? Holds(item.ask_if->op, *a, item.ask_if->value) : item.ask_if->missing_counts) return true;
    }
    return false;
}

bool IsOption(const Item& item, int value) {
    for (const auto& o : item.options) {
        if (o.value == value) return true;
    }
    return false;
}

Result<ScoreResult> Score(const Instrument& in, const Answers& answers) {
    if (answers.size() != in.items.size()) {
        return Error::InvalidArgument(in.id + " has " + std::to_string(in.items.size()) + " items; " +
                                          std::to_string(answers.size()) + " answers were given",
                                      "answers");
    }
    ScoreResult r;
    std::vector<int> scores(in.items.size(), 0);
    for (const Item& item : in.items) {
        const auto& answer = answers[item.n - 1];
        const std::string field = "answers/" + std::to_string(item.n);
        if (!IsAsked(item, answers)) {
            if (answer) return Error::InvalidArgument("item " + std::to_string(item.n) + " is not asked after these answers", field);
            continue;
        }
        if (!answer) {
            if (item.critical && item.critical->missing_is_positive) {
                r.alerts.push_back({item.n, std::nullopt, item.critical->when.level});
            } else if (item.scored) {
                return Error::InvalidArgument("item " + std::to_string(item.n) + " needs an answer", field);
            }
            continue;
        }
        if (!IsOption(item, *answer)) {
            // The value itself is not repeated: answers never appear in messages or logs.
            return Error::InvalidArgument("the answer to item " + std::to_string(item.n) + " is not one of its options", field);
        }
        const int score = item.reverse ? in.item_min + in.item_max - *answer : *answer;
        scores[item.n - 1] = score;
        if (item.scored) r.total += score;
        if (item.critical && Holds(item.critical->when.op, *answer, item.critical->when.value)) {
            Level level = item.critical->when.level;
            for (const auto& e : item.critical->escalate) {
                if (Holds(e.op, *answer, e.value)) level = Higher(level, e.level);
            }
            r.alerts.push_back({item.n, *answer, level});
        }
    }
    for (const auto& [name, members] : in.subscales) {
        int sum = 0;
        for (int n : members) sum += scores[n - 1];
        r.subscales[name] = sum;
    }
    for (const auto& [name, flags] : in.subscale_flags) {
        for (const auto& f : flags) {
            if (Holds(f.when.op, r.subscales[name], f.when.value)) {
                r.subscale_flags[name] = f.label.en;
                break;
            }
        }
    }
    if (in.band_on == BandOn::kTotal) {
        for (const auto& b : in.bands) {
            if (r.total >= b.min && r.total <= b.max) r.band = &b;
        }
    } else {
        std::optional<Level> highest;
        for (const auto& a : r.alerts) highest = highest ? Higher(*highest, a.level) : a.level;
        for (const auto& b : in.bands) {
            if (b.alert_level == highest) r.band = &b;
        }
    }
    if (in.percentage_factor) r.percentage = r.total * *in.percentage_factor;
    return r;
}

}  // namespace xinqiao::core::screening
