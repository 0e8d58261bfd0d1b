#pragma once
// Risk levels from screening results: declarative per-region rules (risk-rules/*.json, a
// default shipped) combine instrument bands, critical items, special situations, a student's
// history and recent observations into level I 红 / II 橙 / III 黄 / IV 绿 with reasons people can
// read ("PHQ-9 第9题 阳性"). Pure functions, no I/O.
//
// Invariants, whatever a region writes:
//  - a positive critical item raises the level to at least II, and to the instrument's level
//    for it (PHQ-9 item 9 >= 2, an acute ASQ: level I);
//  - a region may make a critical item stricter (II -> I), never looser (Validate refuses it),
//    and may re-level a band either way.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/people/student.hpp"
#include "core/screening/instrument.hpp"
#include "core/screening/scoring.hpp"

namespace xinqiao::core::screening {

struct RiskRules {
    std::string name;
    // instrument id -> band label (en) -> level, replacing the band's default.
    std::map<std::string, std::map<std::string, Level>> band_levels;
    // instrument id -> item -> level for a positive answer; only I or II.
    std::map<std::string, std::map<int, Level>> critical_levels;

    // A student in any of `any` whose level is already `from` or more urgent is raised to `to`.
    struct SpecialSituationRule {
        people::SpecialSituations any;
        Level from = Level::kIII;
        Level to = Level::kII;
    };
    std::vector<SpecialSituationRule> special_situations;

    // A student whose last level was `previous` (or more urgent) within `within_days` stays at
    // `at_least` or more urgent.
    struct HistoryRule {
        Level previous = Level::kI;
        int within_days = 365;
        Level at_least = Level::kIII;
    };
    std::vector<HistoryRule> history;

    // `count` or more observations (from teachers, peers, guardians) within `within_days` raise
    // the level to `at_least`.
    struct ObservationRule {
        int count = 2;
        int within_days = 30;
        Level at_least = Level::kIII;
    };
    std::vector<ObservationRule> observations;
};

// A rule set whose critical-item overrides are looser than level II, or that names levels
// wrongly, is kInvalidArgument with the JSON path of the rule.
Status Validate(const RiskRules& rules);

struct Outcome {
    const Instrument* instrument = nullptr;
    ScoreResult score;
};

struct StudentHistory {
    people::SpecialSituations special_situations;
    std::optional<Level> previous_level;
    int days_since_previous = 0;
    std::vector<int> observation_ages_days;  // how many days ago each observation was filed
};

struct Reason {
    Level level = Level::kIV;
    std::string zh;
    std::string en;
    // Drawn from the answers (a band with its score, a critical item): T3, for those who may read
    // answers; others see WithoutAnswers().
    bool from_answers = false;
};

struct RiskAssessment {
    Level level = Level::kIV;
    std::vector<Reason> reasons;  // what raised the level, most urgent first; empty at level IV
};

RiskAssessment Assess(const RiskRules& rules, const std::vector<Outcome>& outcomes, const StudentHistory& history);

// `reasons` for a reader who may not read answers: those drawn from the answers become one
// ("心理筛查结果需要关注") at the most urgent of their levels, where the first of them stood.
std::vector<Reason> WithoutAnswers(const std::vector<Reason>& reasons);

}  // namespace xinqiao::core::screening
