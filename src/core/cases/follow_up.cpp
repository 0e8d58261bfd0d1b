#include "core/cases/follow_up.hpp"

#include "core/common/enum_names.hpp"

namespace xinqiao::core::cases {
namespace {

constexpr NameTable<FollowUpPlan, 5> kPlans = {{
    {FollowUpPlan::kAfterAttempt, "after_attempt"},
    {FollowUpPlan::kAfterHospital, "after_hospital"},
    {FollowUpPlan::kLevelI, "level_i"},
    {FollowUpPlan::kLevelII, "level_ii"},
    {FollowUpPlan::kSingle, "single"},
}};

constexpr NameTable<FollowUpState, 3> kStates = {{
    {FollowUpState::kOpen, "open"},
    {FollowUpState::kDone, "done"},
    {FollowUpState::kCancelled, "cancelled"},
}};

constexpr NameTable<FollowUpResult, 4> kResults = {{
    {FollowUpResult::kStable, "stable"},
    {FollowUpResult::kImproved, "improved"},
    {FollowUpResult::kWorse, "worse"},
    {FollowUpResult::kNotReached, "not_reached"},
}};

struct Shape {
    int every_days;
    int visits;
};

Shape ShapeOf(FollowUpPlan p) {
    switch (p) {
        case FollowUpPlan::kAfterAttempt: return {7, 4};
        case FollowUpPlan::kAfterHospital: return {30, 3};
        case FollowUpPlan::kLevelI: return {14, 4};
        case FollowUpPlan::kLevelII: return {30, 3};
        case FollowUpPlan::kSingle: return {0, 1};
    }
    return {0, 1};
}

}  // namespace

std::string_view FollowUpPlanName(FollowUpPlan p) { return NameOf(kPlans, p); }
std::optional<FollowUpPlan> ParseFollowUpPlan(std::string_view name) { return ParseName(kPlans, name); }

FollowUpPlan SuggestedPlan(bool seen_at_hospital, std::optional<screening::Level> alert_level) {
    if (seen_at_hospital) return FollowUpPlan::kAfterHospital;
    if (alert_level == screening::Level::kI) return FollowUpPlan::kLevelI;
    if (alert_level == screening::Level::kII) return FollowUpPlan::kLevelII;
    return FollowUpPlan::kSingle;
}

std::vector<Date> PlanDays(FollowUpPlan plan, const Date& start) {
    const Shape shape = ShapeOf(plan);
    const std::int64_t first = DaysFromCivil(start);
    std::vector<Date> days;
    for (int i = 0; i < shape.visits; ++i) {
        const int step = shape.every_days == 0 ? 0 : shape.every_days * (i + 1);
        days.push_back(DateFromDays(first + step));
    }
    return days;
}

std::string_view FollowUpStateName(FollowUpState s) { return NameOf(kStates, s); }
std::optional<FollowUpState> ParseFollowUpState(std::string_view name) { return ParseName(kStates, name); }
std::string_view FollowUpResultName(FollowUpResult r) { return NameOf(kResults, r); }
std::optional<FollowUpResult> ParseFollowUpResult(std::string_view name) { return ParseName(kResults, name); }

bool IsOverdue(FollowUpState state, const Date& due, const Date& today) {
    return state == FollowUpState::kOpen && due < today;
}

}  // namespace xinqiao::core::cases
