#include "core/cases/referral.hpp"

#include <algorithm>

#include "core/common/enum_names.hpp"

namespace xinqiao::core::cases {
namespace {

constexpr NameTable<ReferralState, 7> kStates = {{
    {ReferralState::kSent, "sent"},
    {ReferralState::kAccepted, "accepted"},
    {ReferralState::kDeclined, "declined"},
    {ReferralState::kSeen, "seen"},
    {ReferralState::kReturnAssessed, "return_assessed"},
    {ReferralState::kReturned, "returned"},
    {ReferralState::kWithdrawn, "withdrawn"},
}};

constexpr NameTable<ReferralAction, 6> kActions = {{
    {ReferralAction::kAccept, "referral_accept"},
    {ReferralAction::kDecline, "referral_decline"},
    {ReferralAction::kOutcome, "referral_outcome"},
    {ReferralAction::kReturnAssessment, "return_assessment"},
    {ReferralAction::kReturnPlan, "return_plan"},
    {ReferralAction::kWithdraw, "referral_withdraw"},
}};

constexpr NameTable<ReturnVerdict, 3> kVerdicts = {{
    {ReturnVerdict::kReady, "ready"},
    {ReturnVerdict::kReadyWithSupport, "ready_with_support"},
    {ReturnVerdict::kNotYet, "not_yet"},
}};

}  // namespace

std::string_view ReferralStateName(ReferralState s) { return NameOf(kStates, s); }
std::optional<ReferralState> ParseReferralState(std::string_view name) { return ParseName(kStates, name); }
bool IsUnderWay(ReferralState s) {
    return s != ReferralState::kDeclined && s != ReferralState::kReturned && s != ReferralState::kWithdrawn;
}

std::string_view ReferralActionName(ReferralAction a) { return NameOf(kActions, a); }
bool IsHospitalAction(ReferralAction a) { return a != ReferralAction::kReturnPlan && a != ReferralAction::kWithdraw; }

std::string_view ReturnVerdictName(ReturnVerdict v) { return NameOf(kVerdicts, v); }
std::optional<ReturnVerdict> ParseReturnVerdict(std::string_view name) { return ParseName(kVerdicts, name); }

const std::vector<std::string_view>& DiagnosisCategories() {
    static const std::vector<std::string_view> kAll = {
        "none",              // no diagnosis
        "depressive",        // 抑郁障碍
        "anxiety",           // 焦虑障碍
        "bipolar",           // 双相障碍
        "psychotic",         // 精神病性障碍
        "stress_related",    // 应激相关障碍
        "eating",            // 进食障碍
        "neurodevelopmental",// 神经发育障碍 (ADHD, autism)
        "other",             // 其他
    };
    return kAll;
}
bool IsDiagnosisCategory(std::string_view name) {
    const auto& all = DiagnosisCategories();
    return std::find(all.begin(), all.end(), name) != all.end();
}

std::optional<std::string> WhyNot(ReferralState state, ReferralAction action, std::optional<ReturnVerdict> verdict) {
    using S = ReferralState;
    if (!IsUnderWay(state)) return "this referral is " + std::string(ReferralStateName(state)) + "; nothing more can be recorded on it";
    switch (action) {
        case ReferralAction::kAccept:
        case ReferralAction::kDecline:
            if (state != S::kSent) return std::string("the hospital has already answered this referral");
            return std::nullopt;
        case ReferralAction::kOutcome:
            if (state == S::kSent) return std::string("accept the referral before recording its outcome");
            if (state == S::kReturnAssessed) return std::string("the return to school has been assessed; the outcome can no longer change");
            return std::nullopt;
        case ReferralAction::kReturnAssessment:
            if (state == S::kSent || state == S::kAccepted) return std::string("record the outcome before assessing the return to school");
            return std::nullopt;
        case ReferralAction::kReturnPlan:
            if (state != S::kReturnAssessed) return std::string("the hospital has not assessed the return to school yet");
            if (verdict == ReturnVerdict::kNotYet) return std::string("the hospital found the student not yet ready to return");
            return std::nullopt;
        case ReferralAction::kWithdraw:
            if (state != S::kSent) return std::string("the hospital has accepted this referral; it can no longer be withdrawn");
            return std::nullopt;
    }
    return std::string("unknown action");
}

ReferralState After(ReferralState state, ReferralAction action) {
    switch (action) {
        case ReferralAction::kAccept: return ReferralState::kAccepted;
        case ReferralAction::kDecline: return ReferralState::kDeclined;
        case ReferralAction::kOutcome: return ReferralState::kSeen;
        case ReferralAction::kReturnAssessment: return ReferralState::kReturnAssessed;
        case ReferralAction::kReturnPlan: return ReferralState::kReturned;
        case ReferralAction::kWithdraw: return ReferralState::kWithdrawn;
    }
    return state;
}

}  // namespace xinqiao::core::cases
