#pragma once
// Follow-up visits (随访) on a case: a plan chosen by risk puts visits on the calendar, each due on
// a day (China time) and done with a result, or cancelled with a reason. A visit is overdue from
// the day after it was due. A case cannot close while any of its visits is open.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/date.hpp"
#include "core/screening/instrument.hpp"

namespace xinqiao::core::cases {

enum class FollowUpPlan {
    kAfterAttempt,   // after a suicide attempt: weekly for a month
    kAfterHospital,  // after hospital treatment: monthly for three months
    kLevelI,         // a level I student: every two weeks for two months
    kLevelII,        // a level II student: monthly for three months
    kSingle,         // one visit on a chosen day
};
std::string_view FollowUpPlanName(FollowUpPlan p);
std::optional<FollowUpPlan> ParseFollowUpPlan(std::string_view name);

// The plan a case's follow-ups start from (a person may choose another): after the hospital saw
// the student, kAfterHospital; else by the level of the alert the case came from, I kLevelI and II
// kLevelII; else kSingle. Never kAfterAttempt: only someone who knows of an attempt says so.
FollowUpPlan SuggestedPlan(bool seen_at_hospital, std::optional<screening::Level> alert_level);

// The days a plan's visits fall on, starting from `start` (the first visit one interval later; a
// single visit on `start` itself).
std::vector<Date> PlanDays(FollowUpPlan plan, const Date& start);

enum class FollowUpState { kOpen, kDone, kCancelled };
std::string_view FollowUpStateName(FollowUpState s);
std::optional<FollowUpState> ParseFollowUpState(std::string_view name);

// How the student was found at the visit.
enum class FollowUpResult { kStable, kImproved, kWorse, kNotReached };
std::string_view FollowUpResultName(FollowUpResult r);
std::optional<FollowUpResult> ParseFollowUpResult(std::string_view name);

// Open and due before `today` (both China days).
bool IsOverdue(FollowUpState state, const Date& due, const Date& today);

struct FollowUp {
    std::int64_t id = 0;
    std::int64_t case_id = 0;
    std::int64_t student_id = 0;
    std::string org_path;
    cases::FollowUpPlan plan = cases::FollowUpPlan::kSingle;
    Date due;
    cases::FollowUpState state = cases::FollowUpState::kOpen;
    std::optional<cases::FollowUpResult> result;
    std::string note;  // T3, sealed: how the visit went, or why it was cancelled
    std::optional<std::int64_t> done_ms;
    std::optional<std::int64_t> done_by;
    std::string done_by_name;  // filled when read
    std::int64_t created_ms = 0;
    std::optional<std::int64_t> created_by;
};

struct FollowUpRow {
    FollowUp f;
    std::string student_name, class_name;
};

}  // namespace xinqiao::core::cases
