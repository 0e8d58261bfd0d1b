#pragma once
// Referral to a partner hospital through the green channel (医教协作绿色通道) and the return to
// school (复学). The school refers the student; the hospital accepts (or declines, saying why),
// records what came of it (seen, admitted, diagnosis category, recommendations) and later assesses
// whether the student can return; the school then records the return plan. A case has at most one
// referral under way at a time. Pure rules: the service layer stores referrals and asks these.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/date.hpp"
#include "core/org/org_unit.hpp"

namespace xinqiao::core::cases {

enum class ReferralState {
    kSent,            // the school referred the student; the hospital has not answered
    kAccepted,        // the hospital took the referral
    kDeclined,        // the hospital could not take it (the school may refer elsewhere)
    kSeen,            // the hospital recorded its outcome
    kReturnAssessed,  // the hospital assessed the return to school
    kReturned,        // the school recorded the return plan
    kWithdrawn,       // the school withdrew it, with a reason, before the hospital accepted
};
std::string_view ReferralStateName(ReferralState s);
std::optional<ReferralState> ParseReferralState(std::string_view name);
// Under way: sent, accepted, seen or return-assessed (not declined, returned or withdrawn).
bool IsUnderWay(ReferralState s);

enum class ReferralAction { kAccept, kDecline, kOutcome, kReturnAssessment, kReturnPlan, kWithdraw };
std::string_view ReferralActionName(ReferralAction a);  // also the case timeline's entry: "referral_accept", ...
// The hospital accepts, declines, records the outcome and assesses the return; the school plans
// the return, and withdraws a referral the hospital has not accepted.
bool IsHospitalAction(ReferralAction a);

// Whether the student may go back to school, in the hospital's return assessment.
enum class ReturnVerdict { kReady, kReadyWithSupport, kNotYet };
std::string_view ReturnVerdictName(ReturnVerdict v);
std::optional<ReturnVerdict> ParseReturnVerdict(std::string_view name);

// The diagnosis categories a hospital may record (broad groups, never a free-text diagnosis).
const std::vector<std::string_view>& DiagnosisCategories();
bool IsDiagnosisCategory(std::string_view name);

// Why `action` cannot be taken on a referral in `state` (`verdict`: the latest return assessment's),
// or nullopt. An outcome may be corrected until the return is assessed; a return assessment may be
// repeated (a "not yet" is followed by another); a return plan needs a verdict other than "not yet";
// only a referral the hospital has not answered may be withdrawn.
std::optional<std::string> WhyNot(ReferralState state, ReferralAction action, std::optional<ReturnVerdict> verdict);
// The state after `action` (which WhyNot allowed).
ReferralState After(ReferralState state, ReferralAction action);

// What the hospital recorded after seeing (or not seeing) the student.
struct ReferralOutcome {
    bool attended = false;  // the student came
    bool admitted = false;  // and was admitted
    std::string diagnosis;  // one of cases::DiagnosisCategories()
    std::string recommendations;
};

struct Referral {
    std::int64_t id = 0;
    std::int64_t case_id = 0;
    std::int64_t student_id = 0;
    std::string org_path;  // the student's class path when referred
    org::OrgUnitId hospital_id = 0;
    std::string hospital_name;  // filled when read
    cases::ReferralState state = cases::ReferralState::kSent;
    std::int64_t created_ms = 0;
    std::optional<std::int64_t> created_by;
    std::optional<std::int64_t> answered_ms;  // accepted or declined
    std::optional<std::int64_t> outcome_ms;
    std::optional<cases::ReturnVerdict> verdict;  // the latest return assessment's
    std::optional<std::int64_t> assessed_ms;
    std::string return_day;  // "YYYY-MM-DD", in the return plan
    std::optional<std::int64_t> planned_ms;
    std::optional<std::int64_t> withdrawn_ms;
    std::int64_t version = 1;
    // T3, sealed; read only when asked for.
    std::string reason;
    std::string decline_reason;
    std::string withdraw_reason;
    std::optional<ReferralOutcome> outcome;
    std::string return_assessment;
    std::string return_plan;
};

// A referral as a hospital's list shows it.
struct ReferralRow {
    Referral r;
    std::string student_name, class_name, school_name;
};

}  // namespace xinqiao::core::cases
